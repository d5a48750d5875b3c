/*
 * composer-model.c -- the composer's message without curses (see
 * composer-model.h): fields, address-check results, attachments, the
 * body, autosave bookkeeping, drafts, and the checks before sending.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "composer/composer-model.h"
#include "conf/config.h"
#include "text/textbuf.h"
#include "base/strutil.h"
#include "base/xmalloc.h"

static const char *const field_names[CF_COUNT] = { "To", "Cc", "Bcc",
	"Subject" };

const char *
composer_model_field_name(enum composer_model_field f)
{
	return (f < CF_COUNT ? field_names[f] : "?");
}

int
composer_model_is_address_field(enum composer_model_field f)
{
	return (f == CF_TO || f == CF_CC || f == CF_BCC);
}

void
composer_model_init(struct composer_model *cm)
{
	int i;

	memset(cm, 0, sizeof *cm);
	for (i = 0; i < CF_COUNT; i++)
		lineedit_init(&cm->field[i]);
	cm->body = textbuf_new();
}

static void
free_parts(struct composer_model *cm)
{
	size_t i;

	for (i = 0; i < CF_COUNT; i++) {
		free(cm->check_text[i]);
		free(cm->check_error[i]);
		cm->check_text[i] = cm->check_error[i] = NULL;
		cm->check[i] = CHECK_NONE;
	}
	for (i = 0; i < cm->natt; i++)
		free(cm->att[i].path);
	free(cm->att);
	cm->att = NULL;
	cm->natt = 0;
	free(cm->in_reply_to);
	free(cm->references);
	free(cm->account);
	cm->in_reply_to = cm->references = cm->account = NULL;
}

void
composer_model_free(struct composer_model *cm)
{
	int i;

	free_parts(cm);
	for (i = 0; i < CF_COUNT; i++)
		lineedit_free(&cm->field[i]);
	textbuf_free(cm->body);
	cm->body = NULL;
	free(cm->fresh);
	cm->fresh = NULL;
}

void
composer_model_clear(struct composer_model *cm)
{
	int i;

	free_parts(cm);
	for (i = 0; i < CF_COUNT; i++)
		lineedit_set(&cm->field[i], "");
	if (cm->fresh != NULL)
		textbuf_load(cm->body, cm->fresh, strlen(cm->fresh));
	else
		textbuf_load(cm->body, "", 0);
	cm->draft_id[0] = '\0';
	cm->dirty = 0;
	cm->changes = 0;
}

char *
composer_model_body(const struct composer_model *cm, size_t *len)
{
	return (textbuf_export(cm->body, len));
}

int
composer_model_empty(const struct composer_model *cm)
{
	char  *body;
	size_t len, i;
	int    empty = cm->natt == 0;

	for (i = 0; i < CF_COUNT; i++)
		if (lineedit_text(&cm->field[i])[0] != '\0')
			empty = 0;
	if (!empty)
		return (0);
	body = composer_model_body(cm, &len);
	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)body[i]))
			empty = 0;
	if (cm->fresh != NULL && strcmp(body, cm->fresh) == 0)
		empty = 1;
	free(body);
	return (empty);
}

void
composer_model_set_fresh(struct composer_model *cm, const char *body)
{
	int untouched = composer_model_empty(cm) && !cm->dirty;

	free(cm->fresh);
	cm->fresh = xstrdup(body);
	if (untouched)
		textbuf_load(cm->body, body, strlen(body));
}

void
composer_model_touch(struct composer_model *cm, time_t now)
{
	cm->dirty = 1;
	cm->changes++;
	cm->changed_at = now;
}

int
composer_model_autosave_due(const struct composer_model *cm, time_t now)
{
	if (!cm->dirty)
		return (0);
	return (cm->changes >= CM_AUTOSAVE_KEYS ||
	    now - cm->changed_at >= CM_AUTOSAVE_IDLE);
}

static void
replace(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

void
composer_model_to_draft(const struct composer_model *cm, struct draft *d)
{
	size_t i;

	snprintf(d->id, sizeof d->id, "%s", cm->draft_id);
	replace(&d->to, lineedit_text(&cm->field[CF_TO]));
	replace(&d->cc, lineedit_text(&cm->field[CF_CC]));
	replace(&d->bcc, lineedit_text(&cm->field[CF_BCC]));
	replace(&d->subject, lineedit_text(&cm->field[CF_SUBJECT]));
	replace(&d->in_reply_to,
	    cm->in_reply_to != NULL ? cm->in_reply_to : "");
	replace(&d->references, cm->references != NULL ? cm->references : "");
	replace(&d->account, cm->account != NULL ? cm->account : "");
	for (i = 0; i < d->nattach; i++)
		free(d->attach[i]);
	free(d->attach);
	d->attach = xcalloc(cm->natt + 1, sizeof *d->attach);
	for (i = 0; i < cm->natt; i++)
		d->attach[i] = xstrdup(cm->att[i].path);
	d->nattach = cm->natt;
	free(d->body);
	d->body = composer_model_body(cm, &d->bodylen);
}

static void
add_attachment(struct composer_model *cm, const char *path, off_t size)
{
	cm->att = xreallocarray(cm->att, cm->natt + 1, sizeof *cm->att);
	cm->att[cm->natt].path = xstrdup(path);
	cm->att[cm->natt].size = size;
	cm->att[cm->natt].type = composer_model_mime_type(path);
	cm->natt++;
}

void
composer_model_from_draft(struct composer_model *cm, const struct draft *d)
{
	struct stat st;
	size_t	    i;

	composer_model_clear(cm);
	lineedit_set(&cm->field[CF_TO], d->to);
	lineedit_set(&cm->field[CF_CC], d->cc);
	lineedit_set(&cm->field[CF_BCC], d->bcc);
	lineedit_set(&cm->field[CF_SUBJECT], d->subject);
	cm->in_reply_to = xstrdup(d->in_reply_to);
	cm->references = xstrdup(d->references);
	cm->account = d->account[0] != '\0' ? xstrdup(d->account) : NULL;
	/* A file gone since is shown (size 0) and refused at send. */
	for (i = 0; i < d->nattach; i++)
		add_attachment(cm, d->attach[i],
		    stat(d->attach[i], &st) == 0 ? st.st_size : 0);
	textbuf_load(cm->body, d->body, d->bodylen);
	snprintf(cm->draft_id, sizeof cm->draft_id, "%s", d->id);
}

int
composer_model_save(struct composer_model *cm, const char *datadir,
    struct op_err *err)
{
	struct draft d;
	int	     rc;

	if (datadir == NULL)
		return (op_err_set(err, OP_EIO, "there is no data directory"));
	draft_init(&d);
	composer_model_to_draft(cm, &d);
	rc = draft_save(datadir, &d, err);
	if (rc == 0) {
		snprintf(cm->draft_id, sizeof cm->draft_id, "%s", d.id);
		cm->dirty = 0;
		cm->changes = 0;
	}
	draft_free(&d);
	return (rc);
}

void
composer_model_check_set(struct composer_model *cm,
    enum composer_model_field f, enum composer_model_check state,
    const char *text, const char *error)
{
	replace(&cm->check_text[f], text != NULL ? text : "");
	free(cm->check_error[f]);
	cm->check_error[f] = NULL;
	cm->check[f] = state;
	if (state != CHECK_BAD)
		return;
	/* Always "Field: why", whether or not the agent named it. */
	if (error == NULL || *error == '\0')
		error = "not a valid address";
	if (strncmp(error, composer_model_field_name(f),
		strlen(composer_model_field_name(f))) == 0 &&
	    error[strlen(composer_model_field_name(f))] == ':')
		cm->check_error[f] = xstrdup(error);
	else
		xasprintf(&cm->check_error[f], "%s: %s",
		    composer_model_field_name(f), error);
}

enum composer_model_check
composer_model_check_state(const struct composer_model *cm,
    enum composer_model_field				f)
{
	if (cm->check_text[f] == NULL ||
	    strcmp(cm->check_text[f], lineedit_text(&cm->field[f])) != 0)
		return (CHECK_NONE);
	return (cm->check[f]);
}

/* "~/x" and relative names made absolute (allocated). */
static char *
absolute(const char *path)
{
	const char *home = getenv("HOME");
	char	    cwd[PATH_MAX], *out;

	if (path[0] == '~' && path[1] == '/' && home != NULL)
		xasprintf(&out, "%s%s", home, path + 1);
	else if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		out = xstrdup(path);
	else
		xasprintf(&out, "%s/%s", cwd, path);
	return (out);
}

static int
readable_file(const char *path, off_t *size, struct op_err *err)
{
	struct stat st;
	int	    fd;

	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)) == -1)
		return (op_err_set(err, OP_EINVAL, "cannot attach %s: %s",
		    path, strerror(errno)));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return (op_err_set(err, OP_EINVAL,
		    "cannot attach %s: not a regular file", path));
	}
	close(fd);
	*size = st.st_size;
	return (0);
}

int
composer_model_attach_add(struct composer_model *cm, const char *typed,
    struct op_err *err)
{
	char  *path;
	off_t  size;
	size_t i;

	while (*typed == ' ')
		typed++;
	if (*typed == '\0')
		return (op_err_set(err, OP_EINVAL, "no file named"));
	path = absolute(typed);
	if (readable_file(path, &size, err) == -1) {
		free(path);
		return (-1);
	}
	for (i = 0; i < cm->natt; i++) {
		if (strcmp(cm->att[i].path, path) == 0) {
			op_err_set(err, OP_EINVAL, "%s is already attached",
			    path);
			free(path);
			return (-1);
		}
	}
	add_attachment(cm, path, size);
	free(path);
	return (0);
}

void
composer_model_attach_remove(struct composer_model *cm, size_t i)
{
	if (i >= cm->natt)
		return;
	free(cm->att[i].path);
	memmove(cm->att + i, cm->att + i + 1,
	    (cm->natt - i - 1) * sizeof *cm->att);
	cm->natt--;
}

long
composer_model_attach_find(const struct composer_model *cm, const char *answer)
{
	const char *name;
	char	   *end;
	long	    n;
	size_t	    i;

	while (*answer == ' ')
		answer++;
	n = strtol(answer, &end, 10);
	if (end != answer && *end == '\0')
		return (n >= 1 && (size_t)n <= cm->natt ? n - 1 : -1);
	for (i = 0; i < cm->natt; i++) {
		name = strrchr(cm->att[i].path, '/');
		name = name != NULL ? name + 1 : cm->att[i].path;
		if (strcmp(name, answer) == 0 ||
		    strcmp(cm->att[i].path, answer) == 0)
			return ((long)i);
	}
	return (-1);
}

int
composer_model_attach_check(struct composer_model *cm, struct op_err *err)
{
	size_t i;

	for (i = 0; i < cm->natt; i++)
		if (readable_file(cm->att[i].path, &cm->att[i].size, err) ==
		    -1)
			return (-1);
	return (0);
}

int
composer_model_validate(struct composer_model *cm, struct op_err *err)
{
	const char *to = lineedit_text(&cm->field[CF_TO]);
	int	    f;

	while (*to == ' ' || *to == ',')
		to++;
	if (*to == '\0')
		return (op_err_set(err, OP_EINVAL,
		    "To is empty: who is the message for?"));
	for (f = 0; f < CF_COUNT; f++) {
		if (composer_model_check_state(cm, f) != CHECK_BAD)
			continue;
		return (op_err_set(err, OP_EINVAL, "%s", cm->check_error[f]));
	}
	return (composer_model_attach_check(cm, err));
}

static int
word_char(unsigned char c)
{
	return (isalnum(c) || c >= 0x80);
}

/* A word starting at p (len bytes left) that speaks of an attachment. */
static int
attachment_word(const char *p, size_t left)
{
	static const char *const stems[] = { "attach", "enclosed", "enclosing",
		"anhang", "angeh" };
	size_t			 i, n;

	for (i = 0; i < sizeof stems / sizeof stems[0]; i++) {
		n = strlen(stems[i]);
		if (left >= n && strncasecmp(p, stems[i], n) == 0)
			return (1);
	}
	return (0);
}

int
composer_model_mentions_attachment(const char *body, size_t len)
{
	size_t i;
	int    line_start = 1, quoted = 0;

	for (i = 0; i < len; i++) {
		if (line_start)
			quoted = body[i] == '>'; /* a quoted line: not ours */
		line_start = body[i] == '\n';
		if (quoted || (i > 0 && word_char(body[i - 1])))
			continue;
		if (attachment_word(body + i, len - i))
			return (1);
	}
	return (0);
}

size_t
composer_model_warnings(const struct composer_model *cm, const char **w,
    size_t max)
{
	char  *body;
	size_t len, n = 0;

	body = composer_model_body(cm, &len);
	if (n < max && cm->natt == 0 &&
	    composer_model_mentions_attachment(body, len))
		w[n++] =
		    "The message speaks of an attachment, but nothing is attached. Send anyway?";
	free(body);
	if (n < max &&
	    lineedit_text(&cm->field[CF_SUBJECT])
		    [strspn(lineedit_text(&cm->field[CF_SUBJECT]), " ")] ==
		'\0')
		w[n++] = "The subject is empty. Send anyway?";
	return (n);
}

/* clang-format off */
static const struct {
	const char *ext;
	const char *type;
} mime_table[] = {
	{ "txt",  "text/plain" },	{ "pdf",  "application/pdf" },
	{ "png",  "image/png" },	{ "jpg",  "image/jpeg" },
	{ "jpeg", "image/jpeg" },	{ "gif",  "image/gif" },
	{ "svg",  "image/svg+xml" },	{ "webp", "image/webp" },
	{ "html", "text/html" },	{ "htm",  "text/html" },
	{ "csv",  "text/csv" },		{ "md",   "text/markdown" },
	{ "c",    "text/x-c" },		{ "h",    "text/x-c" },
	{ "patch","text/x-diff" },	{ "diff", "text/x-diff" },
	{ "zip",  "application/zip" },	{ "gz",   "application/gzip" },
	{ "tar",  "application/x-tar" },{ "xz",   "application/x-xz" },
	{ "json", "application/json" },	{ "xml",  "application/xml" },
	{ "odt",  "application/vnd.oasis.opendocument.text" },
	{ "ods",  "application/vnd.oasis.opendocument.spreadsheet" },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "doc",  "application/msword" },{ "xls", "application/vnd.ms-excel" },
	{ "mp3",  "audio/mpeg" },	{ "ogg",  "audio/ogg" },
	{ "mp4",  "video/mp4" },	{ "ics",  "text/calendar" },
	{ "eml",  "message/rfc822" },	{ "asc",  "application/pgp-signature" },
};
/* clang-format on */

const char *
composer_model_mime_type(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t	    i;

	if (dot == NULL || (slash != NULL && dot < slash))
		return (NULL);
	for (i = 0; i < sizeof mime_table / sizeof mime_table[0]; i++)
		if (strcasecmp(dot + 1, mime_table[i].ext) == 0)
			return (mime_table[i].type);
	return (NULL);
}

off_t
composer_model_wire_size(off_t n)
{
	off_t chars = (n + 2) / 3 * 4;

	return (chars + (chars + 75) / 76 * 2);
}

off_t
composer_model_message_size(const struct composer_model *m)
{
	off_t  n = COMPOSER_MODEL_HEAD_BYTES;
	size_t i, len;
	char  *body = composer_model_body(m, &len);

	free(body);
	n += (off_t)len + (off_t)len / 50; /* CR LF for LF, flowed breaks */
	for (i = 0; i < CF_COUNT; i++)
		n += (off_t)m->field[i].len;
	for (i = 0; i < m->natt; i++)
		n += COMPOSER_MODEL_PART_BYTES +
		    composer_model_wire_size(m->att[i].size);
	return (n);
}

void
composer_model_sizes_text(off_t n, off_t onwire, char *buf, size_t len)
{
	char size[32], wire[32];

	composer_model_size_text(n, size, sizeof size);
	composer_model_size_text(onwire, wire, sizeof wire);
	snprintf(buf, len, "%s, %s as mail", size, wire);
}

void
composer_model_size_text(off_t size, char *buf, size_t len)
{
	if (size < 1024)
		snprintf(buf, len, "%lld B", (long long)size);
	else if (size < 1024 * 1024)
		snprintf(buf, len, "%lld KB", (long long)(size + 1023) / 1024);
	else
		snprintf(buf, len, "%.1f MB", (double)size / (1024 * 1024));
}

const struct config *
composer_model_account(const struct composer_model *cm,
    const struct config				   *cfg)
{
	const struct config *a;

	if (cm->account == NULL)
		return (cfg);
	/* A draft from before the default's section was renamed. */
	if ((a = config_account_find(cfg, cm->account)) != NULL &&
	    config_account_stored(a) == NULL)
		return (cfg);
	return (a);
}

const struct config *
composer_model_next_account(struct composer_model *cm,
    const struct config				  *cfg)
{
	const struct config *cur = composer_model_account(cm, cfg), *a;
	size_t		     i, n = config_account_count(cfg);

	for (i = 0; cur != NULL && i < n; i++)
		if (config_account_at(cfg, i) == cur)
			break;
	a = config_account_at(cfg, cur == NULL || i + 1 >= n ? 0 : i + 1);
	free(cm->account);
	cm->account = config_account_stored(a) != NULL ?
	    xstrdup(config_account_stored(a)) :
	    NULL;
	return (a);
}

/* Append s fitted to cols columns (cut, then padded with spaces). */
static void
row_put(char *buf, size_t len, size_t *o, const char *s, int cols, int ascii)
{
	size_t n;
	int    used;

	n = utf8_fit(s, strlen(s), cols, ascii, &used);
	if (*o + n + (size_t)(cols - used) + 1 > len)
		return;
	memcpy(buf + *o, s, n);
	*o += n;
	for (; used < cols; used++)
		buf[(*o)++] = ' ';
	buf[*o] = '\0';
}

/* The first line of text with something in it, controls as spaces. */
static char *
first_line(const char *body)
{
	char  *s;
	size_t n, i;

	body += strspn(body, " \t\n");
	n = strcspn(body, "\n");
	s = xstrndup(body, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			s[i] = ' ';
	return (s);
}

/* Columns of To and Subject (the text gets the rest, none below 50). */
static void
row_widths(int cols, int *to, int *subject)
{
	int rest = cols - COMPOSER_MODEL_WHEN_COLS - 2;

	if (rest < 6)
		rest = 6;
	if (cols < 50) {
		*to = (rest - 2) * 2 / 5;
		*subject = rest - 2 - *to;
		return;
	}
	*to = (rest - 4) * 3 / 10;
	*subject = (rest - 4) * 4 / 10;
}

/* Columns left for the first line of text. */
static int
text_cols(int cols, int to, int subject)
{
	int n = cols - COMPOSER_MODEL_WHEN_COLS - 2 - to - 2 - subject - 2;

	return (n > 0 ? n : 0);
}

void
composer_model_draft_row(const struct draft *d, int cols, int ascii, char *buf,
    size_t len)
{
	char	  when[32], *text;
	struct tm tm;
	size_t	  o = 0;
	int	  to, subject;

	localtime_r(&d->saved, &tm);
	strftime(when, sizeof when, "%b %d %H:%M", &tm);
	row_widths(cols, &to, &subject);
	buf[0] = '\0';
	row_put(buf, len, &o, when, COMPOSER_MODEL_WHEN_COLS + 2, ascii);
	row_put(buf, len, &o, *d->to ? d->to : "(no recipient)", to, ascii);
	row_put(buf, len, &o, "  ", 2, ascii);
	row_put(buf, len, &o, *d->subject ? d->subject : "(no subject)",
	    subject, ascii);
	if (cols < 50)
		return;
	text = first_line(d->body != NULL ? d->body : "");
	row_put(buf, len, &o, "  ", 2, ascii);
	row_put(buf, len, &o, text, text_cols(cols, to, subject), ascii);
	free(text);
}

void
composer_model_draft_header(int cols, char *buf, size_t len)
{
	size_t o = 0;
	int    to, subject;

	row_widths(cols, &to, &subject);
	buf[0] = '\0';
	row_put(buf, len, &o, "Saved", COMPOSER_MODEL_WHEN_COLS + 2, 1);
	row_put(buf, len, &o, "To", to + 2, 1);
	row_put(buf, len, &o, "Subject", subject, 1);
	if (cols >= 50)
		row_put(buf, len, &o, "  Text",
		    text_cols(cols, to, subject) + 2, 1);
}
