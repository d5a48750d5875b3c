/*
 * test-draft.c -- drafts on disk: round trips (UTF-8, empty fields, many
 * attachments, bodies that look like headers or hold empty lines), ids
 * and list order, modes, delete, refused header values, a failed save
 * into a read-only directory keeping the old version, damaged files
 * reported by line and never deleted.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/draft.h"
#include "tap.h"
#include "testutil.h"
#include "base/xmalloc.h"

static char tmpdir[] = "/tmp/outpost-test-draft.XXXXXX";

static void
skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static int
mode_of(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1);
}

static void
set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

static void
set_body(struct draft *d, const char *b)
{
	free(d->body);
	d->bodylen = strlen(b);
	d->body = xstrdup(b);
}

static void
add_attach(struct draft *d, const char *path)
{
	d->attach = xreallocarray(d->attach, d->nattach + 1,
	    sizeof *d->attach);
	d->attach[d->nattach++] = xstrdup(path);
}

static int
same(const struct draft *a, const struct draft *b)
{
	size_t i;

	if (strcmp(a->id, b->id) != 0 || a->saved != b->saved ||
	    strcmp(a->to, b->to) != 0 || strcmp(a->cc, b->cc) != 0 ||
	    strcmp(a->bcc, b->bcc) != 0 ||
	    strcmp(a->subject, b->subject) != 0 ||
	    strcmp(a->in_reply_to, b->in_reply_to) != 0 ||
	    strcmp(a->references, b->references) != 0 ||
	    strcmp(a->account, b->account) != 0 || a->nattach != b->nattach ||
	    a->bodylen != b->bodylen ||
	    memcmp(a->body, b->body, a->bodylen) != 0)
		return (0);
	for (i = 0; i < a->nattach; i++)
		if (strcmp(a->attach[i], b->attach[i]) != 0)
			return (0);
	return (1);
}

/* Save d, load it back, compare. */
static void
round_trip(const char *data, struct draft *d, const char *what)
{
	struct draft  back;
	struct op_err err = { 0 };
	int	      ok;

	ok = draft_save(data, d, &err) == 0;
	tap_ok(ok, "%s: saved (%s)", what, ok ? d->id : err.msg);
	ok = draft_load(data, d->id, &back, &err) == 0;
	tap_ok(ok && same(d, &back), "%s: loads back the same (%s)", what,
	    ok ? "" : err.msg);
	draft_free(&back);
}

static void
test_round_trips(const char *data)
{
	struct draft d;
	char	    *path, *body, name[32];
	int	     i;

	draft_init(&d);
	tap_ok(d.to != NULL && d.subject != NULL && d.body != NULL &&
		d.id[0] == '\0',
	    "draft_init gives empty strings and no id");
	round_trip(data, &d, "an empty draft");
	path = draft_path(data, d.id);
	tap_ok(mode_of(path) == 0600, "the file is 0600 (%o)", mode_of(path));
	free(path);
	path = NULL;
	xasprintf(&path, "%s/drafts", data);
	tap_ok(mode_of(path) == 0700, "drafts/ is 0700 (%o)", mode_of(path));
	free(path);
	draft_free(&d);

	draft_init(&d);
	set(&d.to, "Zoë <zoe@example.org>, 日本 <nihon@example.jp>");
	set(&d.subject, "Grüße 🎉 and e\xcc\x81");
	set(&d.cc, "");
	set(&d.bcc, "  leading spaces kept");
	set_body(&d, "Héllo 日本語 👋\nsecond line\n");
	round_trip(data, &d, "UTF-8 fields and body");
	draft_free(&d);

	draft_init(&d);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "/home/u/file %02d.pdf", i);
		add_attach(&d, name);
	}
	set_body(&d, "subject: not a header\nto: nobody\n\n\nlast");
	round_trip(data, &d,
	    "40 attachments, a body that looks like headers, empty lines, no final LF");
	draft_free(&d);

	draft_init(&d);
	free(d.body);
	d.body = xmalloc(8);
	memcpy(d.body, "a\0b\n\0c\n", 8);
	d.bodylen = 7;
	round_trip(data, &d, "a body with NUL bytes");
	draft_free(&d);

	draft_init(&d);
	set_body(&d, "\n\nversion: 2\n\n");
	round_trip(data, &d, "a body starting with empty lines");
	draft_free(&d);

	draft_init(&d);
	set(&d.subject, "Re: the plan");
	set(&d.in_reply_to, "<b@example.org>");
	set(&d.references, "<a@example.org> <b@example.org>");
	round_trip(data, &d, "a reply's in-reply-to and references");
	draft_free(&d);

	draft_init(&d);
	set(&d.account, "isp");
	round_trip(data, &d, "a draft of account isp");
	path = draft_path(data, d.id);
	body = tu_slurp(path, NULL);
	TAP_CONTAINS(body, "\naccount: isp\n", "its account is written");
	free(body);
	free(path);
	set(&d.account, "");
	round_trip(data, &d, "a draft of the default account");
	path = draft_path(data, d.id);
	body = tu_slurp(path, NULL);
	tap_ok(strstr(body, "account") == NULL,
	    "the default account writes no key (drafts stay as before)");
	free(body);
	free(path);
	draft_free(&d);
}

static void
test_refused(const char *data)
{
	struct draft  d;
	struct op_err err = { 0 };
	char	    **ids;
	size_t	      n, i;

	draft_list(data, &ids, &n, &err);
	draft_init(&d);
	set(&d.subject, "hi\r\nBcc: evil@example.org");
	tap_ok(draft_save(data, &d, &err) == -1 && err.code == OP_EINVAL,
	    "a subject with CR LF is refused");
	TAP_CONTAINS(err.msg, "subject", "the error names the field (%s)",
	    err.msg);
	set(&d.subject, "");
	set(&d.to, "a@example.org\nb@example.org");
	tap_ok(draft_save(data, &d, &err) == -1 && err.code == OP_EINVAL &&
		strstr(err.msg, "to field") != NULL,
	    "a To with LF is refused (%s)", err.msg);
	set(&d.to, "");
	set(&d.references, "<a@x>\r\nBcc: evil@example.org");
	tap_ok(draft_save(data, &d, &err) == -1 && err.code == OP_EINVAL &&
		strstr(err.msg, "references") != NULL,
	    "references with CR LF is refused (%s)", err.msg);
	set(&d.references, "");
	set(&d.account, "isp\nto: evil@example.org");
	tap_ok(draft_save(data, &d, &err) == -1 && err.code == OP_EINVAL &&
		strstr(err.msg, "account") != NULL,
	    "an account with LF is refused (%s)", err.msg);
	set(&d.account, "");
	add_attach(&d, "/tmp/x\ny");
	tap_ok(draft_save(data, &d, &err) == -1 && err.code == OP_EINVAL &&
		strstr(err.msg, "attach") != NULL,
	    "an attachment name with LF is refused (%s)", err.msg);
	tap_ok(d.id[0] == '\0', "a refused draft got no id");
	draft_free(&d);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	draft_list(data, &ids, &i, &err);
	tap_ok(i == n, "nothing was written");
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	tap_ok(draft_load(data, "../../etc/passwd", &d, &err) == -1 &&
		err.code == OP_EINVAL,
	    "a path as id is refused");
	draft_free(&d);
}

static void
test_list_delete(const char *base)
{
	struct draft   d[5], back;
	struct op_err  err = { 0 };
	struct timeval old[2];
	char	      *data, **ids, *path, *fresh;
	size_t	       n, i;
	int	       ok;

	xasprintf(&data, "%s/list", base);
	tap_ok(draft_list(data, &ids, &n, &err) == 0 && n == 0,
	    "no drafts directory: an empty list");
	free(ids);
	for (i = 0; i < 5; i++) {
		draft_init(&d[i]);
		draft_save(data, &d[i], &err);
	}
	path = draft_path(data, "stray");
	tu_spit(path, "x");
	free(path);
	xasprintf(&path, "%s/drafts/.hidden.draft", data);
	tu_spit(path, "x");
	free(path);
	xasprintf(&path, "%s/drafts/notes.txt", data);
	tu_spit(path, "x");
	free(path);
	xasprintf(&path, "%s/drafts/%s.draft.tmp-0123456789ab", data, d[0].id);
	tu_spit(path, "half");
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 7200;
	old[0].tv_usec = old[1].tv_usec = 0;
	utimes(path, old);
	xasprintf(&fresh, "%s/drafts/%s.draft.tmp-ba9876543210", data,
	    d[1].id);
	tu_spit(fresh, "half");
	ok = draft_list(data, &ids, &n, &err) == 0;
	tap_ok(ok && n == 6, "list finds the drafts and nothing else (%zu)",
	    n);
	ok = n == 6;
	for (i = 0; ok && i < 5; i++)
		ok = strcmp(ids[i], d[i].id) == 0;
	tap_ok(ok, "oldest first, in creation order");
	tap_ok(access(path, F_OK) == -1 && access(fresh, F_OK) == 0,
	    "an hour-old temporary file is removed, a fresh one kept");
	free(path);
	free(fresh);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	tap_ok(strcmp(d[0].id, d[1].id) != 0 && strlen(d[0].id) == 32,
	    "ids are unique (%s)", d[0].id);
	tap_ok(draft_delete(data, d[2].id, &err) == 0, "delete");
	tap_ok(draft_delete(data, d[2].id, &err) == 0,
	    "delete again: gone already is not an error");
	tap_ok(draft_load(data, d[2].id, &back, &err) == -1 &&
		err.code == OP_ENOTFOUND,
	    "a deleted draft is not found");
	draft_free(&back);
	tap_ok(draft_list(data, &ids, &n, &err) == 0 && n == 5,
	    "one fewer listed");
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	for (i = 0; i < 5; i++)
		draft_free(&d[i]);
	free(data);
}

/* Write a file under id and check the load fails at the line. */
static void
damaged(const char *data, const char *id, const char *text, const char *at,
    const char *what)
{
	struct draft  d;
	struct op_err err = { 0 };
	char	     *path = draft_path(data, id), *before, *after;

	tu_spit(path, text);
	before = tu_slurp(path, NULL);
	tap_ok(draft_load(data, id, &d, &err) == -1 && err.code == OP_EDAMAGED,
	    "%s: the load fails", what);
	TAP_CONTAINS(err.msg, at, "%s: names the line (%s)", what, err.msg);
	after = tu_slurp(path, NULL);
	tap_ok(access(path, F_OK) == 0 && strcmp(before, after) == 0,
	    "%s: the file is left as it was", what);
	draft_free(&d);
	free(before);
	free(after);
	free(path);
}

static void
test_damaged(const char *data)
{
	char *at;

	xasprintf(&at, "%s/drafts/d1.draft:1:", data);
	damaged(data, "d1", "version: 2\nid: d1\n\nbody\n", at, "bad version");
	free(at);
	xasprintf(&at, "%s/drafts/d2.draft:4:", data);
	damaged(data, "d2", "version: 1\nid: d2\nto: x\nfrom: me\n\nbody\n",
	    at, "unknown key");
	free(at);
	xasprintf(&at, "%s/drafts/d3.draft:3:", data);
	damaged(data, "d3", "version: 1\nid: d3\nsubject: a", at,
	    "no empty line");
	free(at);
	xasprintf(&at, "%s/drafts/d4.draft:2:", data);
	damaged(data, "d4", "version: 1\nid: other\n\n", at,
	    "id not matching the name");
	free(at);
	xasprintf(&at, "%s/drafts/d5.draft:1:", data);
	damaged(data, "d5", "id: d5\nversion: 1\n\n", at, "version not first");
	free(at);
	xasprintf(&at, "%s/drafts/d6.draft:3:", data);
	damaged(data, "d6", "version: 1\nid: d6\nsaved: yesterday\n\n", at,
	    "bad date");
	free(at);
}

/* Save a new version into a directory that refuses writes. */
static void
check_readonly(const char *data, struct draft *d, const char *how)
{
	struct draft  back;
	struct op_err err = { 0 };
	char	     *path = draft_path(data, d->id), *before, *after;
	char	      id[sizeof d->id];

	before = tu_slurp(path, NULL);
	memcpy(id, d->id, sizeof id);
	set(&d->subject, "second version");
	tap_ok(draft_save(data, d, &err) == -1 && err.code == OP_EIO,
	    "%s: the save fails", how);
	TAP_CONTAINS(err.msg, data, "%s: the error names the path (%s)", how,
	    err.msg);
	after = tu_slurp(path, NULL);
	tap_ok(strcmp(before, after) == 0 && strcmp(id, d->id) == 0,
	    "%s: the previous version is intact", how);
	tap_ok(draft_load(data, id, &back, &err) == 0 &&
		strcmp(back.subject, "first version") == 0,
	    "%s: and still loads", how);
	draft_free(&back);
	free(before);
	free(after);
	free(path);
}

static void
test_readonly(const char *base)
{
	struct draft  d;
	struct op_err err = { 0 };
	char	     *data, *dir;

	xasprintf(&data, "%s/ro", base);
	mkdir(data, 0700);
	if (geteuid() == 0) {
		if (unshare(CLONE_NEWNS) == -1 ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) ==
			-1 ||
		    mount("tmpfs", data, "tmpfs", 0, "size=1m,mode=0700") ==
			-1) {
			skip(5, "root but cannot mount a tmpfs");
			free(data);
			return;
		}
	}
	draft_init(&d);
	set(&d.subject, "first version");
	set_body(&d, "body\n");
	if (draft_save(data, &d, &err) == -1)
		tap_ok(0, "first save (%s)", err.msg);
	xasprintf(&dir, "%s/drafts", data);
	if (geteuid() == 0) {
		if (mount("tmpfs", data, "tmpfs", MS_REMOUNT | MS_RDONLY,
			NULL) == -1)
			skip(5, "cannot remount read-only");
		else
			check_readonly(data, &d, "read-only file system");
		umount(data);
	} else {
		chmod(dir, 0500);
		check_readonly(data, &d, "read-only directory");
		chmod(dir, 0700);
	}
	draft_free(&d);
	free(dir);
	free(data);
}

int
main(void)
{
	char *data;

	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return (99);
	}
	xasprintf(&data, "%s/data", tmpdir);
	test_round_trips(data);
	test_refused(data);
	test_list_delete(tmpdir);
	test_damaged(data);
	test_readonly(tmpdir);
	free(data);
	if (tap_failed == 0 && tu_rm_rf(tmpdir) != 0)
		tap_diag("cleanup", tmpdir, "removed");
	return (tap_done());
}
