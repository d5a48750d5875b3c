/*
 * test-config.c -- the config parser: every error names file:line and
 * says what to do; permissions are enforced.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "tap.h"
#include "base/xmalloc.h"

static char tmpdir[] = "/tmp/outpost-test-config.XXXXXX";

static char *
write_file(const char *name, const char *buf, size_t len, mode_t mode)
{
	char *path;
	int   fd;

	xasprintf(&path, "%s/%s", tmpdir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		perror(path);
		exit(99);
	}
	fchmod(fd, mode);
	close(fd);
	return (path);
}

/* Parse buf; return the error message ("" on success). */
static const char *
parse(const char *buf, size_t len)
{
	static struct op_err err;
	struct config	     cfg;

	memset(&err, 0, sizeof err);
	if (config_parse("cfg", buf, len, &cfg, &err) == 0) {
		config_free(&cfg);
		return ("");
	}
	return (err.msg);
}

#define PARSE(s) parse((s), sizeof(s) - 1)

static void
test_good(void)
{
	static const char good[] =
	    "# a comment\n"
	    "\n"
	    "policy = umich\n"
	    "name = Ada Lovelace\n"
	    "address = ada@umich.edu\n"
	    "username = ada\n"
	    "smtp.port = 587\n"
	    "smtp.tls = starttls\n"
	    "imap.sent_copy = yes\n"
	    "tls.fingerprint = AB:cd:0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab\n"
	    "imap.fingerprint = 00112233445566778899AABBCCDDEEFF00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff\n"
	    "password.command = pass show \"umich mail\"\n"
	    "timeout.connect = 5\n";
	struct op_err err = { 0 };
	struct config cfg;
	int	      r;

	r = config_parse("cfg", good, sizeof good - 1, &cfg, &err);
	tap_ok(r == 0, "a complete config parses (%s)", err.msg);
	if (r != 0)
		return;
	tap_ok(strcmp(cfg.name, "Ada Lovelace") == 0, "value keeps spaces");
	tap_ok(cfg.smtp_port == 587 && cfg.smtp_tls == TLS_STARTTLS,
	    "port and tls mode");
	tap_ok(cfg.sent_copy == 1, "yes is true");
	tap_ok(
	    strcmp(cfg.fingerprint,
		"abcd0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab") ==
		0,
	    "fingerprint normalised");
	tap_ok(
	    strcmp(cfg.imap_fingerprint,
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff") ==
		0,
	    "imap.fingerprint normalised the same way, kept apart");
	tap_ok(strcmp(cfg.password_command, "pass show \"umich mail\"") == 0,
	    "command kept verbatim");
	tap_ok(cfg.timeout_connect == 5 && cfg.timeout_reply == 60,
	    "timeouts: given and default");
	tap_ok(config_line(&cfg, "username") == 6, "line numbers kept");
	config_free(&cfg);
}

static void
test_errors(void)
{
	TAP_CONTAINS(PARSE("name = a\nsmtp.hots = x\n"),
	    "cfg:2: unknown key \"smtp.hots\" (did you mean \"smtp.host\"?)",
	    "unknown key with did-you-mean");
	TAP_CONTAINS(PARSE("frobnicate = 1\n"),
	    "cfg:1: unknown key \"frobnicate\"; see outpost.conf(5)",
	    "unknown key without hint");
	TAP_CONTAINS(PARSE("smtp.port = 99999\n"),
	    "cfg:1: smtp.port = \"99999\" is not valid; expected a port number",
	    "port range");
	TAP_CONTAINS(PARSE("smtp.port = 465x\n"), "cfg:1: smtp.port",
	    "port with junk");
	TAP_CONTAINS(PARSE("smtp.tls = maybe\n"), "expected implicit",
	    "bad tls mode");
	TAP_CONTAINS(PARSE("imap.sent_copy = perhaps\n"), "expected yes or no",
	    "bad boolean");
	TAP_CONTAINS(PARSE("tls.fingerprint = abc\n"), "64 hex digits",
	    "short fingerprint");
	TAP_CONTAINS(
	    PARSE(
		"name = a\nimap.fingerprint = 001122334455667788990011223344556677889900112233445566778899zz\n"),
	    "cfg:2: imap.fingerprint = \"0011", "imap.fingerprint: bad digit");
	TAP_CONTAINS(PARSE("imap.fingerprint = ab:cd\n"), "64 hex digits",
	    "imap.fingerprint: short");
	TAP_CONTAINS(PARSE("imap.fingerprnt = ab\n"),
	    "did you mean \"imap.fingerprint\"?", "imap.fingerprint: typo");
	TAP_CONTAINS(PARSE("address = nobody\n"), "expected an e-mail address",
	    "address without @");
	TAP_CONTAINS(PARSE("smtp.host = bad host!\n"), "expected a host name",
	    "bad host name");
	TAP_CONTAINS(PARSE("timeout.reply = 0\n"), "seconds from 1 to 3600",
	    "timeout range");
	TAP_CONTAINS(PARSE("name = a\n\nname = b\n"),
	    "cfg:3: duplicate key \"name\" (first set on line 1)",
	    "duplicate key");
	TAP_CONTAINS(PARSE("username\n"), "cfg:1: expected \"key = value\"",
	    "line without =");
	TAP_CONTAINS(PARSE("username =\n"), "cfg:1: username has no value",
	    "empty value");
	TAP_CONTAINS(PARSE("= x\n"), "cfg:1: a line starts with '='",
	    "missing key");
	TAP_CONTAINS(PARSE("User Name = x\n"), "may only contain",
	    "bad key characters");
	TAP_CONTAINS(PARSE("name = a\nname = b\0c\n"),
	    "cfg:2: contains a NUL byte", "NUL byte");
	TAP_CONTAINS(PARSE("name = ok\nname2 = caf\xe9\n"),
	    "cfg:2: invalid UTF-8 at column 12",
	    "invalid UTF-8 (Latin-1 byte)");
	TAP_CONTAINS(PARSE("name = a\rb\n"), "cfg:1: stray carriage return",
	    "bare CR inside a line");
}

static void
test_shapes(void)
{
	char  *big;
	size_t n = 1024 * 1024;

	tap_ok(*PARSE("") == '\0', "empty file is valid (and empty)");
	tap_ok(*PARSE("# only\n# comments\n") == '\0', "comments only");
	tap_ok(*PARSE("name = Ada\r\nusername = ada\r\n") == '\0',
	    "CRLF line ends");
	tap_ok(*PARSE("\xef\xbb\xbfname = Ada\n") == '\0', "UTF-8 BOM");
	tap_ok(*PARSE("name = Ada") == '\0', "no final newline");
	tap_ok(*PARSE("name = J\xc3\xb6rg \xe6\x9d\x8e\n") == '\0',
	    "UTF-8 value");
	big = xmalloc(n + 16);
	memcpy(big, "name = ", 7);
	memset(big + 7, 'a', n);
	big[n + 7] = '\n';
	TAP_CONTAINS(parse(big, n + 8), "cfg:1: line is longer than 4096",
	    "a 1 MB line");
	free(big);
}

static const char *
load(const char *path)
{
	static struct op_err err;
	struct config	     cfg;

	memset(&err, 0, sizeof err);
	if (config_load(path, &cfg, &err) == 0) {
		config_free(&cfg);
		return ("");
	}
	return (err.msg);
}

/* As root, read the file as nobody in a child; return its verdict. */
static int
unreadable_as_nobody(const char *path)
{
	struct op_err err = { 0 };
	struct config cfg;
	pid_t	      pid;
	int	      status;

	if ((pid = fork()) == 0) {
		if (geteuid() == 0 &&
		    (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		if (config_load(path, &cfg, &err) == 0)
			_exit(3);
		_exit(err.code == OP_EIO &&
			    strstr(err.msg, "Permission denied") != NULL ?
			0 :
			4);
	}
	waitpid(pid, &status, 0);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : 5);
}

static void
test_files(void)
{
	char *p, *dir;

	p = write_file("ok", "name = a\n", 9, 0600);
	tap_ok(*load(p) == '\0', "0600 file loads");
	free(p);
	p = write_file("gw", "name = a\n", 9, 0620);
	TAP_CONTAINS(load(p),
	    "others can change this file (mode 620); run: chmod go-w",
	    "group-writable refused with the chmod");
	free(p);
	p = write_file("ww", "name = a\n", 9, 0646);
	TAP_CONTAINS(load(p), "chmod go-w", "world-writable refused");
	free(p);
	p = write_file("pc", "password.command = pass x\n", 26, 0644);
	TAP_CONTAINS(load(p),
	    "names a password.command but others can read it (mode 644); run: chmod 600",
	    "readable file with a command");
	free(p);
	p = write_file("pc2", "name = x\n", 9, 0644);
	tap_ok(*load(p) == '\0', "readable file without a command is fine");
	free(p);
	xasprintf(&dir, "%s/adir", tmpdir);
	mkdir(dir, 0700);
	TAP_CONTAINS(load(dir), "adir: is a directory, not a regular file",
	    "directory in place of the file");
	free(dir);
	xasprintf(&p, "%s/missing", tmpdir);
	tap_ok(*load(p) != '\0', "missing file is an error");
	free(p);
	p = write_file("secret", "name = a\n", 9, 0600);
	chmod(tmpdir, 0755);
	tap_ok(unreadable_as_nobody(p) == 0,
	    "unreadable file: Permission denied, named");
	free(p);
	p = write_file("nul", "name = a\0\n", 10, 0600);
	TAP_CONTAINS(load(p), "/nul:1: contains a NUL byte", "NUL via a file");
	free(p);
}

/* send.max_size: megabytes, "MB" allowed, 0 no limit, 25 by default. */
static void
test_max_size(void)
{
	static const struct {
		const char *line;
		int	    mb;
	} good[] = { { "", 25 }, { "send.max_size = 10\n", 10 },
		{ "send.max_size = 50 MB\n", 50 },
		{ "send.max_size = 5mb\n", 5 }, { "send.max_size = 0\n", 0 } };
	struct config cfg;
	struct op_err err = { 0 };
	size_t	      i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		tap_ok(config_parse("cfg", good[i].line, strlen(good[i].line),
			   &cfg, &err) == 0 &&
			cfg.send_max_size == good[i].mb,
		    "send.max_size: \"%.*s\" is %d MB",
		    (int)strcspn(good[i].line, "\n"), good[i].line,
		    good[i].mb);
		config_free(&cfg);
	}
	TAP_CONTAINS(PARSE("send.max_size = 25 GB\n"),
	    "cfg:1: send.max_size = \"25 GB\" is not valid; expected a number of megabytes",
	    "send.max_size: another unit is refused");
	TAP_CONTAINS(PARSE("send.max_size = -1\n"), "number of megabytes",
	    "send.max_size: negative is refused");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (99);
	}
	test_good();
	test_errors();
	test_shapes();
	test_files();
	test_max_size();
	{
		char *cmd;

		xasprintf(&cmd, "rm -rf '%s'", tmpdir);
		(void)!system(cmd);
		free(cmd);
	}
	return (tap_done());
}
