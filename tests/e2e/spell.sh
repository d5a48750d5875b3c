#!/bin/sh
# spell.sh -- the spell check in the composer, in tmux, with the real
# aspell and keymap = pine: ^T in the text highlights "teh", its
# suggestions numbered on the status line; 1 takes "the", a typed word
# replaces another, quoted lines and the signature are left alone, one
# undo takes every replacement back; '!' skips a word everywhere for the
# session; the default keymap's key; a missing speller, speller = none
# and a speller that never answers each give a clear message, and the
# composer keeps working.  No server is needed: nothing is sent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
command -v aspell >/dev/null 2>&1 ||
	{ echo "Bail out! aspell is not installed (contrib/quickstart installs aspell and aspell-en)"; exit 1; }
make_home

POLICY=$TEST_HOME/loopback.policy
write_policy "$POLICY" 127.0.0.1 4650 5870
CONFIG=$OUTPOST_HOME/config
SIG=$TEST_HOME/signature
printf 'Ada Lovelacee\n' > "$SIG"
config() { # [key = value]...
	write_config "$CONFIG" "$POLICY" "signature.file = $SIG" "$@"
}
rows() { e2e_screen | grep -cx -- "$1"; }
wait_row() {
	for _ in $(seq 300); do
		[ "$(rows "$1")" -ge 1 ] && return 0
		sleep 0.1
	done
	printf '#   timed out waiting for the row: %s\n' "$1"
	e2e_diag
	return 1
}
# The screen with its attributes: is $1 in reverse video?
reverse() {
	e2e_tmux capture-pane -p -e -t "$E2E_TARGET" |
	    grep -q "$(printf '\033')\[7m$1"
}
quit() {
	e2e_keys C-q
	[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
	e2e_exit_status >/dev/null
	rm -f "$OUTPOST_HOME"/drafts/*.draft
}
# Start, go to the text (To, Cc, Bcc, Subject), type lines $@.
compose() {
	e2e_start 100x30 -- "$OUTPOST"
	e2e_wait "From:" || fail "the composer starts"
	e2e_keys Enter Enter Enter Enter
	for l in "$@"; do
		e2e_type "$l"
		e2e_keys Enter
	done
	wait_row "$1" || fail "the text is typed"
}

# 1. ^T: "teh" highlighted, suggestions numbered, 1 takes "the".
config "keymap = pine"
compose "teh quick brown foxx" "> teh quoted line"
e2e_keys C-t
e2e_wait 'Replace "teh"' && ok "^T asks about the first misspelt word" ||
    fail "^T asks about the first misspelt word"
like "$(e2e_screen)" "1 the  2 " "the suggestions are numbered"
reverse teh && ok "the word is in reverse video" ||
    fail "the word is in reverse video"
e2e_type "1"
e2e_keys Enter
e2e_wait 'Replace "foxx"' && ok "then the next word" ||
    fail "then the next word"
e2e_type "fox"
e2e_keys Enter
checked=no
e2e_wait "spell check done: 2 replaced" && checked=yes
is "$checked" yes "done: the quoted line and the signature are not asked about"
is "$(rows 'the quick brown fox')" 1 "a suggestion and a typed word replace"
# These two mean something only once the check went through the text.
is "$checked:$(rows '> teh quoted line')" yes:1 "the quoted line is untouched"
is "$checked:$(rows 'Ada Lovelacee')" yes:1 "the signature is untouched"

# 2. One undo takes both replacements back.
e2e_keys M-u
[ "$checked" = yes ] && wait_row "teh quick brown foxx" &&
    [ "$(rows 'the quick brown fox')" = 0 ] && ok "one undo takes back both" ||
    fail "one undo takes back both"

# 3. '!' skips the word and its like for the session; Esc stops.
e2e_keys C-t
e2e_wait 'Replace "teh"' || fail "asked again after the undo"
e2e_type "!"
e2e_keys Enter
e2e_wait 'Replace "foxx"' || fail "! goes to the next word"
e2e_keys Escape
e2e_wait "spell check stopped: nothing replaced" &&
    ok "Esc stops the check" || fail "Esc stops the check"
e2e_keys C-t
e2e_wait 'Replace "foxx"' && ok "a skipped word is not asked about again" ||
    fail "a skipped word is not asked about again"
e2e_keys Escape
quit

# 4. The default keymap has its key; a word with no other mistake.
config
compose "all is well here"
e2e_keys M-s
e2e_wait "spell check: no misspelt words" &&
    ok "default keymap: M-s checks, nothing to say" ||
    fail "default keymap: M-s checks, nothing to say"
quit

# 5. A missing speller, speller = none, a speller that never answers.
config "keymap = pine" "speller = /nonexistent/aspell -a"
compose "teh end"
e2e_keys C-t
e2e_wait 'the speller "/nonexistent/aspell" cannot be started: No such file' &&
    ok "a missing speller: a clear message" ||
    fail "a missing speller: a clear message"
e2e_type "still typing"
wait_row "still typing" && ok "and the composer keeps working" ||
    fail "and the composer keeps working"
quit
config "keymap = pine" "speller = none"
compose "teh end"
e2e_keys C-t
e2e_wait "spell checking is off (speller = none in the config)" &&
    ok "speller = none: a clear message" ||
    fail "speller = none: a clear message"
quit
config "keymap = pine" "speller = sleep 600"
compose "teh end"
e2e_keys C-t
e2e_wait 'the speller "sleep" did not answer within 10 seconds' 60 &&
    ok "a speller that never answers is stopped at its deadline" ||
    fail "a speller that never answers is stopped at its deadline"
e2e_type "typing after it"
wait_row "typing after it" && ok "and the composer keeps working after it" ||
    fail "and the composer keeps working after it"
quit

done_testing
