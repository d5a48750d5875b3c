/*
 * srvcaps.c -- what the server offered at the last session, read back
 * from DATA/outbox/server-caps (see srvcaps.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "store/srvcaps.h"
#include "base/trust.h"

FILE *
srvcaps_open(const char *dir)
{
	char	    path[4096], why[400];
	struct stat st;
	FILE	   *f;
	int	    fd;

	snprintf(path, sizeof path, "%s/%s", dir, SRVCAPS_FILE);
	if ((fd = trust_open(AT_FDCWD, path, O_NOFOLLOW, &st)) == -1)
		return (NULL);
	if (trust_file_why(&st, 0, why, sizeof why) != NULL ||
	    (f = fdopen(fd, "re")) == NULL) {
		close(fd);
		return (NULL);
	}
	return (f);
}

size_t
srvcaps_size(const char *dir, const char *host)
{
	char   line[600], h[512];
	FILE  *f;
	int    eight, utf8;
	size_t size = 0;

	if ((f = srvcaps_open(dir)) == NULL)
		return (0);
	if (fgets(line, sizeof line, f) == NULL ||
	    sscanf(line, "%511s %d %d %zu", h, &eight, &utf8, &size) != 4 ||
	    strcasecmp(h, host) != 0)
		size = 0;
	fclose(f);
	return (size);
}
