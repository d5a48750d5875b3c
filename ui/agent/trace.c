/*
 * trace.c -- write the protocol trace: "C: " for what we sent, "S: " for
 * what the server said, "* " for our own notes.  What the server sends is
 * not trusted: every byte outside printable ASCII is written as an escape
 * (\x1b, \0, \t, \\ for a backslash), a line is cut after TRACE_LINE_MAX
 * characters and a run of server lines after TRACE_RUN_MAX, each cut
 * saying how much was left out.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "agent/trace.h"

struct trace {
	FILE	      *f;
	enum trace_dir dir;	/* of the line under way */
	int	       bol;	/* at the start of a line */
	size_t	       col;	/* characters written on this line */
	size_t	       cut;	/* bytes of this line left out */
	size_t	       run;	/* server lines since our last command */
	size_t	       run_cut; /* server bytes left out in this run */
};

struct trace *
trace_open(const char *path)
{
	struct trace *t;
	FILE	     *f;
	int	      fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return (NULL);
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return (NULL);
	}
	if ((t = calloc(1, sizeof *t)) == NULL) {
		fclose(f);
		return (NULL);
	}
	setvbuf(f, NULL, _IOLBF, 0);
	t->f = f;
	t->bol = 1;
	return (t);
}

static void
trace_put(struct trace *t, unsigned char c)
{
	if (c == '\\')
		fputs("\\\\", t->f);
	else if (c >= 0x20 && c < 0x7f)
		fputc(c, t->f);
	else if (c == '\0')
		fputs("\\0", t->f);
	else if (c == '\t')
		fputs("\\t", t->f);
	else
		fprintf(t->f, "\\x%02x", c);
}

static void
trace_eol(struct trace *t)
{
	if (t->cut > 0)
		fprintf(t->f, " [... %zu more bytes not shown]", t->cut);
	fputc('\n', t->f);
	t->bol = 1;
	t->col = 0;
	t->cut = 0;
}

/* The server's lines left out since our last command, said once. */
static void
trace_run_end(struct trace *t)
{
	if (t->run_cut > 0)
		fprintf(t->f, "* [%zu more bytes from the server not shown]\n",
		    t->run_cut);
	t->run = 0;
	t->run_cut = 0;
}

static void
trace_byte(struct trace *t, unsigned char c)
{
	static const char *prefix[] = { "C: ", "S: ", "* " };

	if (t->dir == TRACE_RECEIVED && t->run >= TRACE_RUN_MAX) {
		t->run_cut++;
		return;
	}
	if (c == '\r')
		return;
	if (t->bol) {
		fputs(prefix[t->dir == TRACE_SENT ?
			      0 :
			      (t->dir == TRACE_RECEIVED ? 1 : 2)],
		    t->f);
		t->bol = 0;
	}
	if (c == '\n') {
		trace_eol(t);
		if (t->dir == TRACE_RECEIVED)
			t->run++;
	} else if (t->col >= TRACE_LINE_MAX)
		t->cut++;
	else {
		trace_put(t, c);
		t->col++;
	}
}

void
trace_write(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	struct trace *t = arg;
	size_t	      i;

	if (t == NULL)
		return;
	if (dir != t->dir && !t->bol)
		trace_eol(t);
	if (dir != TRACE_RECEIVED && t->dir == TRACE_RECEIVED)
		trace_run_end(t);
	t->dir = dir;
	for (i = 0; i < len; i++)
		trace_byte(t, (unsigned char)data[i]);
	/* Our own notes and commands are whole lines. */
	if (dir != TRACE_RECEIVED && !t->bol)
		trace_eol(t);
}

void
trace_close(struct trace *t)
{
	if (t == NULL)
		return;
	if (!t->bol)
		trace_eol(t);
	if (t->dir == TRACE_RECEIVED)
		trace_run_end(t);
	fclose(t->f);
	free(t);
}
