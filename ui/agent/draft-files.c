/*
 * draft-files.c -- a draft's own files (see draft-files.h), written
 * durably before the draft names them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/draft-files.h"
#include "base/atomicfile.h"
#include "base/xmalloc.h"
#include "mail/message-unbuild.h"
#include "store/draft.h"

/* A file name that stays inside its directory: no "/", no leading dot. */
static char *
safe_name(const char *name, size_t n)
{
	char  *s, *p;
	size_t i;

	if ((p = strrchr(name, '/')) != NULL)
		name = p + 1;
	while (*name == '.' || *name == ' ')
		name++;
	s = xstrdup(*name != '\0' ? name : "attachment");
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
			s[i] = '_';
	if (n > 0) { /* the same name again */
		p = s;
		xasprintf(&s, "%zu-%s", n + 1, p);
		free(p);
	}
	return (s);
}

static int
name_taken(char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (1);
	return (0);
}

/* Each file into dir (0700), 0600, durably; their paths into the draft. */
static int
write_files(const char *dir, const struct message_file *files, size_t n,
    struct draft *d, struct op_err *err)
{
	char  *name, *path;
	size_t i, k;

	if (n > 0 && atomicfile_mkdirs(dir, err) != 0)
		return (-1);
	for (i = 0; i < n; i++) {
		for (k = 0;; k++) {
			name = safe_name(files[i].name, k);
			xasprintf(&path, "%s/%s", dir, name);
			free(name);
			if (!name_taken(d->attach, d->nattach, path))
				break;
			free(path);
		}
		if (atomicfile_replace(path, files[i].data, files[i].len, 0600,
			err) != 0) {
			free(path);
			return (-1);
		}
		d->attach = xreallocarray(d->attach, d->nattach + 1,
		    sizeof *d->attach);
		d->attach[d->nattach++] = path;
	}
	return (0);
}

int
draft_files_save(const char *datadir, const struct message_file *files,
    size_t n, struct draft *d, struct op_err *err)
{
	char *dir;
	int   r;

	if (draft_save(datadir, d, err) != 0)
		return (-1);
	if (n == 0)
		return (0);
	xasprintf(&dir, "%s/drafts/%s.files", datadir, d->id);
	r = write_files(dir, files, n, d, err);
	free(dir);
	if (r != 0)
		return (-1);
	return (draft_save(datadir, d, err));
}
