#!/bin/sh
# dial-ahead.sh -- `outpost send` dials the server before it queues the
# message, so the TCP handshake overlaps the queue's fsyncs (issue 18):
# under strace the connect() to the server comes before the first
# fsync, and the send goes out on that one connection (one
# connect() per send), over implicit TLS and STARTTLS, and for the
# composer's send (send --draft).  With --queue-only no connection is
# made at all.  `flush ID` (what the composer runs when the undo window
# ends) dials the item's server before the password command runs and
# before OpenSSL starts.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed (contrib/quickstart installs it)"
use_servers
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Dialled ahead.\n' > "$TEST_HOME/body"
write_policy "$TEST_HOME/p.policy" "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
tag=ahead$$
# line PATTERN: the number of the first line of the trace matching it (0: none)
line() { grep -n -m1 -e "$1" "$TEST_HOME/strace" | cut -d: -f1 | grep . || echo 0; }

# send PORT [ARG...]: outpost send under strace -> rc, out, conn (first
# connect to PORT), sync (first fsync), n (connects to PORT)
send() {
	port=$1
	shift
	write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "smtp.port = $port"
	out=$(strace -f -qq -e trace=connect,fsync,fdatasync -o "$TEST_HOME/strace" \
	    "$OUTPOST" send "$@" --to "$tag@mail.test" --subject "ahead $port" \
	    < "$TEST_HOME/body" 2>&1)
	rc=$?
	conn=$(line "connect(.*htons($port)")
	sync=$(line "fsync(\|fdatasync(")
	n=$(grep -c "connect(.*htons($port)" "$TEST_HOME/strace")
}

sent=0
for port in "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"; do
	send "$port"
	is "$rc" 0 "port $port: sent ($out)"
	[ "$rc" = 0 ] && sent=$((sent + 1))
	is "$([ "$conn" -gt 0 ] && [ "$sync" -gt 0 ] && [ "$conn" -lt "$sync" ] && echo yes)" yes \
	    "port $port: the server is dialled before the message is queued (connect at line $conn, first fsync at $sync)"
	is "$n" 1 "port $port: the send used that one connection"

	send "$port" --queue-only
	is "$rc" 0 "port $port, --queue-only: queued ($out)"
	is "$conn" 0 "port $port, --queue-only: no connection made"
done
# The composer's send (send --draft): a reply to a message from $tag.
printf 'From: <%s@mail.test>\nTo: alice@mail.test\nSubject: draft\nMessage-ID: <%s@mail.test>\n\nHi.\n' \
    "$tag" "$tag" > "$TEST_HOME/orig.eml"
id=$("$OUTPOST_AGENT" -c "$TEST_HOME/config" make-draft reply "$TEST_HOME/orig.eml" 2>/dev/null | head -1)
port=$OUTPOST_TEST_SMTPS_PORT
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "smtp.port = $port"
out=$(strace -f -qq -e trace=connect,fsync,fdatasync -o "$TEST_HOME/strace" \
    "$OUTPOST" send --draft "$id" 2>&1)
rc=$?
conn=$(line "connect(.*htons($port)")
sync=$(line "fsync(\|fdatasync(")
is "$rc" 0 "send --draft: sent ($out)"
[ "$rc" = 0 ] && sent=$((sent + 1))
is "$([ "$conn" -gt 0 ] && [ "$sync" -gt 0 ] && [ "$conn" -lt "$sync" ] && echo yes)" yes \
    "send --draft: the server is dialled before the message is queued (connect at line $conn, first fsync at $sync)"
is "$(grep -c "connect(.*htons($port)" "$TEST_HOME/strace")" 1 "send --draft: one connection"

# flush ID: an item queued first (--queue-only: no connection then).
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "smtp.port = $port"
id=$("$OUTPOST" send --queue-only -v --to "$tag@mail.test" --subject "ahead flush" \
    < "$TEST_HOME/body" 2>&1 | queued_id)
out=$(strace -f -qq -e trace=connect,execve,openat -o "$TEST_HOME/strace" \
    "$OUTPOST" flush "$id" 2>&1)
rc=$?
conn=$(line "connect(.*htons($port)")
pw=$(line 'execve("[^"]*/cat", \["cat", ')   # password.command
cnf=$(line 'openssl\.cnf"')
is "$rc" 0 "flush ID: sent" || printf '%s\n' "$out" >&2
[ "$rc" = 0 ] && sent=$((sent + 1))
is "$([ "$conn" -gt 0 ] && [ "$pw" -gt "$conn" ] && [ "$cnf" -gt "$conn" ] && echo yes)" yes \
    "flush ID: the server is dialled before the password command and OpenSSL's start (connect at line $conn, password at $pw, openssl.cnf at $cnf)"
is "$(grep -c "connect(.*htons($port)" "$TEST_HOME/strace")" 1 "flush ID: one connection"

is "$(wait_delivered "$tag@mail.test" "$sent")" "$sent" "the sends were delivered"
done_testing
