#!/bin/sh
# sendmail.sh -- outpost as the sendmail of other programs (issue 15, part
# A): every option of Postfix's sendmail(1) accepted, attached and
# separate arguments, through links named sendmail, mailq and newaliases,
# with the real Postfix delivering; DSN (-N -R -V) on the wire to Postfix,
# whose own notification carries the envelope id, and dropped with a note
# on a server without DSN (the faulty fixture offers none); -odq queues,
# -bp and mailq list, -q sends the queue, newaliases and -bi do nothing,
# -bv checks addresses; bad -B, -N, -R, -V exit 64; -bd and -bs 69.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
tag=m$$
M=$OUTPOST_TEST_MAIL_DIR
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice Example"
BIN=$TEST_HOME/bin
mkdir "$BIN"
for n in sendmail mailq newaliases; do ln -s "$OUTPOST" "$BIN/$n"; done

# msg N: a message to $tag-N@mail.test, as cron writes one (no From).
msg() { printf 'To: %s\nSubject: cron %s\n\nbody-%s\n' "$tag-$1@mail.test" "$tag-$1" "$tag-$1"; }
# sm N ARGS...: "sendmail ARGS" (the link) with message N; out, rc.
sm() { n=$1; shift; out=$(msg "$n" | "$BIN/sendmail" "$@" 2>&1); rc=$?; }
got() { wait_delivered "$tag-$1@mail.test" 1 >/dev/null; cat "$M/$tag-$1@mail.test"/Maildir/new/* 2>/dev/null; }
# The delivery notification Postfix sent alice for the envelope id $1.
dsn_for() {
	for _ in $(seq 300); do
		f=$(grep -l "$1" "$M/alice@mail.test"/Maildir/new/* 2>/dev/null | head -1)
		[ -n "$f" ] && break
		sleep 0.1
	done
	[ -n "$f" ] && cat "$f"
}

# 1. cron's exact command line (Debian 12): the -B that was refused.
sm 1 -FCronDaemon -i -B8BITMIME -oem "$tag-1@mail.test"
is "$rc" 0 "cron's line -FCronDaemon -i -B8BITMIME -oem: exit 0"
like "$(got 1)" "From: CronDaemon <alice@mail.test>" "delivered, From named by -F"

# 1b. the same line to "outpost send" itself (it said 64 to -B before).
out=$(msg 1b | "$OUTPOST" send -FCronDaemon -i -B8BITMIME -oem "$tag-1b@mail.test" 2>&1); rc=$?
is "$rc" 0 "outpost send -FCronDaemon -i -B8BITMIME -oem: exit 0"
like "$(got 1b)" "body-$tag-1b" "delivered"

# 2. the same options with separate arguments, -o's too.
sm 2 -F "Cron Daemon" -i -B 8BITMIME -o em -o i -f alice@mail.test "$tag-2@mail.test"
is "$rc" 0 "-F NAME -B 8BITMIME -o em -o i -f ADDR (separate): exit 0"
like "$(got 2)" "From: Cron Daemon <alice@mail.test>" "delivered, From named by -F NAME"

# 3. every option Postfix accepts and ignores, at once, attached forms.
sm 3 -Am -Ac -B7BIT -G -h5 -Llabel -m -n -oA/etc/aliases -Oa=b -o7 -o8 -om \
    -U -XV -bh -bH -bm -odb -odi -oee -oem -oep -oeq -oew -ralice@mail.test \
    "-C$TEST_HOME/config" -v "$tag-3@mail.test"
is "$rc" 0 "-Am -Ac -B7BIT -G -h5 -L -m -n -oA -O -o7 -o8 -om -U -XV -bh -bH -bm -odb -odi -oe* -r -C -v: exit 0"
like "$(got 3)" "body-$tag-3" "delivered"
sm 3b -h 5 -L label -O a=b -r alice@mail.test -C "$TEST_HOME/config" -X "$TEST_HOME/trace3" "$tag-3b@mail.test"
is "$rc" 0 "-h N -L LABEL -O X=Y -r ADDR -C FILE -X FILE (separate): exit 0"
like "$(got 3b)" "body-$tag-3b" "delivered"
like "$(cat "$TEST_HOME/trace3" 2>/dev/null)" "RCPT TO:<$tag-3b@mail.test>" "-X FILE writes the trace"

# 4. DSN to Postfix, separate arguments: NOTIFY on RCPT, RET and ENVID
# (xtext) on MAIL; Postfix's success notification carries the id.
sm 4 -N success,failure -R hdrs -V "dsn-$tag-4 a+b=c" -X "$TEST_HOME/trace4" "$tag-4@mail.test"
is "$rc" 0 "-N success,failure -R hdrs -V ID: exit 0"
tr=$(cat "$TEST_HOME/trace4" 2>/dev/null)
like "$tr" "RCPT TO:<$tag-4@mail.test> NOTIFY=SUCCESS,FAILURE" "NOTIFY=SUCCESS,FAILURE on RCPT"
like "$tr" " RET=HDRS" "RET=HDRS on MAIL"
like "$tr" " ENVID=dsn-$tag-4+20a+2Bb+3Dc" "ENVID in xtext on MAIL"
like "$(got 4)" "body-$tag-4" "delivered"
d=$(dsn_for "dsn-$tag-4")
like "$d" "dsn-$tag-4" "Postfix sent the success notification with the envelope id"
# attached forms.
sm 5 -Nsuccess -Rfull "-Vdsn-$tag-5" "-X$TEST_HOME/trace5" "$tag-5@mail.test"
is "$rc" 0 "-Nsuccess -Rfull -VID (attached): exit 0"
tr=$(cat "$TEST_HOME/trace5" 2>/dev/null)
like "$tr" "NOTIFY=SUCCESS" "NOTIFY=SUCCESS"
like "$tr" " RET=FULL ENVID=dsn-$tag-5" "RET=FULL ENVID=..."
like "$(dsn_for "dsn-$tag-5")" "Successful Mail Delivery Report" "Postfix's success notification for -Nsuccess -VID"

# 5. bad values: exit 64 naming them; nothing queued.
for bad in "-B BOGUS:BOGUS" "-BBOGUS:BOGUS" "-N sometimes:sometimes" \
    "-N never,success:never,success" "-R body:body" "-bz:z" "-qX:X"; do
	sm bad ${bad%%:*} "$tag-bad@mail.test"
	is "$rc" 64 "sendmail ${bad%%:*}: exit 64"
	like "$out" "\"${bad#*:}\"" "sendmail ${bad%%:*}: the value is named"
done
sm bad -V "$(printf 'a\tb')" "$tag-bad@mail.test"
is "$rc" 64 "-V with a control character: exit 64"
is "$("$OUTPOST" outbox | grep -c queued)" 0 "nothing was queued by them"

# 6. -odq / -o dq: queued, not sent; -N -R -V kept in the envelope.
sm 6 -odq -N delay,failure -R full -V "dsn-$tag-6" "$tag-6@mail.test"
is "$rc" 0 "-odq: exit 0"
like "$out" "queued as" "-odq: says it queued"
id6=$(printf '%s\n' "$out" | queued_id)
env6=$(cat "$OUTPOST_HOME/outbox/queue/$id6.env" 2>/dev/null)
like "$env6" "version: 2" "the envelope says version 2"
like "$env6" "notify: failure,delay" "the envelope keeps notify"
like "$env6" "ret: full" "the envelope keeps ret"
like "$env6" "envid: dsn-$tag-6" "the envelope keeps envid"
sm 7 -o dq "$tag-7@mail.test"
is "$rc" 0 "-o dq: exit 0"
like "$(cat "$OUTPOST_HOME"/outbox/queue/*.env | grep -c '^version: 1')" 1 "an envelope without DSN stays version 1"
is "$(count_delivered "$tag-6@mail.test")$(count_delivered "$tag-7@mail.test")" 00 "queued messages were not sent"

# 7. -bp, mailq and "outpost send -bp" list the queue.
for how in "sendmail -bp" "mailq" "outpost send -bp"; do
	case $how in outpost*) cmd="$OUTPOST ${how#outpost }" ;; *) cmd="$BIN/$how" ;; esac
	out=$($cmd 2>&1); rc=$?
	is "$rc" 0 "$how: exit 0"
	like "$out" "${id6:-no id}" "$how: lists the queued message"
done

# 8. -q sends the queue (all of it, the DSN stored with the item used).
out=$("$BIN/sendmail" -q "-X$TEST_HOME/trace8" 2>&1); rc=$?
is "$rc" 0 "sendmail -q: exit 0"
like "$(got 6)" "body-$tag-6" "-q delivered the first queued message"
like "$(got 7)" "body-$tag-7" "-q delivered the second"
like "$(cat "$TEST_HOME/trace8" 2>/dev/null)" "RCPT TO:<$tag-6@mail.test> NOTIFY=FAILURE,DELAY" "-q: the stored -N went out"
out=$("$BIN/sendmail" -q30m 2>&1); rc=$?
is "$rc" 0 "sendmail -q30m: exit 0"
like "$out" "interval" "-q30m: says the interval is ignored"

# 9. newaliases, -bi, -I: nothing to do, exit 0.
for how in "newaliases" "sendmail -bi" "sendmail -I"; do
	out=$($BIN/$how 2>&1 </dev/null); rc=$?
	is "$rc:$out" "0:" "$how: exit 0, silent"
done

# 10. -bv: addresses checked, nothing sent.
out=$("$BIN/sendmail" -bv "$tag-10@mail.test" 2>&1); rc=$?
is "$rc" 0 "-bv with a good address: exit 0"
like "$out" "$tag-10@mail.test" "-bv names it"
out=$("$BIN/sendmail" -bv "$tag-10@mail.test" "bob@" 2>&1); rc=$?
is "$rc" 65 "-bv with a bad address: exit 65"
like "$out" "bob@" "-bv names the bad one"
is "$(count_delivered "$tag-10@mail.test")" 0 "-bv sent nothing"

# 11. -bs (SMTP on stdin) is not provided: a clear message, 69.  -bd
# and -bl (daemon mode) start the queue runner: off in this config, so
# 69 saying why; with the runner on, 0 and a runner active.
out=$("$BIN/sendmail" -bs 2>&1 </dev/null); rc=$?
is "$rc" 69 "sendmail -bs: exit 69"
like "$out" "-bs is not provided" "sendmail -bs: says so"
for m in -bd -bl; do
	out=$("$BIN/sendmail" $m 2>&1 </dev/null); rc=$?
	is "$rc" 69 "sendmail $m with queue.runner = off: exit 69"
	like "$out" "queue.runner = off" "sendmail $m: says the runner is off"
done
write_config "$TEST_HOME/rconfig" "$TEST_HOME/loop.policy" "queue.runner = on"
out=$("$BIN/sendmail" -C "$TEST_HOME/rconfig" -bd 2>&1 </dev/null); rc=$?
is "$rc" 0 "sendmail -bd with the runner on: exit 0"
printf '%s\n' "$out" | grep -Eq 'queue runner (is active \(pid [0-9]+\)|started, found nothing waiting and left)' &&
	ok "sendmail -bd: says the runner ran" || fail "sendmail -bd: says the runner ran" "$out"
for _ in $(seq 600); do [ "$(nrunners "$OUTPOST_HOME")" = 0 ] && break; sleep 0.1; done
is "$(nrunners "$OUTPOST_HOME")" 0 "the runner left, nothing waiting"

# 12. through the link -c is sendmail's (ignored), not outpost's config.
sm 12 -c -i "$tag-12@mail.test"
is "$rc" 0 "sendmail -c: ignored, exit 0"
like "$(got 12)" "body-$tag-12" "delivered"

# 13. a server without DSN (the faulty fixture): dropped with a note.
if [ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null; then
	faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 --greet421-port 0 ||
	    { echo "Bail out! faulty server did not start"; exit 1; }
	fpid=$FAULTY_PID
	trap 'kill $fpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT
	write_policy "$TEST_HOME/f.policy" "$OUTPOST_TEST_HOST" "$FAULTY_BASE" "$((FAULTY_BASE + 1))"
	write_config "$TEST_HOME/fconfig" "$TEST_HOME/f.policy"
	sm 13 -C "$TEST_HOME/fconfig" -v -N success -R full -V "dsn-$tag-13" -X "$TEST_HOME/trace13" "$tag-13@mail.test"
	is "$rc" 0 "no DSN offered: exit 0"
	like "$out" "does not offer DSN" "-v says the DSN options were dropped"
	tr=$(cat "$TEST_HOME/trace13" 2>/dev/null)
	like "$tr" "does not offer DSN" "the trace says so"
	unlike "$tr" "NOTIFY=" "no NOTIFY sent"
	unlike "$tr" "ENVID=" "no ENVID sent"
	like "$(cat "$TEST_HOME/faulty.log")" "ACCEPTED from=alice@mail.test to=$tag-13@mail.test" "the server took the message"
	kill $fpid 2>/dev/null
else
	echo "ok $((TAP_N + 1)) # SKIP python3-aiosmtpd is not installed"
	TAP_N=$((TAP_N + 1))
fi
done_testing
