/*
 * trace.c -- write the protocol trace: "C: " for what we sent, "S: " for
 * what the server said, "* " for our own notes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "trace.h"

FILE *
trace_open(const char *path)
{
	FILE *f;
	int   fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return (NULL);
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return (NULL);
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return (f);
}

void
trace_write(void *arg, enum trace_dir dir, const char *data, size_t len)
{
	FILE	   *f = arg;
	const char *prefix = dir == TRACE_SENT ?
	    "C: " :
	    (dir == TRACE_RECEIVED ? "S: " : "* ");
	size_t	    i;
	int	    bol = 1;

	if (f == NULL)
		return;
	for (i = 0; i < len; i++) {
		if (bol)
			fputs(prefix, f);
		bol = data[i] == '\n';
		if (data[i] != '\r')
			fputc(data[i], f);
	}
	if (!bol)
		fputc('\n', f);
}
