#!/usr/bin/python3
"""imap_fetch.py -- ask Dovecot for a delivered message: log in over
IMAPS (verifying the test CA), find the message by Message-ID in INBOX,
FETCH BODYSTRUCTURE and BODY[].  Prints the number of MIME leaf parts
Dovecot sees and each part's type and encoding, writes BODY[] to --out.
Exits 1 with a reason when the message is missing or Dovecot's view is
malformed.  Standard library only.
"""
import argparse
import imaplib
import ssl
import sys
import time


def tokenize(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c in " \r\n":
            i += 1
        elif c in "()":
            out.append(c)
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while s[j] != '"':
                if s[j] == "\\":
                    j += 1
                buf.append(s[j])
                j += 1
            out.append("".join(buf))
            i = j + 1
        elif c == "{":
            j = s.index("}", i)
            n = int(s[i + 1:j])
            out.append(s[j + 3:j + 3 + n])
            i = j + 3 + n
        else:
            j = i
            while j < len(s) and s[j] not in " ()":
                j += 1
            out.append(s[i:j])
            i = j
    return out


def parse(tokens, i=0):
    if tokens[i] != "(":
        return tokens[i], i + 1
    lst, i = [], i + 1
    while tokens[i] != ")":
        item, i = parse(tokens, i)
        lst.append(item)
    return lst, i + 1


def leaves(bs, path=""):
    if isinstance(bs[0], list):  # multipart: parts..., subtype, ...
        out, n = [], 0
        for part in bs:
            if not isinstance(part, list):
                break
            n += 1
            out += leaves(part, f"{path}{n}.")
        return out
    return [(path.rstrip(".") or "1", f"{bs[0]}/{bs[1]}".lower(),
             str(bs[5]).lower())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--message-id", required=True)
    ap.add_argument("--out")
    ap.add_argument("--wait", type=float, default=10)
    a = ap.parse_args()
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.check_hostname = False  # the test cert names 127.0.0.1 as an IP SAN
    m = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=ctx)
    m.login(a.user, open(a.password_file).read().strip())
    deadline = time.time() + a.wait
    while True:
        m.select("INBOX", readonly=True)
        typ, data = m.uid("SEARCH", None, "HEADER", "Message-ID",
                          a.message_id)
        uids = data[0].split()
        if uids or time.time() > deadline:
            break
        time.sleep(0.1)
    if len(uids) != 1:
        print(f"imap_fetch: {len(uids)} messages with Message-ID "
              f"{a.message_id}", file=sys.stderr)
        return 1
    typ, data = m.uid("FETCH", uids[0], "(BODYSTRUCTURE BODY.PEEK[])")
    raw = b""
    for item in data:
        if isinstance(item, tuple):
            raw = item[1]
            head = item[0].decode()
    bs_text = head[head.index("BODYSTRUCTURE") + 14:]
    bs_text = bs_text[:bs_text.rindex("BODY[]")].strip()
    tree, _ = parse(tokenize(bs_text))
    parts = leaves(tree)
    print(len(parts))
    for p in parts:
        print(" ".join(p))
    if a.out:
        open(a.out, "wb").write(raw)
    m.logout()
    return 0


if __name__ == "__main__":
    sys.exit(main())
