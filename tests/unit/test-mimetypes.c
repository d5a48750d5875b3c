/*
 * test-mimetypes.c -- mimetypes_lookup on a planted mime.types file:
 * comments, blank lines, case, several extensions on a line, the first
 * line winning, an over-long line skipped, a missing file, names with no
 * extension, ".tar.gz" and a dotfile.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/mimetypes.h"
#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "tap.h"
#include "testutil.h"

static char tmpdir[] = "/tmp/outpost-test-mimetypes.XXXXXX";

/* The type path gives name, "(none)" for NULL. */
static void
is_type(const char *path, const char *name, const char *want)
{
	char *got = mimetypes_lookup(path, name);
	char  what[256];

	snprintf(what, sizeof what, "%s: %s", name, want);
	tap_is_str(got != NULL ? got : "(none)", want, what);
	free(got);
}

static void
test_lookup(const char *path)
{
	tu_spit(path,
	    "# MIME types: a comment pdf txt\n"
	    "\n"
	    "   \n"
	    "application/pdf\t\t\tpdf\n"
	    "text/plain  txt text   pot\n"
	    "image/PNG PNG\n"
	    "application/gzip gz # tgz after a comment\n"
	    "application/x-sh sh\n"
	    "text/x-sh sh\n"
	    "inode/directory\n"
	    "noslash bad\n"
	    "application/x-bash bashrc\n"
	    "\tmessage/rfc822 eml\n"
	    "text/x-last last");
	is_type(path, "report.pdf", "application/pdf");
	is_type(path, "dir/sub/notes.txt", "text/plain");
	is_type(path, "a.TEXT", "text/plain");
	is_type(path, "a.pot", "text/plain");
	is_type(path, "picture.png", "image/PNG");
	is_type(path, "x.tar.gz", "application/gzip");
	is_type(path, "x.tgz", "(none)");
	is_type(path, "run.sh", "application/x-sh");
	is_type(path, "x.bad", "(none)");
	is_type(path, "x.eml", "message/rfc822");
	is_type(path, "x.last", "text/x-last");
	is_type(path, "x.comment", "(none)");
	is_type(path, "x.a", "(none)");
	is_type(path, "README", "(none)");
	is_type(path, "trailing.", "(none)");
	is_type(path, ".bashrc", "(none)");
	is_type(path, "home/.bashrc", "(none)");
	is_type(path, "dir.pdf/README", "(none)");
	is_type(path, "x.zzq", "(none)");
	is_type(path, "", "(none)");
}

/* A line over 1024 bytes is skipped whole; the next one is read. */
static void
test_long_line(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t	      i;

	strbuf_adds(&sb, "application/x-long ");
	for (i = 0; i < 300; i++)
		strbuf_adds(&sb, "aaa ");
	strbuf_adds(&sb, "long\napplication/x-next next\n");
	strbuf_adds(&sb, "application/x-fits ");
	for (i = 0; i < 200; i++)
		strbuf_adds(&sb, "bbb ");
	strbuf_adds(&sb, "fits\n");
	tu_spit(path, sb.p);
	strbuf_free(&sb);
	is_type(path, "x.long", "(none)");
	is_type(path, "x.aaa", "(none)");
	is_type(path, "x.next", "application/x-next");
	is_type(path, "x.fits", "application/x-fits");
}

static void
test_no_file(const char *dir)
{
	char *missing;

	xasprintf(&missing, "%s/missing", dir);
	is_type(missing, "report.pdf", "(none)");
	is_type(NULL, "report.pdf", "(none)");
	is_type(dir, "report.pdf", "(none)"); /* a directory */
	free(missing);
}

int
main(void)
{
	char *path;

	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (1);
	}
	xasprintf(&path, "%s/mime.types", tmpdir);
	test_lookup(path);
	test_long_line(path);
	test_no_file(tmpdir);
	free(path);
	if (tap_failed == 0 && tu_rm_rf(tmpdir) != 0)
		tap_diag("cleanup", tmpdir, "removed");
	return (tap_done());
}
