#!/bin/sh
# sentcopy.sh -- the copy of each sent message in the IMAP Sent folder,
# against real Postfix + Dovecot: it lands once, \Seen, with the
# message's date and the sent bytes; IMAP down leaves "sent, copy
# pending" and a later flush makes exactly one copy; a kill -9 between
# APPEND and the bookkeeping still ends with one copy; a wrong IMAP
# certificate is refused before LOGIN; a wrong IMAP password leaves the
# copy pending with a clear error, and nothing is sent again by SMTP;
# imap.fingerprint pins the IMAP server (and tls.fingerprint does not);
# a missing folder is created only on a "yes" (terminal or --events);
# a plain flush retries a pending copy only once it is due; folder names
# beyond ASCII (and with "&") go as modified UTF-7; the copy keeps the
# Bcc field (--bcc, -t, the composer) that the delivered message lacks,
# also after a crash, and imap.sent_bcc = no drops it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_private_servers # counts AUTH/LOGIN lines in the logs
PY=/usr/bin/python3
H=$OUTPOST_TEST_HOST
tag=c$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'wrong-pw\n' > "$TEST_HOME/badpw"
printf 'Hello from the sent copy test.\n' > "$TEST_HOME/body"
SENT="$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir/.Sent"

policy() { # imap-host imap-port [smtp-host]
	write_policy "$TEST_HOME/loop.policy" "${3:-$H}" "$OUTPOST_TEST_SMTPS_PORT" \
	    "imap.host = $1" "imap.port = $2"
}
config() { # password-file ["key = value"]...
	cf_pw=$1; shift
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "password.command = cat $cf_pw" "imap.sent_copy = yes" "$@"
}
# No controlling terminal (setsid): a question is answered "no", never hangs.
run() { out=$(setsid -w "$OUTPOST" "$@" 2>&1); rc=$?; }
copies() { grep -l "sent copy $tag-$1\$" "$SENT"/cur/* "$SENT"/new/* 2>/dev/null | wc -l | tr -d ' '; }
delivered() { grep -l "sent copy $tag-$1\$" "$OUTPOST_TEST_MAIL_DIR/bob@mail.test"/Maildir/new/* 2>/dev/null | wc -l | tr -d ' '; }
wait_delivered() { for _ in $(seq 300); do [ "$(delivered "$1")" -ge 1 ] && break; sleep 0.1; done; delivered "$1"; }
field() { sent_field "sent copy $tag-$1" "$2"; } # n key
send() { # n [env...]
	n=$1; shift
	out=$(setsid -w env "$@" "$OUTPOST" send --to bob@mail.test ${BCC:+--bcc "$BCC"} \
	    --subject "sent copy $tag-$n" < "$TEST_HOME/body" 2>&1); rc=$?
}
eml() { find "$TEST_HOME" -path "*outbox/sent/$(field "$1" id).eml"; }
auths() { grep -c 'sasl_method=' "$OUTPOST_TEST_POSTFIX_LOG" 2>/dev/null || echo 0; }
imap_logins() { # Dovecot's "imap-login: Info: Login: user=<...>" lines
	il=$(grep -c '^.* imap-login: Info: Login: user=' "$OUTPOST_TEST_DOVECOT_LOG" 2>/dev/null)
	echo "${il:-0}"
}
wait_logins() { # n: Dovecot's log catches up within 5 s
	for _ in $(seq 300); do [ "$(imap_logins)" -ge "$1" ] && break; sleep 0.1; done
	imap_logins
}
fp() { openssl x509 -noout -fingerprint -sha256 -in "$OUTPOST_TEST_DIR/tls/$1.pem" | sed 's/.*=//'; }

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
logins=$(imap_logins)
run outbox copy "$(field 4 id)" # through the agent
"$OUTPOST" flush --all --trace "$TEST_HOME/trace" >/dev/null 2>&1
like "$(field 4 copy_error)" "wrong.test" "the copy error names the wrong certificate"
is "$(field 4 copy)" pending "copy pending"
unlike "$(cat "$TEST_HOME/trace")" "LOGIN" "the trace shows no LOGIN"
sleep 0.5
is "$(imap_logins)" "$logins" "Dovecot logged no login"
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
# 6. imap.fingerprint pins the IMAP server, and only it.
SS=$OUTPOST_TEST_SELFSIGNED_HOST WN=$OUTPOST_TEST_WRONGNAME_HOST
# tls.fingerprint accepts the self-signed SMTP server; IMAP on the same
# address, same certificate, is still verified, and refused.
policy "$SS" "$OUTPOST_TEST_IMAPS_PORT" "$SS"
config "$TEST_HOME/pw" "tls.fingerprint = $(fp selfsigned)"
logins=$(imap_logins)
send 6
is "$rc" 0 "tls.fingerprint pins SMTP: the self-signed SMTP server takes the message"
is "$(wait_delivered 6)" 1 "delivered"
is "$(field 6 copy)" pending "tls.fingerprint alone does not pin IMAP: copy pending"
like "$(field 6 copy_error)" "self-signed" "the IMAP certificate was verified and refused"
is "$(imap_logins)" "$logins" "no IMAP login"
config "$TEST_HOME/pw" "tls.fingerprint = $(fp selfsigned)" "imap.fingerprint = $(fp selfsigned)"
run outbox copy "$(field 6 id)"
is "$rc" 0 "imap.fingerprint of the self-signed certificate: outbox copy exits 0"
is "$(wait_logins $((logins + 1)))" $((logins + 1)) "accepted by the pin: one IMAP login"
is "$(copies 6)" 1 "the copy lands, once"
is "$(field 6 copy)" done "copy done"
# A CA-signed certificate for another name, pinned in plain lower case.
policy "$WN" "$OUTPOST_TEST_IMAPS_PORT"
config "$TEST_HOME/pw" "imap.fingerprint = $(fp wrongname | tr -d : | tr A-F a-f)"
send 7
is "$rc" 0 "pinned wrong-name IMAP certificate: send exits 0"
is "$(copies 7)" 1 "the copy lands over the wrong-name certificate, once"
is "$(field 7 copy)" done "copy done"
# A pin that is not the server's refuses even a certificate that verifies.
policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
config "$TEST_HOME/pw" "imap.fingerprint = $(fp selfsigned)"
logins=$(imap_logins)
send 8
is "$rc" 0 "wrong imap.fingerprint: the send still succeeds"
like "$out" "copy in the Sent folder is pending" "send says the copy is pending"
run flush --all --trace "$TEST_HOME/trace8"
is "$(field 8 copy)" pending "a valid certificate with another fingerprint: copy pending"
like "$(field 8 copy_error)" "does not match the pinned fingerprint (imap.fingerprint)" \
    "the error names imap.fingerprint"
like "$(field 8 copy_error)" "SHA-256 $(fp server)" "and the server's fingerprint"
like "$(cat "$TEST_HOME/trace8")" "connected to $H" "the trace shows the connection"
unlike "$(cat "$TEST_HOME/trace8")" "LOGIN" "refused before LOGIN (trace)"
sleep 0.5
is "$(imap_logins)" "$logins" "refused before LOGIN (no login in Dovecot's log)"
is "$(copies 8)" 0 "no copy"
config "$TEST_HOME/pw"
run outbox copy "$(field 8 id)"
is "$(copies 8)" 1 "without the pin: the copy lands, once"

# 7. A folder that does not exist is created only on a "yes".
MD="$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir"
F1=Copies$tag F2=Archive$tag # new on every run, also on a shared server set
in_folder() { grep -l "sent copy $tag-$2\$" "$MD/.$1"/cur/* "$MD/.$1"/new/* 2>/dev/null | wc -l | tr -d ' '; }
no_folder() { if [ -e "$MD/.$1" ]; then fail "$2" "$MD/.$1 exists"; else ok "$2"; fi; }
PTY="$PY $top_srcdir/tests/integration/pty_run.py"
DRIVE="$PY $top_srcdir/tests/integration/events_drive.py"
: "${OUTPOST_AGENT:=$top_builddir/ui/outpost-agent}"
on_tty() { # answer command args...: the terminal answers the question
	ans=$1; shift
	out=$(timeout -k 5 60 $PTY --timeout 50 --expect "Create it?" --reply "$ans" -- "$OUTPOST" "$@" 2>&1); rc=$?
}
agent_flush() { # yes|no: outpost-agent flush --events --all, confirm answered
	$DRIVE --confirm="$1" -- "$OUTPOST_AGENT" flush -c "$TEST_HOME/config" --events --all \
	    > "$TEST_HOME/ev.jsonl" 2> "$TEST_HOME/ev.err" < /dev/null; rc=$?
}
evs() { # ev -> how many lines of that event
	$PY -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("ev") == sys.argv[2]))' "$TEST_HOME/ev.jsonl" "$1"
}
config "$TEST_HOME/pw" "imap.sent_folder = $F1"
send 9
is "$rc" 0 "imap.sent_folder names a missing folder: the send still succeeds"
is "$(field 9 copy)" pending "no terminal to ask: copy pending"
like "$(field 9 copy_error)" "the folder \"$F1\" does not exist on $H; create it" \
    "the error says to create the folder"
no_folder "$F1" "no terminal: nothing created"
on_tty n flush --all
like "$out" "The folder \"$F1\" does not exist on $H. Create it?" "flush asks on the terminal"
is "$(field 9 copy)" pending "answered no on the terminal: copy pending"
like "$(field 9 copy_error)" "create it" "the error says to create it"
no_folder "$F1" "answered no on the terminal: nothing created"
agent_flush no
is "$(evs confirm)" 1 "flush --events: one confirm event"
like "$(cat "$TEST_HOME/ev.jsonl")" "does not exist on $H. Create it?" "the confirm names the folder and server"
is "$(field 9 copy)" pending "answered no over --events: copy pending"
no_folder "$F1" "answered no over --events: nothing created"
agent_flush yes
is "$(evs copy)" 1 "answered yes over --events: a copy event"
is "$(field 9 copy)" done "copy done"
is "$(field 9 copy_folder)" "$F1" "recorded in the new folder"
is "$(in_folder "$F1" 9)" 1 "Dovecot: the folder was created and holds one copy"
is "$(copies 9)" 0 "none in Sent"
agent_flush yes
is "$(evs confirm)" 0 "a second flush: no question"
is "$(in_folder "$F1" 9)" 1 "still one copy"
config "$TEST_HOME/pw" "imap.sent_folder = $F2"
send 10
is "$(field 10 copy)" pending "another missing folder: copy pending"
no_folder "$F2" "not created without an answer"
on_tty y flush --all
is "$rc" 0 "answered yes on the terminal: flush exits 0"
like "$out" "copy      saved in $F2" "flush reports the copy in the second folder"
is "$(field 10 copy)" done "copy done"
is "$(in_folder "$F2" 10)" 1 "Dovecot: the second folder created, one copy"
run flush --all
is "$(in_folder "$F2" 10)" 1 "another flush adds none"

# 8. A pending copy waits for its back-off: a plain flush retries it
# only once it is due.
config "$TEST_HOME/pw"
policy "$H" 1
send 11
is "$(field 11 copy)" pending "IMAP down: copy pending"
attempts=$(field 11 copy_attempts)
next=$(field 11 copy_next_attempt)
is "$attempts" 1 "one copy attempt so far"
policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
logins=$(imap_logins)
run flush
is "$rc" 0 "plain flush right after: exit 0"
sleep 0.5
is "$(imap_logins)" "$logins" "not due yet: no IMAP login"
is "$(field 11 copy_attempts)" "$attempts" "the attempt count is unchanged"
is "$(field 11 copy_next_attempt)" "$next" "so is the next attempt time"
is "$(copies 11)" 0 "no copy"
envf=$(find "$TEST_HOME" -path "*outbox/sent/$(field 11 id).env")
sed -i 's/^copy-next-attempt: .*/copy-next-attempt: 2000-01-01T00:00:00Z/' "$envf"
like "$(cat "$envf")" "copy-next-attempt: 2000-01-01T00:00:00Z" "the envelope now says the copy is due"
run flush
is "$rc" 0 "plain flush once due: exit 0"
like "$out" "copy      saved in Sent" "it makes the copy"
is "$(copies 11)" 1 "exactly one copy"
is "$(wait_logins $((logins + 1)))" $((logins + 1)) "with one IMAP login"
is "$(field 11 copy)" done "copy done"
run flush
sleep 0.5
is "$(imap_logins)" $((logins + 1)) "nothing due: the next plain flush does not log in"
is "$(copies 11)" 1 "still one copy"
# 9. Folder names beyond ASCII travel in modified UTF-7 (RFC 3501
# 5.1.3): LIST's names are decoded to match imap.sent_folder, SELECT,
# CREATE and APPEND send the name encoded.  folders.py talks to Dovecot
# in its own words: the names as they are on the wire.
cat > "$TEST_HOME/folders.py" <<'PY'
import imaplib, ssl, sys
port, ca, cmd = sys.argv[1:4]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port),
                      ssl_context=ssl.create_default_context(cafile=ca))
m.login("alice", "alice-pw-1")
q = lambda s: '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')
if cmd == "create":  # create WIRE-NAME
    print(m.create(q(sys.argv[4]))[0])
elif cmd == "list":  # list: one wire name a line
    for l in m.list()[1]:
        print(l.decode().rsplit(' "." ', 1)[-1].strip('"'))
elif cmd == "fetch":  # fetch WIRE-NAME SUBJECT OUT: count, BODY[] to OUT
    m.select(q(sys.argv[4]), readonly=True)
    uids = m.uid("SEARCH", None, "HEADER", "Subject", q(sys.argv[5]))[1][0].split()
    print(len(uids))
    if uids:
        open(sys.argv[6], "wb").write(m.uid("FETCH", uids[-1], "(BODY.PEEK[])")[1][0][1])
PY
# The Bcc fields of a message file, unfolded, one a line; "(none)".
cat > "$TEST_HOME/bcc.py" <<'PY'
import re, sys
head = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n").split(b"\n\n")[0]
head = re.sub(rb"\n(?=[ \t])", b"", head)
bcc = [l[4:].strip().decode() for l in head.split(b"\n") if l[:4].lower() == b"bcc:"]
print("\n".join(bcc) if bcc else "(none)")
PY
folders() { $PY "$TEST_HOME/folders.py" "$OUTPOST_TEST_IMAPS_PORT" "$OUTPOST_TEST_CA_FILE" "$@" 2>&1; }
fetch() { folders fetch "$1" "sent copy $tag-$2" "$TEST_HOME/copy-$2.eml"; } # wire-name n
bcc_of() { $PY "$TEST_HOME/bcc.py" "$1"; }
got() { grep -l "sent copy $tag-$2\$" "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new/* 2>/dev/null | head -1; } # rcpt n
wait_got() { for _ in $(seq 300); do [ -n "$(got "$1" "$2")" ] && break; sleep 0.1; done; got "$1" "$2"; }
copy_file() { grep -l "sent copy $tag-$1\$" "$SENT"/cur/* "$SENT"/new/* 2>/dev/null | head -1; }

policy "$H" "$OUTPOST_TEST_IMAPS_PORT"
FU="Gesendete Elemente ü $tag" FW="Gesendete Elemente &APw- $tag"
is "$(folders create "$FW")" OK "Dovecot creates \"$FW\""
config "$TEST_HOME/pw" "imap.sent_folder = $FU"
run check-config
is "$rc" 0 "check-config accepts imap.sent_folder = $FU"
send 12
is "$rc" 0 "imap.sent_folder = $FU: send exits 0"
is "$(field 12 copy)" done "the folder is found (LIST decoded): copy done"
is "$(field 12 copy_folder)" "$FU" "the envelope names the folder in UTF-8"
is "$(fetch "$FW" 12)" 1 "Dovecot: one copy in \"$FW\""
unlike "$(folders list)" "ü" "no folder with a raw UTF-8 name was made"

# A crash after APPEND into that folder, the message Bcc'd: the next
# flush finds the copy by Message-ID (SELECT of the encoded name), and
# the copy has the Bcc field the delivered messages lack.
BCC="Carol Example <carol@mail.test>" send 13 OUTPOST_TEST_CRASH_AFTER_APPEND=1
is "$(field 13 copy)" appending "Bcc'd, crash after APPEND: the item says appending"
run flush --all
is "$(field 13 copy)" done "the next flush: copy done"
is "$(fetch "$FW" 13)" 1 "still exactly one copy in \"$FW\""
is "$(bcc_of "$TEST_HOME/copy-13.eml")" "Carol Example <carol@mail.test>" \
    "the copy has the Bcc field with the name"
is "$(bcc_of "$(wait_got bob@mail.test 13)")" "(none)" "bob's message has no Bcc field"
is "$(bcc_of "$(wait_got carol@mail.test 13)")" "(none)" "neither has carol's, the Bcc'd one"
is "$(delivered 13)" 1 "delivered once"

# A folder outpost creates on a "yes": Cyrillic, "&", Japanese.
FR="Отправленные & 送信済み $tag" FRW="&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1- &- &kAFP4W4IMH8- $tag"
config "$TEST_HOME/pw" "imap.sent_folder = $FR"
send 14
is "$(field 14 copy)" pending "a missing non-ASCII folder: copy pending"
like "$(field 14 copy_error)" "the folder \"$FR\" does not exist" "the error names it in UTF-8"
agent_flush yes
is "$(field 14 copy)" done "answered yes: created, copy done"
like "$(folders list)" "$FRW" "Dovecot lists it as \"$FRW\""
is "$(fetch "$FRW" 14)" 1 "one copy in it"
agent_flush yes
is "$(evs confirm)" 0 "the next flush finds it: no question"

# 10. The Bcc field: -t keeps the field as written (names, quotes,
# folding undone); the composer's field; imap.sent_bcc = no drops it.
config "$TEST_HOME/pw"
printf 'To: Bob <bob@mail.test>\nBcc: "Example, Carol" <carol@mail.test>,\n  Dave <dave@mail.test>\nSubject: sent copy %s-15\n\nBody.\n' \
    "$tag" > "$TEST_HOME/msg15"
out=$(setsid -w "$OUTPOST" send -t < "$TEST_HOME/msg15" 2>&1); rc=$?
is "$rc" 0 "send -t with a Bcc field: exit 0"
is "$(field 15 copy)" done "copy done"
is "$(bcc_of "$(copy_file 15)")" '"Example, Carol" <carol@mail.test>,  Dave <dave@mail.test>' \
    "-t: the copy's Bcc field is the one written"
is "$(bcc_of "$(wait_got bob@mail.test 15)")" "(none)" "-t: bob's message has no Bcc field"
test -n "$(wait_got dave@mail.test 15)" && ok "-t: the Bcc'd dave has it" || fail "-t: the Bcc'd dave has it"

printf 'version: 1\nid: bcc%s\nsaved: 2026-11-28T01:02:03Z\nto: Bob <bob@mail.test>\ncc: \nbcc: Dave Éxample <dave@mail.test>, carol@mail.test\nsubject: sent copy %s-16\n\nFrom the composer.\n' \
    "$tag" "$tag" > "$TEST_HOME/draft16"
mkdir -p "$TEST_HOME/drafts" && cp "$TEST_HOME/draft16" "$TEST_HOME/drafts/bcc$tag.draft"
chmod 600 "$TEST_HOME/drafts/bcc$tag.draft"
out=$(setsid -w "$OUTPOST_AGENT" send -c "$TEST_HOME/config" --draft "bcc$tag" 2>&1 < /dev/null); rc=$?
is "$rc" 0 "send --draft with a Bcc field: exit 0"
is "$(field 16 copy)" done "copy done"
is "$(bcc_of "$(copy_file 16)")" "Dave Éxample <dave@mail.test>, carol@mail.test" \
    "the composer: the copy's Bcc field is the one typed"
is "$(bcc_of "$(wait_got bob@mail.test 16)")" "(none)" "the composer: bob's message has no Bcc field"

config "$TEST_HOME/pw" "imap.sent_bcc = no"
BCC="Carol Example <carol@mail.test>" send 17
is "$rc" 0 "imap.sent_bcc = no: send exits 0"
is "$(field 17 copy)" done "copy done"
is "$(bcc_of "$(copy_file 17)")" "(none)" "imap.sent_bcc = no: the copy has no Bcc field"
is "$(fetch Sent 17)" 1 "one copy in Sent"
cmp -s "$TEST_HOME/copy-17.eml" "$(eml 17)" && ok "the copy is the sent bytes" || fail "the copy is the sent bytes"
test -n "$(wait_got carol@mail.test 17)" && ok "carol still gets it" || fail "carol still gets it"
done_testing
