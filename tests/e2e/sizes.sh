#!/bin/sh
# sizes.sh -- every screen at 80x24 and 40x12, read line by line: no line
# ends against the right edge in a word cut short (a word that is in none
# of the program's own strings nor the test's texts), the draft-recovery
# question shows its keys, the Settings labels are whole, a header field
# the user left shows its start, and a long status note is wrapped with
# its words whole.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
PY=${PYTHON3:-/usr/bin/python3}
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 4650 5870 \
    "username.label = uniqname"
write_config "$OUTPOST_HOME/config" "$TEST_HOME/p.policy" \
    "imap.host = 127.0.0.1" "timeout.connect = 2"
mkdir -p "$OUTPOST_HOME/drafts"

check() { # description command...
	ck_desc=$1
	shift
	if "$@"; then ok "$ck_desc"; else fail "$ck_desc"; fi
}

TO=a-very-long-recipient-name-for-this-test@mail.test
SUBJECT="A subject that goes on and on well past the edge of a small terminal"

# The whole words: every word of the program's string literals, and the
# test's own texts.
WORDS=$TEST_HOME/words
cat "$top_srcdir"/ui/*/*.c "$top_srcdir"/src/*/*.c "$top_srcdir"/keymaps/*.keys |
    grep -o '"[^"]*"' | tr -c 'A-Za-z\n' '\n' | grep -E '^[A-Za-z]+$' |
    sort -u > "$WORDS"
printf '%s\n' $TO $SUBJECT | tr -c 'A-Za-z\n' '\n' | grep . >> "$WORDS"

# cut_lines COLS: the lines of the screen on stdin that reach column COLS
# and end in a word not in $WORDS.
cut_lines() {
	"$PY" -c '
import re, sys
cols, words = int(sys.argv[1]), set(open(sys.argv[2]).read().split())
for line in sys.stdin.read().splitlines():
    s = line.rstrip()
    m = re.search(r"([A-Za-z]+)$", s)
    if len(s) >= cols and m and m.group(1) not in words:
        print(s)
' "$1" "$WORDS"
}

# check_screen NAME: no line of the screen ends in a cut word.
check_screen() {
	cs=$(e2e_screen | cut_lines "$cols")
	is "$cs" "" "$size, $1: no line ends in a cut word"
	[ -n "$cs" ] && e2e_diag
	return 0
}

# check_pages NAME: check_screen on each page of a scrolling view
# (at most 30 pages).
check_pages() {
	cp_all=
	for _ in $(seq 30); do
		cp_all="$cp_all$(e2e_screen | cut_lines "$cols")"
		e2e_screen | grep -q -- '-- lines [0-9]*-\([0-9]*\) of \1 --' &&
		    break
		e2e_screen | grep -q -- '-- lines' || break
		cp_before=$(e2e_screen)
		e2e_keys NPage
		e2e_poll_screen gone "$cp_before" 10 >/dev/null || break
	done
	is "$cp_all" "" "$size, $1: no line of any page ends in a cut word"
}

# labels_whole: every Settings row starts with one of the labels of
# ui/settings/settings-model.c (full ones from 56 columns, short below)
# followed by a space, scrolling down the whole list.
LABELS=$TEST_HOME/labels
labels_whole() {
	lw_field=$([ "$cols" -ge 56 ] && echo 2 || echo 3)
	grep -o '{ "[a-z_.]*", "[^"]*", "[^"]*"' \
	    "$top_srcdir/ui/settings/settings-model.c" |
	    cut -d'"' -f$((lw_field * 2)) > "$LABELS"
	lw_bad=
	for _ in $(seq 40); do
		lw_bad="$lw_bad$(e2e_screen | sed -n '3,$p' | "$PY" -c '
import sys
labels = [l.rstrip("\n") for l in open(sys.argv[1])]
for line in sys.stdin.read().splitlines():
    row = line[2:]
    if line[:1] not in (" ", ">") or not row.strip() or row[:1] == " ":
        continue
    if not any(row == l or row.startswith(l + " ") for l in labels):
        print(line)
' "$LABELS")"
		e2e_keys Down
	done
	is "$lw_bad" "" "$size, Settings: every label whole"
}

for size in 80x24 40x12; do
	cols=${size%x*}
	rm -f "$OUTPOST_HOME"/drafts/*
	e2e_start "$size" -- "$OUTPOST"
	e2e_wait_tab Composer >/dev/null
	check_screen "Composer"

	# A field left shows its start.
	e2e_type "$TO"
	e2e_keys Enter
	e2e_wait "Subject:" >/dev/null
	e2e_keys Enter Enter
	e2e_type "$SUBJECT"
	e2e_keys Enter
	e2e_type "the text"
	e2e_wait "the text" >/dev/null
	like "$(e2e_screen | grep '^To:')" "To:      a-very-long-recipient" \
	    "$size: the To field left shows its start"
	like "$(e2e_screen | grep '^Subject:')" "Subject: A subject that" \
	    "$size: the Subject field left shows its start"
	check_screen "Composer with long fields"
	e2e_keys F1
	e2e_wait "Keys for" >/dev/null
	check_pages "Composer's help"
	e2e_keys Escape
	e2e_wait_gone "Keys for" >/dev/null

	# The recovery question, after a hang-up.
	e2e_kill HUP
	e2e_exit_status >/dev/null
	e2e_start "$size" -- "$OUTPOST"
	e2e_wait "Recover the draft" >/dev/null
	like "$(e2e_screen | tail -2)" "(y/n)" \
	    "$size: the recovery question shows its keys"
	check_screen "the recovery question"
	e2e_keys n
	e2e_wait_gone "Recover the draft" >/dev/null

	# Settings, its help, the port's choices, a test's result.
	e2e_keys F4
	e2e_wait_tab Settings >/dev/null
	check_screen "Settings"
	labels_whole
	e2e_keys F1
	e2e_wait "Keys for" >/dev/null
	check_pages "Settings' help"
	e2e_keys Escape
	e2e_wait_gone "Keys for" >/dev/null
	e2e_keys Home Down Down Down Down Down
	e2e_keys Space
	e2e_wait "5870" >/dev/null
	check_screen "Settings, the port's choices"
	e2e_keys C-r
	check "$size: the test ends (60 s)" e2e_wait_gone "testing..." 60
	check_screen "the test's result"
	e2e_keys Escape

	# The Outbox with a message, and its help.
	printf 'Subject: %s\nTo: %s\n\nhi\n' "$SUBJECT" "$TO" |
	    "$OUTPOST" send -odq -t >/dev/null 2>&1
	e2e_keys F3
	e2e_wait_tab Outbox >/dev/null
	e2e_wait "queued" >/dev/null
	check_screen "Outbox"
	e2e_keys F1
	e2e_wait "Keys for" >/dev/null
	check_pages "Outbox's help"
	e2e_keys Escape
	rm -rf "$OUTPOST_HOME"/outbox
	e2e_kill TERM
	e2e_exit_status >/dev/null

	# A long note on the status line (the locale's): whole words on
	# two rows.
	rm -f "$OUTPOST_HOME"/drafts/*
	e2e_start "$size" LANG=C -- "$OUTPOST"
	e2e_wait "ASCII only" >/dev/null
	check_screen "a long status note"
	note=$(e2e_screen | grep -A1 "this terminal's locale" |
	    sed 's/ *$//' | tr '\n' ' ')
	like "$note" "types ASCII only; set LANG to a UTF-8 locale" \
	    "$size: the status note is whole"
	e2e_kill TERM
	e2e_exit_status >/dev/null
done

done_testing
