#!/bin/sh
# outbox.sh -- the durable outbox end to end: send enqueues first, flush
# uses one session, back-off, the user's actions, --json, concurrent
# flushes never send twice, every fault of a deliberately broken server
# lands in the right state, kill -9 chaos loses and duplicates nothing,
# a full disk and a read-only data directory are refused cleanly.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
H=$OUTPOST_TEST_HOST
tag=o$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Hello from the outbox test.\n' > "$TEST_HOME/body"

policy() { # smtps-port submission-port
	write_policy "$TEST_HOME/loop.policy" "$H" "$1" "$2"
}
config() {
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }
states() { "$OUTPOST" outbox --json | $PY -c '
import json, sys
print(" ".join(sorted(json.loads(l)["state"] for l in sys.stdin)))'; }

policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config

# 1. send goes through the outbox and leaves it empty, archived.
run send --to "$tag-1@mail.test" --subject "outbox $tag-1" < "$TEST_HOME/body"
is "$rc" 0 "send: delivered, exit 0"
is "$(states)" "" "send: nothing left in the outbox"
run outbox --sent
like "$out" "sent " "the sent archive lists it"
like "$out" "outbox $tag-1" "the sent archive shows the subject"
is "$(stat -c %a "$OUTPOST_HOME/outbox")" 700 "outbox directory is 0700"
f=$(ls "$OUTPOST_HOME"/outbox/sent/*.eml | head -1)
is "$(stat -c %a "$f")" 600 "stored message is 0600"

# 2. --queue-only, then one flush sends all over one session.
for i in 1 2 3 4 5; do
	"$OUTPOST" send --queue-only --to "$tag-2@mail.test" --subject "q$i $tag-2" < "$TEST_HOME/body" 2>/dev/null
done
is "$(states)" "queued queued queued queued queued" "five messages queued"
run flush --trace "$TEST_HOME/trace"
is "$rc" 0 "flush: exit 0"
like "$out" "flush: 5 sent, 0 deferred, 0 failed, 0 uncertain" "flush: summary"
is "$(grep -c '^C: EHLO' "$TEST_HOME/trace")" 1 "flush used one session (one EHLO)"
is "$(grep -c '^C: AUTH' "$TEST_HOME/trace")" 1 "flush logged in once"
is "$(wait_delivered "$tag-2@mail.test" 5)" 5 "all five delivered"
is "$(states)" "" "outbox empty after the flush"

# 3. the server is unreachable: deferred with back-off, exit 75.
policy 10499 10498
run send --to "$tag-3@mail.test" --subject "down $tag-3" < "$TEST_HOME/body"
is "$rc" 75 "server down: send exits 75"
like "$out" "waits in the outbox as" "server down: says where the message is"
is "$(states)" "deferred" "server down: the item is deferred"
j=$("$OUTPOST" outbox --json)
r=$(printf '%s\n' "$j" | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    assert o["attempts"] == 1, o
    assert o["next_attempt"] > o["last_attempt"], o
    assert "10499" in o["last_error"] or "10498" in o["last_error"], o
    assert o["recipients"] == ["'"$tag"'-3@mail.test"], o
    assert o["subject"] == "down '"$tag"'-3", o
print("ok")' 2>&1)
is "$r" ok "--json: one object per line with attempts, next attempt, last error, recipients"
run flush
like "$out" "flush: 0 sent, 0 deferred" "not due yet: flush leaves it alone"
run flush --all
is "$rc" 75 "flush --all ignores the back-off, still down: exit 75"
like "$out" "(attempt 2, next at" "flush --all: attempt 2 and the next time"
policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
run flush --all
is "$rc" 0 "server back: flush --all delivers"
is "$(wait_delivered "$tag-3@mail.test" 1)" 1 "delivered once after the outage"

# 3b. flush ID: by a unique prefix of the id, that item only; an item
# not waiting to be sent is refused with the reason.
"$OUTPOST" send --queue-only --to "$tag-3b@mail.test" --subject "one $tag" < "$TEST_HOME/body" 2>/dev/null
"$OUTPOST" send --queue-only --to "$tag-3c@mail.test" --subject "other $tag" < "$TEST_HOME/body" 2>/dev/null
ids() { "$OUTPOST" outbox --json | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o["subject"] == sys.argv[1]: print(o["id"])' "$1"; }
one=$(ids "one $tag")
run flush "$(printf %s "$one" | cut -c1-26)"
is "$rc" 0 "flush with an id prefix: exit 0"
is "$(wait_delivered "$tag-3b@mail.test" 1)" 1 "flush PREFIX: that message is delivered"
is "$(states)" "queued" "and the other still waits"
other=$(ids "other $tag")
env=$OUTPOST_HOME/outbox/queue/$other.env
sed 's/^state: queued$/state: failed/' "$env" > "$env.new" && printf 'last-error: refused\n' >> "$env.new" && mv "$env.new" "$env"
run flush "$other"
is "$rc" 65 "flush ID of a failed message: exit 65"
like "$out" "$other is failed, not waiting to be sent ('outpost outbox retry ID' queues it again)" \
    "flush ID of a failed message says why and what to do"
run flush 2099
is "$rc" 66 "flush ID that matches nothing: exit 66"
like "$out" "outpost flush: " "and says so"
"$OUTPOST" send --queue-only --to "$tag-3d@mail.test" --subject "damaged $tag" < "$TEST_HOME/body" 2>/dev/null
bad=$(ids "damaged $tag")
env=$OUTPOST_HOME/outbox/queue/$bad.env
[ -n "$bad" ] && sed 's/^state: queued$/state: sendng/' "$env" > "$env.new" && mv "$env.new" "$env"
run flush "$bad"
is "$rc" 65 "flush ID of a damaged message: exit 65 (EX_DATAERR), not 78 as for a config error"
like "$out" "$bad is damaged and was moved to $OUTPOST_HOME/outbox/damaged/: $bad.env:3: unknown state \"sendng\"" \
    "and says why and where it went"
is "$(ls "$OUTPOST_HOME/outbox/damaged" 2>&1)" "$bad.eml
$bad.env
$bad.lock
$bad.why" "the damaged message is in damaged/"
"$OUTPOST" outbox delete "$other" >/dev/null 2>&1
is "$(count_delivered "$tag-3c@mail.test")" 0 "the failed one was not sent"

# 4. user actions.
policy 10499 10498
"$OUTPOST" send --queue-only --to "$tag-4@mail.test" --subject "act $tag-4" < "$TEST_HOME/body" 2>/dev/null
id=$("$OUTPOST" outbox --json | $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
run outbox show "$id"
like "$out" "Subject: act $tag-4" "show: the message's headers"
run outbox mark-sent "$id"
is "$rc" 65 "mark-sent on a queued item is refused"
like "$out" "uncertain" "mark-sent refusal says why"
run outbox retry "$id"
is "$rc" 0 "retry: accepted"
run outbox delete "$id"
is "$rc" 0 "delete: accepted"
is "$(states)" "" "delete: gone"
run outbox show "$id"
is "$rc" 66 "show after delete: no such item (66)"
policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"

# 5. two flushes at once never send an item twice.
i=0
while [ $i -lt 20 ]; do
	"$OUTPOST" send --queue-only --to "$tag-5@mail.test" --subject "c$i $tag-5" < "$TEST_HOME/body" 2>/dev/null
	i=$((i + 1))
done
"$OUTPOST" flush -q > "$TEST_HOME/f1" 2>&1 &
p1=$!
"$OUTPOST" flush -q > "$TEST_HOME/f2" 2>&1 &
p2=$!
wait $p1; wait $p2
"$OUTPOST" flush -q >/dev/null 2>&1
is "$(wait_delivered "$tag-5@mail.test" 20)" 20 "concurrent flushes: 20 delivered"
sleep 0.5
is "$(count_delivered "$tag-5@mail.test")" 20 "concurrent flushes: not one twice"
is "$(states)" "" "concurrent flushes: outbox empty"
# 6. a flush reads only the envelopes that may be due: a deferred one is
# stamped with its next attempt (its mtime) and left unopened.
policy 10499 10498
for i in 1 2 3; do
	"$OUTPOST" send --to "$tag-6@mail.test" --subject "d$i $tag-6" < "$TEST_HOME/body" >/dev/null 2>&1
done
policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
"$OUTPOST" send --queue-only --to "$tag-6b@mail.test" --subject "due $tag-6" < "$TEST_HOME/body" 2>/dev/null
r=$("$OUTPOST" outbox --json | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o["state"] == "deferred":
        print(o["id"])')
is "$(printf '%s\n' "$r" | grep -c .)" 3 "three deferred items"
n=$("$OUTPOST" outbox --json | $PY -c '
import calendar, json, os, sys, time
n = 0
for l in sys.stdin:
    o = json.loads(l)
    if o["state"] == "deferred":
        st = os.stat(os.environ["OUTPOST_HOME"] + "/outbox/queue/" + o["id"] + ".env")
        due = calendar.timegm(time.strptime(o["next_attempt"], "%Y-%m-%dT%H:%M:%SZ"))
        n += int(st.st_mtime) == due
print(n)')
is "$n" 3 "each deferred envelope is stamped (its mtime) with its next attempt"
command -v strace >/dev/null 2>&1 || fail "strace is not installed (contrib/quickstart installs it)"
strace -f -qq -e trace=open,openat -o "$TEST_HOME/strace6" "$OUTPOST" flush > "$TEST_HOME/out6" 2>&1
like "$(cat "$TEST_HOME/out6")" "flush: 1 sent, 0 deferred" "flush: the due item sent, the deferred left alone"
is "$(wait_delivered "$tag-6b@mail.test" 1)" 1 "the due item is delivered"
n=0
for id in $r; do
	grep -q "$id" "$TEST_HOME/strace6" && n=$((n + 1))
done
is "$n" 0 "the flush opened none of the three deferred items' files"
run flush --all
is "$(wait_delivered "$tag-6@mail.test" 3)" 3 "flush --all still reads and sends them"
done_testing
