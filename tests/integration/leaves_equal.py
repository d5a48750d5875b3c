#!/usr/bin/python3
"""leaves_equal.py -- a delivered message read back with Python's email
package under policy.strict (any defect is an error), checked against what
was sent: leaves_equal.py MESSAGE [--7bit] [--subject TEXT] PART-FILE...

Each PART-FILE holds the bytes one leaf part must decode to, in order
(text parts compared with line ends made LF; a file ending in .bin is
compared as bytes).  --7bit: every byte of the message is ASCII.  Always:
CRLF line ends, no line over 998 octets.  Prints "ok", or the first
difference and exits 1.  Standard library only.
"""
import argparse
import email
import email.policy
import sys


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("message")
    ap.add_argument("--7bit", dest="seven", action="store_true")
    ap.add_argument("--subject")
    ap.add_argument("parts", nargs="*")
    a = ap.parse_intermixed_args()
    raw = open(a.message, "rb").read()
    if a.seven and not raw.isascii():
        fail("8-bit bytes in a message for a server without 8BITMIME/SMTPUTF8")
    lines = raw.split(b"\r\n")
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            fail("line %d: a bare CR or LF" % n)
        if len(line) > 998:
            fail("line %d is %d octets" % (n, len(line)))
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.strict)
        leaves = [p for p in msg.walk() if not p.is_multipart()
                  and p.get_content_type() != "message/rfc822"]
        for p in msg.walk():
            if p.defects:
                fail("defects in %s: %r" % (p.get_content_type(), p.defects))
        subject = str(msg["Subject"]) if msg["Subject"] is not None else None
    except Exception as e:  # policy.strict raises on a defect
        fail("policy.strict: %s: %s" % (type(e).__name__, e))
    if a.subject is not None and subject != a.subject:
        fail("Subject: got %r, want %r" % (subject, a.subject))
    if len(leaves) != len(a.parts):
        fail("%d leaf parts, want %d" % (len(leaves), len(a.parts)))
    for i, (part, path) in enumerate(zip(leaves, a.parts), 1):
        want = open(path, "rb").read()
        got = part.get_payload(decode=True)
        if not path.endswith(".bin"):
            got = got.replace(b"\r\n", b"\n")
            want = want.replace(b"\r\n", b"\n")
        if got != want:
            fail("part %d (%s): %d bytes differ from the %d sent: %r"
                 % (i, part.get_content_type(), len(got), len(want), got[:120]))
    print("ok")


if __name__ == "__main__":
    main()
