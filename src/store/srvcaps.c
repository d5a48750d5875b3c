/*
 * srvcaps.c -- what the server offered at the last session, read back
 * from DATA/outbox/server-caps (see srvcaps.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/srvcaps.h"
#include "base/trust.h"

FILE *
srvcaps_open(const char *dir)
{
	return (trust_fopen(dir, SRVCAPS_FILE, NULL));
}

int
srvcaps_read(const char *dir, const char *host, struct srvcaps *caps)
{
	char  line[600], h[512];
	FILE *f;
	int   n = 0;

	memset(caps, 0, sizeof *caps);
	if ((f = srvcaps_open(dir)) == NULL)
		return (-1);
	if (fgets(line, sizeof line, f) != NULL)
		n = sscanf(line, "%511s %d %d %zu", h, &caps->eightbitmime,
		    &caps->smtputf8, &caps->size);
	fclose(f);
	if (n < 3 || strcasecmp(h, host) != 0) {
		memset(caps, 0, sizeof *caps);
		return (-1);
	}
	return (0);
}

size_t
srvcaps_size(const char *dir, const char *host)
{
	struct srvcaps caps;

	(void)srvcaps_read(dir, host, &caps);
	return (caps.size);
}
