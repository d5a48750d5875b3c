/*
 * srvcaps.c -- what the server offered at the last session, read back
 * from DATA/outbox/server-caps (see srvcaps.h).
 */
#include <stdio.h>
#include <strings.h>

#include "store/srvcaps.h"
#include "base/trust.h"

FILE *
srvcaps_open(const char *dir)
{
	return (trust_fopen(dir, SRVCAPS_FILE, NULL));
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
