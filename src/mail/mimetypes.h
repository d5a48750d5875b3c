/*
 * mimetypes.h -- a file's MIME type from its name's extension, looked
 * up in a mime.types file (the system's is /etc/mime.types).
 */
#ifndef OUTPOST_MIMETYPES_H
#define OUTPOST_MIMETYPES_H

/*
 * The type ("type/subtype", allocated) that the mime.types file at path
 * gives the extension of name, or NULL.  The extension follows the last
 * dot of the name's last component and is matched without regard to
 * case; the first line that names it wins.  NULL: no extension (no dot,
 * a dot at the end, or only the leading one of ".bashrc"), an unknown
 * one, path NULL, or a file that is missing, unreadable or not a
 * regular file -- never an error.
 */
char *mimetypes_lookup(const char *, const char *);

#endif
