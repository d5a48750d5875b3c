/*
 * isotime.c -- UTC times in outpost's files: "2026-11-27T23:36:00Z".
 */
#include <string.h>
#include <time.h>

#include "base/isotime.h"

void
isotime_format(time_t t, char buf[ISOTIME_LEN])
{
	struct tm tm;

	buf[0] = '\0';
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 70 ||
	    tm.tm_year > 9999 - 1900)
		return;
	if (strftime(buf, ISOTIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return (v);
}

int
isotime_parse(const char *s, time_t *t)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm	  tm, chk;
	time_t		  v;
	size_t		  i;

	if (strlen(s) != sizeof pat - 1)
		return (-1);
	for (i = 0; pat[i] != '\0'; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
				    s[i] != pat[i])
			return (-1);
	}
	if (digits(s, 4) < 1970)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	tm.tm_hour = digits(s + 11, 2);
	tm.tm_min = digits(s + 14, 2);
	tm.tm_sec = digits(s + 17, 2);
	chk = tm;
	if ((v = timegm(&tm)) == (time_t)-1)
		return (-1);
	/* timegm normalises: 02-30 comes back as 03-02. */
	if (tm.tm_mon != chk.tm_mon || tm.tm_mday != chk.tm_mday ||
	    tm.tm_hour != chk.tm_hour || tm.tm_min != chk.tm_min ||
	    tm.tm_sec != chk.tm_sec)
		return (-1);
	*t = v;
	return (0);
}
