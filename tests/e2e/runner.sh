#!/bin/sh
# runner.sh -- the terminal UI starts the queue runner when it opens with
# a message waiting (issue 15), through outpost-agent, and not when
# queue.runner = off; the runner outlives the UI.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
# No server: a port where nothing listens keeps the message deferred.
: "${OUTPOST_TEST_CA_FILE:=/etc/ssl/certs/ca-certificates.crt}"
printf 'pw\n' > "$TEST_HOME/pw"
printf 'Subject: waiting\n\nIt waits.\n' > "$TEST_HOME/msg"
E2E_EXIT=cleanup
cleanup() {
	for p in $(runner_pids "$OUTPOST_HOME"); do kill "$p"; done
	e2e_cleanup
}
setup() { # queue.runner value
	write_policy "$TEST_HOME/p.policy" 127.0.0.1 1
	write_config "$OUTPOST_HOME/config" "$TEST_HOME/p.policy" \
	    "queue.runner = $1"
	outbox_clear
	"$OUTPOST" send --queue-only bob@mail.test < "$TEST_HOME/msg" 2>/dev/null
}

# queue.runner = off: the UI starts none.  The runner is started before
# the first screen is drawn, so once the composer shows it is there.
setup off
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "Composer" >/dev/null || fail "the UI starts"
is "$(nrunners "$OUTPOST_HOME")" 0 "queue.runner = off: the UI started no runner"
e2e_kill HUP
e2e_exit_status >/dev/null

setup on
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "Composer" >/dev/null || fail "the UI starts"
is "$(nrunners "$OUTPOST_HOME")" 1 "a message waits: the UI started one queue runner"
like "$("$OUTPOST" outbox --runner)" "runner: active (pid" "outpost outbox says it is active"
rp=$(runner_pids "$OUTPOST_HOME")
e2e_kill HUP
st=$(e2e_exit_status)
[ "$st" != running ] && ok "the UI ended on SIGHUP" || fail "the UI ended on SIGHUP"
[ -n "$rp" ] && kill -0 "$rp" 2>/dev/null && ok "the runner outlives the UI's hang-up" ||
    fail "the runner outlives the UI's hang-up"
done_testing
