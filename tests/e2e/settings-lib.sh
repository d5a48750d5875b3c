# tests/e2e/settings-lib.sh -- what the Settings e2e scripts share, on
# top of tests/e2e/lib.sh (the tmux driver): the keys read from
# keymaps/default.keys, and a start/wait vocabulary that leaves the
# screen in $SCREEN.  Source it after tests/lib.sh and make_home.
. "$top_srcdir/tests/e2e/lib.sh"
KEYS=$top_srcdir/keymaps/default.keys

key_for() { # table action
	kf=$(e2e_key_for "$KEYS" "$1" "$2")
	[ -n "$kf" ] || { echo "Bail out! no key for $2 in $KEYS"; exit 1; }
	echo "$kf"
}
K_DOWN=$(key_for list move-down)
K_UP=$(key_for list move-up)
K_FIRST=$(key_for list move-first)
K_EDIT=$(key_for settings setting-edit)
K_NEXT=$(key_for settings setting-next)
K_SAVE=$(key_for settings settings-save)
K_TEST=$(key_for settings settings-test)
K_CANCEL=$(key_for settings test-cancel)
K_PASSWORD=$(key_for settings password-set)
K_SWITCH=$(key_for settings switch-port)
K_DONE=$(key_for field field-done)
K_CUT=$(key_for edit cut-line)
K_BACK=$(key_for global back)
K_SETTINGS=$(key_for global screen-settings)
K_OK=$(key_for prompt prompt-ok)
K_NO=$(key_for prompt prompt-no)
K_QUIT=$(key_for global quit)

# Start outpost in a COLSxROWS window; UI_LANG overrides the locale.
ui_start() { # cols rows [outpost arguments]
	us_size=$1x$2
	shift 2
	e2e_start "$us_size" "LANG=${UI_LANG:-C.UTF-8}" -- "$OUTPOST" "$@"
}
ui_keys() { e2e_keys "$@"; }
ui_type() { e2e_type "$1"; }
ui_screen() { e2e_screen 2>/dev/null; }
# Wait quietly until the screen shows text (at most the seconds given,
# 30 by default); the screen is left in $SCREEN.
ui_wait() { # text [seconds]
	e2e_poll_screen present "$1" "${2:-30}" 2>/dev/null
	uw_rc=$?
	SCREEN=$E2E_LAST_SCREEN
	return $uw_rc
}
waits() { # text description [seconds]
	if ui_wait "$1" "${3:-30}"; then ok "$2"; else
		fail "$2" "the screen never showed: $1"
		printf '%s\n' "$SCREEN" | sed 's/^/#   | /'
	fi
}
mode_of() { stat -c %a "$1" 2>/dev/null; }
# Move the selection to the field labelled text (from the top), however
# many fields come before it.
goto_field() { # label
	ui_keys "$K_FIRST"
	gf_i=0
	while [ $gf_i -lt 40 ]; do
		if ui_wait "> $1" 1; then return 0; fi
		ui_keys "$K_DOWN"
		gf_i=$((gf_i + 1))
	done
	return 1
}
