#!/bin/sh
# send.sh -- "outpost send" end to end against real Postfix + Dovecot:
# both ports, byte-for-byte delivery, Python and Dovecot parse the result,
# wrong password, refused certificates, port fallback, header injection,
# recipients refused, SIZE, large attachments, the trace.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_private_servers # counts AUTH/LOGIN lines in the logs
PY=/usr/bin/python3
T=$OUTPOST_TEST_DIR
H=$OUTPOST_TEST_HOST
PARSE="$PY $top_srcdir/tests/integration/parse_message.py"
FETCH="$PY $top_srcdir/tests/integration/imap_fetch.py"
tag=s$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'bob-pw-2\n' > "$TEST_HOME/bobpw"
printf 'wrong-pw\n' > "$TEST_HOME/badpw"

policy() { # host smtps-port submission-port -> $TEST_HOME/loop.policy
	write_policy "$TEST_HOME/loop.policy" "$1" "$2" "$3" \
	    "imap.host = $1" "imap.port = $OUTPOST_TEST_IMAPS_PORT" \
	    "hint.blocked = a firewall may block the port"
}
config() { # extra "key = value" lines replace the base ones
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice Example" "timeout.connect = 5" "timeout.reply = 20" "$@"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }
# The delivered copy, with the servers' trace headers removed, in CRLF.
delivered() { # rcpt subject-substring -> file name on stdout
	for _ in $(seq 300); do
		f=$(grep -l "$2" "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new/* 2>/dev/null | head -1)
		[ -n "$f" ] && break
		sleep 0.1
	done
	[ -n "$f" ] || return 1
	maildir_message "$f" "$TEST_HOME/delivered.eml"
	echo "$TEST_HOME/delivered.eml"
}
# Dovecot's own parse of a message in bob's INBOX: BODYSTRUCTURE, and
# BODY[] read back by Python.  dovecot_check MESSAGE-ID NPARTS PARSE-ARGS...
dovecot_check() {
	mid=$1; nparts=$2; shift 2
	parts=$($FETCH --port "$OUTPOST_TEST_IMAPS_PORT" --ca "$OUTPOST_TEST_CA_FILE" --user bob \
	    --password-file "$TEST_HOME/bobpw" --message-id "$mid" --out "$TEST_HOME/imap.eml" 2>&1)
	is "$(echo "$parts" | head -1)" "$nparts" "Dovecot BODYSTRUCTURE: $nparts leaf part(s)"
	r=$($PARSE "$TEST_HOME/imap.eml" --long-header-ok "$@" 2>&1)
	is "$r" ok "Python on Dovecot's BODY[]: equal, no defects"
}
msgid() { sed -n 's/^Message-ID: *//p' "$1" | tr -d '\r'; }
auths() { grep -c 'sasl_method=' "$OUTPOST_TEST_POSTFIX_LOG" 2>/dev/null || echo 0; }

policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"

# 1. build mode over implicit TLS, non-ASCII, checked by Python.
config
printf 'Grüße aus Ann Arbor.\n\nA line with a dot:\n.\nFrom the start.\n' > "$TEST_HOME/body"
run send --to "Bob <$tag-1@mail.test>" --cc bob@mail.test --subject "Grüße – 東京 $tag-1" < "$TEST_HOME/body"
is "$rc" 0 "send --to over implicit TLS: exit 0"
like "$out" "sent to 2 recipients via $H" "send --to: confirmation line"
f=$(delivered "$tag-1@mail.test" "$tag-1") && ok "message delivered to the Maildir" || fail "message delivered to the Maildir"
r=$($PARSE "$f" -f alice@mail.test -n "Alice Example" -t "$tag-1@mail.test" \
    -c bob@mail.test -s "Grüße – 東京 $tag-1" -B "$TEST_HOME/body" 2>&1)
is "$r" ok "Python's email package: no defects, headers and body equal"
dovecot_check "$(msgid "$f")" 1 -f alice@mail.test -n "Alice Example" -t "$tag-1@mail.test" \
    -c bob@mail.test -s "Grüße – 東京 $tag-1" -B "$TEST_HOME/body"

# 1b. the server offered 8BITMIME last time: the body now goes as 8bit,
# declared with BODY=8BITMIME, and arrives intact.
printf 'Grüße, naïve café.\n' > "$TEST_HOME/body8"
run send --trace "$TEST_HOME/trace8" --to "$tag-1b@mail.test" --bcc bob@mail.test --subject "8bit $tag-1b" < "$TEST_HOME/body8"
is "$rc" 0 "second send, 8BITMIME known: exit 0"
like "$(cat "$TEST_HOME/trace8")" "BODY=8BITMIME" "MAIL FROM declares BODY=8BITMIME"
f=$(delivered "$tag-1b@mail.test" "$tag-1b") && ok "8-bit message delivered" || fail "8-bit message delivered"
like "$(cat "$f")" "Content-Transfer-Encoding: 8bit" "the body went as 8bit"
r=$($PARSE "$f" -8 -f alice@mail.test -n "Alice Example" -t "$tag-1b@mail.test" \
    -s "8bit $tag-1b" -B "$TEST_HOME/body8" 2>&1)
is "$r" ok "Python's email package reads the 8-bit message back intact"
dovecot_check "$(msgid "$f")" 1 -8 -f alice@mail.test -n "Alice Example" -t "$tag-1b@mail.test" \
    -s "8bit $tag-1b" -B "$TEST_HOME/body8"

# 2. STARTTLS port, sendmail mode -t with Bcc: Bcc delivered, not shown.
config "smtp.port = $OUTPOST_TEST_SUBMISSION_PORT" "smtp.tls = starttls"
cat > "$TEST_HOME/in.eml" <<M
To: $tag-2@mail.test
Bcc: $tag-2b@mail.test
Subject: sendmail mode $tag-2

Body over STARTTLS.
M
run send -t -i < "$TEST_HOME/in.eml"
is "$rc" 0 "send -t over STARTTLS: exit 0"
is "$out" "" "sendmail mode is silent on success"
f=$(delivered "$tag-2@mail.test" "$tag-2") && ok "To recipient got it" || fail "To recipient got it"
unlike "$(cat "$f")" "Bcc:" "no Bcc header in the delivered message"
like "$(cat "$f")" "Message-ID: <" "Message-ID added"
like "$(cat "$f")" "Date: " "Date added"
like "$(cat "$f")" "From: Alice Example <alice@mail.test>" "From added from the account"
for _ in $(seq 300); do [ "$(count_delivered "$tag-2b@mail.test")" = 1 ] && break; sleep 0.1; done
is "$(count_delivered "$tag-2b@mail.test")" 1 "Bcc recipient got it too"

# 3. sendmail mode with recipients as arguments, -f the account: accepted.
printf 'Subject: args %s\n\nhello\n' "$tag-3" > "$TEST_HOME/in.eml"
run send -oi -f alice@mail.test -- "$tag-3@mail.test" < "$TEST_HOME/in.eml"
is "$rc" 0 "recipients as arguments, -f the account: exit 0"
for _ in $(seq 300); do [ "$(count_delivered "$tag-3@mail.test")" = 1 ] && break; sleep 0.1; done
is "$(count_delivered "$tag-3@mail.test")" 1 "argument recipient got it"
run send -f mallory@evil.example "$tag-3@mail.test" < "$TEST_HOME/in.eml"
is "$rc" 65 "-f another address: exit 65"
like "$out" "not your address alice@mail.test" "-f another address: named"
printf 'From: mallory@evil.example\nSubject: x\n\nhi\n' > "$TEST_HOME/in.eml"
run send "$tag-3@mail.test" < "$TEST_HOME/in.eml"
is "$rc" 65 "From another address: exit 65"

# 4. header injection is refused, nothing is sent.
before=$(auths)
run send --to "$tag-4@mail.test" --subject "hi
Bcc: victim@example.org" < "$TEST_HOME/body"
is "$rc" 65 "Subject with a line break: exit 65"
like "$out" "Subject" "the field is named"
is "$(auths)" "$before" "nothing reached the server"

# 5. wrong password: 77, the server's words.
config "password.command = cat $TEST_HOME/badpw"
run send --to "$tag-5@mail.test" --subject x < "$TEST_HOME/body"
is "$rc" 77 "wrong password: exit 77"
like "$out" "authentication failed for alice at $H" "wrong password: plain message"
is "$(count_delivered "$tag-5@mail.test")" 0 "wrong password: nothing delivered"

# 6. certificates refused before AUTH, on both ports.
for kind in SELFSIGNED WRONGNAME EXPIRED; do
	eval host=\$OUTPOST_TEST_${kind}_HOST
	policy "$host" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
	for port in "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"; do
		config "smtp.port = $port"
		before=$(auths)
		run send --trace "$TEST_HOME/trace" --to "$tag-6@mail.test" --subject x < "$TEST_HOME/body"
		is "$rc" 75 "$kind certificate on $port: exit 75 (deferred)"
		case $kind in
		SELFSIGNED) like "$out" "self-signed" "$kind on $port: reason in plain words" ;;
		WRONGNAME) like "$out" "wrong.test" "$kind on $port: names the certificate's name" ;;
		EXPIRED) like "$out" "expired" "$kind on $port: says expired" ;;
		esac
		like "$out" "SHA-256" "$kind on $port: shows the fingerprint"
		unlike "$(cat "$TEST_HOME/trace")" "C: AUTH" "$kind on $port: no AUTH in the trace"
		is "$(auths)" "$before" "$kind on $port: no AUTH at the server"
	done
done
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
is "$(count_delivered "$tag-6@mail.test")" 0 "bad certificates: nothing delivered"

# 7. a port without STARTTLS that offers AUTH in the clear: refused.
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_PLAIN_PORT"
config "smtp.port = $OUTPOST_TEST_PLAIN_PORT"
before=$(auths)
run send --trace "$TEST_HOME/trace" --to "$tag-7@mail.test" --subject x < "$TEST_HOME/body"
is "$rc" 75 "no STARTTLS offered: exit 75 (deferred)"
like "$out" "STARTTLS" "no STARTTLS: says so"
like "$(cat "$TEST_HOME/trace")" "S: 250-AUTH" "the server offered AUTH in the clear"
unlike "$(cat "$TEST_HOME/trace")" "C: AUTH" "no STARTTLS: no AUTH sent"
unlike "$(cat "$TEST_HOME/trace")" "C: MAIL FROM" "no STARTTLS: no MAIL sent"
is "$(auths)" "$before" "no STARTTLS: no AUTH at the server"

# 8. the configured port is blocked: the policy's other port is used.
policy "$H" 10499 "$OUTPOST_TEST_SUBMISSION_PORT"
config "smtp.port = 10499"
run send -v --to "$tag-8@mail.test" --subject "fallback $tag-8" < "$TEST_HOME/body"
is "$rc" 0 "blocked port: sent through the other port"
like "$out" "port 10499 failed" "blocked port: says which failed"
like "$out" "trying port $OUTPOST_TEST_SUBMISSION_PORT (STARTTLS)" "blocked port: says which it tries"
policy "$H" 10499 10498
config
run send --to "$tag-8@mail.test" --subject x < "$TEST_HOME/body"
is "$rc" 75 "every port blocked: exit 75 (try later)"
like "$out" "cannot connect to $H port 10499 (configured) nor to port 10498: connection refused" \
    "every port blocked: the error names the configured port and the other"
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"

# 9. the trace: dialogue kept, password and AUTH data redacted.
config
run send --trace "$TEST_HOME/trace" --to "$tag-9@mail.test" --subject "trace $tag-9" < "$TEST_HOME/body"
is "$rc" 0 "send with --trace: exit 0"
tr=$(cat "$TEST_HOME/trace")
like "$tr" "EHLO" "trace has the EHLO"
like "$tr" "<redacted>" "trace redacts AUTH"
plain64=$(printf '\0alice\0alice-pw-1' | base64)
pw64=$(printf 'alice-pw-1' | base64)
unlike "$tr" "alice-pw-1" "no password in the trace"
unlike "$tr" "$plain64" "no AUTH PLAIN blob in the trace"
unlike "$tr" "$pw64" "no base64 password in the trace"
is "$(stat -c %a "$TEST_HOME/trace")" 600 "trace file is 0600"
# QUIT goes with the message's end (RFC 2920), before its reply is read:
# the send's last round trip is the message's.
quit_at=$(grep -n "C: QUIT" "$TEST_HOME/trace" | head -1 | cut -d: -f1)
queued_at=$(grep -n "S: 250.*queued as" "$TEST_HOME/trace" | head -1 | cut -d: -f1)
[ -n "$quit_at" ] && [ -n "$queued_at" ] && [ "$quit_at" -lt "$queued_at" ] &&
	ok "trace: QUIT is written with the message, before its 250 is read" ||
	fail "trace: QUIT is written with the message, before its 250 is read" "QUIT at line ${quit_at:-none}, 250 at ${queued_at:-none}"
like "$tr" "S: 221" "trace: the server's 221 to QUIT is still read"

# 10. a recipient the server refuses: the others still get it; exit 0 so
# no caller sends it to them again; the refusal is on stderr.
run send --to "$tag-10@mail.test" --cc reject@mail.test --subject "partial $tag-10" < "$TEST_HOME/body"
is "$rc" 0 "one recipient refused, one accepted: exit 0"
like "$out" "not delivered to reject@mail.test: 550" "refused recipient named with the server's reply"
run send --to reject@mail.test --subject "none $tag-10" < "$TEST_HOME/body"
is "$rc" 69 "the only recipient refused: exit 69"
like "$out" "accepted none of the recipients: reject@mail.test: 550" "none accepted: said so"
for _ in $(seq 300); do [ "$(count_delivered "$tag-10@mail.test")" = 1 ] && break; sleep 0.1; done
is "$(count_delivered "$tag-10@mail.test")" 1 "the other recipient got it"

# 11. 50 recipients.
args=
i=0
while [ $i -lt 50 ]; do args="$args --to $tag-11-$i@mail.test"; i=$((i + 1)); done
# shellcheck disable=SC2086
run send $args --subject "fifty $tag-11" < "$TEST_HOME/body"
is "$rc" 0 "50 recipients: exit 0"
for _ in $(seq 300); do
	n=0; i=0
	while [ $i -lt 50 ]; do n=$((n + $(count_delivered "$tag-11-$i@mail.test"))); i=$((i + 1)); done
	[ "$n" -ge 50 ] && break
	sleep 0.1
done
is "$n" 50 "50 recipients: each got one copy"

# 12. SIZE: a message over the server's limit fails before upload.
policy "$H" "$OUTPOST_TEST_SMALL_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config
head -c 200000 /dev/urandom > "$TEST_HOME/big.bin"
run send --to "$tag-12@mail.test" --subject size --attach "$TEST_HOME/big.bin" < "$TEST_HOME/body"
is "$rc" 69 "over SIZE: exit 69"
like "$out" "$OUTPOST_TEST_SMALL_SIZE_LIMIT" "over SIZE: names the server's limit"
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"

# 13. attachments with non-ASCII names, checked by Python and by Dovecot.
config
head -c 20000000 /dev/urandom > "$TEST_HOME/Résumé 履歴書.bin"
printf '%%PDF-1.4\n%%\342\343\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%%%EOF\n' > "$TEST_HOME/paper.pdf"
run send --to "Bob <bob@mail.test>" --subject "attach $tag-13 – naïve" \
    --attach "$TEST_HOME/Résumé 履歴書.bin" --attach "$TEST_HOME/paper.pdf" < "$TEST_HOME/body"
is "$rc" 0 "20 MB attachment and a PDF: exit 0"
f=$(delivered bob@mail.test "$tag-13") && ok "attachments delivered" || fail "attachments delivered"
r=$($PARSE "$f" -f alice@mail.test -n "Alice Example" -t bob@mail.test -s "attach $tag-13 – naïve" \
    -B "$TEST_HOME/body" -a "$TEST_HOME/Résumé 履歴書.bin" -a "$TEST_HOME/paper.pdf" 2>&1)
is "$r" ok "Python: attachments' names and bytes equal, no defects"
dovecot_check "$(msgid "$f")" 3 -f alice@mail.test -n "Alice Example" -t bob@mail.test \
    -s "attach $tag-13 – naïve" -B "$TEST_HOME/body" -a "$TEST_HOME/Résumé 履歴書.bin" \
    -a "$TEST_HOME/paper.pdf"
like "$parts" "text/plain" "Dovecot: the body is text/plain"
like "$parts" "application/pdf base64" "Dovecot: the PDF is application/pdf in base64"
rm -f "$TEST_HOME/Résumé 履歴書.bin"

# 14. no password source: 77 naming what was tried.
grep -v password.command "$TEST_HOME/config" > "$TEST_HOME/c2"; mv "$TEST_HOME/c2" "$TEST_HOME/config"
chmod 600 "$TEST_HOME/config"
run send --to "$tag-14@mail.test" --subject x < "$TEST_HOME/body"
is "$rc" 77 "no password source: exit 77"
like "$out" "password.command" "no password source: names the source to set"

# 15. settings that break the policy: 78, nothing sent.
config "username = alice@mail.test"
run send --to "$tag-15@mail.test" --subject x < "$TEST_HOME/body"
is "$rc" 78 "policy violation: exit 78"
like "$out" "use your login name: alice" "policy violation: the fix"
run send
is "$rc" 64 "no recipients: exit 64"
done_testing
