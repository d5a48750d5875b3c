/*
 * mimemagic.h -- libmagic, loaded only when a file's type must be read
 * from its bytes.
 */
#ifndef OUTPOST_MIMEMAGIC_H
#define OUTPOST_MIMEMAGIC_H

#include <stddef.h>

struct mimemagic;

/*
 * libmagic loaded (dlopen) with its database, answering MIME types and
 * encodings from at most bytes_max bytes of a file; NULL when the
 * library or its database cannot be loaded.
 */
struct mimemagic *mimemagic_open(size_t);
/*
 * libmagic's answer for the file at path ("type/subtype;
 * charset=...", valid until the next call), or NULL.
 */
const char *mimemagic_file(struct mimemagic *, const char *);
/* Close the database and unload the library; NULL is allowed. */
void mimemagic_close(struct mimemagic *);

#endif
