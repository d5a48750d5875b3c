#!/usr/bin/python3
"""parse_message.py -- read a message back with Python's email package
(policy.default) and check it against what it was built from.

Takes the message file and the same options msgdump was given
(-f ADDR -n NAME -t/-c/-b ADDR -s SUBJECT -B BODYFILE -a FILE -8 -u),
or --spec FILE.json with keys from, name, to, cc, bcc, subject,
body_file, attach, eightbit, smtputf8.  Checks: CRLF line ends, no line
over 998 octets, header lines of at most 78 characters (unless
--long-header-ok), 7-bit header unless -u, 7-bit message unless -8 or
-u, no defects anywhere (message, parts, header values), From/To/Cc/
Subject decoded equal to the input, no Bcc, Date and Message-ID well
formed, MIME-Version 1.0, the body text and every attachment (name and
bytes) equal to the input.  An attachment sent as message/rfc822 must
be 7bit (8bit with -8), never base64 (RFC 2046 5.2.1), and its raw
bytes in the message equal the file with LF line ends made CRLF.  Exits
0 and prints "ok", or exits 1 with the reason.  Standard library only.

For a message another program wrote (cron, mailx, mutt, git send-email)
and outpost passed on: --strict also parses it under policy.strict,
which raises on the first defect; --client takes the client's own
Message-ID (any well-formed one), checks the From name only with -n and
To/Cc only with -t/-c, and attachments need no name= parameter;
--header "Name: value" (repeated) wants exactly these values, decoded
and in order, in the fields of that name.
"""

import argparse
import email
import email.header
import email.parser
import email.policy
import email.utils
import json
import os
import re
import sys

POLICY = email.policy.default
DATE_RE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} "
                     r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$")


class Fail(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Fail(why)


def options(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("message")
    ap.add_argument("--spec")
    ap.add_argument("-f", dest="from_addr")
    ap.add_argument("-n", dest="name")
    ap.add_argument("-t", dest="to", action="append", default=[])
    ap.add_argument("-c", dest="cc", action="append", default=[])
    ap.add_argument("-b", dest="bcc", action="append", default=[])
    ap.add_argument("-s", dest="subject", default="")
    ap.add_argument("-B", dest="body_file")
    ap.add_argument("-a", dest="attach", action="append", default=[])
    ap.add_argument("-8", dest="eightbit", action="store_true")
    ap.add_argument("-u", dest="smtputf8", action="store_true")
    # msgdump's prepare-mode options, accepted so one argument list
    # serves both programs.
    ap.add_argument("-P", dest="prepare_input")
    ap.add_argument("-H", dest="use_headers", action="store_true")
    ap.add_argument("-r", dest="rcpt", action="append", default=[])
    ap.add_argument("--long-header-ok", action="store_true")
    ap.add_argument("--strict", action="store_true",
                    help="also parse under policy.strict (raise on defects)")
    ap.add_argument("--client", action="store_true",
                    help="made by another program: its own Message-ID")
    ap.add_argument("--header", action="append", default=[],
                    help="'Name: value': the fields of that name, in order")
    ap.add_argument("--cte", help="expected body transfer encoding")
    ap.add_argument("--type", action="append", default=[],
                    help="expected attachment type, in order")
    a = ap.parse_args(argv)
    if a.spec:
        with open(a.spec, encoding="utf-8") as f:
            spec = json.load(f)
        a.from_addr = spec.get("from", a.from_addr)
        for key in ("name", "to", "cc", "bcc", "subject", "body_file",
                    "attach", "eightbit", "smtputf8"):
            if key in spec:
                setattr(a, key, spec[key])
    if not a.from_addr:
        ap.error("-f (or \"from\" in the spec) is required")
    return a


def check_raw(raw, a):
    """Line ends, line lengths, 7-bit where required, no Bcc."""
    check(re.search(rb"(?<!\r)\n", raw) is None, "a bare LF in the message")
    check(re.search(rb"\r(?!\n)", raw) is None, "a bare CR in the message")
    check(raw.endswith(b"\r\n") or raw == b"",
          "the message does not end with CRLF")
    end = raw.find(b"\r\n\r\n")
    check(end >= 0, "no empty line after the header")
    header = raw[:end + 2]
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        check(len(line) <= 998, "line %d is %d octets (over 998)"
              % (n, len(line)))
    for line in header.split(b"\r\n")[:-1]:
        check(not line.lower().startswith(b"bcc:"),
              "a Bcc field is in the header")
    if not a.smtputf8:
        check(header.isascii(), "8-bit bytes in the header without SMTPUTF8")
    if not a.eightbit and not a.smtputf8:
        check(raw.isascii(), "8-bit bytes in the message without 8BITMIME")
    for addr in a.bcc:
        check(addr.encode() not in raw, "Bcc address %s is in the message"
              % addr)
    return header


# The name= fallback for a non-ASCII attachment name is RFC 2047 inside
# the quoted value (what Thunderbird and Outlook write and old readers
# need; filename*= carries the RFC 2231 form).  Python notes that on the
# field, never on the part; only these two notes are let through.
NAME_FALLBACK = {"encoded word inside quoted string",
                 "missing trailing whitespace after encoded-word"}


def check_header_lines(raw, msg, a):
    """Every header line, the message's and each part's, within 78."""
    if a.long_header_ok:
        return
    marks = {b"--" + p.get_boundary().encode() for p in msg.walk()
             if p.is_multipart() and p.get_boundary()}
    in_header = True
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if line in marks:
            in_header = True
        elif in_header and line == b"":
            in_header = False
        elif in_header:
            check(len(line) <= 78, "header line %d is %d characters (over "
                  "78): %r" % (n, len(line), line[:100]))


def header_defects(msg):
    for name, value in msg.items():
        defects = list(getattr(value, "defects", ()))
        if name.lower() == "content-type" and msg.get_param("name"):
            defects = [d for d in defects if str(d) not in NAME_FALLBACK]
        check(not defects, "defects in the %s field: %r" % (name, defects))


def check_defects(msg, hmsg):
    for part in msg.walk():
        check(not part.defects, "defects in %s: %r"
              % (part.get_content_type(), part.defects))
        if part is not msg or hmsg is msg:
            header_defects(part)
    header_defects(hmsg)


def one(hmsg, name):
    values = hmsg.get_all(name) or []
    check(len(values) <= 1, "%d %s fields" % (len(values), name))
    return values[0] if values else None


def check_addrs(hmsg, name, want):
    value = one(hmsg, name)
    if not want:
        check(value is None, "%s present but nothing was given" % name)
        return
    check(value is not None, "no %s field" % name)
    got = [x.addr_spec for x in value.addresses]
    check(got == list(want), "%s: got %r, want %r" % (name, got, want))


def legacy_display_name(hmsg):
    """The From display name by email.header's RFC 2047 decoder.

    policy.default's parser keeps the space between two adjacent
    encoded-words of a display name (CPython gh-128110), which RFC 2047
    6.2 says to drop; a name split inside a word then reads wrongly.
    """
    raw = [v for k, v in hmsg.raw_items() if k.lower() == "from"][0]
    raw = re.sub(r"\r?\n[ \t]", " ", str(raw))
    phrase = raw[:raw.rfind("<")].strip()
    if phrase.startswith('"'):
        return " ".join(email.utils.unquote(phrase).split())
    text = str(email.header.make_header(email.header.decode_header(phrase)))
    return " ".join(text.split())


def check_header(hmsg, a):
    frm = one(hmsg, "From")
    check(frm is not None and len(frm.addresses) == 1, "From: not one address")
    check(frm.addresses[0].addr_spec == a.from_addr,
          "From: got %r, want %r" % (frm.addresses[0].addr_spec, a.from_addr))
    if a.name is not None or not a.client:
        # A display name is a phrase: blanks in it only separate words.
        want = " ".join((a.name or "").split())
        got = " ".join(frm.addresses[0].display_name.split())
        if got != want:
            got = legacy_display_name(hmsg)
        check(got == want, "From name: got %r, want %r" % (got, want))
    for name, want in (("To", a.to), ("Cc", a.cc)):
        if want or not a.client:
            check_addrs(hmsg, name, want)
    check(hmsg.get_all("Bcc") is None, "a Bcc field")
    subj = one(hmsg, "Subject")
    got = str(subj) if subj is not None else ""
    check(got == a.subject, "Subject: got %r, want %r" % (got, a.subject))
    date = one(hmsg, "Date")
    check(date is not None, "no Date field")
    check(DATE_RE.match(str(date)), "Date: %r is not RFC 5322" % str(date))
    check(date.datetime is not None and date.datetime.tzinfo is not None,
          "Date: no zone")
    mid = one(hmsg, "Message-ID")
    domain = a.from_addr.rsplit("@", 1)[1]
    if a.client:
        check(mid is not None and re.match(r"^<[^<>@\s]+@[^<>@\s]+>$",
                                           str(mid)),
              "Message-ID: %r is not <left@right>" % str(mid))
    else:
        check(mid is not None and re.match(r"^<[A-Za-z0-9._-]+@%s>$"
                                           % re.escape(domain), str(mid)),
              "Message-ID: %r is not <random@%s>" % (str(mid), domain))
    if not a.prepare_input:
        check(str(one(hmsg, "MIME-Version")) == "1.0",
              "MIME-Version is not 1.0")


def check_fields(hmsg, a):
    """--header: the decoded values of each named field, in order."""
    want = {}
    for h in a.header:
        name, _, value = h.partition(":")
        want.setdefault(name.strip().lower(), []).append(value.strip())
    for name, values in want.items():
        got = [str(v) for v in hmsg.get_all(name) or []]
        check(got == values, "%s: got %r, want %r" % (name, got, values))


def check_strict(raw):
    """policy.strict raises on the first defect the parser meets."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.strict)
        for part in msg.walk():
            for _name, value in part.items():
                str(value)
            if not part.is_multipart():
                part.get_payload(decode=True)
    except Exception as e:
        raise Fail("policy.strict: %s: %s" % (type(e).__name__, e))


def norm(text):
    return text.replace("\r\n", "\n")


def check_body(msg, a):
    want = b""
    if a.body_file:
        with open(a.body_file, "rb") as f:
            want = f.read()
    part = msg.get_body(preferencelist=("plain",))
    check(part is not None, "no text/plain body")
    check(a.prepare_input or part.get_content_charset() == "utf-8",
          "body charset %r" % part.get_content_charset())
    cte = part.get("Content-Transfer-Encoding", "7bit").lower()
    check(cte in ("7bit", "8bit", "quoted-printable"), "body CTE %s" % cte)
    check(cte != "8bit" or a.eightbit, "8bit body without 8BITMIME")
    check(not a.cte or cte == a.cte, "body CTE %s, want %s" % (cte, a.cte))
    got = part.get_content()
    check(norm(got) == norm(want.decode("utf-8")),
          "body differs: got %r..., want %r..." % (got[:200], want[:200]))


def raw_part_body(raw, msg, name):
    """The bytes of the attachment called name, as they are in raw."""
    sep = b"\r\n--" + msg.get_boundary().encode()
    for seg in raw.split(sep)[1:]:
        head, _, body = seg[2:].partition(b"\r\n\r\n")
        part = email.message_from_bytes(head + b"\r\n\r\n", policy=POLICY)
        if part.get_filename() == name:
            return body
    raise Fail("%s: not found in the raw message" % name)


def check_message_part(raw, msg, part, name, want, a):
    cte = part.get("Content-Transfer-Encoding", "7bit").lower()
    check(cte in ("7bit", "8bit"), "%s: message/rfc822 in %s" % (name, cte))
    check(cte == "7bit" or a.eightbit, "%s: 8bit without 8BITMIME" % name)
    got = raw_part_body(raw, msg, name)
    want = re.sub(rb"(?<!\r)\n", b"\r\n", want)
    check(got == want, "%s: %d bytes differ from the file's %d (CRLF)"
          % (name, len(got), len(want)))


def check_attachments(raw, msg, a):
    parts = list(msg.iter_attachments())
    check(len(parts) == len(a.attach), "%d attachments, want %d"
          % (len(parts), len(a.attach)))
    if a.attach:
        check(msg.get_content_type() == "multipart/mixed",
              "attachments but %s" % msg.get_content_type())
    for i, (part, path) in enumerate(zip(parts, a.attach)):
        name = os.path.basename(path)
        check(part.get_content_disposition() == "attachment",
              "%s: not Content-Disposition: attachment" % name)
        check(part.get_filename() == name, "filename: got %r, want %r"
              % (part.get_filename(), name))
        check(a.client or part.get_param("name") == name,
              "name=: got %r, want %r" % (part.get_param("name"), name))
        if i < len(a.type):
            check(part.get_content_type() == a.type[i], "%s: type %s, want "
                  "%s" % (name, part.get_content_type(), a.type[i]))
        with open(path, "rb") as f:
            want = f.read()
        if part.get_content_type() == "message/rfc822":
            check_message_part(raw, msg, part, name, want, a)
            continue
        check(part.get("Content-Transfer-Encoding", "").lower() == "base64",
              "%s: not base64" % name)
        lines = part.get_payload(decode=False).splitlines()
        check(all(len(x) <= 76 for x in lines), "%s: base64 line over 76"
              % name)
        got = part.get_payload(decode=True)
        check(got == want, "%s: %d bytes differ from the file's %d"
              % (name, len(got), len(want)))


def main(argv):
    a = options(argv)
    with open(a.message, "rb") as f:
        raw = f.read()
    try:
        header = check_raw(raw, a)
        msg = email.message_from_bytes(raw, policy=POLICY)
        check_header_lines(raw, msg, a)
        hmsg = msg
        if a.smtputf8:
            # The bytes parser reads the header as ASCII; UTF-8 header
            # text (RFC 6532) is read from its decoded form instead.
            hmsg = email.parser.Parser(policy=POLICY).parsestr(
                header.decode("utf-8") + "\r\n", headersonly=True)
        check_defects(msg, hmsg)
        if a.strict:
            check_strict(raw)
        check_header(hmsg, a)
        check_fields(hmsg, a)
        check_body(msg, a)
        check_attachments(raw, msg, a)
    except Fail as e:
        print("FAIL: %s: %s" % (a.message, e), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
