#!/bin/sh
# session-password.sh -- without a keyring the agent asks for the
# password on every job; the UI keeps a typed one for the rest of its
# session only once the server accepted it, answers the next question
# with it (no prompt), and forgets it as soon as the server refuses it.
# A stand-in agent answers "doctor" (Settings' connection test): it asks,
# logs what it read, and gives the verdict the test chooses.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 1
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "name = Alice Example"

AGENT=$TEST_HOME/agent
LOG=$TEST_HOME/read.log
REFUSE=$TEST_HOME/refuse
cat > "$AGENT" <<EOF2
#!/bin/sh
[ "\$1" = doctor ] || exec "$OUTPOST_AGENT" "\$@"
echo '$(proto_hello)'
echo '{"ev":"ask-password","prompt":"Password for alice at 127.0.0.1: "}'
read -r pw
echo "\$pw" >> "$LOG"
if [ -f "$REFUSE" ]; then ok=false; else ok=true; fi
echo "{\"ev\":\"password-result\",\"ok\":\$ok}"
echo '{"ev":"done","status":0,"message":""}'
EOF2
chmod +x "$AGENT"
KEYS=$top_srcdir/keymaps/default.keys
TEST=$(e2e_key_for "$KEYS" settings settings-test)
SETTINGS=$(e2e_key_for "$KEYS" global screen-settings)
lines() { wc -l < "$LOG" 2>/dev/null | tr -d ' '; }
# Wait until the agent logged n passwords and the UI has seen its job end
# (the "testing..." status goes): a key pressed while a test runs is
# answered "a test is already running", and the next test never starts.
wait_lines() { # n
	for _ in $(seq 300); do [ "$(lines)" = "$1" ] && break; sleep 0.1; done
	e2e_wait_gone "testing the settings" >/dev/null
	[ "$(lines)" = "$1" ]
}

e2e_start 80x24 OUTPOST_AGENT="$AGENT" -- "$OUTPOST"
e2e_wait "From:" || fail "the UI starts"
e2e_keys $SETTINGS
e2e_wait "Server" || fail "Settings"
e2e_keys $TEST
e2e_wait "Password for alice" && ok "the first test asks for the password" ||
    fail "the first test asks for the password"
e2e_type "right-pw"
e2e_keys Enter
wait_lines 1
is "$(sed -n 1p "$LOG")" "right-pw" "the agent read what was typed"
unlike "$(e2e_screen)" "right-pw" "the typed password is never on the screen"

e2e_keys $TEST
wait_lines 2
is "$(sed -n 2p "$LOG")" "right-pw" "accepted: the next job gets it from the session"
unlike "$(e2e_screen)" "Password for alice" "without a question"

: > "$REFUSE"
e2e_keys $TEST
wait_lines 3
is "$(sed -n 3p "$LOG")" "right-pw" "the session's password again"
rm -f "$REFUSE"
e2e_keys $TEST
e2e_wait "Password for alice" && ok "refused once: it is forgotten, the next job asks" ||
    fail "refused once: it is forgotten, the next job asks"
e2e_type "new-pw"
e2e_keys Enter
wait_lines 4
is "$(sed -n 4p "$LOG")" "new-pw" "and takes the new one"

# Refused when typed: never kept.
: > "$REFUSE"
e2e_keys $TEST
wait_lines 5
rm -f "$REFUSE"
e2e_keys $TEST
e2e_wait "Password for alice" && ok "a refused typed password is not kept" ||
    fail "a refused typed password is not kept"
e2e_keys Escape
done_testing
