/*
 * mimemagic.c -- libmagic, loaded with dlopen only when an attachment's
 * name says nothing of its type (message-attach.c asks mime.types
 * first).  Its softmagic walks most of its 8 MB database for text or
 * random bytes, and the library brings liblzma, libbz2 and libz: a send
 * whose attachments are all named, or that has none, maps none of it.
 * Only the header is used at build time.
 */
#include <dlfcn.h>
#include <magic.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mimemagic.h"
#include "base/xmalloc.h"

#define MIMEMAGIC_LIB "libmagic.so.1"
#define MIMEMAGIC_FUNCS(X) \
	X(magic_open)      \
	X(magic_load)      \
	X(magic_setparam)  \
	X(magic_file)      \
	X(magic_close)

struct mimemagic {
	void   *lib;
	magic_t cookie;
#define MIMEMAGIC_PTR(f) __typeof__(f) *mm_##f;
	MIMEMAGIC_FUNCS(MIMEMAGIC_PTR)
#undef MIMEMAGIC_PTR
};
/* f as resolved in the library mm loaded. */
#define MM(mm, f) (*(mm)->mm_##f)

/* Every function resolved: 0, or -1 when one is missing. */
static int
mimemagic_resolve(struct mimemagic *mm)
{
	void *sym;

#define MIMEMAGIC_SYM(f)                        \
	if ((sym = dlsym(mm->lib, #f)) == NULL) \
		return (-1);                    \
	memcpy(&mm->mm_##f, &sym, sizeof sym);
	MIMEMAGIC_FUNCS(MIMEMAGIC_SYM)
#undef MIMEMAGIC_SYM
	return (0);
}

struct mimemagic *
mimemagic_open(size_t bytes_max)
{
	struct mimemagic *mm;

	mm = xcalloc(1, sizeof *mm);
	if ((mm->lib = dlopen(MIMEMAGIC_LIB, RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    mimemagic_resolve(mm) == -1 ||
	    (mm->cookie = MM(mm, magic_open)(
		 MAGIC_MIME_TYPE | MAGIC_MIME_ENCODING)) == NULL ||
	    MM(mm, magic_load)(mm->cookie, NULL) == -1) {
		mimemagic_close(mm);
		return (NULL);
	}
	/*
	 * libmagic reads up to 7 MB of a big file into two buffers of that
	 * size: a smaller limit keeps the peak memory small.
	 */
	(void)MM(mm, magic_setparam)(mm->cookie, MAGIC_PARAM_BYTES_MAX,
	    &bytes_max);
	return (mm);
}

const char *
mimemagic_file(struct mimemagic *mm, const char *path)
{
	return (mm != NULL ? MM(mm, magic_file)(mm->cookie, path) : NULL);
}

void
mimemagic_close(struct mimemagic *mm)
{
	if (mm == NULL)
		return;
	if (mm->cookie != NULL)
		MM(mm, magic_close)(mm->cookie);
	if (mm->lib != NULL)
		dlclose(mm->lib);
	free(mm);
}
