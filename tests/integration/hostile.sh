#!/bin/sh
# hostile.sh -- an SMTP server that never stops talking, sends an endless
# or a 200 MB line, trickles one line a second, or injects bytes after
# STARTTLS (tests/fixtures/hostile_smtp.py), in every phase, over implicit
# TLS and STARTTLS: outpost send ends in bounded time with a plain error
# naming the server and what it did, its peak RSS stays within a few MB of
# a normal send, the item lands where a dropped connection at that point
# puts it, and the trace is bounded and safe to cat.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
[ -x /usr/bin/time ] || skip_all "GNU time (/usr/bin/time) is not installed"
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Hostile test body.\n' > "$TEST_HOME/body"

fixture_start "$TEST_HOME" hostile hostile_smtp.py --smtps-port @0 \
    --starttls-port @1 --mode-file "$TEST_HOME/mode" --lifetime 1800 ||
	{ echo "Bail out! hostile server did not start"; exit 1; }
hpid=$FIXTURE_PID IMPL=$FIXTURE_BASE STLS=$((FIXTURE_BASE + 1))
trap 'kill $hpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT
# One port a policy: a failure on one port is not hidden by a fallback
# to the other.
write_policy "$TEST_HOME/$IMPL.policy" "$OUTPOST_TEST_HOST" $IMPL
write_policy "$TEST_HOME/$STLS.policy" "$OUTPOST_TEST_HOST" $STLS
sed -i "s/^smtp.port = .*/smtp.port = $STLS starttls/" "$TEST_HOME/$STLS.policy"

# send PORT MODE: one message through the hostile server in MODE, under
# a 2 GB address-space cap and a 120 s kill (the old code grew without
# bound and never ended); sets rc, out, secs, kb.
send() {
	write_config "$TEST_HOME/config" "$TEST_HOME/$1.policy" \
	    "timeout.reply = 3"
	printf '%s\n' "$2" > "$TEST_HOME/mode"
	outbox_clear
	rm -f "$TEST_HOME/trace"
	bounded_run "$TEST_HOME/out" "$OUTPOST" -c "$TEST_HOME/config" send \
	    --trace "$TEST_HOME/trace" --to bob@mail.test --subject hostile \
	    < "$TEST_HOME/body"
	out=$(cat "$TEST_HOME/out")
}

# The baseline: a normal send through the same server.
for port in $IMPL $STLS; do
	send $port normal
	is "$rc" 0 "port $port, normal server: sent ($out)"
done
limit_kb=$((kb + 8192))

# check PORT MODE RC STATE WORDS: the case ends with RC, the item STATE,
# the error naming the host and saying WORDS, in bounded time and memory.
check() {
	send "$1" "$2"
	what="port $1, $2"
	is "$rc" "$3" "$what: exit $3"
	like "$out" "$4" "$what: plain error"
	like "$out" "$OUTPOST_TEST_HOST" "$what: names the server"
	is "$(outbox_states)" "$5" "$what: the item is $5"
	bounds_ok "$what" "$limit_kb"
	trace_bounded "$what" "$TEST_HOME/trace"
}

for port in $IMPL $STLS; do
	phases="greeting ehlo auth mail rcpt data"
	[ $port = $STLS ] && phases="greeting ehlo starttls ehlo2 auth mail rcpt data"
	for phase in $phases; do
		check $port endless@$phase 75 "lines in one reply" deferred
		check $port longline@$phase 75 "reply line of more than" deferred
	done
	for phase in greeting ehlo auth data; do
		check $port trickle@$phase 75 "kept sending without finishing its reply for 3 seconds" deferred
	done
	[ $port = $STLS ] && check $port trickle@ehlo2 75 "kept sending without finishing" deferred
	check $port bigline@ehlo 75 "reply line of more than" deferred
	# After the final dot the server may have the message: uncertain.
	check $port endless@dot 75 "lines in one reply" uncertain
	check $port longline@dot 75 "reply line of more than" uncertain
	check $port trickle@dot 75 "kept sending without finishing" uncertain
done

# The reply to QUIT comes after the message was accepted: it is sent.
for mode in endless@quit longline@quit trickle@quit; do
	send $IMPL $mode
	is "$rc" 0 "port $IMPL, $mode: sent all the same ($out)"
	bounds_ok "$mode" "$limit_kb"
done

# flush, as cron runs it, ends too: a queued message against a server
# that trickles its EHLO reply waits in the outbox, and flush returns.
write_config "$TEST_HOME/config" "$TEST_HOME/$IMPL.policy" "timeout.reply = 3"
printf 'trickle@ehlo\n' > "$TEST_HOME/mode"
outbox_clear
"$OUTPOST" -c "$TEST_HOME/config" send --queue-only --to bob@mail.test \
    --subject flushed < "$TEST_HOME/body" > /dev/null 2>&1
t0=$(date +%s)
out=$(timeout -k 5 120 "$OUTPOST" -c "$TEST_HOME/config" flush 2>&1)
rc=$? secs=$(($(date +%s) - t0))
is "$rc" 75 "flush against a trickling server: exit 75"
like "$out" "kept sending without finishing its reply for 3 seconds" "flush: says why"
[ "$secs" -lt 60 ] && ok "flush: ended within 60 s" || fail "flush: ended within 60 s" "took $secs s"
is "$(outbox_states)" deferred "flush: the message waits, deferred"

# STARTTLS response injection: plain bytes after the 220, before the
# handshake, are tampering, and no password is ever sent.
: > "$TEST_HOME/hostile.log"
check $STLS inject@starttls 75 "tampering" deferred
like "$out" "STARTTLS" "injection: the error says where"
unlike "$(cat "$TEST_HOME/hostile.log")" ">> AUTH" "injection: no AUTH reached the server"

# The connection test says what it means and what to do.
write_config "$TEST_HOME/config" "$TEST_HOME/$STLS.policy" "timeout.reply = 3"
out=$(timeout -k 5 120 "$OUTPOST" -c "$TEST_HOME/config" doctor 2>&1)
like "$out" "STARTTLS injection" "doctor: the injection is named"
like "$out" "Use the SSL/TLS port" "doctor: with advice"

# The trace of a server that sends control bytes is safe to cat: no
# control character but the line end, each written as an escape.
for port in $IMPL $STLS; do
	send $port control@ehlo
	is "$rc" 0 "port $port, control bytes in EHLO: sent"
	ctl=$(LC_ALL=C tr -d '\n\040-\176' < "$TEST_HOME/trace" | wc -c)
	is "$ctl" 0 "port $port: the trace holds no raw control byte"
	t=$(cat "$TEST_HOME/trace")
	like "$t" '\x1b[2J\x1b]0;owned\x07 nul\0 del\x7f' "port $port: control bytes escaped"
done
send $IMPL wideline@ehlo
is "$rc" 0 "a 3000-byte EHLO line: sent"
like "$(cat "$TEST_HOME/trace")" "[... 2004 more bytes not shown]" "a long line is cut in the trace, saying so"
trace_bounded "wide line trace" "$TEST_HOME/trace"
done_testing
