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
 * One entry of a parsed address list: a mailbox (addr set; name its
 * display name, or the text of its comment in the form "bob@x.org (Bob)",
 * or NULL), or the start of a group (addr NULL, name the group's name,
 * members: how many of the entries after it are its mailboxes).  Names
 * are as libetpan reads them: quotes undone, encoded-words left as they
 * are.
 */
struct address {
	char  *name;
	char  *addr;
	size_t members;
	int    qualified; /* a bare local part, given the domain */
};

struct address_list {
	struct address *v;
	size_t		n;
	size_t		nmailboxes;
	int		qualified; /* some entry was qualified */
};

/*
 * Parse a header-style list ("Ada <ada@x.org>, team: a@x.org, b@y.org;")
 * and append its entries to list.  Arguments: field name (for errors,
 * e.g. "To"), the list text (NULL: empty), domain, list, err.  With a
 * domain, an address without @ (a local user, as "alice" or "root") is
 * qualified as alice@domain, as Postfix's myorigin does; without one it
 * is refused.  Each address passes address_check; on error the list is
 * as it was (an empty one holds nothing to clear).  Errors: OP_EINVAL
 * naming the field and the bad entry.
 */
int  address_list_read(const char *, const char *, const char *,
     struct address_list *, struct op_err *);
void address_list_clear(struct address_list *);
/* Append the list's mailboxes' bare addresses (allocated) to *v, *n. */
void address_list_addrs(const struct address_list *, char ***, size_t *);
/* The domain of an address (after its last @), or NULL. */
const char *address_domain_of(const char *);

/*
 * address_list_read without a domain, keeping only the bare addresses
 * (allocated array of allocated strings, appended to *list).
 */
int address_list_parse(const char *, const char *, char ***, size_t *,
    struct op_err *);

#endif
