#!/bin/sh
# needs-password.sh -- the Outbox screen after a refused login, in tmux
# against the faulty server (535 for anything but alice-pw-1), with no
# password.command and no keyring, so the password is asked on the
# bottom line: the row says "needs password" (no next try), the selected
# item's details say nothing retries it and give the advice (the
# uniqname, not the e-mail address); retry and send all ask for the
# password, a wrong one holds it again after exactly one more AUTH, a
# cancelled question logs in not at all, the right one delivers; no
# typed password is on the screen or in a file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
PY=${PYTHON3:-/usr/bin/python3}
"$PY" -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
make_home
use_servers
faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 --greet421-port @2 ||
    { echo "Bail out! the faulty server did not start"; exit 1; }
cleanup() {
	kill "$FAULTY_PID" 2>/dev/null
	e2e_cleanup
}
E2E_EXIT=cleanup
trap cleanup EXIT
tag=np$$
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 "$FAULTY_BASE" \
    "username.label = uniqname"
# No password.command (an empty value drops the line) and no session bus:
# the agent asks the UI for the password.
write_config "$OUTPOST_HOME/config" "$TEST_HOME/loop.policy" \
    "password.command ="
printf 'Subject: held %s\n\nhello\n' "$tag" > "$TEST_HOME/msg"
"$OUTPOST" send --queue-only bob@mail.test < "$TEST_HOME/msg" >/dev/null 2>&1 ||
    { echo "Bail out! send --queue-only failed"; exit 1; }

KEYS=$top_srcdir/keymaps/default.keys
RETRY=$(e2e_key_for "$KEYS" outbox outbox-retry)
FLUSH=$(e2e_key_for "$KEYS" outbox outbox-flush)
LOG=$TEST_HOME/faulty.log
auths() { grep -c "AUTH-" "$LOG"; }
accepted() { grep -c "ACCEPTED" "$LOG"; }
row() { e2e_screen | grep -F -- "held $tag" | head -1; }
# The screen as one line, runs of spaces as one: wrapped text reads whole.
flat() { e2e_screen | tr '\n' ' ' | tr -s ' '; }
# The job's end: no outpost-agent flush is left under the UI (its
# logins are all in the log by then).  Bounded: 60 s.
flushes() {
	for fc in $(ps -o pid= --ppid "$(e2e_pid)"); do
		tr '\0' ' ' < "/proc/$fc/cmdline" 2>/dev/null
		echo
	done | grep -c ' flush '
}
job_done() {
	for _ in $(seq 600); do
		[ "$(flushes)" = 0 ] && return 0
		sleep 0.1
	done
	fail "the flush job ended within 60 s"
}
# Answer the password question with $1 (Escape: cancel it).
answer() {
	if e2e_wait "Password for alice at 127.0.0.1" 30 >/dev/null; then
		ok "$2: asks for the password"
	else
		fail "$2: asks for the password"
		return
	fi
	if [ "$1" = Escape ]; then e2e_keys Escape; else
		e2e_type "$1"
		e2e_keys Enter
	fi
	job_done
}
# Wait (bounded) until the row starts with state: the list is read again
# on the tick after the job's end, when the hold is written.
wait_row() { # state
	for _ in $(seq 300); do
		case $(row) in "$1"*) return 0 ;; esac
		sleep 0.1
	done
	return 1
}
needs_password() { # what
	if wait_row "needs password"; then
		ok "$1: the row says needs password"
	else
		fail "$1: the row says needs password" "$(row)"
	fi
	unlike "$(row)" " in " "$1: the row announces no next try"
}

e2e_start 80x24 DBUS_SESSION_BUS_ADDRESS= XDG_RUNTIME_DIR= -- "$OUTPOST"
e2e_wait "Composer" >/dev/null || fail "the UI starts"
e2e_keys F3
e2e_wait_tab Outbox >/dev/null || fail "F3 shows the outbox"
e2e_wait "held $tag" >/dev/null || fail "the queued message is listed"

# The first try, with a password the server refuses.
e2e_keys "$RETRY"
answer wrong-pw-1 "retry of the queued message"
is "$(auths)" 1 "a refused password: one AUTH"
needs_password "refused"
like "$(flat)" "Needs password after 1 attempt: not tried again until you retry it" \
    "selected: the details say nothing retries it until you act"
like "$(flat)" "the user name is your uniqname (alice), not your e-mail address; check the password" \
    "selected: the details give the advice"
unlike "$(flat)" "next try" "selected: no next try in the details"

# Retry: asked again, one more login, held again.
e2e_keys "$RETRY"
answer wrong-pw-2 "retry of the held message"
is "$(auths)" 2 "retry, wrong password: exactly one more AUTH"
needs_password "retry, wrong password"

# Send all: the same.
e2e_keys "$FLUSH"
answer wrong-pw-3 "send all with a held message"
is "$(auths)" 3 "send all, wrong password: exactly one more AUTH"
needs_password "send all, wrong password"

# The question cancelled: no login at all, still held.
e2e_keys "$RETRY"
answer Escape "retry, then cancel"
is "$(auths)" 3 "cancelled: no AUTH"
needs_password "cancelled"

# The right password: delivered.
e2e_keys "$RETRY"
answer alice-pw-1 "retry with the right password"
is "$(auths)" 4 "the right password: one more AUTH"
is "$(accepted)" 1 "the right password: the server accepted the message"
wait_row sent && ok "the row says sent" || fail "the row says sent" "$(row)"
unlike "$(e2e_screen)" "wrong-pw" "no typed password is on the screen"
is "$(grep -rl -e wrong-pw -e alice-pw-1 "$OUTPOST_HOME" | wc -l | tr -d ' ')" 0 \
    "no typed password is in a file of the data directory"
done_testing
