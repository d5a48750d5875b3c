# tests/e2e/settings-lib.sh -- what the Settings e2e scripts share: the
# real outpost in a private tmux server (one per start), keys read from
# keymaps/default.keys, waiting for text with a time limit.  Source it
# after tests/lib.sh.
command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
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
	    "env TERM=tmux-256color LANG=${UI_LANG:-C.UTF-8} LC_ALL= OUTPOST_HOME=$OUTPOST_HOME \
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

