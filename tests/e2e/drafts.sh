#!/bin/sh
# drafts.sh -- the postponed drafts list, in tmux: the drafts key opens a
# list of every draft (the last saved first: date, To, Subject, first
# line), Esc goes back to the message as it was, Enter opens the chosen
# draft (the message being written kept as a draft), d asks before
# deleting (n keeps the file, y removes it), at 80x24 and 40x12, in
# plain mode, and through each shipped keymap's key.  No server is
# needed: nothing is sent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home

POLICY=$TEST_HOME/loopback.policy
write_policy "$POLICY" 127.0.0.1 4650 5870
CONFIG=$OUTPOST_HOME/config
config() { write_config "$CONFIG" "$POLICY" "$@"; }
D=$OUTPOST_HOME/drafts
tag=drl$$

# draft ID SAVED TO SUBJECT BODY: a draft file as the composer saves it.
draft() {
	mkdir -p "$D" && chmod 700 "$D"
	printf 'version: 1\nid: %s\nsaved: %s\nto: %s\nsubject: %s\n\n%s\n' \
	    "$1" "$2" "$3" "$4" "$5" > "$D/$1.draft"
	chmod 600 "$D/$1.draft"
}
three() {
	rm -rf "$D"
	# Ids in the other order than the saves: the list goes by the save.
	draft 20260301T100000Z-000001-aaaaaaaa 2026-01-05T10:00:00Z \
	    ann@mail.test "Alpha $tag" "alpha first line"
	draft 20260201T100000Z-000001-bbbbbbbb 2026-02-05T10:00:00Z \
	    bob@mail.test "Beta $tag" "beta first line"
	draft 20260101T100000Z-000001-cccccccc 2026-03-05T10:00:00Z \
	    cy@mail.test "Gamma $tag" "

gamma first line"
}
# Is there a line matching the extended regular expression?
has() { e2e_screen | grep -Eq -- "$1"; }
# The screen row (1-based) holding TEXT, or 0.
row_of() { e2e_screen | grep -n -- "$1" | head -1 | cut -d: -f1 | grep . || echo 0; }
# Say no to each recovery question at start, then wait for the composer.
no_recovery() {
	for _ in 1 2 3 4 5; do
		e2e_poll_screen present "Recover the draft" 5 || break
		q=$(e2e_screen | grep "Recover the draft")
		e2e_keys n
		e2e_wait_gone "$q" || break
	done
	e2e_wait "From:"
}

config
three
e2e_start 80x24 -- "$OUTPOST"
no_recovery
e2e_type "zed@mail.test"
e2e_keys Enter Enter Enter
e2e_type "keep me $tag"

# 1. The list: every draft, the last saved first, with its To and text.
e2e_keys C-r
e2e_wait "Gamma $tag" && ok "C-r opens the list of drafts" ||
    fail "C-r opens the list of drafts"
s=$(e2e_screen)
has "^Saved +To +Subject +Text" && ok "the list has a heading" ||
    fail "the list has a heading"
for w in "Alpha $tag" "Beta $tag" "ann@mail.test" "bob@mail.test" \
    "alpha first line" "gamma first line" "Mar 05"; do
	like "$s" "$w" "the list shows $w"
done
g=$(row_of "Gamma $tag") b=$(row_of "Beta $tag") a=$(row_of "Alpha $tag")
[ "$g" -gt 0 ] && [ "$g" -lt "$b" ] && [ "$b" -lt "$a" ] &&
    ok "the last saved first (Gamma, Beta, Alpha)" ||
    fail "the last saved first (rows $g $b $a)"
unlike "$s" "keep me $tag" "the message being written is not listed"
unlike "$s" "From:" "the composer is covered"
like "$(e2e_screen | tail -1)" "Enter open" "the key bar says Enter open"
like "$(e2e_screen | tail -1)" "d delete" "the key bar says d delete"

# 2. Esc: back to the message as it was.
e2e_keys Escape
e2e_wait "From:"
s=$(e2e_screen)
like "$s" "keep me $tag" "Esc: the message is back as it was"
like "$s" "zed@mail.test" "Esc: its To too"
unlike "$s" "Gamma $tag" "Esc: the list is gone"

# 3. Delete with a question: n keeps the draft, y removes its file.
e2e_keys C-r
e2e_wait "Beta $tag"
e2e_keys Down
e2e_keys d
e2e_wait "Delete the draft \"Beta $tag\"?" &&
    ok "d asks before deleting, naming the draft" ||
    fail "d asks before deleting, naming the draft"
e2e_keys n
e2e_wait "not deleted"
is "$(grep -l "Beta $tag" "$D"/*.draft | wc -l)" 1 "n: the draft stays"
like "$(e2e_screen)" "Beta $tag" "n: it stays in the list"
e2e_keys DC
e2e_wait "Delete the draft \"Beta $tag\"?" && e2e_keys y
e2e_wait "deleted" && ok "Del, y: the draft is deleted" ||
    fail "Del, y: the draft is deleted"
is "$(grep -l "Beta $tag" "$D"/*.draft 2>/dev/null | wc -l)" 0 \
    "y: the draft's file is gone"
e2e_wait_gone "bob@mail.test" && ok "y: the row is gone" ||
    fail "y: the row is gone"
like "$(e2e_screen)" "Alpha $tag" "y: the other drafts stay listed"

# 4. Enter opens the chosen draft; the message being written is kept.
e2e_keys Home Enter
e2e_wait "gamma first line" && ok "Enter opens the chosen draft" ||
    fail "Enter opens the chosen draft"
s=$(e2e_screen)
has "Subject: +Gamma $tag" && ok "its Subject is in the field" ||
    fail "its Subject is in the field"
like "$s" "cy@mail.test" "its To is in the field"
is "$(grep -l "keep me $tag" "$D"/*.draft 2>/dev/null | wc -l)" 1 \
    "the message that was being written is a draft now"
e2e_keys C-r
e2e_wait "keep me $tag" && ok "and it is listed; the open one is not" ||
    fail "and it is listed; the open one is not"
unlike "$(e2e_screen)" "cy@mail.test" "the draft in the composer is not listed"

# 5. 40x12: the list fits, the selected row and the key bar in words.
e2e_resize 40 12
# Until the list is drawn again its 80 columns are cut at 40 ("Subjec").
e2e_wait "Subject" && ok "40x12: the heading" || fail "40x12: the heading"
s=$(e2e_screen)
unlike "$s" "Text" "40x12: no column for the first line below 50 columns"
like "$s" "Alpha" "40x12: a draft's subject"
like "$(e2e_screen | tail -1)" "open" "40x12: the key bar says open"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null

# 6. Plain mode: the selection is a '>' in a column of its own.
three
config "ui.plain = yes"
e2e_start 80x24 -- "$OUTPOST"
no_recovery
e2e_keys C-r
e2e_wait "Gamma $tag"
e2e_keys Down
e2e_wait "> Feb 0"
has "^> Feb 0[45] [0-9:]+ +bob@mail.test" &&
    ok "plain: '>' marks the selected row" ||
    fail "plain: '>' marks the selected row"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null

# 7. Each shipped keymap's drafts key opens the list.
for km in default emacs pine vi; do
	three
	config "keymap = $km"
	key=$(e2e_key_for "$top_srcdir/keymaps/$km.keys" composer drafts)
	e2e_start 80x24 -- "$OUTPOST"
	no_recovery
	# shellcheck disable=SC2086 # a sequence is two keys
	e2e_keys $key
	e2e_wait "Beta $tag" && ok "$km: $key opens the list" ||
	    fail "$km: $key opens the list"
	e2e_keys Escape
	e2e_wait_gone "bob@mail.test"
	e2e_keys C-q
	[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
	e2e_exit_status >/dev/null
done

done_testing
