/*
 * imap-caps.c -- CAPABILITY with an empty list in place beforehand (see
 * imap-caps.h).
 */
#include "wire/imap-caps.h"

int
imap_caps_ask(mailimap *imap)
{
	struct mailimap_connection_info *ci = imap->imap_connection_info;
	struct mailimap_capability_data *cap = NULL, *none;
	clist				*empty;
	int				 r;

	if (ci == NULL || (empty = clist_new()) == NULL)
		return (MAILIMAP_ERROR_MEMORY);
	if ((none = mailimap_capability_data_new(empty)) == NULL) {
		clist_free(empty);
		return (MAILIMAP_ERROR_MEMORY);
	}
	if (ci->imap_capability != NULL)
		mailimap_capability_data_free(ci->imap_capability);
	ci->imap_capability = none;
	if ((r = mailimap_capability(imap, &cap)) == MAILIMAP_NO_ERROR)
		mailimap_capability_data_free(cap);
	return (r);
}
