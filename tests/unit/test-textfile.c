/*
 * test-textfile.c -- a file's text for a message (signature.file,
 * read-file): the user's own regular file read whole, "~/" expanded;
 * missing, a directory, a FIFO (never waited on), NUL bytes, too large
 * and another owner's file refused, each naming the file; the body of a
 * new message with a signature, with or without its own "-- ".
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "testutil.h"
#include "base/err.h"
#include "base/xmalloc.h"
#include "text/textfile.h"

static char tmpdir[] = "/tmp/test-textfile.XXXXXX";

/* textfile_read of name in tmpdir fails, its message containing want. */
static void
refused(const char *name, const char *want, const char *what)
{
	struct op_err err = { 0 };
	char	     *path, *text;
	size_t	      len;

	xasprintf(&path, "%s/%s", tmpdir, name);
	tap_ok(textfile_read(path, &text, &len, &err) == -1 && text == NULL &&
		strstr(err.msg, path) != NULL && strstr(err.msg, want) != NULL,
	    "%s: %s", what, err.msg);
	free(path);
}

static void
test_read(void)
{
	struct op_err err = { 0 };
	char	      path[256], *text, *big;
	size_t	      len;

	snprintf(path, sizeof path, "%s/sig", tmpdir);
	tu_spit(path, "Ada Lovelace\nAnalytical Engines\n");
	tap_ok(textfile_read(path, &text, &len, &err) == 0 && len == 32 &&
		strcmp(text, "Ada Lovelace\nAnalytical Engines\n") == 0,
	    "the user's own file is read whole");
	free(text);
	setenv("HOME", tmpdir, 1);
	tap_ok(textfile_read("~/sig", &text, &len, &err) == 0 && len == 32,
	    "~/ is the home directory");
	free(text);
	tap_ok(textfile_read("/nonexistent/sig", &text, &len, &err) == -1 &&
		err.code == OP_ENOTFOUND,
	    "a missing file: OP_ENOTFOUND");
	refused("nosuch", "no such file", "a missing file");
	snprintf(path, sizeof path, "%s/dir", tmpdir);
	mkdir(path, 0700);
	refused("dir", "is a directory, not a regular file", "a directory");
	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	mkfifo(path, 0600);
	refused("fifo", "FIFO", "a FIFO is refused, not waited on");
	snprintf(path, sizeof path, "%s/nul", tmpdir);
	tu_spit(path, "ab");
	tap_ok(truncate(path, 4) == 0, "a file with NUL bytes made");
	refused("nul", "is not text (it has NUL bytes); attach it instead",
	    "NUL bytes");
	snprintf(path, sizeof path, "%s/big", tmpdir);
	big = xmalloc(TEXTFILE_MAX + 2);
	memset(big, 'x', TEXTFILE_MAX + 1);
	big[TEXTFILE_MAX + 1] = '\0';
	tu_spit(path, big);
	free(big);
	refused("big", "over the 1024 KB taken as text", "too large");
	if (geteuid() != 0) {
		printf("ok %d # SKIP not root: cannot give a file away\n",
		    ++tap_n);
		return;
	}
	snprintf(path, sizeof path, "%s/theirs", tmpdir);
	tu_spit(path, "not mine\n");
	if (chown(path, 65534, 65534) == -1)
		tap_ok(0, "chown to nobody");
	else
		refused("theirs", "not by you", "another owner's file");
}

static void
sig_is(const char *sig, const char *want, const char *what)
{
	char *got = textfile_signature(sig, strlen(sig));

	tap_is_str(got, want, what);
	free(got);
}

static void
test_signature(void)
{
	sig_is("Ada\nAnn Arbor\n\n\n", "\n\n-- \nAda\nAnn Arbor",
	    "an empty line, \"-- \", the signature without trailing lines");
	sig_is("-- \nAda\n", "\n\n-- \nAda",
	    "a signature with its own \"-- \" gets no second one");
	sig_is("--\nAda", "\n\n--\nAda", "nor with \"--\"");
	sig_is("--Ada", "\n\n-- \n--Ada", "\"--Ada\" is no separator");
	sig_is(" \n\t\n", "", "only blanks: no signature");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (99);
	}
	test_read();
	test_signature();
	tu_rm_rf(tmpdir);
	return (tap_done());
}
