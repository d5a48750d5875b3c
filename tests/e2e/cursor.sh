#!/bin/sh
# cursor.sh -- issue 19: screen readers and braille displays follow the
# terminal's cursor, so after every redraw it rests where the attention
# is, shown or hidden: on the selected row of a list, where the selected
# item's text starts (the reverse-video text, or just after the `>`
# marker); on the first line shown of the Help and View screens; at the
# edit point of a field or prompt.  Each check presses keys, waits
# (polling, bounded) until the screen shows their effect, then reads
# `#{cursor_x},#{cursor_y}` and the screen in one tmux command and
# compares.  Screens: the composer (fields, text, the address and path
# completion lists, the detach prompt, the draft-recovery question and
# the quit question), Help, the outbox list (Down/Up/PgDn/PgUp/End/Home),
# View, the delete question, the Settings fields and their choosers, a
# field being edited, the test panel and the "too small" note.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

make_home
. "$top_srcdir/tests/e2e/settings-lib.sh"

# The passes: one line each, NAME:CONFIG-LINE (empty: the defaults): the
# standard display and the plain one for screen readers.
PASSES='standard:
plain:ui.plain = yes'

W=100 H=24
TO="To:      " # the composer's field text starts in column 9
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 1 2
printf 'body\n' > "$TEST_HOME/body"
printf 'a\n' > "$TEST_HOME/pick-a.txt"
printf 'b\n' > "$TEST_HOME/pick-b.txt"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy"
i=1
while [ $i -le 22 ]; do # more rows than the outbox list shows
	"$OUTPOST" send --queue-only --to "r$i@mail.test" \
	    --subject "subject $i" < "$TEST_HOME/body" >/dev/null 2>&1 ||
	    { echo "Bail out! outpost send --queue-only failed"; exit 1; }
	i=$((i + 1))
done

# where MODE ARG COL: three lines from one look at the pane: the cursor
# "X,Y"; where the attention is, "X,Y" (or "none"); the text of that row.
#   list   the selected row of the screen's area (rows 1 to H-3): the
#          first starting with the marker `>` or in reverse video; its
#          column is where the reverse video starts, else the first
#          after the marker and its blanks.
#   text   the first row under the heading's rule (a blank row in plain
#          mode), column 0.
#   row    the first row holding ARG; COL is a column, "end" (just after
#          the row's text), "end1" (one further: a yes/no question) or
#          "start" (its first non-blank).
where() {
	e2e_tmux display-message -p -t "$E2E_TARGET" \
	    '#{cursor_x},#{cursor_y}' \; capture-pane -p -e -t "$E2E_TARGET" |
	    awk -v mode="$1" -v arg="${2:-}" -v col="${3:-}" '
	function plain(s) { gsub(/\033\[[0-9;]*m/, "", s); return s }
	function chars(s, n) { n = length(s); return n - gsub(/[\200-\277]/, "", s) }
	function rtrim(s) { sub(/ +$/, "", s); return s }
	function revcol(s, pre, seq) {
		pre = ""
		while (match(s, /\033\[[0-9;]*m/)) {
			pre = pre substr(s, 1, RSTART - 1)
			seq = substr(s, RSTART + 2, RLENGTH - 3)
			s = substr(s, RSTART + RLENGTH)
			if ((";" seq ";") ~ /;7;/)
				return chars(pre)
		}
		return -1
	}
	NR == 1 { cursor = $0; next }
	{ raw[NR - 2] = $0; txt[NR - 2] = plain($0); rows = NR - 1 }
	END {
		print cursor
		for (y = 1; y < rows; y++) {
			t = txt[y]
			if (mode == "list" && y <= rows - 3) {
				if (substr(t, 1, 1) != ">" && revcol(raw[y]) != 0)
					continue
				x = revcol(raw[y])
				if (x <= 0 && substr(t, 1, 1) == ">") {
					match(t, /^> */)
					x = RLENGTH
				}
			} else if (mode == "text") {
				# plain mode leaves the row of the rule blank
				if (t !~ /^(\342\224\200|-)+ *$/ &&
				    !(y == 2 && t ~ /^ *$/))
					continue
				y++
				x = 0
			} else if (mode == "row") {
				if (index(t, arg) == 0)
					continue
				x = col
				if (col == "end" || col == "end1")
					x = chars(rtrim(t)) + (col == "end1")
				else if (col == "start") {
					match(t, /^ */)
					x = RLENGTH
				}
			} else
				continue
			printf "%d,%d\n%s\n", x, y, txt[y]
			exit
		}
		print "none"
	}'
}

look() { # mode arg col: sets CUR, WANT, ROW
	{ read -r CUR; read -r WANT; IFS= read -r ROW; } <<EOF
$(where "$@")
EOF
}

# cursor_at DESCRIPTION MODE ARG COL [KEYS...]: press KEYS (tmux's names),
# wait until the screen shows their effect (a list's or text's attention
# row changed, a row holding ARG is there), then until the cursor is
# where the attention is: 30 s for the first, 10 s more for the second
# (the cursor's move ends the same write as the text).
cursor_at() {
	ca_desc=$1 ca_mode=$2 ca_arg=$3 ca_col=$4
	shift 4
	ca_before=
	if [ $# -gt 0 ]; then
		[ "$ca_mode" = row ] || { look "$ca_mode" "$ca_arg" "$ca_col"; ca_before=$ROW; }
		e2e_keys "$@"
	fi
	ca_tries=300 ca_settled=0
	while [ $ca_tries -gt 0 ] && [ $ca_settled -lt 100 ]; do
		look "$ca_mode" "$ca_arg" "$ca_col"
		if [ "$WANT" != none ] && { [ "$ca_mode" = row ] ||
		    [ -z "$ca_before" ] || [ "$ROW" != "$ca_before" ]; }; then
			if [ "$CUR" = "$WANT" ]; then
				ok "$PASS: $ca_desc"
				return 0
			fi
			ca_settled=$((ca_settled + 1))
		fi
		sleep 0.1
		ca_tries=$((ca_tries - 1))
	done
	if [ $ca_settled -eq 0 ]; then
		fail "$PASS: $ca_desc" "the screen never showed the attention row ($ca_mode $ca_arg)"
	else
		fail "$PASS: $ca_desc" "the cursor is at $CUR, the attention at $WANT: $ROW"
	fi
	e2e_diag
}

composer_pass() {
	cursor_at "composer: the To field's edit point" row "To:" 9
	ui_type "r1"
	cursor_at "composer: after typing" row "${TO}r1" end
	ui_keys Tab
	ui_wait "r10@mail.test" 10
	cursor_at "composer: the address completion list shown" row \
	    "${TO}r1" end
	ui_keys Tab
	cursor_at "composer: a completion taken" row \
	    "${TO}r10@mail.test" end
	ui_keys Enter Enter Enter
	cursor_at "composer: the Subject field" row "Subject:" 9
	ui_keys Enter
	ui_type "hello world"
	cursor_at "composer: the text's edit point" row "hello world" end
	cursor_at "composer: the text, Home" row "hello world" 0 Home
	ui_keys F8
	ui_type "$TEST_HOME/pick-"
	ui_keys Tab
	ui_wait "pick-b.txt" 10
	cursor_at "composer: the path completion list shown" row "File:" end
	ui_keys Tab Enter
	ui_wait "pick-a.txt (" 10
	ui_keys F8
	ui_type "$TEST_HOME/pick-b.txt"
	ui_keys Enter
	ui_wait "pick-b.txt (" 10
	ui_keys F9
	cursor_at "composer: the detach prompt" row "Remove which attachment" end
	ui_keys Escape
	e2e_poll_screen gone "Remove which" 10
	cursor_at "help: opened" text "" "" F1
	cursor_at "help: Down" text "" "" Down
	cursor_at "help: PgDn" text "" "" NPage
	cursor_at "help: Home" text "" "" Home
	cursor_at "help: End" text "" "" End
	ui_keys "$K_BACK"
	ui_wait "Subject:" 10
}

outbox_pass() {
	cursor_at "outbox: opened" list "" "" F3
	cursor_at "outbox: Down" list "" "" Down
	cursor_at "outbox: Down again" list "" "" Down
	cursor_at "outbox: PgDn" list "" "" NPage
	cursor_at "outbox: PgUp" list "" "" PPage
	cursor_at "outbox: End" list "" "" End
	cursor_at "outbox: Up" list "" "" Up
	cursor_at "outbox: Home" list "" "" Home
	ui_keys d
	cursor_at "outbox: the delete question" row "Delete \"" end1
	ui_keys "$K_NO"
	ui_wait "kept" 10
	cursor_at "view: an item" text "" "" Enter
	like "$ROW" "Subject:" "$PASS: view: that row is the item's first line"
	ui_keys "$K_BACK"
	ui_wait "State" 10
	cursor_at "outbox: back from the view" list "" ""
}

settings_pass() {
	cursor_at "settings: opened" list "" "" F4
	cursor_at "settings: Down" list "" "" Down
	cursor_at "settings: Down again" list "" "" Down
	cursor_at "settings: PgDn" list "" "" NPage
	cursor_at "settings: End" list "" "" End
	cursor_at "settings: PgUp" list "" "" PPage
	cursor_at "settings: Up" list "" "" Up
	cursor_at "settings: Home" list "" "" Home
	goto_field "Port" || fail "$PASS: settings: the Port field"
	cursor_at "settings: the port chooser, next port" list "" "" "$K_NEXT"
	goto_field "Keymap" || fail "$PASS: settings: the Keymap field"
	cursor_at "settings: the keymap chooser, next keymap" list "" "" \
	    "$K_NEXT"
	ui_keys "$K_QUIT" # the settings are unsaved now: it asks
	cursor_at "the quit question" row "Quit?" end1
	ui_keys "$K_NO"
	e2e_poll_screen gone "Quit?" 10
	goto_field "Your name" || fail "$PASS: settings: the name field"
	ui_keys "$K_EDIT"
	ui_type "Al"
	cursor_at "settings: a field being edited" row "Your name" end
	cursor_at "settings: its edit point, Home" row "Your name" 19 Home
	ui_keys "$K_BACK"
	ui_wait "edit cancelled" 10
	cursor_at "settings: back on the list" list "" ""
	ui_keys "$K_TEST"
	ui_wait "1 failed, 3 skipped" 60
	cursor_at "settings: the test's outcome" row "1 failed, 3 skipped" 0
	ui_keys "$K_BACK"
	ui_wait "> Your name" 10
	cursor_at "settings: back from the test" list "" ""
	e2e_resize 30 10
	cursor_at "the terminal too small note" row "terminal too" start
	e2e_resize $W $H
	cursor_at "settings: the terminal large again" list "" ""
}

recovery_pass() {
	ui_keys F2
	e2e_wait_tab Composer >/dev/null
	e2e_kill HUP
	is "$(e2e_exit_status)" 0 "$PASS: a hang-up saves the draft and ends"
	ui_start $W $H -c "$TEST_HOME/config"
	cursor_at "the draft-recovery question" row "Recover the draft" end1
	ui_keys y
	ui_wait "draft recovered" 10
	cursor_at "composer: the recovered draft's field" row "To:" end
	ui_keys "$K_QUIT"
	is "$(e2e_exit_status)" 0 "$PASS: outpost quits"
}

run_pass() { # name config-line
	PASS=$1
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "$2"
	rm -rf "$TEST_HOME/drafts"
	ui_start $W $H -c "$TEST_HOME/config"
	ui_wait "From:" 30 || fail "$PASS: the composer opens"
	composer_pass
	outbox_pass
	settings_pass
	recovery_pass
}

old_ifs=$IFS
IFS='
'
for pass in $PASSES; do
	IFS=$old_ifs
	run_pass "${pass%%:*}" "${pass#*:}"
done
IFS=$old_ifs
done_testing
