#!/bin/sh
# needs-password.sh -- a password the server refuses (535, the faulty
# server: anything but alice-pw-1): the message waits as "needs
# password" in `outpost outbox` (and --json), with the advice the
# account test gives ("the user name is your uniqname (alice), not your
# e-mail address; check the password"), no next attempt is announced,
# and it goes once the user acts (the password fixed, outbox retry,
# flush).  A plain `flush` (no --all) and `flush ID` reach a held item
# although its back-off has not ended (it is not due): one AUTH each, a
# wrong password held again.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
PY=${PYTHON3:-/usr/bin/python3}
"$PY" -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
make_home
use_servers
faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 --greet421-port @2 ||
    { echo "Bail out! the faulty server did not start"; exit 1; }
trap 'kill $FAULTY_PID 2>/dev/null; rm -rf "$TEST_HOME"' EXIT
tag=np$$
printf 'nope\n' > "$TEST_HOME/pw"
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 "$FAULTY_BASE" \
    "username.label = uniqname"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy"
run() { out=$("$OUTPOST" -c "$TEST_HOME/config" "$@" 2>&1); rc=$?; }
printf 'Subject: pw %s\n\nhello\n' "$tag" > "$TEST_HOME/msg"

run send "bob@mail.test" < "$TEST_HOME/msg"
is "$rc" 77 "refused password: send exits 77"
like "$out" "the user name is your uniqname (alice), not your e-mail address; check the password" \
    "send: the advice with the uniqname"
run outbox
like "$out" "needs password" "outpost outbox: the item needs a password"
unlike "$out" " next " "outpost outbox: no next attempt is announced"
like "$out" "last error: " "outpost outbox: the last error is shown"
like "$out" "the user name is your uniqname (alice), not your e-mail address; check the password" \
    "outpost outbox: the item carries the advice"
like "$out" "not retried until you act" "outpost outbox: says nothing retries it"
j=$("$OUTPOST" -c "$TEST_HOME/config" outbox --json)
like "$j" '"needs_password":true' "outbox --json: needs_password"
id=$(printf '%s\n' "$j" | "$PY" -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])')
run outbox show "$id"
like "$out" "needs password" "outbox show: needs password"

# The user acts: the right password, then retry.
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
run outbox retry "$id"
is "$rc" 0 "outbox retry: exit 0"
run outbox
unlike "$out" "needs password" "after retry: no longer needs a password"
run flush
is "$rc" 0 "flush after the fix: exit 0"
is "$(outbox_states)" "" "the message went"

# flush without --all: the held item is not due (its back-off is a
# minute), yet the user's flush is what it waits for.
auths() { grep -c "AUTH-" "$TEST_HOME/faulty.log"; }
accepted() { grep -c "ACCEPTED" "$TEST_HOME/faulty.log"; }
held_item() { # subject: queue it with a refused password, held
	printf 'nope\n' > "$TEST_HOME/pw"
	printf 'Subject: %s\n\nhello\n' "$1" > "$TEST_HOME/msg"
	run send "bob@mail.test" < "$TEST_HOME/msg"
	[ "$rc" = 77 ] || fail "$1: send with a refused password exits 77 (got $rc)"
}
held_item "plain flush $tag"
a=$(auths) m=$(accepted)
run flush
is "$(auths)" $((a + 1)) "flush, password still wrong: exactly one AUTH"
like "$("$OUTPOST" -c "$TEST_HOME/config" outbox)" "needs password" \
    "flush, password still wrong: held again, needs password"
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
run flush
is "$rc" 0 "flush (no --all) of a held item not yet due: exit 0"
like "$out" "1 sent" "flush (no --all): the held item is sent"
is "$(outbox_states)" "" "flush (no --all): nothing waits"
is "$(accepted)" $((m + 1)) "flush (no --all): the server accepted it"
is "$(auths)" $((a + 2)) "flush (no --all): one more AUTH"

outbox_clear # each case on its own
held_item "flush id $tag"
id=$("$OUTPOST" -c "$TEST_HOME/config" outbox --json | "$PY" -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])')
a=$(auths)
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
run flush "$id"
is "$rc" 0 "flush ID of a held item not yet due: exit 0"
is "$(outbox_states)" "" "flush ID: the held item is sent"
is "$(auths)" $((a + 1)) "flush ID: one AUTH"
done_testing
