#!/bin/sh
# settings.sh -- the Settings screen end to end: the real outpost in a
# private tmux server, driven with send-keys and read with capture-pane.
# First run opens Settings; an address typed as user name shows the
# policy's uniqname fix; choosing 587 shows STARTTLS; saving writes the
# file 0600 (its directory 0700) keeping the user's comments; Test
# settings against the local Postfix passes every step, against the
# wrong-name certificate shows why, and a hanging test can be cancelled
# with the UI still answering.  With one port closed (10499: nothing
# listens there) the test judges the configured port only, the other is
# a note; a closed configured port is switched in one key; both closed,
# or a name that does not resolve, are said plainly, with failed and
# skipped steps counted apart.  Keys come from keymaps/default.keys.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

make_home
. "$top_srcdir/tests/e2e/settings-lib.sh"

# --- first run: no config at all ---------------------------------------
CFG=$TEST_HOME/new/dir/config
ui_start 80 24 -c "$CFG"
waits "User name" "first run opens Settings"
like "$SCREEN" "smtp.mail.umich.edu" "the policy's server is shown"
ui_keys "$K_DOWN" "$K_DOWN" "$K_EDIT"
ui_type "alice@umich.edu"
waits "use your uniqname: alice" "an address as user name shows the uniqname fix"
ui_keys "$K_CUT"
ui_type "alice"
ui_keys "$K_DONE"
sleep 0.3
ui_wait "> Policy" 5
unlike "$SCREEN" "uniqname: alice" "a uniqname clears the fix"
ui_keys "$K_DOWN" "$K_DOWN" "$K_NEXT"
waits "STARTTLS" "choosing the next port shows STARTTLS"
like "$SCREEN" "Port             587" "the port is 587"
ui_keys "$K_QUIT"
waits "There are unsaved changes" "quit asks first while settings are unsaved"
ui_keys "$K_NO"
sleep 0.3
is "$(e2e_exit_status 0)" running "answering no keeps outpost running"
ui_keys "$K_SAVE"
waits "not saved: Address" "saving is refused while the address is missing"
[ -e "$CFG" ] && fail "nothing is written when saving is refused" ||
    ok "nothing is written when saving is refused"
ui_keys "$K_UP" "$K_UP" "$K_UP" "$K_UP" "$K_EDIT"
ui_type "alice@umich.edu"
ui_keys "$K_DONE" "$K_SAVE"
waits "saved to" "saving after the fix"
is "$(mode_of "$CFG")" 600 "the new config is mode 0600"
is "$(mode_of "$(dirname "$CFG")")" 700 "its new directory is mode 0700"
like "$(cat "$CFG" 2>/dev/null)" "username = alice" "user name saved"
like "$(cat "$CFG" 2>/dev/null)" "smtp.port = 587" "port saved"
"$OUTPOST" -c "$CFG" check-config >/dev/null 2>&1
is "$?" 0 "outpost check-config accepts the saved file"

# --- an existing file: comments are kept ---------------------------------
CFG=$TEST_HOME/mine.conf
printf '# my own comment\nusername = alice\naddress = alice@umich.edu\n\n# the end\n' > "$CFG"
chmod 644 "$CFG"
ui_start 80 24 -c "$CFG"
sleep 0.5
ui_keys "$K_SETTINGS"
waits "User name" "Settings from the composer"
ui_keys "$K_EDIT"
ui_type "Alice Liddell"
ui_keys "$K_DONE" "$K_SAVE"
waits "saved to" "saving an existing file"
out=$(cat "$CFG")
like "$out" "# my own comment" "the first comment is kept"
like "$out" "# the end" "the last comment is kept"
like "$out" "name = Alice Liddell" "the new value is there"
is "$(mode_of "$CFG")" 600 "the saved file is mode 0600"

# --- a new keymap is used as soon as it is saved --------------------------
goto_field "Keymap" || fail "the Keymap field is found"
ui_keys "$K_NEXT" "$K_NEXT"
waits "Keymap           pine" "the keymap picker lists pine"
ui_keys "$K_NEXT"
waits "Keymap           vi" "the keymap cycles to vi"
ui_keys "$K_SAVE"
waits "keymap vi in use" "saved: the vi keymap is in use"
ui_keys "$(e2e_key_for "$top_srcdir/keymaps/vi.keys" list move-down)"
waits "> Editor" "vi's move-down key works at once"
like "$(cat "$CFG")" "keymap = vi" "the keymap is in the file"

# --- a config that does not load: each bad value at its field -----------
CFG=$TEST_HOME/bad.conf
printf 'username = alice\naddress = alice@umich.edu\ntimeout.reply = never\n' > "$CFG"
chmod 600 "$CFG"
ui_start 80 24 -c "$CFG"
waits "fix the fields marked !" "a config that does not load: Settings"
goto_field "Reply timeout"
waits "is not valid; expected a number" "a bad value in the file is marked at its field"
like "$SCREEN" "Reply timeout    never" "the file's text is shown"
ui_keys "$K_EDIT" "$K_CUT"
ui_type "30"
ui_keys "$K_DONE" "$K_SAVE"
waits "saved to" "fixed and saved"
"$OUTPOST" -c "$CFG" check-config >/dev/null 2>&1
is "$?" 0 "the file loads now"

# --- small terminal ------------------------------------------------------
rm -f "$TEST_HOME/small.conf"
ui_start 40 12 -c "$TEST_HOME/small.conf"
waits "User" "40x12: Settings shows"
ui_keys "$K_DOWN" "$K_DOWN" "$K_EDIT"
ui_type "alice@umich.edu"
waits "uniqname" "40x12: the fix text is shown (wrapped)"
ui_keys "$K_DONE"
i=0; while [ $i -lt 30 ]; do ui_keys "$K_DOWN"; i=$((i + 1)); done
waits "Reply" "40x12: the list scrolls to the last field"

# --- no UTF-8 locale: ASCII lock marker ----------------------------------
UI_LANG=C ui_start 80 24 -c "$TEST_HOME/ascii.conf"
waits "User name" "C locale: Settings shows"
like "$SCREEN" "smtp.mail.umich.edu [locked]" "C locale: an ASCII lock marker"
UI_LANG=C.UTF-8 ui_start 80 24 -c "$TEST_HOME/ascii.conf"
waits "User name" "UTF-8 locale: Settings shows"
unlike "$SCREEN" "[locked]" "UTF-8 locale: the lock symbol instead"

# --- Test settings against the local servers -----------------------------
use_servers
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
CFG=$TEST_HOME/loop.conf
write_config "$CFG" "$TEST_HOME/loop.policy"
ui_start 100 40 -c "$CFG"
sleep 0.5
ui_keys "$K_SETTINGS"
waits "User name" "Settings with the loopback policy"
ui_keys "$K_TEST"
waits "all steps passed" "Test settings passes against the local servers" 60
like "$SCREEN" "[ ok ] AUTH: log in as alice" "the AUTH step passed"
like "$SCREEN" "[ ok ] TLS: handshake and certificate" "the TLS step passed"
unlike "$SCREEN" "[FAIL]" "no step failed"
like "$SCREEN" "password: from password.command" "the password source is shown"
ui_keys "$K_PASSWORD"
waits "password.command gives the password" \
    "password-set says password.command is in use"

write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_WRONGNAME_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
ui_start 100 40 -c "$CFG"
sleep 0.5
ui_keys "$K_SETTINGS"
waits "User name" "Settings for the wrong-name host"
ui_keys "$K_TEST"
waits "test failed" "Test settings fails against the wrong-name certificate" 60
like "$SCREEN" "[FAIL] TLS: handshake and certificate" "the TLS step failed"
like "$SCREEN" "wrong.test" "the certificate's name is given"
like "$SCREEN" "will not send a password" "the advice is shown"
like "$SCREEN" "[skip] AUTH" "AUTH was not tried"

# --- one port closed: the configured one decides ---------------------------
# test_screen: start the UI on $CFG, run the test, wait for its end.
test_screen() {
	ui_start 100 40 -c "$CFG"
	ts_i=0
	while ! ui_wait "User name" 1 && [ $ts_i -lt 20 ]; do
		ui_keys "$K_SETTINGS"
		ts_i=$((ts_i + 1))
	done
	ui_keys "$K_TEST"
	ui_wait "Test settings" 10
	e2e_poll_screen gone "testing..." 60 2>/dev/null
	SCREEN=$E2E_LAST_SCREEN
}
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" 10499 \
    "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$CFG" "$TEST_HOME/loop.policy" \
    "smtp.port = $OUTPOST_TEST_SUBMISSION_PORT"
test_screen
like "$SCREEN" "all steps passed" "the other port closed: the test passes"
like "$SCREEN" "[note] TCP: connect to port 10499 (SSL/TLS)" \
    "the other port closed: shown as a note"
like "$SCREEN" "blocked from here" "the note says it is blocked"
unlike "$SCREEN" "[FAIL]" "the other port closed: no step failed"

write_config "$CFG" "$TEST_HOME/loop.policy"
test_screen
like "$SCREEN" "1 failed: port 10499 is blocked" \
    "the configured port closed: 1 failed, and which port"
like "$SCREEN" "switch to port $OUTPOST_TEST_SUBMISSION_PORT and save it" \
    "the configured port closed: the switch is offered with its key"
ui_keys "$K_SWITCH"
waits "port $OUTPOST_TEST_SUBMISSION_PORT saved" "one key switches ports and saves" 10
like "$(cat "$CFG")" "smtp.port = $OUTPOST_TEST_SUBMISSION_PORT" \
    "the port that works is in the file"
ui_keys "$K_TEST"
waits "all steps passed" "after the switch the test passes" 60

write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" 10499 10498
write_config "$CFG" "$TEST_HOME/loop.policy"
test_screen
like "$SCREEN" "1 failed, 3 skipped" "both closed: failed and skipped counted apart"
like "$SCREEN" "use another network" "both closed: explained plainly"
unlike "$SCREEN" "did not pass" "both closed: no 'steps did not pass'"

write_policy "$TEST_HOME/loop.policy" nonexistent.invalid 10499 10498
test_screen
like "$SCREEN" "1 failed, 5 skipped" "a name that does not resolve: 1 failed, 5 skipped"
like "$SCREEN" "could not be looked up" "a name that does not resolve: said so"
unlike "$SCREEN" "check the server name" "the policy's name: nothing to check"

# --- cancel a test that hangs: a server that accepts and never greets ---
PORTFILE=$TEST_HOME/silent.port
python3 - "$PORTFILE" <<'EOF' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
s.settimeout(120)
try:
    while True:
        conns.append(s.accept()[0])
except Exception:
    pass
EOF
SILENT_PID=$!
i=0
while [ ! -s "$PORTFILE" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
SILENT=$(cat "$PORTFILE")
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 "$SILENT"
write_config "$CFG" "$TEST_HOME/loop.policy" "timeout.reply = 120" \
    "timeout.connect = 120"
ui_start 100 40 -c "$CFG"
sleep 0.5
ui_keys "$K_SETTINGS"
waits "User name" "Settings for the silent server"
ui_keys "$K_TEST"
waits "[ .. ]" "a step is running against the silent server" 20
start=$(date +%s)
ui_keys "$K_CANCEL"
waits "test cancelled" "cancelling says test cancelled" 10
[ $(( $(date +%s) - start )) -le 5 ] && ok "cancelled within 5 s" ||
    fail "cancelled within 5 s"
ui_keys "$K_BACK"
waits "User name" "the UI still answers: back to the fields"
ui_keys "$K_DOWN"
sleep 0.3
ui_wait "> Address" 5 && ok "the selection still moves" ||
    fail "the selection still moves"
kill "$SILENT_PID" 2>/dev/null

done_testing
