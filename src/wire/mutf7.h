/*
 * mutf7.h -- IMAP mailbox names in modified UTF-7 (RFC 3501 5.1.3):
 * printable ASCII stands for itself ("&" as "&-"), anything else goes in
 * "&...-" runs of UTF-16 in modified base64 (",", not "/").  The
 * configuration and the envelopes keep names in UTF-8; only the wire
 * carries them encoded.  libetpan has no such codec.
 */
#ifndef OUTPOST_MUTF7_H
#define OUTPOST_MUTF7_H

/*
 * UTF-8 to modified UTF-7 (allocated): 0, or -1 with *why (static
 * words) when the text is not valid UTF-8 or holds a NUL.
 */
int mutf7_encode(const char *, char **, const char **);
/*
 * Modified UTF-7 to UTF-8 (allocated): 0, or -1 with *why (static
 * words) when the text is not in the canonical form RFC 3501 asks for:
 * a byte outside printable ASCII, a run not ended by "-", an empty run
 * other than "&-", a character outside the base64 alphabet, left-over
 * bits that are not zero or make a whole character, a lone surrogate, a
 * NUL, or printable ASCII encoded.
 */
int mutf7_decode(const char *, char **, const char **);

#endif
