/*
 * complete.h -- completion for the composer: addresses (from the
 * recipients of messages already sent and from an optional
 * addressbook.command, like mutt's query_command) and file paths (the
 * attachment prompt).  No curses; the query command runs asynchronously.
 */
#ifndef OUTPOST_COMPLETE_H
#define OUTPOST_COMPLETE_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "base/err.h"

struct addr_entry {
	char *address;
	char *name; /* may be NULL */
};

/* Known addresses, each once (compared without case). */
struct addrbook {
	struct addr_entry *v;
	size_t		   n, cap;
};

void addrbook_init(struct addrbook *);
void addrbook_free(struct addrbook *);
/* Add (or give a name to) an address; a name "Name <a@b>" is split. */
void addrbook_add(struct addrbook *, const char *, const char *);
/*
 * Entries whose address, or a word of whose name, starts with prefix
 * (without case, UTF-8 aware); up to max indexes into idx, sorted by
 * address.  Returns how many matched in all.
 */
size_t addrbook_match(const struct addrbook *, const char *, size_t *, size_t);
/* Lines "address<TAB>name[<TAB>...]" (query_command output); others skipped.
 */
void addrbook_parse(struct addrbook *, const char *, size_t);
/* Every recipient in the outbox (queued and sent) under datadir. */
int addrbook_load_outbox(struct addrbook *, const char *, struct op_err *);
/* "Name <address>" (the name quoted when it needs it), or the address. */
char *addr_entry_format(const struct addr_entry *);

/* Where the address being typed at cursor starts (after the last ','). */
size_t addr_token_start(const char *, size_t);
/* The longest common prefix of n strings (allocated). */
char *complete_common_prefix(char *const *, size_t);
/* Case-insensitive UTF-8 prefix test. */
int complete_prefix_fold(const char *, const char *);

/*
 * Path completion of typed ("~/" is $HOME): the matching names in its
 * directory, each as typed plus the rest, directories ending in '/';
 * sorted.  Hidden files only when the typed name starts with '.'.
 */
int  path_complete(const char *, char ***, size_t *);
void strv_free(char **, size_t);

/*
 * The address book query: run command (split into words, no shell) with
 * the prefix as its last argument, stdout to a pipe read without ever
 * blocking.  poll reads what is there: 1 when finished (entries added to
 * book), 0 while running.  A query taking over 10 s is killed.
 */
struct addrquery {
	pid_t  pid;
	int    fd;
	char  *out;
	size_t len;
	char  *prefix;
	time_t started;
};
void addrquery_init(struct addrquery *);
int  addrquery_start(struct addrquery *, const char *, const char *,
     struct op_err *);
int  addrquery_poll(struct addrquery *, struct addrbook *);
int  addrquery_running(const struct addrquery *);
/* Stop it (if running) and free. */
void addrquery_stop(struct addrquery *);

#endif
