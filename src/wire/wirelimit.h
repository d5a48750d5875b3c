/*
 * wirelimit.h -- the bounds on what a server may send: every byte read
 * from an SMTP or IMAP server passes wirelimit_feed() (the stream driver
 * in tls-low.c calls it), which counts the bytes, lines and line length
 * of the reply under way and the size of IMAP literals as they arrive,
 * so a peer that never stops talking is cut off while it talks, not after
 * its line was buffered.  A reply begins when a command was written (or
 * the connection opened) and must be complete within the reply time-out.
 */
#ifndef OUTPOST_WIRELIMIT_H
#define OUTPOST_WIRELIMIT_H

#include <stddef.h>

enum wirelimit_proto {
	WIRELIMIT_SMTP, /* reply lines, no literals */
	WIRELIMIT_IMAP, /* response lines and {N} literals */
};

/*
 * SMTP: RFC 5321 4.5.3.1.5 allows 512 octets a reply line; a pipelined
 * window of 100 commands (smtp-int.h) answers in about 100 lines.  IMAP:
 * the responses outpost asks for (CAPABILITY, LIST of one name, SELECT,
 * APPEND) are a few lines; a literal in them is a mailbox name.
 */
#define WIRELIMIT_SMTP_LINE    4096
#define WIRELIMIT_SMTP_LINES   1000
#define WIRELIMIT_SMTP_BYTES   (256 * 1024)
#define WIRELIMIT_IMAP_LINE    16384
#define WIRELIMIT_IMAP_LINES   10000
#define WIRELIMIT_IMAP_BYTES   (1024 * 1024)
#define WIRELIMIT_IMAP_LITERAL (64 * 1024)

struct wirelimit {
	enum wirelimit_proto proto;
	size_t		     line_max, lines_max, bytes_max;
	unsigned long long   literal_max;
	/* the reply under way */
	size_t		   line_len;	/* bytes of the current line so far */
	size_t		   lines;	/* complete lines */
	size_t		   bytes;	/* all bytes */
	unsigned long long literal;	/* IMAP literal bytes still to come */
	unsigned long long number;	/* a "{digits" under way */
	unsigned long long announced;	/* the last "{N}" of this line */
	int		   digits;	/* 1 + digits seen after "{", or 0 */
	int		   has_literal; /* this line closed a "{N}" */
};

void wirelimit_init(struct wirelimit *, enum wirelimit_proto);
/* A command went out: what arrives next is a new reply. */
void wirelimit_restart(struct wirelimit *);
/*
 * Count n bytes just read.  Returns 0 while within the bounds, -1 with
 * what the server did in why ("sent a reply line of more than 4096
 * bytes") once it is not.
 */
int wirelimit_feed(struct wirelimit *, const char *, size_t, char *, size_t);
/* Bytes of the reply under way so far (0: nothing yet). */
size_t wirelimit_bytes(const struct wirelimit *);

#endif
