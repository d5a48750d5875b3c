/*
 * testutil.h -- the small file helpers the unit tests share: read a
 * whole file, write one, and remove a temporary tree.  Header-only
 * (static inline), like tap.h, so no test needs another source file.
 */
#ifndef OUTPOST_TESTUTIL_H
#define OUTPOST_TESTUTIL_H

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#define TU_SLURP_MAX (1024 * 1024)

/*
 * The file's contents (at most 1 MiB - 1 bytes), NUL-terminated; empty
 * if it cannot be read.  The length goes to *lenp if not NULL.
 */
static inline char *
tu_slurp(const char *path, size_t *lenp)
{
	FILE  *f = fopen(path, "rb");
	char  *buf = malloc(TU_SLURP_MAX);
	size_t n = 0;

	if (buf == NULL)
		abort();
	if (f != NULL) {
		n = fread(buf, 1, TU_SLURP_MAX - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	if (lenp != NULL)
		*lenp = n;
	return (buf);
}

/* Write s to path; quietly does nothing if the file cannot be opened. */
static inline void
tu_spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	if (f != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

static inline int
tu_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path) == -1 ? 0 : 0);
}

/* Remove path and everything under it, not following links; 0 if done. */
static inline int
tu_rm_rf(const char *path)
{
	struct stat st;

	nftw(path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return (lstat(path, &st) == 0 ? -1 : 0);
}

#endif
