#!/bin/sh
# sentcopy.sh -- the copy of each sent message in the IMAP Sent folder,
# against real Postfix + Dovecot: it lands once, \Seen, with the
# message's date and the sent bytes; IMAP down leaves "sent, copy
# pending" and a later flush makes exactly one copy; a kill -9 between
# APPEND and the bookkeeping still ends with one copy; a wrong IMAP
# certificate is refused before LOGIN; a wrong IMAP password leaves the
# copy pending with a clear error, and nothing is sent again by SMTP.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
H=$OUTPOST_TEST_HOST
tag=c$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'wrong-pw\n' > "$TEST_HOME/badpw"
printf 'Hello from the sent copy test.\n' > "$TEST_HOME/body"
SENT="$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir/.Sent"

policy() { # imap-host imap-port
	write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
	    "imap.host = $1" "imap.port = $2"
}
config() { # password-file
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "password.command = cat $1" "imap.sent_copy = yes"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }
copies() { grep -l "sent copy $tag-$1\$" "$SENT"/cur/* "$SENT"/new/* 2>/dev/null | wc -l | tr -d ' '; }
delivered() { grep -l "sent copy $tag-$1\$" "$OUTPOST_TEST_MAIL_DIR/bob@mail.test"/Maildir/new/* 2>/dev/null | wc -l | tr -d ' '; }
wait_delivered() { for _ in $(seq 50); do [ "$(delivered "$1")" -ge 1 ] && break; sleep 0.1; done; delivered "$1"; }
field() { # n key -> the JSON field of the sent item with that subject
	"$OUTPOST" outbox --sent --json | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("subject") == sys.argv[1]:
        print(o.get(sys.argv[2], ""))' "sent copy $tag-$1" "$2"; }
send() { # n [env...]
	n=$1; shift
	out=$(env "$@" "$OUTPOST" send --to bob@mail.test --subject "sent copy $tag-$n" \
	    < "$TEST_HOME/body" 2>&1); rc=$?
}
eml() { find "$TEST_HOME" -path "*outbox/sent/$(field "$1" id).eml"; }
auths() { grep -c 'sasl_method=' "$OUTPOST_TEST_POSTFIX_LOG" 2>/dev/null || echo 0; }

# Dovecot's view of the copy: flags, INTERNALDATE = Date, BODY[] = sent bytes.
cat > "$TEST_HOME/check.py" <<'PY'
import email.utils, imaplib, re, ssl, sys
port, ca, mid, path = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca)
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
m.login("alice", "alice-pw-1")
m.select("Sent", readonly=True)
typ, data = m.uid("SEARCH", None, "HEADER", "Message-ID", mid)
uids = data[0].split()
if len(uids) != 1:
    print("copies: %d" % len(uids)); sys.exit(1)
typ, data = m.uid("FETCH", uids[0], "(FLAGS INTERNALDATE BODY.PEEK[])")
meta = data[0][0].decode()
body = data[0][1]
sent = open(path, "rb").read()
date = re.search(rb"^Date: (.*?)\r$", sent, re.M).group(1).decode()
want = email.utils.parsedate_to_datetime(date).timestamp()
got = imaplib.Internaldate2tuple(data[0][0])
import time
got = time.mktime(got)
errs = []
if "\\Seen" not in meta: errs.append("no \\Seen: " + meta)
if abs(got - want) > 1: errs.append("INTERNALDATE %s, Date %s" % (meta, date))
if body != sent: errs.append("bytes differ (%d vs %d)" % (len(body), len(sent)))
print("; ".join(errs) if errs else "ok uid=%s" % uids[0].decode())
PY
check() { # n
	$PY "$TEST_HOME/check.py" "$OUTPOST_TEST_IMAPS_PORT" "$OUTPOST_TEST_CA_FILE" \
	    "$(field "$1" message_id)" "$(eml "$1")" 2>&1
}

# 1. The copy lands once, \Seen, with the Date and the exact bytes.
policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
config "$TEST_HOME/pw"
send 1
is "$rc" 0 "send with sent_copy: exit 0"
is "$(wait_delivered 1)" 1 "the message is delivered"
is "$(copies 1)" 1 "exactly one copy in alice's Sent"
is "$(ls "$SENT"/cur/* | xargs grep -l "sent copy $tag-1\$" | grep -c ':2,S$')" 1 \
    "the Maildir file is in cur/ with the S flag"
like "$(check 1)" "ok uid=" "Dovecot: \\Seen, INTERNALDATE = Date, BODY[] = the sent bytes"
is "$(field 1 copy)" done "outbox --sent --json: copy done"
is "$(field 1 copy_folder)" Sent "the folder found by \\Sent special use"
test -n "$(field 1 copy_uid)" && ok "the APPENDUID is recorded" || fail "the APPENDUID is recorded"

# 2. IMAP down: sent, copy pending; a later flush makes exactly one copy.
policy "$H" 1
send 2
is "$rc" 0 "IMAP down: the send still succeeds"
like "$out" "copy in the Sent folder is pending" "send says the copy is pending"
is "$(wait_delivered 2)" 1 "delivered once"
is "$(copies 2)" 0 "no copy yet"
is "$(field 2 copy)" pending "JSON copy: pending"
run outbox --sent
like "$out" "sent, copy pending" "outbox --sent shows \"sent, copy pending\""
like "$out" "copy error:" "and the reason"
a=$(auths)
policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
run flush --all --trace "$TEST_HOME/trace2"
is "$rc" 0 "flush --all after the port is fixed: exit 0"
like "$out" "copy      saved in Sent" "flush reports the copy"
is "$(copies 2)" 1 "exactly one copy"
is "$(field 2 copy)" done "copy done"
like "$(cat "$TEST_HOME/trace2")" "LOGIN <redacted>" "the trace shows LOGIN redacted"
unlike "$(cat "$TEST_HOME/trace2")" "alice-pw-1" "and never the password"
run flush --all
is "$(copies 2)" 1 "another flush adds none"
is "$(auths)" "$a" "no SMTP login since: nothing was sent again"
sleep 1
is "$(delivered 2)" 1 "still delivered once"

# 3. kill -9 between APPEND and the bookkeeping: still exactly one copy.
send 3 OUTPOST_TEST_CRASH_AFTER_APPEND=1
is "$(wait_delivered 3)" 1 "crash run: delivered"
is "$(copies 3)" 1 "the APPEND went through before the crash"
is "$(field 3 copy)" appending "the item says appending"
run flush --all
is "$(copies 3)" 1 "after the next flush: still exactly one copy"
is "$(field 3 copy)" done "found by Message-ID: copy done"
test -n "$(field 3 copy_uid)" && ok "its UID is recorded" || fail "its UID is recorded"
is "$(delivered 3)" 1 "not sent again"

# 4. IMAP certificate for the wrong name: refused before LOGIN.
policy "$H" 1
send 4
policy 127.0.0.3 "$OUTPOST_TEST_IMAPS_PORT"
logins=$(grep -c 'imap-login: Login' "$OUTPOST_TEST_DOVECOT_LOG" 2>/dev/null)
run outbox copy "$(field 4 id)" # through the agent
"$OUTPOST" flush --all --trace "$TEST_HOME/trace" >/dev/null 2>&1
like "$(field 4 copy_error)" "wrong.test" "the copy error names the wrong certificate"
is "$(field 4 copy)" pending "copy pending"
unlike "$(cat "$TEST_HOME/trace")" "LOGIN" "the trace shows no LOGIN"
is "$(grep -c 'imap-login: Login' "$OUTPOST_TEST_DOVECOT_LOG" 2>/dev/null)" "$logins" \
    "Dovecot logged no login"
is "$(copies 4)" 0 "no copy"

# 5. Wrong IMAP password: pending with a clear error; SMTP not repeated.
policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
config "$TEST_HOME/badpw"
a=$(auths)
run outbox copy "$(field 4 id)"
is "$rc" 75 "outbox copy with a wrong password: exit 75"
like "$(field 4 copy_error)" "IMAP login failed for alice at $H" "the error says the IMAP login failed"
is "$(field 4 copy)" pending "copy pending"
is "$(auths)" "$a" "no SMTP login: nothing was sent again"
is "$(delivered 4)" 1 "delivered once"
config "$TEST_HOME/pw"
run outbox copy "$(field 4 id)"
is "$rc" 0 "outbox copy with the right password: exit 0"
is "$(copies 4)" 1 "exactly one copy"
run outbox copy "$(field 4 id)"
like "$out" "already in the folder" "a second copy is refused"
done_testing
