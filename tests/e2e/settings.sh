#!/bin/sh
# settings.sh -- the Settings screen end to end: the real outpost in a
# private tmux server, driven with send-keys and read with capture-pane.
# First run opens Settings; an address typed as user name shows the
# policy's uniqname fix; choosing 587 shows STARTTLS; saving writes the
# file 0600 (its directory 0700) keeping the user's comments; Test
# settings against the local Postfix passes every step, against the
# wrong-name certificate shows why, and a hanging test can be cancelled
# with the UI still answering.  Keys come from keymaps/default.keys.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
make_home
KEYS=$top_srcdir/keymaps/default.keys
RUN=0
TMUX_CMD=true
WIN=ui

cleanup_ui() { $TMUX_CMD kill-server >/dev/null 2>&1; }

# The first key bound to ACTION in TABLE, as tmux send-keys names it.
key_for() { # action [table]
	k=$(awk -v a="$1" -v t="${2:-}" '$1 == "bind" && $4 == a &&
	    (t == "" || $2 == t) { print $3; exit }' "$KEYS")
	[ -n "$k" ] || { echo "Bail out! no key for $1 in $KEYS"; exit 1; }
	case $k in
	"<C-"?">") echo "C-$(echo "$k" | cut -c4)" ;;
	"<M-"?">") echo "M-$(echo "$k" | cut -c4)" ;;
	"<Esc>") echo Escape ;;
	"<BS>") echo BSpace ;;
	"<Del>") echo DC ;;
	"<PgUp>") echo PPage ;;
	"<PgDn>") echo NPage ;;
	"<"*">") echo "$k" | tr -d '<>' ;;
	*) echo "$k" ;;
	esac
}
K_DOWN=$(key_for move-down list)
K_UP=$(key_for move-up list)
K_EDIT=$(key_for setting-edit settings)
K_NEXT=$(key_for setting-next settings)
K_SAVE=$(key_for settings-save settings)
K_TEST=$(key_for settings-test settings)
K_CANCEL=$(key_for test-cancel settings)
K_PASSWORD=$(key_for password-set settings)
K_DONE=$(key_for field-done field)
K_CUT=$(key_for cut-line edit)
K_BACK=$(key_for back global)
K_SETTINGS=$(key_for screen-settings global)

# Start outpost (extra arguments: -c FILE) in a COLSxROWS window.
ui_start() { # cols rows [args]
	cols=$1 rows=$2
	shift 2
	cleanup_ui
	# A server of its own each time: no race with the last one's exit.
	RUN=$((RUN + 1))
	TMUX_CMD="tmux -L outpost-settings-$$-$RUN -f /dev/null"
	$TMUX_CMD new-session -d -s "$WIN" -x "$cols" -y "$rows" \
	    "env TERM=tmux-256color LANG=C.UTF-8 OUTPOST_HOME=$OUTPOST_HOME \
	    OUTPOST_POLICY_DIR=$OUTPOST_POLICY_DIR \
	    OUTPOST_KEYMAP_DIR=$top_srcdir/keymaps \
	    $OUTPOST $*; echo OUTPOST-EXITED; sleep 600"
}
ui_keys() { $TMUX_CMD send-keys -t "$WIN" "$@"; }
ui_type() { $TMUX_CMD send-keys -t "$WIN" -l "$1"; }
ui_screen() { $TMUX_CMD capture-pane -p -t "$WIN" 2>/dev/null; }
# Wait until the screen shows text (at most the seconds given, 10 by
# default); the screen is left in $SCREEN.
ui_wait() { # text [seconds]
	end=$(( $(date +%s) + ${2:-10} ))
	while :; do
		SCREEN=$(ui_screen)
		case $SCREEN in *"$1"*) return 0 ;; esac
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
waits() { # text description [seconds]
	if ui_wait "$1" "${3:-10}"; then ok "$2"; else
		fail "$2" "the screen never showed: $1"
		printf '%s\n' "$SCREEN" | sed 's/^/#   | /'
	fi
}
mode_of() { stat -c %a "$1" 2>/dev/null; }

trap 'cleanup_ui; rm -rf "$TEST_HOME"' EXIT

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
like "$SCREEN" "Port            587" "the port is 587"
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

# --- small terminal ------------------------------------------------------
rm -f "$TEST_HOME/small.conf"
ui_start 40 12 -c "$TEST_HOME/small.conf"
waits "User" "40x12: Settings shows"
ui_keys "$K_DOWN" "$K_DOWN" "$K_EDIT"
ui_type "alice@umich.edu"
waits "uniqname" "40x12: the fix text is shown (wrapped)"
ui_keys "$K_DONE"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do ui_keys "$K_DOWN"; done
waits "Reply" "40x12: the list scrolls to the last field"

# --- Test settings against the local servers -----------------------------
use_servers
# use_servers set its own exit trap; add the tmux server to it.
if [ -n "${OUTPOST_TEST_SERVERS:-}" ]; then
	trap 'cleanup_ui; rm -rf "$TEST_HOME"' EXIT
else
	trap 'cleanup_ui; "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS" "$SERVERS.log" "$TEST_HOME"' EXIT
fi
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

cleanup_ui
done_testing
