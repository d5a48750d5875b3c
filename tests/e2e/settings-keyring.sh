#!/bin/sh
# settings-keyring.sh -- the Settings screen's password: typed at a
# masked prompt, stored in the keyring by "outpost-agent password set"
# (the password over the child's stdin, never argv or the environment),
# then Test settings logs in with it and says the password comes from
# the keyring.  A real gnome-keyring-daemon on a private D-Bus, the
# fixture's Postfix + Dovecot, the real outpost in tmux.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
for p in dbus-run-session gnome-keyring-daemon; do
	command -v $p >/dev/null 2>&1 || skip_all "$p is not installed"
done
grep -q 'define HAVE_LIBSECRET 1' "$top_builddir/ac-config.h" 2>/dev/null ||
    skip_all "built without libsecret"

# Everything below runs on a private session bus, the keyring in a temp HOME.
keyring_session "$@"
make_home
use_servers
. "$top_srcdir/tests/e2e/settings-lib.sh"
keyring_unlock
# A user name of its own, so a shared keyring entry cannot interfere.
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
CFG=$TEST_HOME/config
write_config "$CFG" "$TEST_HOME/loop.policy" "password.command ="

ui_start 100 40 -c "$CFG"
sleep 0.5
ui_keys "$K_SETTINGS"
waits "User name" "Settings"
ui_keys "$K_PASSWORD"
waits "Password" "password-set asks for the password"
ui_type "alice-pw-1"
sleep 0.2
unlike "$(ui_screen)" "alice-pw-1" "the typed password is masked"
ui_keys "$K_OK"
waits "stored in the keyring" "the password is stored in the keyring" 20
ui_keys "$K_TEST"
waits "all steps passed" "Test settings passes with the keyring's password" 60
like "$SCREEN" "password: from the keyring" "the password source is the keyring"
like "$SCREEN" "[ ok ] AUTH: log in as alice" "AUTH passed"
ps -eo args | grep -q "[a]lice-pw-1" && fail "no process has the password in argv" ||
    ok "no process has the password in argv"

# A wrong password stored: the test fails at AUTH with advice.
ui_keys "$K_BACK"
waits "User name" "back to the fields"
ui_keys "$K_PASSWORD"
waits "Password" "password-set again"
ui_type "wrong-pw"
ui_keys "$K_OK"
waits "stored in the keyring" "the wrong password is stored" 20
ui_keys "$K_TEST"
waits "test failed" "Test settings fails with the wrong password" 60
like "$SCREEN" "[FAIL] AUTH: log in as alice" "AUTH failed"

done_testing
