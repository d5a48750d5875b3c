#!/bin/sh
# pico.sh -- pico parity in the composer, in tmux, with keymap = pine:
# the signature in a new message (and once only in a recovered draft),
# Tab typed into the text, ^W where-is, ^J justify (plain and quoted
# paragraphs, never across a quote depth or the "-- " line), ^K/^U cut
# and uncut, ^R read a file in (and a refused one), ^V/^Y a page down
# and up, ^T completion in a header, ^O postpone, ^C cancel; Tab and
# justify in the default keymap too; a missing signature.file on the
# status line and in check-config.  ^X send is in composer.sh (each
# keymap's send path).  No server is needed: nothing is sent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home

POLICY=$TEST_HOME/loopback.policy
write_policy "$POLICY" 127.0.0.1 4650 5870
CONFIG=$OUTPOST_HOME/config
SIG=$TEST_HOME/signature
printf 'Ada Lovelace\nAnn Arbor, MI\n\n' > "$SIG"
config() { # [key = value]...
	write_config "$CONFIG" "$POLICY" "signature.file = $SIG" "$@"
}
drafts() { ls "$OUTPOST_HOME/drafts" 2>/dev/null | grep -c '\.draft$'; }
# Rows of the screen that are exactly $1.
rows() { e2e_screen | grep -cx -- "$1"; }
# Wait until the screen has a row that is exactly $1.
wait_row() {
	for _ in $(seq 300); do
		[ "$(rows "$1")" -ge 1 ] && return 0
		sleep 0.1
	done
	printf '#   timed out waiting for the row: %s\n' "$1"
	e2e_diag
	return 1
}
words() { # from to: "word01 word02 ..."
	seq -f 'word%02g' "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

config "keymap = pine" "addressbook.command = printf 'carol@mail.test\\tCarol Ann\\n'"

# 1. A new message starts with the signature, the cursor above it.
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "From:" || fail "the composer starts"
wait_row "Ada Lovelace" && ok "a new message has the signature" ||
    fail "a new message has the signature"
is "$(rows '--')" 1 "one '-- ' line above it"
like "$(e2e_screen)" "Ann Arbor, MI" "all of the signature"

# 2. ^T completes in a header field (the address book).
e2e_type "Car"
e2e_keys C-t
# The address book answers later: its candidate is listed, ^T takes it.
e2e_wait "Carol Ann <carol@mail.test>" || fail "^T lists the address book's"
e2e_keys C-t
e2e_wait "To:      Carol Ann <carol@mail.test>" &&
    ok "^T completes the address" || fail "^T completes the address"
e2e_keys Enter Enter Enter
e2e_type "pico parity"
e2e_keys Enter

# 3. Tab in the text types a tab (in a header it completes: above).
e2e_type "a"
e2e_keys Tab
e2e_type "b"
wait_row "a       b" && ok "Tab types a tab in the text" ||
    fail "Tab types a tab in the text"
e2e_keys Enter Enter
e2e_type "alpha beta"
e2e_keys Enter
e2e_type "gamma delta"
e2e_keys Enter Enter
e2e_type "> $(words 1 20)"
e2e_keys Enter
e2e_type ">> deeper"
wait_row ">> deeper" || fail "the text is typed"

# 4. ^W where-is: found, then not found.
e2e_keys C-w
e2e_wait "Where is:" || fail "^W asks what to look for"
e2e_type "ALPHA"
e2e_keys Enter
e2e_wait '"ALPHA" found' && ok "^W finds the text, either case" ||
    fail "^W finds the text, either case"
e2e_keys C-w
e2e_wait "Where is: ALPHA" && ok "^W offers the last search again" ||
    fail "^W offers the last search again"
e2e_keys C-a C-k
e2e_type "nowhere"
e2e_keys Enter
e2e_wait '"nowhere" is not in the text' && ok "^W: not found, said so" ||
    fail "^W: not found, said so"

# 5. ^J justifies the paragraph at the cursor (on "alpha"), then the
# next one (from the blank line it leaves the cursor on): the quoted
# one, filled to 72 columns with "> " on each line; ">> deeper" and
# the signature stay apart.
e2e_keys C-j
wait_row "alpha beta gamma delta" && ok "^J joins the paragraph" ||
    fail "^J joins the paragraph"
e2e_keys C-j
wait_row "> $(words 11 20)" &&
    is "$(rows "> $(words 1 10)")" 1 \
    "^J fills a quoted paragraph to 72 columns, '> ' kept on each line" ||
    fail "^J fills a quoted paragraph to 72 columns, '> ' kept on each line"
is "$(rows '>> deeper')" 1 "another quote depth is not joined"
is "$(rows '--')" 1 "the '-- ' line is not joined"
is "$(rows 'Ada Lovelace')" 1 "nor the signature"
is "$(rows 'a       b')" 1 "the paragraph before a blank line is untouched"

# 6. ^K cuts the line at the cursor (">> deeper", where ^J left it),
# ^U puts it back.
e2e_keys C-k
e2e_wait_gone ">> deeper" && ok "^K cuts the line" || fail "^K cuts the line"
e2e_keys C-u
wait_row ">> deeper" && ok "^U uncuts it" || fail "^U uncuts it"

# 7. ^R reads a file in at the cursor; a directory is refused.
mkdir -p "$TEST_HOME/adir"
e2e_keys C-r
e2e_wait "Insert the text of which file:" || fail "^R asks for a file"
e2e_type "$TEST_HOME/adir"
e2e_keys Enter
e2e_wait "is a directory, not a regular file" &&
    ok "^R: a directory is refused, named" ||
    fail "^R: a directory is refused, named"
seq -f 'line %03g' 1 100 > "$TEST_HOME/long.txt"
e2e_keys C-r
e2e_wait "Insert the text of which file:"
e2e_type "$TEST_HOME/long.txt"
e2e_keys Enter
e2e_wait "long.txt: 100 lines" && ok "^R inserts the file" ||
    fail "^R inserts the file"
wait_row "line 100" && ok "its last line is shown, the cursor after it" ||
    fail "its last line is shown, the cursor after it"

# 8. ^Y a page up, ^V a page down.
e2e_keys C-y
e2e_wait_gone "line 100" && ok "^Y goes a page up" ||
    fail "^Y goes a page up"
e2e_keys C-v
wait_row "line 100" && ok "^V goes a page down" || fail "^V goes a page down"

# 9. The text as saved: the tab, the justified lines.
e2e_keys C-o
e2e_wait "postponed" && ok "^O postpones" || fail "^O postpones"
is "$(drafts)" 1 "one draft saved"
d=$(cat "$OUTPOST_HOME"/drafts/*.draft)
like "$d" "$(printf 'a\tb')" "the draft has the tab character"
like "$d" "alpha beta gamma delta" "and the justified paragraph"
wait_row "Ada Lovelace" && is "$(rows '--')" 1 \
    "after postponing, the new message has the signature, once" ||
    fail "after postponing, the new message has the signature, once"

# 10. ^C cancels a message (after asking); "n" keeps it.
e2e_type "dave@mail.test"
e2e_keys C-c
e2e_wait "Cancel the message?" || fail "^C asks first"
e2e_keys n
e2e_wait "the message is kept" && like "$(e2e_screen)" "dave@mail.test" \
    "^C, n: the message is kept" || fail "^C, n: the message is kept"
e2e_keys C-c
e2e_wait "Cancel the message?"
e2e_keys y
e2e_wait "message cancelled" && e2e_wait_gone "dave@mail.test" &&
    ok "^C, y: the message is gone" || fail "^C, y: the message is gone"
is "$(drafts)" 1 "the postponed draft stays"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
is "$(e2e_exit_status)" 0 "quits"

# 11. The postponed draft, recovered: its own signature, not a second.
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "Recover the draft" || fail "the draft is offered"
e2e_keys y
e2e_wait "alpha beta gamma delta" || fail "the draft is recovered"
e2e_keys Enter Enter Enter Enter M-/
wait_row "Ada Lovelace" || fail "the end of the recovered text"
is "$(rows '--')" 1 "a recovered draft: one '-- ' line"
is "$(rows 'Ada Lovelace')" 1 "a recovered draft: one signature"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
rm -f "$OUTPOST_HOME"/drafts/*.draft

# 12. The default keymap: Tab and ^J in the text too.
config
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "From:" || fail "starts with the default keymap"
e2e_keys Enter Enter Enter Enter
e2e_type "x"
e2e_keys Tab
e2e_type "y"
wait_row "x       y" && ok "default keymap: Tab types a tab" ||
    fail "default keymap: Tab types a tab"
e2e_keys Enter
e2e_type "z"
e2e_keys C-j
wait_row "x y z" && ok "default keymap: ^J justifies (blanks squeezed)" ||
    fail "default keymap: ^J justifies (blanks squeezed)"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
rm -f "$OUTPOST_HOME"/drafts/*.draft

# 13. A signature.file that cannot be used: said at start, no crash, no
# signature; check-config names it and exits 78.
config "signature.file = $TEST_HOME/no-such-signature"
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "no signature: signature.file $TEST_HOME/no-such-signature: no such file" &&
    ok "a missing signature file: the status line says so" ||
    fail "a missing signature file: the status line says so"
is "$(rows '--')" 0 "and the message has no signature"
e2e_keys C-q
e2e_exit_status >/dev/null
out=$("$OUTPOST" check-config -c "$CONFIG" 2>&1)
is "$?" 78 "check-config: exit 78"
sl=$(grep -n '^signature.file' "$CONFIG" | cut -d: -f1)
like "$out" "$CONFIG:$sl: error [signature.file] cannot use the signature $TEST_HOME/no-such-signature: no such file" \
    "check-config names the file and the line"
config "signature.file = $TEST_HOME"
out=$("$OUTPOST" check-config -c "$CONFIG" 2>&1)
like "$out" "is a directory, not a regular file" \
    "check-config: a directory is not a signature"
config
out=$("$OUTPOST" check-config -c "$CONFIG" 2>&1)
is "$?" 0 "check-config: no signature.file, exit 0"

done_testing
