/*
 * draft.c -- drafts on disk (see draft.h): DATA/drafts/ID.draft, saved
 * atomically (atomicfile.c), listed oldest first, read (keyval.c) with every
 * line checked so that a damaged file is reported as "PATH:LINE: why" and
 * never silently half-read or deleted.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/atomicfile.h"
#include "store/draft.h"
#include "store/keyval.h"
#include "base/isotime.h"
#include "base/strbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

#define DRAFT_EXT      ".draft"
#define DRAFT_MAX_FILE (64 * 1024 * 1024)
#define DRAFT_TMP_AGE  3600 /* seconds: older temporary files are debris */

/* What a load has seen so far, for duplicate and missing keys. */
struct draft_seen {
	int id, saved, to, cc, bcc, subject, in_reply_to, references, account;
};

void
draft_init(struct draft *d)
{
	memset(d, 0, sizeof *d);
	d->to = xstrdup("");
	d->cc = xstrdup("");
	d->bcc = xstrdup("");
	d->subject = xstrdup("");
	d->in_reply_to = xstrdup("");
	d->references = xstrdup("");
	d->account = xstrdup("");
	d->body = xstrdup("");
}

void
draft_free(struct draft *d)
{
	size_t i;

	free(d->to);
	free(d->cc);
	free(d->bcc);
	free(d->subject);
	free(d->in_reply_to);
	free(d->references);
	free(d->account);
	for (i = 0; i < d->nattach; i++)
		free(d->attach[i]);
	free(d->attach);
	free(d->body);
	memset(d, 0, sizeof *d);
}

int
draft_id_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n >= sizeof(((struct draft *)0)->id) || id[0] == '-')
		return (0);
	for (i = 0; i < n; i++) {
		if (!((id[i] >= '0' && id[i] <= '9') ||
			(id[i] >= 'a' && id[i] <= 'z') ||
			(id[i] >= 'A' && id[i] <= 'Z') || id[i] == '-'))
			return (0);
	}
	return (1);
}

char *
draft_path(const char *datadir, const char *id)
{
	char *p;

	xasprintf(&p, "%s/drafts/%s%s", datadir, id, DRAFT_EXT);
	return (p);
}

static int
bad_id(const char *id, struct op_err *err)
{
	return (op_err_set(err, OP_EINVAL,
	    "\"%.80s\" is not a draft id (letters, digits and '-')", id));
}

/* YYYYMMDDTHHMMSSZ-UUUUUU-RRRRRRRR: sorts by time, unique by chance. */
static int
new_id(char *id, size_t size, struct op_err *err)
{
	struct timeval tv;
	struct tm      tm;
	unsigned char  r[4];
	time_t	       t;
	size_t	       n;

	if (atomicfile_random(r, sizeof r) == -1)
		return (op_err_set(err, OP_EIO,
		    "cannot make a draft id: no random bytes"));
	gettimeofday(&tv, NULL);
	t = tv.tv_sec;
	gmtime_r(&t, &tm);
	n = strftime(id, size, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(id + n, size - n, "-%06ld-%02x%02x%02x%02x", (long)tv.tv_usec,
	    r[0], r[1], r[2], r[3]);
	return (0);
}

/* A header value must be one line: CR, LF (and NUL) are refused. */
static int
check_value(const char *field, const char *v, struct op_err *err)
{
	if (v != NULL && strpbrk(v, "\r\n") != NULL)
		return (op_err_set(err, OP_EINVAL,
		    "the %s field contains a line break; header fields must be one line",
		    field));
	return (0);
}

static int
check_draft(const struct draft *d, struct op_err *err)
{
	size_t i;

	if (check_value("to", d->to, err) == -1 ||
	    check_value("cc", d->cc, err) == -1 ||
	    check_value("bcc", d->bcc, err) == -1 ||
	    check_value("subject", d->subject, err) == -1 ||
	    check_value("in-reply-to", d->in_reply_to, err) == -1 ||
	    check_value("references", d->references, err) == -1 ||
	    check_value("account", d->account, err) == -1)
		return (-1);
	for (i = 0; i < d->nattach; i++) {
		if (d->attach[i] == NULL || d->attach[i][0] == '\0')
			return (op_err_set(err, OP_EINVAL,
			    "attachment %zu has no file name", i + 1));
		if (check_value("attach", d->attach[i], err) == -1)
			return (-1);
	}
	return (0);
}

/* Append "key: value\n" ("key:\n" when empty). */
static void
put_line(struct strbuf *b, const char *key, const char *v)
{
	strbuf_adds(b, key);
	strbuf_add(b, ":", 1);
	if (v != NULL && *v != '\0') {
		strbuf_add(b, " ", 1);
		strbuf_adds(b, v);
	}
	strbuf_add(b, "\n", 1);
}

static char *
serialize(const struct draft *d, size_t *lenp)
{
	struct strbuf b = STRBUF_INIT;
	char	      when[ISOTIME_LEN];
	size_t	      i;

	isotime_format(d->saved, when);
	strbuf_printf(&b, "version: %d\n", DRAFT_VERSION);
	put_line(&b, "id", d->id);
	put_line(&b, "saved", when);
	put_line(&b, "to", d->to);
	put_line(&b, "cc", d->cc);
	put_line(&b, "bcc", d->bcc);
	put_line(&b, "subject", d->subject);
	if (d->in_reply_to != NULL && *d->in_reply_to != '\0')
		put_line(&b, "in-reply-to", d->in_reply_to);
	if (d->references != NULL && *d->references != '\0')
		put_line(&b, "references", d->references);
	if (d->account != NULL && *d->account != '\0')
		put_line(&b, "account", d->account);
	for (i = 0; i < d->nattach; i++)
		put_line(&b, "attach", d->attach[i]);
	strbuf_add(&b, "\n", 1);
	if (d->bodylen > 0)
		strbuf_add(&b, d->body, d->bodylen);
	*lenp = b.len;
	return (strbuf_take(&b));
}

int
draft_save(const char *datadir, struct draft *d, struct op_err *err)
{
	char  *dir, *path, *buf, oldid[sizeof d->id];
	size_t len;
	time_t oldsaved = d->saved;
	int    r;

	if (check_draft(d, err) == -1)
		return (-1);
	if (d->id[0] != '\0' && !draft_id_valid(d->id))
		return (bad_id(d->id, err));
	xasprintf(&dir, "%s/drafts", datadir);
	r = atomicfile_mkdirs(dir, err);
	free(dir);
	if (r == -1)
		return (-1);
	memcpy(oldid, d->id, sizeof oldid);
	if (d->id[0] == '\0' && new_id(d->id, sizeof d->id, err) == -1)
		return (-1);
	d->saved = time(NULL);
	buf = serialize(d, &len);
	path = draft_path(datadir, d->id);
	r = atomicfile_replace(path, buf, len, 0600, err);
	free(path);
	free(buf);
	if (r == -1) {
		memcpy(d->id, oldid, sizeof d->id);
		d->saved = oldsaved;
	}
	return (r);
}

static int
damaged(struct op_err *err, const char *path, int line, const char *why)
{
	return (op_err_set(err, OP_EDAMAGED, "%s:%d: %s", path, line, why));
}

static int
set_once(char **field, int *seen, const char *v)
{
	if (*seen)
		return (-1);
	*seen = 1;
	free(*field);
	*field = xstrdup(v);
	return (0);
}

/* One "key: value" header line, split by keyval_next. */
static int
header_line(struct draft *d, struct draft_seen *s, const char *key,
    const char *v, const char *path, int lineno, const char *id,
    struct op_err *err)
{
	char **field = NULL;
	int   *seen = NULL;
	time_t t;

	if (lineno == 1) {
		if (strcmp(key, "version") != 0)
			return (damaged(err, path, lineno,
			    "the first line must be \"version: 1\""));
		if (strcmp(v, "1") != 0)
			return (damaged(err, path, lineno,
			    "unknown draft version (this outpost reads version 1)"));
		return (0);
	}
	if (strcmp(key, "attach") == 0) {
		if (*v == '\0')
			return (damaged(err, path, lineno,
			    "attach without a file name"));
		d->attach = xreallocarray(d->attach, d->nattach + 1,
		    sizeof *d->attach);
		d->attach[d->nattach++] = xstrdup(v);
		return (0);
	}
	if (strcmp(key, "id") == 0) {
		if (s->id++ || strcmp(v, id) != 0)
			return (damaged(err, path, lineno,
			    "the id does not match the file name (or is repeated)"));
		snprintf(d->id, sizeof d->id, "%s", v);
		return (0);
	}
	if (strcmp(key, "saved") == 0) {
		if (s->saved++ || isotime_parse(v, &t) == -1)
			return (damaged(err, path, lineno,
			    "saved must be one date like 2026-11-28T01:02:03Z"));
		d->saved = t;
		return (0);
	}
	if (strcmp(key, "to") == 0) {
		field = &d->to;
		seen = &s->to;
	} else if (strcmp(key, "cc") == 0) {
		field = &d->cc;
		seen = &s->cc;
	} else if (strcmp(key, "bcc") == 0) {
		field = &d->bcc;
		seen = &s->bcc;
	} else if (strcmp(key, "subject") == 0) {
		field = &d->subject;
		seen = &s->subject;
	} else if (strcmp(key, "in-reply-to") == 0) {
		field = &d->in_reply_to;
		seen = &s->in_reply_to;
	} else if (strcmp(key, "references") == 0) {
		field = &d->references;
		seen = &s->references;
	} else if (strcmp(key, "account") == 0) {
		field = &d->account;
		seen = &s->account;
	} else {
		op_err_set(err, OP_EDAMAGED, "%s:%d: unknown key \"%.40s\"",
		    path, lineno, key);
		return (-1);
	}
	if (set_once(field, seen, v) == -1)
		return (op_err_set(err, OP_EDAMAGED, "%s:%d: %s is repeated",
		    path, lineno, key));
	return (0);
}

static int
parse_draft(struct draft *d, const char *buf, size_t len, const char *path,
    const char *id, struct op_err *err)
{
	struct draft_seen s;
	struct keyval	  kv;
	enum keyval_kind  kind;
	int		  r = 0;

	memset(&s, 0, sizeof s);
	keyval_init(&kv, buf, len);
	while (r == 0 && (kind = keyval_next(&kv)) != KEYVAL_BLANK) {
		if (kind == KEYVAL_END || kind == KEYVAL_CUT)
			r = damaged(err, path, kv.line,
			    "the file ends inside the header (no empty line before the body)");
		else if (memchr(kv.raw, '\0', kv.rawlen) != NULL ||
		    !utf8_valid(kv.raw, kv.rawlen))
			r = damaged(err, path, kv.line, "not UTF-8 text");
		else if (kind == KEYVAL_NOCOLON)
			r = damaged(err, path, kv.line,
			    "expected \"key: value\" (the header ends at an empty line)");
		else
			r = header_line(d, &s, kv.key, kv.value, path, kv.line,
			    id, err);
	}
	keyval_free(&kv);
	if (r == -1)
		return (-1);
	if (kv.line == 1)
		return (damaged(err, path, 1, "the version line is missing"));
	if (!s.id)
		return (damaged(err, path, kv.line, "the id line is missing"));
	free(d->body);
	d->bodylen = (size_t)(kv.end - kv.p);
	d->body = xmalloc(d->bodylen + 1);
	memcpy(d->body, kv.p, d->bodylen);
	d->body[d->bodylen] = '\0';
	return (0);
}

int
draft_load(const char *datadir, const char *id, struct draft *d,
    struct op_err *err)
{
	char  *path, *buf = NULL;
	size_t len;
	int    e, r;

	draft_init(d);
	if (!draft_id_valid(id))
		return (bad_id(id, err));
	path = draft_path(datadir, id);
	if ((e = atomicfile_read(path, DRAFT_MAX_FILE, &buf, &len)) != 0) {
		r = op_err_set(err, e == ENOENT ? OP_ENOTFOUND : OP_EIO,
		    "cannot read %s: %s", path,
		    e == ENOENT ? "no such draft" : atomicfile_strerror(e));
		free(path);
		return (r);
	}
	r = parse_draft(d, buf, len, path, id, err);
	free(buf);
	free(path);
	if (r == -1) {
		draft_free(d);
		draft_init(d);
	}
	return (r);
}

static int
id_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* A temporary file of a save that never finished, an hour old. */
static void
remove_stale_tmp(const char *dir, const char *name)
{
	struct stat st;
	char	   *path;

	if (strstr(name, DRAFT_EXT ".tmp-") == NULL)
		return;
	xasprintf(&path, "%s/%s", dir, name);
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_mtime < time(NULL) - DRAFT_TMP_AGE)
		unlink(path);
	free(path);
}

/* "ID.draft" -> ID (allocated), or NULL for anything else. */
static char *
id_of(const char *name)
{
	size_t n = strlen(name), el = strlen(DRAFT_EXT);
	char  *id;

	if (n <= el || strcmp(name + n - el, DRAFT_EXT) != 0)
		return (NULL);
	id = xstrndup(name, n - el);
	if (draft_id_valid(id))
		return (id);
	free(id);
	return (NULL);
}

int
draft_list(const char *datadir, char ***idsp, size_t *np, struct op_err *err)
{
	struct dirent *de;
	DIR	      *dir;
	char	      *path, **ids = NULL, *id;
	size_t	       n = 0;

	*idsp = NULL;
	*np = 0;
	xasprintf(&path, "%s/drafts", datadir);
	if ((dir = opendir(path)) == NULL) {
		if (errno == ENOENT) {
			free(path);
			return (0);
		}
		op_err_set(err, OP_EIO, "cannot read %s: %s", path,
		    atomicfile_strerror(errno));
		free(path);
		return (-1);
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((id = id_of(de->d_name)) == NULL) {
			remove_stale_tmp(path, de->d_name);
			continue;
		}
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = id;
	}
	closedir(dir);
	free(path);
	if (n > 1)
		qsort(ids, n, sizeof *ids, id_cmp);
	*idsp = ids;
	*np = n;
	return (0);
}

/*
 * The deletion is made durable (the directory synced): a draft whose
 * message is in the outbox must not come back after a crash and be
 * offered for sending again.
 */
int
draft_delete(const char *datadir, const char *id, struct op_err *err)
{
	char *path, *dir;
	int   r = 0;

	if (!draft_id_valid(id))
		return (bad_id(id, err));
	path = draft_path(datadir, id);
	if (unlink(path) == -1) {
		if (errno != ENOENT)
			r = op_err_set(err, OP_EIO, "cannot delete %s: %s",
			    path, atomicfile_strerror(errno));
	} else {
		xasprintf(&dir, "%s/drafts", datadir);
		if (atomicfile_sync_dir(dir) == -1)
			r = op_err_set(err, OP_EIO, "cannot sync %s: %s", dir,
			    atomicfile_strerror(errno));
		free(dir);
	}
	free(path);
	return (r);
}
