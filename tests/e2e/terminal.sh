#!/bin/sh
# terminal.sh -- the terminal, honestly: escape sequences the terminal's
# TERM does not describe are never typed into a field (TERM=vt100's End,
# TERM=linux with xterm's F2/F3, one no key has), a locale that is not
# UTF-8 says it cannot type é instead of dropping it silently, NO_COLOR
# leaves no colour on any screen; the key bar in words (save, test, retry),
# resend and mark sent for an uncertain message.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 4650 5870
write_config "$OUTPOST_HOME/config" "$TEST_HOME/p.policy"

check() { # description command...
	ck_desc=$1
	shift
	if "$@"; then ok "$ck_desc"; else fail "$ck_desc"; fi
}

# The row of a header field ("To:      abc").
field() {
	e2e_screen | grep "^$1:" | sed 's/ *$//'
}

# Start on the Composer with no draft to recover: stop the last run
# (which saves its draft), drop the drafts, start.
start() { # [VAR=VALUE...]
	if [ "$E2E_RUNS" -gt 0 ]; then
		e2e_kill TERM 2>/dev/null
		e2e_exit_status >/dev/null
	fi
	rm -f "$TEST_HOME"/drafts/*
	e2e_start 80x24 "$@" -- "$OUTPOST"
	e2e_wait_tab Composer >/dev/null
}

# Bytes as tmux send-keys -H wants them: "1b 5b 34 7e".
raw() {
	e2e_tmux send-keys -t "$E2E_TARGET" -H $(printf '%s' "$1" |
	    od -An -tx1)
}
ESC=$(printf '\033')

# --- TERM=vt100: End and Home as xterm sends them --------------------------
start TERM=vt100
e2e_type "ab"
raw "$ESC[4~"
e2e_type "c"
check "vt100: typing goes on after End" e2e_wait "abc"
is "$(field To)" "To:      abc" "vt100: End (ESC [ 4 ~) puts nothing into To"
raw "$ESC[1~"
e2e_type "X"
e2e_wait "Xabc" >/dev/null
is "$(field To)" "To:      Xabc" "vt100: Home (ESC [ 1 ~) moves to the start"
raw "$ESC[99~"
raw "${ESC}Oz"
e2e_type "d"
check "vt100: an unknown sequence is a note" e2e_wait "unknown key ignored"
is "$(field To)" "To:      Xdabc" "vt100: unknown sequences put nothing in"

# --- TERM=linux: xterm's F2/F3 (ESC O Q, ESC O R) ---------------------------
start TERM=linux
e2e_type "ab"
raw "${ESC}OQ"
e2e_type "c"
e2e_wait "abc" >/dev/null
is "$(field To)" "To:      abc" "linux: F2 (ESC O Q) puts no Q into To"
raw "${ESC}OR"
check "linux: F3 (ESC O R) opens the Outbox" e2e_wait_tab Outbox
raw "$ESC[[B"
check "linux: the console's own F2 (ESC [ [ B) the Composer" \
    e2e_wait_tab Composer
is "$(field To)" "To:      abc" "linux: To holds no R either"

# --- a locale that is not UTF-8 ---------------------------------------------
for loc in LANG=C LC_ALL=POSIX; do
	start "$loc"
	check "$loc: at start-up, the status line says so" \
	    e2e_wait "types ASCII only; set LANG to a UTF-8 locale"
	e2e_type "café"
	check "$loc: é dropped, and the status line says why" \
	    e2e_wait "cannot type U+00E9; set LANG to a UTF-8 locale"
	e2e_type "s"
	e2e_wait "cafs" >/dev/null
	is "$(field To)" "To:      cafs" "$loc: the ASCII around it typed"
done

# --- NO_COLOR ---------------------------------------------------------------
# SGR colour codes in the pane: 30-37, 38;..., 40-47, 48;..., 90-107
# (39 and 49, the default colours, are how tmux writes "no colour").
colours() {
	e2e_tmux capture-pane -p -e -t "$E2E_TARGET" |
	    grep -oE "$ESC\[[0-9;]*m" | tr -d "$ESC[m" | tr ';' '\n' |
	    grep -xE '3[0-8]|4[0-8]|9[0-7]|10[0-7]' | sort -u | tr '\n' ' '
}
screens() { # the SGR colours on the Composer, Outbox, Settings, Help
	sc_all=
	for sc in F3:Outbox F4:Settings F2:Composer; do
		e2e_keys "${sc%:*}"
		e2e_wait_tab "${sc#*:}" >/dev/null
		sc_all="$sc_all$(colours)"
	done
	e2e_keys F1
	e2e_wait "Keys for" >/dev/null
	printf '%s%s' "$sc_all" "$(colours)"
}
start
check "colour terminal: colours shown (the check can see them)" \
    test -n "$(screens)"
start NO_COLOR=1
got=$(screens)
is "$got" "" "NO_COLOR=1: no colour on any screen"
start NO_COLOR=
check "NO_COLOR empty: colours as usual" test -n "$(screens)"

# --- the key bar: words, and what the selected message allows -------------
hint() { e2e_screen | tail -1; }
start
e2e_keys F4
e2e_wait_tab Settings >/dev/null
h=$(hint)
like "$h" " save" "key bar, Settings: save in words"
like "$h" " test" "key bar, Settings: test in words"
unlike "$h" "settings-" "key bar, Settings: no action names (settings-save)"
printf 'Subject: the figures\nTo: bob@mail.test\n\nhi\n' |
    "$OUTPOST" send -odq -t >/dev/null 2>&1
e2e_keys F3
e2e_wait "the figures" >/dev/null
h=$(hint)
like "$h" " retry" "key bar, Outbox: retry in words"
unlike "$h" "outbox-" "key bar, Outbox: no action names (outbox-retry)"
unlike "$h" "resend" "key bar, a queued message: no resend"
env=$(ls "$OUTPOST_HOME"/outbox/queue/*.env)
sed -i 's/^state: queued/state: uncertain/; s/^phase: none/phase: data/;
    s/^attempts: 0/attempts: 1/' "$env"
start
e2e_keys F3
e2e_wait "the figures" >/dev/null
e2e_wait "uncertain" >/dev/null
h=$(hint)
like "$h" " resend" "key bar, an uncertain message: resend"
like "$h" " mark sent" "key bar, an uncertain message: mark sent"
unlike "$h" " retry" "key bar, an uncertain message: no retry"

# --- small sizes: the "too small" note broken between words ---------------
for size in 30x10 12x6; do
	start
	e2e_resize "${size%x*}" "${size#*x}"
	e2e_wait "40x12)" >/dev/null
	note=$(e2e_screen | sed 's/^ *//; s/ *$//' | grep -v '^$' | tr '\n' ' ')
	is "$note" "terminal too small (need 40x12) " \
	    "$size: the note's lines, joined, are its words (none cut)"
done

done_testing
