/*
 * events.c -- the JSON-lines side of outpost-agent (--events): one
 * compact object per line on the real stdout, flushed at once; answers
 * read from stdin a byte at a time (so nothing past the answer's line end
 * is consumed); the "done" line written exactly once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/events.h"
#include "agent/prompt.h"
#include "proto/protocol.h"
#include "work/secret.h"
#include "base/xmalloc.h"

#define EVENTS_LINE_MAX 1024

static FILE  *ev_out;			/* the real stdout */
static int    ev_done;			/* the done line was written */
static char  *ev_message;		/* set by the command */
static char   ev_last[EVENTS_LINE_MAX]; /* the last line on stderr */
static char   ev_cur[EVENTS_LINE_MAX];	/* the line being written */
static size_t ev_curlen;

int
events_take_flag(int *argc, char **argv)
{
	int i, j, found = 0;

	for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--events") != 0)
			continue;
		found = 1;
		for (j = i; j < *argc; j++)
			argv[j] = argv[j + 1];
		(*argc)--;
		i--;
	}
	return (found);
}

/* stderr, remembering its last non-empty line for "done". */
static ssize_t
err_write(void *cookie, const char *buf, size_t size)
{
	size_t	i;
	ssize_t n;

	(void)cookie;
	for (i = 0; i < size; i++) {
		if (buf[i] != '\n') {
			if (ev_curlen < sizeof ev_cur - 1)
				ev_cur[ev_curlen++] = buf[i];
			continue;
		}
		if (ev_curlen > 0) {
			memcpy(ev_last, ev_cur, ev_curlen);
			ev_last[ev_curlen] = '\0';
		}
		ev_curlen = 0;
	}
	for (i = 0; i < size; i += (size_t)n) {
		n = write(STDERR_FILENO, buf + i, size - i);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0)
			break;
	}
	return ((ssize_t)size);
}

int
events_start(void)
{
	cookie_io_functions_t io = { NULL, err_write, NULL, NULL };
	FILE		     *f;
	json_t		     *hello;
	int		      fd;

	fflush(stdout);
	if ((fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
		return (-1);
	if ((ev_out = fdopen(fd, "w")) == NULL) {
		close(fd);
		return (-1);
	}
	/* Stray output (ours or a child's) goes to stderr, never stdout. */
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		return (-1);
	if ((f = fopencookie(NULL, "w", io)) != NULL) {
		setvbuf(f, NULL, _IONBF, 0);
		stderr = f;
	}
	hello = events_new(PROTO_EV_HELLO);
	json_object_set_new(hello, PROTO_F_VERSION,
	    json_integer(PROTO_VERSION));
	events_emit(hello);
	return (0);
}

int
events_active(void)
{
	return (ev_out != NULL);
}

json_t *
events_new(enum proto_event ev)
{
	json_t *o = json_object();

	if (o == NULL)
		abort();
	json_object_set_new(o, PROTO_F_EV, json_string(proto_event_name(ev)));
	return (o);
}

void
events_emit(json_t *o)
{
	if (ev_out != NULL && !ev_done) {
		json_dumpf(o, ev_out, JSON_COMPACT);
		fputc('\n', ev_out);
		fflush(ev_out);
	}
	json_decref(o);
}

void
events_set_str(json_t *o, const char *key, const char *value)
{
	json_t *s;
	char   *copy;
	size_t	i;

	if (value == NULL)
		value = "";
	if ((s = json_string(value)) == NULL) {
		/* Not UTF-8 (a server's reply?): bytes above ASCII as '?'. */
		copy = xstrdup(value);
		for (i = 0; copy[i] != '\0'; i++)
			if ((unsigned char)copy[i] >= 0x80)
				copy[i] = '?';
		s = json_string(copy);
		free(copy);
	}
	json_object_set_new(o, key, s);
}

static void
emit_text(enum proto_event ev, const char *key, const char *text)
{
	json_t *o = events_new(ev);

	events_set_str(o, key, text);
	events_emit(o);
}

void
events_emit_queued(const char *id, const char *draft)
{
	json_t *o = events_new(PROTO_EV_QUEUED);

	events_set_str(o, PROTO_F_ID, id);
	events_set_str(o, PROTO_F_DRAFT, draft);
	events_emit(o);
}

void
events_note(const char *text)
{
	emit_text(PROTO_EV_NOTE, PROTO_F_TEXT, text);
}

void
events_say(const char *text)
{
	emit_text(PROTO_EV_SAY, PROTO_F_TEXT, text);
}

const char *
events_source_name(enum send_source s)
{
	switch (s) {
	case SEND_SRC_COMMAND:
		return (PROTO_SOURCE_COMMAND);
	case SEND_SRC_KEYRING:
		return (PROTO_SOURCE_KEYRING);
	case SEND_SRC_PROMPT:
		return (PROTO_SOURCE_PROMPT);
	case SEND_SRC_NONE:
		break;
	}
	return (PROTO_SOURCE_NONE);
}

void
events_source(enum send_source s)
{
	emit_text(PROTO_EV_SOURCE, PROTO_F_SOURCE, events_source_name(s));
}

void
events_message(const char *fmt, ...)
{
	va_list ap;

	free(ev_message);
	va_start(ap, fmt);
	if (vasprintf(&ev_message, fmt, ap) < 0)
		ev_message = NULL;
	va_end(ap);
}

/* "outpost send: not queued: ..." -> "not queued: ...". */
static const char *
strip_progname(const char *line)
{
	const char *colon;

	if (strncmp(line, "outpost", 7) != 0 ||
	    (colon = strstr(line, ": ")) == NULL ||
	    strcspn(line, ":") != (size_t)(colon - line))
		return (line);
	return (colon + 2);
}

void
events_done(int status)
{
	json_t	   *o;
	const char *msg;

	if (ev_out == NULL || ev_done)
		return;
	if (ev_curlen > 0) { /* a last line without its line end */
		memcpy(ev_last, ev_cur, ev_curlen);
		ev_last[ev_curlen] = '\0';
	}
	if (ev_message != NULL)
		msg = ev_message;
	else if (status != 0 && ev_last[0] != '\0')
		msg = strip_progname(ev_last);
	else
		msg = status == 0 ? "done" : "failed";
	o = events_new(PROTO_EV_DONE);
	json_object_set_new(o, PROTO_F_STATUS, json_integer(status));
	events_set_str(o, PROTO_F_MESSAGE, msg);
	events_emit(o);
	ev_done = 1;
	fclose(ev_out);
	ev_out = NULL;
	free(ev_message);
	ev_message = NULL;
}

/* ---- answers over the pipe */

static int
ev_ask(void *arg, const char *prompt, char **pw, struct op_err *err)
{
	json_t *o = events_new(PROTO_EV_ASK_PASSWORD);

	(void)arg;
	events_set_str(o, PROTO_F_PROMPT, prompt);
	events_emit(o);
	if (prompt_read_line(STDIN_FILENO, pw, err) != 0)
		return (op_err_set(err, OP_ESECRET,
		    "cancelled: no password was given"));
	return (0);
}

static int
ev_confirm(void *arg, const char *question)
{
	json_t *o = events_new(PROTO_EV_CONFIRM);
	char	line[16], c;
	size_t	n = 0;
	ssize_t r;

	(void)arg;
	events_set_str(o, PROTO_F_QUESTION, question);
	events_emit(o);
	for (;;) {
		r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n < sizeof line - 1 && c != '\r')
			line[n++] = c;
	}
	line[n] = '\0';
	return (strcmp(line, PROTO_YES) == 0 || strcmp(line, "y") == 0);
}

static void
ev_say(void *arg, const char *text)
{
	(void)arg;
	events_say(text);
}

/* The server's verdict on the password the UI gave: it keeps only one
 * that worked for the rest of its session. */
static void
ev_result(void *arg, int ok)
{
	json_t *o = events_new(PROTO_EV_PASSWORD_RESULT);

	(void)arg;
	json_object_set_new(o, PROTO_F_OK, json_boolean(ok));
	events_emit(o);
}

const struct send_prompt events_prompt = { ev_ask, ev_confirm, ev_say, NULL,
	ev_result };

const struct send_prompt *
events_or_cli_prompt(void)
{
	return (ev_out != NULL ? &events_prompt : &cli_prompt);
}
