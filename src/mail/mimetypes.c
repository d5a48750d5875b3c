/*
 * mimetypes.c -- a file's MIME type from its name, as mutt and the
 * desktop do before looking at the bytes: a mime.types file (Debian's
 * media-types package) has lines "type/subtype ext ext ...", '#'
 * comments and blank lines.  It is read with bounds: its first
 * MIMETYPES_FILE_MAX bytes, lines of at most MIMETYPES_LINE_MAX bytes
 * (a longer one is skipped whole), nothing kept but the answer.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mail/mimetypes.h"
#include "base/xmalloc.h"

#define MIMETYPES_FILE_MAX (1024 * 1024)
#define MIMETYPES_LINE_MAX 1024
#define MIMETYPES_SPACE	   " \t\r\n"

/* The extension of name's last component, or NULL. */
static const char *
mimetypes_ext(const char *name)
{
	const char *base, *dot;

	base = strrchr(name, '/') != NULL ? strrchr(name, '/') + 1 : name;
	if ((dot = strrchr(base, '.')) == NULL || dot == base ||
	    dot[1] == '\0')
		return (NULL);
	return (dot + 1);
}

/* The type of one line (allocated) when it names ext, else NULL. */
static char *
mimetypes_line(char *line, const char *ext)
{
	char *type, *word, *last;

	type = strtok_r(line, MIMETYPES_SPACE, &last);
	if (type == NULL || *type == '#' || strchr(type, '/') == NULL)
		return (NULL);
	while ((word = strtok_r(NULL, MIMETYPES_SPACE, &last)) != NULL &&
	    *word != '#')
		if (strcasecmp(word, ext) == 0)
			return (xstrdup(type));
	return (NULL);
}

/* The file at path for reading when it is a regular file, else NULL. */
static FILE *
mimetypes_open(const char *path)
{
	struct stat st;
	FILE	   *f;
	int	    fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return (NULL);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return (NULL);
	}
	return (f);
}

/*
 * The next line of f in buf (no line end), reading no more than *left
 * bytes of the file in all.  1: a line; 0: one too long for buf, read to
 * its end and dropped; -1: the end of the file, or a line the bound cut.
 */
static int
mimetypes_getline(FILE *f, char *buf, size_t size, size_t *left)
{
	size_t n = 0;
	int    c = EOF, over = 0;

	while (*left > 0 && (c = getc(f)) != EOF) {
		(*left)--;
		if (c == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = (char)c;
		else
			over = 1;
	}
	buf[n] = '\0';
	if (c == '\n' || (c == EOF && (n > 0 || over)))
		return (over ? 0 : 1);
	return (-1);
}

char *
mimetypes_lookup(const char *path, const char *name)
{
	char	    line[MIMETYPES_LINE_MAX + 1], *type = NULL;
	const char *ext;
	size_t	    left = MIMETYPES_FILE_MAX;
	int	    r;
	FILE	   *f;

	if (path == NULL || (ext = mimetypes_ext(name)) == NULL ||
	    (f = mimetypes_open(path)) == NULL)
		return (NULL);
	while (type == NULL &&
	    (r = mimetypes_getline(f, line, sizeof line, &left)) != -1)
		if (r == 1)
			type = mimetypes_line(line, ext);
	fclose(f);
	return (type);
}
