/*
 * outbox-text.c -- the longer texts of the Outbox screen, without
 * curses: the detail lines of the selected item (what happened, what
 * comes next, what the server said, the Sent copy), line wrapping for
 * them, and the text of the view of one item (its facts, then the
 * stored message made safe to show).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbox/outbox-model.h"
#include "base/strutil.h"
#include "base/strbuf.h"
#include "base/xmalloc.h"

/* A new line of the detail ("\n" before every line but the first). */
static void __attribute__((format(printf, 2, 3)))
line(struct strbuf *t, const char *fmt, ...)
{
	va_list ap;
	char   *s;
	int	n;

	if (t->len > 0)
		strbuf_add(t, "\n", 1);
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	strbuf_add(t, s, (size_t)n);
	free(s);
}

static const char *
plural(unsigned n)
{
	return (n == 1 ? "" : "s");
}

static void
clock_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M", &tm);
}

static void
join_rcpts(struct strbuf *t, const struct outbox_item *it)
{
	size_t i;

	for (i = 0; i < it->nrcpts; i++)
		strbuf_printf(t, "%s%s", i ? ", " : "", it->rcpts[i]);
}

static void
status_line(struct strbuf *t, const struct outbox_item *it, const char *held,
    time_t now)
{
	char rel[32], at[16];

	if (held != NULL) {
		line(t,
		    "Needs password after %u attempt%s: not tried again until you retry it",
		    it->attempts, plural(it->attempts));
		return;
	}
	switch (it->state) {
	case OUTBOX_QUEUED:
		if (it->attempts == 0)
			line(t, "Queued: not tried yet");
		else
			line(t, "Queued again after %u attempt%s",
			    it->attempts, plural(it->attempts));
		break;
	case OUTBOX_SENDING:
		line(t, "Being sent now (attempt %u)", it->attempts);
		break;
	case OUTBOX_DEFERRED:
		outbox_model_rel_time(it->next_attempt, now, 0, rel,
		    sizeof rel);
		clock_time(it->next_attempt, at, sizeof at);
		if (it->next_attempt > now)
			line(t,
			    "Deferred after %u attempt%s; next try %s (at %s)",
			    it->attempts, plural(it->attempts), rel, at);
		else
			line(t,
			    "Deferred after %u attempt%s; due for another try now",
			    it->attempts, plural(it->attempts));
		break;
	case OUTBOX_FAILED:
		line(t,
		    "Failed after %u attempt%s: not sent. Retry, edit or delete it",
		    it->attempts, plural(it->attempts));
		break;
	case OUTBOX_UNCERTAIN:
		line(t,
		    "Uncertain: it may have been delivered. Resend it, or mark it sent");
		break;
	case OUTBOX_SENT:
		outbox_model_rel_time(it->sent_at, now, 0, rel, sizeof rel);
		clock_time(it->sent_at, at, sizeof at);
		line(t, "Sent %s (at %s)", rel, at);
		break;
	}
}

static void
copy_line(struct strbuf *t, const struct outbox_item *it, time_t now)
{
	char rel[32];

	if (it->state != OUTBOX_SENT || it->copy == OUTBOX_COPY_NONE)
		return;
	if (it->copy == OUTBOX_COPY_DONE) {
		line(t, "Sent copy: in %s",
		    it->copy_folder != NULL ? it->copy_folder :
					      "the Sent folder");
		return;
	}
	if (it->copy_next_attempt > now)
		outbox_model_rel_time(it->copy_next_attempt, now, 0, rel,
		    sizeof rel);
	else
		snprintf(rel, sizeof rel, "due now");
	line(t, "Sent copy pending (%u attempt%s, next %s)%s%s",
	    it->copy_attempts, plural(it->copy_attempts), rel,
	    it->copy_error != NULL ? ": " : "",
	    it->copy_error != NULL ? it->copy_error : "");
}

char *
outbox_model_detail(const struct outbox_item *it, const char *held, time_t now)
{
	struct strbuf t = STRBUF_INIT;
	size_t	      i;

	/* What matters most first: short screens show only the top. */
	status_line(&t, it, held, now);
	if (it->state != OUTBOX_SENT && it->last_error != NULL)
		line(&t, "Error: %s", it->last_error);
	else if (held != NULL)
		line(&t, "Error: %s", held);
	if (it->state != OUTBOX_SENT && it->last_reply != NULL)
		line(&t, "Server said: %s", it->last_reply);
	if (it->state == OUTBOX_SENT && it->final_reply != NULL)
		line(&t, "Server said: %s", it->final_reply);
	for (i = 0; i < it->nfailed_rcpts; i++)
		line(&t, "Not delivered to %s: %s",
		    it->failed_rcpts[i].address, it->failed_rcpts[i].reply);
	copy_line(&t, it, now);
	line(&t, "To: ");
	join_rcpts(&t, it);
	line(&t, "Subject: %s", it->subject != NULL ? it->subject : "");
	return (t.p);
}

size_t
outbox_model_wrap(const char *s, size_t len, int cols, int ascii)
{
	size_t o = 0, n, brk = 0;
	int    used = 0, w;

	while (o < len && s[o] != '\n') {
		if ((w = utf8_char_width(s + o, len - o, ascii, &n)) < 0)
			w = 1;
		if (used + w > cols && o > 0)
			break;
		used += w;
		o += n;
		if (s[o - 1] == ' ')
			brk = o;
	}
	if (o < len && s[o] != '\n' && brk > 0)
		return (brk);
	return (o);
}

static void
fact(struct strbuf *t, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		strbuf_printf(t, "%-12s %s\n", name, value);
}

static void
time_fact(struct strbuf *t, const char *name, time_t when, time_t now)
{
	char	  rel[32], at[32], both[80];
	struct tm tm;

	if (when == 0)
		return;
	localtime_r(&when, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", &tm);
	outbox_model_rel_time(when, now, 0, rel, sizeof rel);
	snprintf(both, sizeof both, "%s (%s)", at, rel);
	fact(t, name, both);
}

static void
facts(struct strbuf *t, const struct outbox_item *it, const char *held,
    time_t now)
{
	char  *detail, n[32];
	size_t i;

	fact(t, "Subject:", it->subject);
	fact(t, "From:", it->from);
	for (i = 0; i < it->nrcpts; i++)
		fact(t, i == 0 ? "To:" : "", it->rcpts[i]);
	snprintf(n, sizeof n, "%s, %u attempt%s",
	    held != NULL ? "needs password" : outbox_model_state(it),
	    it->attempts, plural(it->attempts));
	fact(t, "State:", n);
	time_fact(t, "Queued:", it->created, now);
	time_fact(t, "Last try:", it->last_attempt, now);
	if (held == NULL &&
	    (it->state == OUTBOX_DEFERRED || it->state == OUTBOX_QUEUED))
		time_fact(t, "Next try:", it->next_attempt, now);
	time_fact(t, "Sent:", it->sent_at, now);
	fact(t, "Message-ID:", it->message_id);
	fact(t, "Item:", it->id);
	detail = outbox_model_detail(it, held, now);
	strbuf_printf(t, "\n%s\n", detail);
	free(detail);
}

/* The message bytes as lines of text: CRLF as LF, tabs as spaces. */
static void
safe_message(struct strbuf *t, const char *msg, size_t len)
{
	size_t i = 0, n, col = 0;
	int    w;

	while (i < len) {
		if (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n') {
			i++;
			continue;
		}
		if (msg[i] == '\n' || msg[i] == '\t') {
			if (msg[i] == '\n')
				col = 0;
			strbuf_add(t, msg[i] == '\n' ? "\n" : "        ",
			    msg[i] == '\n' ? 1 : 8 - col % 8);
			i++;
			continue;
		}
		if ((w = utf8_char_width(msg + i, len - i, 0, &n)) < 0)
			w = 1;
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f ||
		    !utf8_valid(msg + i, n))
			strbuf_add(t, "?", 1);
		else
			strbuf_add(t, msg + i, n);
		col += (size_t)w;
		i += n;
	}
}

static void
header(struct strbuf *t, const char *name, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	strbuf_printf(t, "%s ", name);
	safe_message(t, value, strlen(value));
	strbuf_add(t, "\n", 1);
}

char *
outbox_model_view_text(const struct outbox_item *it,
    const struct outbox_model_view *v, size_t max)
{
	struct strbuf t = STRBUF_INIT;
	size_t	      i, blen;

	facts(&t, it, v->held, time(NULL));
	if (v->error != NULL) {
		strbuf_printf(&t, "\n(the stored message cannot be shown: ");
		safe_message(&t, v->error, strlen(v->error));
		strbuf_printf(&t, ")\n");
		return (strbuf_take(&t));
	}
	strbuf_printf(&t, "\n---- the message ----\n");
	header(&t, "To:", v->to);
	header(&t, "Cc:", v->cc);
	header(&t, "Bcc:", v->bcc);
	header(&t, "Subject:", v->subject);
	strbuf_add(&t, "\n", 1);
	blen = v->body != NULL ? strlen(v->body) : 0;
	safe_message(&t, v->body != NULL ? v->body : "",
	    blen < max ? blen : max);
	if (blen > max)
		strbuf_printf(&t, "\n(%zu more bytes not shown)\n",
		    blen - max);
	if (blen > 0 && v->body[blen - 1] != '\n')
		strbuf_add(&t, "\n", 1);
	for (i = 0; i < v->nfiles; i++) {
		strbuf_printf(&t, "[attachment: ");
		safe_message(&t, v->files[i], strlen(v->files[i]));
		strbuf_printf(&t, "]\n");
	}
	return (strbuf_take(&t));
}
