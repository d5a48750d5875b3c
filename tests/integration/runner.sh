#!/bin/sh
# runner.sh -- the queue runner (issue 15): a sendmail-mode send to a
# server that is down exits 0 and the message arrives, exactly once, when
# the server comes back, with no command run; build mode still exits 75;
# one runner however many start; queue.runner = off exits 75 and starts
# none; a refused password is tried once and then held, however long we
# wait; the runner has its own session and no terminal, ignores SIGHUP,
# and keeps its log bounded; the shipped systemd unit and crontab line
# run the real command against Postfix.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
[ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
tag=r$$
H=$OUTPOST_TEST_HOST
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'wrong-pw\n' > "$TEST_HOME/badpw"

# The faulty server answers the wrong-password case; port B, in its block
# of ten and unused until then, is the server that is down, then back.
faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 --greet421-port @2 ||
	{ echo "Bail out! faulty server did not start"; exit 1; }
fpid=$FAULTY_PID A=$FAULTY_BASE B=$((FAULTY_BASE + 5)) bpid=
trap 'kill $fpid $bpid 2>/dev/null; for h in "$TEST_HOME"/h*; do [ -d "$h" ] && for p in $(runner_pids "$h"); do kill $p; done; done; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT

# home NAME PORT [config lines]: a data directory and config of its own
# (one runner per user: each case is another user's outbox), runner on.
home() {
	hh=$TEST_HOME/$1 hp=$2; shift 2
	mkdir -p "$hh"
	export OUTPOST_HOME="$hh"
	write_policy "$hh/p.policy" "$H" "$hp"
	write_config "$hh/config" "$hh/p.policy" "timeout.reply = 5" \
	    "queue.runner = on" "$@"
}
accepted() { grep -c " ACCEPTED .*to=$2" "$TEST_HOME/$1.log" 2>/dev/null; }
auths() { grep -c "AUTH-" "$TEST_HOME/faulty.log"; }
msg() { printf 'Subject: %s\n\nRunner test.\n' "$1" > "$TEST_HOME/msg"; }
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }

# 1. Server down: sendmail mode exits 0 (the runner will deliver), build
# mode reports the real outcome, 75.
home h1 $B
msg "down $tag"
run send "sm-$tag@mail.test" < "$TEST_HOME/msg"
is "$rc" 0 "server down, sendmail mode: exit 0 (queued, the runner retries)"
like "$out" "queued as " "server down: stderr says queued as ID"
like "$out" "outpost retries at " "server down: stderr says when outpost retries"
run send --to "bm-$tag@mail.test" --subject "built $tag" < "$TEST_HOME/msg"
is "$rc" 75 "server down, build mode (--to): exit 75, the real outcome"
run outbox
like "$out" "runner: active (pid " "outpost outbox: the runner is active, with its pid"
like "$out" "next try at " "outpost outbox: and when it tries next"
j=$("$OUTPOST" outbox --runner --json)
is "$(printf '%s' "$j" | $PY -c 'import json,sys; o=json.load(sys.stdin); print(o["active"], o["pid"] > 0, "next_attempt" in o)' 2>&1)" \
    "True True True" "outpost outbox --runner --json: active, pid, next_attempt"
pids=$(runner_pids "$TEST_HOME/h1")
is "$(echo $pids | wc -w)" 1 "one runner for two deferred sends"
rp=$(echo $pids | cut -d' ' -f1)
if [ -n "$rp" ]; then
	# /proc/PID/stat after the ")": state ppid pgrp session tty_nr
	st=$(sed 's/^.*) //' "/proc/$rp/stat")
	sid=$(echo "$st" | cut -d' ' -f4)
	mysid=$(sed 's/^.*) //' /proc/$$/stat | cut -d' ' -f4)
	[ "$sid" != "$mysid" ] && [ "$sid" != "$rp" ] &&
	    ok "the runner is in a session of its own, not its leader (setsid, then fork)" ||
	    fail "the runner is in a session of its own, not its leader (setsid, then fork)" "session $sid, ours $mysid, runner $rp"
	is "$(echo "$st" | cut -d' ' -f5)" 0 "the runner has no controlling terminal"
	is "$(readlink /proc/$rp/fd/0) $(readlink /proc/$rp/fd/1) $(readlink /proc/$rp/fd/2)" \
	    "/dev/null /dev/null /dev/null" "the runner's stdin, stdout and stderr are /dev/null"
	kill -HUP "$rp"
	kill -0 "$rp" 2>/dev/null && ok "the runner ignores SIGHUP (its session ended)" ||
	    fail "the runner ignores SIGHUP (its session ended)"
else
	for c in "own session" "no terminal" "/dev/null" "SIGHUP"; do fail "runner: $c (no runner)"; done
fi

# 2. A refused password: send tries once (77, as before), the account is
# held, and nothing logs in again until the user acts.
home h2 $A "password.command = cat $TEST_HOME/badpw"
msg "badpw $tag"
run send "pw-$tag@mail.test" < "$TEST_HOME/msg"
is "$rc" 77 "refused password: exit 77"
is "$(auths)" 1 "refused password: one AUTH attempt"
run outbox
like "$out" "held: the server refused the password; run outpost flush after checking it" \
    "outpost outbox: the runner is held after a refused password"
msg "badpw2 $tag"
run send "pw-$tag@mail.test" < "$TEST_HOME/msg"
is "$rc" 75 "held: a second sendmail-mode send queues without logging in, exit 75"
like "$out" "held" "held: it says why"
run runner
is "$(nrunners "$TEST_HOME/h2")" 0 "held: a runner started by hand does not stay"
pwnext=$("$OUTPOST" outbox --json | $PY -c '
import json, sys, calendar, time
print(max(calendar.timegm(time.strptime(json.loads(l).get("next_attempt", "1970-01-01T00:00:00Z"), "%Y-%m-%dT%H:%M:%SZ")) for l in sys.stdin))')

# 3. queue.runner = off: nothing would retry, so sendmail mode says 75.
home h3 $B "queue.runner = off"
msg "off $tag"
run send "off-$tag@mail.test" < "$TEST_HOME/msg"
is "$rc" 75 "queue.runner = off: sendmail mode exits 75"
like "$out" "outpost flush" "queue.runner = off: it says what sends it"
is "$(nrunners "$TEST_HOME/h3")" 0 "queue.runner = off: no runner"
run outbox
like "$out" "runner: none (queue.runner = off" "outpost outbox: none runs, off in the config"

# A password typed at the prompt (no password.command, no keyring) is
# not the runner's: nothing will retry the message, so 75.
home h6 $B "password.command ="
msg "typed $tag"
out=$($PY "$top_srcdir/tests/integration/pty_run.py" --stdin "$TEST_HOME/msg" \
    --expect "Password for" --reply "typed-pw" -- \
    env -u DBUS_SESSION_BUS_ADDRESS "$OUTPOST" send "typed-$tag@mail.test")
rc=$?
is "$rc" 75 "password typed at the prompt: sendmail mode exits 75 (the runner cannot ask)"
like "$out" "the password was typed" "password typed: it says why nothing retries"
is "$(nrunners "$TEST_HOME/h6")" 0 "password typed: no runner"

# 4. Five runners started at once: one runs, the others see it and leave.
home h4 $B
msg "five $tag"
"$OUTPOST" send --queue-only "five-$tag@mail.test" < "$TEST_HOME/msg" 2>/dev/null
rpids=
for i in 1 2 3 4 5; do
	"$OUTPOST" runner > "$TEST_HOME/r$i.out" 2>&1 &
	rpids="$rpids $!"
done
wait $rpids
is "$(cat "$TEST_HOME"/r?.out | grep -c 'started')" 1 "five runners at once: one started"
is "$(cat "$TEST_HOME"/r?.out | grep -c 'already running')" 4 "five runners at once: four found it running"
is "$(nrunners "$TEST_HOME/h4")" 1 "five runners at once: one process"

# 5. The server comes back: the messages arrive with no command run,
# exactly once (first back-off 60 s +- 20%; bounded at 200 s).
fixture_launch "$TEST_HOME" back faulty_smtp.py --smtps-port $B \
    --starttls-port $((A + 6)) --greet421-port $((A + 7)) && bpid=$FIXTURE_PID ||
	{ echo "Bail out! the second faulty server did not start"; exit 1; }
i=0
while [ $i -lt 400 ]; do
	[ "$(accepted back "sm-$tag")" -ge 1 ] && [ "$(accepted back "bm-$tag")" -ge 1 ] &&
	    [ "$(accepted back "five-$tag")" -ge 1 ] && break
	sleep 0.5; i=$((i + 1))
done
is "$(accepted back "sm-$tag")" 1 "server back: the sendmail-mode message arrived once, no command run"
is "$(accepted back "bm-$tag")" 1 "server back: the build-mode message arrived once"
is "$(accepted back "five-$tag")" 1 "server back: the five runners sent their message once"
export OUTPOST_HOME=$TEST_HOME/h1
i=0
while [ $i -lt 120 ] && [ "$(nrunners "$TEST_HOME/h1")" != 0 ]; do sleep 0.5; i=$((i + 1)); done
is "$(nrunners "$TEST_HOME/h1")" 0 "the runner exits once nothing is waiting"
is "$(outbox_states)" "" "nothing left in the outbox"
is "$(accepted back "sm-$tag") $(accepted back "bm-$tag")" "1 1" "still once each after the runner left"
run outbox --runner
like "$out" "runner: none" "outpost outbox --runner: no runner once it left"
log=$OUTPOST_HOME/outbox/runner.log
like "$(cat "$log" 2>/dev/null)" "sent" "the runner's log records the delivery"
is "$(grep -cv '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z ' "$log" 2>/dev/null)" 0 \
    "every log line starts with a time"

# 6. Wrong password: past the held item's next attempt, still one AUTH.
i=0
while [ $i -lt 400 ] && [ "$(date +%s)" -le $((pwnext + 10)) ]; do sleep 0.5; i=$((i + 1)); done
[ "$(date +%s)" -gt $((pwnext + 10)) ] && ok "waited past the held item's back-off" ||
    fail "waited past the held item's back-off" "next attempt $pwnext"
is "$(auths)" 1 "refused password: still exactly one AUTH attempt after the back-off"
unlike "$(cat "$TEST_HOME/faulty.log" "$TEST_HOME"/h*/outbox/runner.log* 2>/dev/null)" \
    "alice-pw-1" "no password in the server's or the runners' logs"
unlike "$(cat "$TEST_HOME"/h*/outbox/runner.log* 2>/dev/null)" "wrong-pw" \
    "not the wrong one either"
export OUTPOST_HOME=$TEST_HOME/h2
write_config "$OUTPOST_HOME/config" "$OUTPOST_HOME/p.policy" "timeout.reply = 5" \
    "queue.runner = on"
run flush
is "$rc" 0 "the user fixed the password: outpost flush sends both"
run outbox
unlike "$out" "held" "outpost flush cleared the hold"

# 7. The log stays bounded: one .old rotation, each under 64 KiB.
export OUTPOST_HOME=$TEST_HOME/h1
awk 'BEGIN { for (n = i = 0; n < 65400; i++) n += length(l = "2020-01-01T00:00:00Z filler line " i " of the runner log") + 1 + 0 * print_(l) }
function print_(l) { print l }' > "$log"
printf 'Bounded.\n' | "$OUTPOST" send --queue-only --to "log-$tag@mail.test" --subject "log $tag" 2>/dev/null
"$OUTPOST" runner >/dev/null 2>&1
i=0
while [ $i -lt 120 ] && [ "$(accepted back "log-$tag")" = 0 ]; do sleep 0.5; i=$((i + 1)); done
i=0
while [ $i -lt 120 ] && [ "$(nrunners "$TEST_HOME/h1")" != 0 ]; do sleep 0.5; i=$((i + 1)); done
sz=$(wc -c < "$log"); szo=$(wc -c < "$log.old" 2>/dev/null || echo 0)
[ "$sz" -le 65536 ] && [ "$szo" -gt 0 ] && [ "$szo" -le 65536 ] &&
    ok "runner.log rotated to runner.log.old, both bounded" ||
    fail "runner.log rotated to runner.log.old, both bounded" "$sz and $szo bytes"

# 8. For queue.runner = off: the shipped systemd unit and crontab line
# run the real command, against Postfix.
home h5 "$OUTPOST_TEST_SMTPS_PORT" "queue.runner = off"
ex=$top_srcdir/contrib/examples
cmd=$(sed -n 's/^ExecStart=//p' "$ex/outpost-flush.service")
case $cmd in /usr/bin/outpost\ *) ok "the unit runs /usr/bin/outpost" ;; *) fail "the unit runs /usr/bin/outpost" "$cmd" ;; esac
like "$(cat "$ex/outpost-flush.timer")" "Unit=outpost-flush.service" "the timer starts the unit"
cron=$(grep -v '^#' "$ex/outpost.crontab" | grep . | head -1 | cut -d' ' -f6-)
is "$(echo "$cron" | cut -d' ' -f1)" outpost "the crontab line runs outpost"
for what in unit cron; do
	printf 'From %s.\n' $what | "$OUTPOST" send --queue-only --to "$what-$tag@mail.test" --subject "$what $tag" 2>/dev/null
	if [ $what = unit ]; then c=$cmd; else c=$cron; fi
	o=$(PATH=$(dirname "$OUTPOST"):$PATH sh -c "$(echo "$c" | sed "s|^/usr/bin/outpost|outpost|")" 2>&1)
	is "$?" 0 "the $what's command line exits 0"
	is "$(wait_delivered "$what-$tag@mail.test" 1)" 1 "the $what's command line delivered the queued message"
done
done_testing
