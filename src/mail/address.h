/*
 * address.h -- e-mail addresses: validation (RFC 5322 addr-spec, through
 * libetpan's mailimf parser) and splitting of address lists.
 */
#ifndef OUTPOST_ADDRESS_H
#define OUTPOST_ADDRESS_H

#include <stddef.h>

#include "base/err.h"

/*
 * Is addr a valid bare address (local@domain, no display name)?
 * Errors: OP_EINVAL naming the address and what is wrong, as in
 * "\"bob@\" is not a valid address: nothing after the @" (callers
 * prefix the field with op_err_prefix).
 */
int address_check(const char *, struct op_err *);

/*
 * The one rule for the sender outpost sends as (-f, a message's From,
 * an outbox envelope's from): addr must be the account's address,
 * compared whole and without regard to case.  Arguments: what names the
 * field in the error, addr, the account's address.  Error: OP_EPOLICY,
 * as in "-f: eve@evil.org is not your address ada@example.org; outpost
 * only sends as the account".
 */
int address_account_check(const char *, const char *, const char *,
    struct op_err *);

/*
 * Split a header-style list ("Ada <ada@x.org>, bob@y.org") into bare
 * addresses (allocated array of allocated strings, appended to *list).
 * Arguments: field name (for errors, e.g. "To"), the list text, list, n.
 * Groups ("team: a@x.org, b@y.org;") give their members.  Each address
 * passes address_check; nothing is appended on error.
 * Errors: OP_EINVAL naming the field and the bad entry.
 */
int  address_list_parse(const char *, const char *, char ***, size_t *,
     struct op_err *);
void address_list_free(char **, size_t);

#endif
