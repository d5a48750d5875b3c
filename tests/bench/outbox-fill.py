#!/usr/bin/env python3
# tests/bench/outbox-fill.py -- fills an outbox for the bench (item 7):
# N items written as outpost writes them (queue/ID.eml, ID.env and
# ID.lock; sent/ID.eml and ID.env), a tenth queued, a tenth deferred (due
# in four months) and the rest in the sent archive; with "failed" the
# queued tenth is failed instead, so that nothing is due.  Envelopes in
# queue/ carry outpost's stamp (HACKING.md, "Stamps"): their mtime is the
# next attempt, or 2100-01-01 for a failed item.
# Usage: outbox-fill.py DATA N [failed]
import os, random, sys, time

def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

def main():
    data, n = sys.argv[1], int(sys.argv[2])
    first = "failed" if sys.argv[3:] == ["failed"] else "queued"
    ob = os.path.join(data, "outbox")
    for d in ("", "tmp", "queue", "sent", "damaged"):
        os.makedirs(os.path.join(ob, d), mode=0o700, exist_ok=True)
        os.chmod(os.path.join(ob, d), 0o700)
    os.chmod(data, 0o700)
    now = int(time.time()) - n - 10
    body = "".join("Line %02d of a benchmark message, about one kilobyte in all.\r\n" % i
                   for i in range(16))
    for i in range(n):
        t = now + i
        iid = time.strftime("%Y%m%dT%H%M%SZ-", time.gmtime(t)) + \
            "%05x%07x" % (i % 0x100000, random.getrandbits(28))
        eml = ("From: Alice <alice@mail.test>\r\nTo: <bob@mail.test>\r\n"
               "Subject: bench %d\r\nMessage-ID: <%s@mail.test>\r\n\r\n%s" % (i, iid, body))
        kind = first if i % 10 == 0 else "deferred" if i % 10 == 1 else "sent"
        env = ["version: 1", "id: " + iid, "state: " + kind, "phase: none",
               "created: " + iso(t), "from: alice@mail.test", "rcpt: bob@mail.test",
               "subject: bench %d" % i, "message-id: %s@mail.test" % iid,
               "size: %d" % len(eml), "attempts: %d" % (0 if kind == "queued" else 1)]
        if kind != "queued":
            env.append("last-attempt: " + iso(t))
        if kind == "failed":
            env += ["last-error: the server refused the message",
                    "last-reply: 554 5.7.1 refused"]
        if kind == "deferred":
            env += ["next-attempt: " + iso(t + 10 ** 7),
                    "last-error: the server said to try later",
                    "last-reply: 451 4.3.0 try later"]
        if kind == "sent":
            env += ["sent-at: " + iso(t), "final-reply: 250 2.0.0 Ok: queued"]
        d = os.path.join(ob, "sent" if kind == "sent" else "queue")
        for ext, text in ((".eml", eml), (".env", "\n".join(env) + "\n")):
            fd = os.open(os.path.join(d, iid + ext), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, text.encode())
            os.close(fd)
        stamp = t + 10 ** 7 if kind == "deferred" else 4102444800 if kind == "failed" else 0
        if stamp:
            os.utime(os.path.join(d, iid + ".env"), (stamp, stamp))
        if kind != "sent":
            os.close(os.open(os.path.join(d, iid + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600))

main()
