#!/bin/sh
# plain.sh -- ui.plain = yes, the mode for screen readers and braille
# displays: every screen (composer, help, outbox, settings, the settings
# test's result) holds only printable ASCII apart from the user's own
# UTF-8; marks in words ("[locked]", "Error:", "[Composer]", '>' on the
# outbox's selection, "Ctrl-X send" on the key hint); an error stays
# until a key although a job's messages come after it; a 20 MB
# message's progress, reported every 1% by a stand-in outpost-agent,
# costs the terminal few bytes (counted with tmux pipe-pane, and
# compared with the normal mode's figure).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 1
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" \
    "name = Zoë Example" "ui.plain = yes"

# The user's own text, which may stay UTF-8 on the screen.
SUBJ="Grüße aus Köln, über den Bericht und die Zahlen der letzten Woche"
USER_TEXT="Zoë|Grüße|Köln|über|für"

# Lines holding a character outside printable ASCII once the user's own
# words are taken out (none: the UI drew ASCII only).
non_ascii() {
	printf '%s\n' "$1" | sed -E "s/$USER_TEXT//g" |
	    LC_ALL=C grep -n '[^ -~]'
}
ascii_only() { # screen what
	na=$(non_ascii "$1")
	if [ -z "$na" ]; then ok "$2: printable ASCII only"; else
		fail "$2: printable ASCII only"
		printf '%s\n' "$na" | sed 's/^/#   /'
	fi
}

# A stand-in outpost-agent: "send" answers from $TEST_HOME/mode (slow:
# waits for $TEST_HOME/go, then sent; refused: deferred at once; big: a
# 20 MB payload in 1% steps); any other command goes to the real one.
AGENT=$TEST_HOME/fake-agent
cat > "$AGENT" <<EOF2
#!/bin/sh
[ "\$1" = send ] || exec "$OUTPOST_AGENT" "\$@"
mode=\$(cat "$TEST_HOME/mode")
: > "$TEST_HOME/read.\$mode" # the test may change the mode now
draft=
while [ \$# -gt 0 ]; do
	[ "\$1" = --draft ] && draft=\$2
	shift
done
rm -f "$TEST_HOME/drafts/\$draft.draft"
echo '$(proto_hello)'
echo "{\"ev\":\"queued\",\"id\":\"\$mode\",\"draft\":\"\$draft\"}"
case \$mode in
slow)
	n=0
	while [ ! -e "$TEST_HOME/go" ] && [ \$n -lt 1200 ]; do
		sleep 0.1; n=\$((n + 1))
	done
	echo '{"ev":"progress","id":"slow","done":0,"total":300000}'
	echo '{"ev":"outcome","id":"slow","state":"sent","error":"","reply":"250 ok"}'
	echo '{"ev":"done","status":0,"message":""}' ;;
refused)
	echo '{"ev":"outcome","id":"refused","state":"deferred","error":"127.0.0.1 port 1: connection refused","reply":""}'
	echo '{"ev":"done","status":75,"message":""}'
	exit 75 ;;
big)
	i=0
	while [ \$i -le 100 ]; do
		echo "{\"ev\":\"progress\",\"id\":\"big\",\"done\":\$((i * 209715)),\"total\":20971520}"
		sleep 0.01
		i=\$((i + 1))
	done
	echo '{"ev":"outcome","id":"big","state":"sent","error":"","reply":"250 ok"}'
	echo '{"ev":"done","status":0,"message":""}' ;;
esac
EOF2
chmod +x "$AGENT"

# --- every screen in plain ASCII -------------------------------------------
echo "The figures." > "$TEST_HOME/body"
for s in "$SUBJ" Numbers; do
	"$OUTPOST" send --queue-only --to bob@mail.test --subject "$s" \
	    < "$TEST_HOME/body" > /dev/null 2>&1 ||
	    echo "Bail out! outpost send --queue-only failed"
done
e2e_start 80x40 OUTPOST_AGENT="$AGENT" -- "$OUTPOST"
e2e_wait "From:" || fail "the composer is the first screen"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "$SUBJ"
e2e_keys Enter
e2e_type "Hallo, für dich."
e2e_wait "für dich" || fail "the body shows"
s=$(e2e_screen)
ascii_only "$s" "composer"
like "$s" "[Composer]" "the title line names the current screen in brackets"
like "$(printf '%s\n' "$s" | tail -1)" "Ctrl-X send" \
    "the key hint says Ctrl-X, not ^X"
e2e_keys F1
e2e_wait "Keys for" || fail "help opens"
s=$(e2e_screen)
ascii_only "$s" "help"
like "$s" "Ctrl-X" "help names keys in words"
e2e_keys Escape
e2e_wait "für dich" || fail "back to the composer"
e2e_keys F3
e2e_wait "Numbers" || fail "the outbox lists the queued items"
s=$(e2e_screen)
ascii_only "$s" "outbox (a subject cut to fit)"
like "$s" "
> queued" "the outbox's selected row is marked with '>'"
like "$s" "Grüße aus Köln" "the user's subject stays UTF-8"
e2e_keys F4
e2e_wait "Queue runner" || fail "settings open"
s=$(e2e_screen)
ascii_only "$s" "settings"
like "$s" "127.0.0.1 [locked]" "a locked value says [locked]"
like "$s" "(default)" "a default value says (default), not only dim"
like "$s" "Plain display" "ui.plain is a settings field"
e2e_keys C-r
e2e_wait "test failed" 60 || fail "the settings test ends (port 1: refused)"
s=$(e2e_screen)
ascii_only "$s" "the settings test's result"
like "$s" "FAIL" "the failed step is marked in words"

# --- an error stays until a key ----------------------------------------------
e2e_keys F2
e2e_wait "[Composer]" || fail "back to the composer"
echo slow > "$TEST_HOME/mode"
e2e_keys C-x
# 'sending "Grüße...' and, once the stand-in said queued, 'queued
# "Grüße..."; sending...': on a loaded machine the first may come and go
# between two looks at the screen.
e2e_wait '"Grüße' || fail "the first message goes"
# The status line comes as the job starts: wait until the stand-in has
# read its mode before the second message's is written.
n=0
while [ ! -e "$TEST_HOME/read.slow" ] && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ -e "$TEST_HOME/read.slow" ] || fail "the stand-in agent for the first message starts"
echo refused > "$TEST_HOME/mode"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "Second"
e2e_keys Enter
e2e_type "two"
e2e_keys C-x
e2e_wait 'Error: "Second" not sent yet' ||
    fail "the second one's error, with Error: in words"
: > "$TEST_HOME/go" # now the first one ends, without a key
e2e_poll_screen present 'more after a key' 30 ||
    e2e_poll_screen present 'sent "Grüße' 30
s=$E2E_LAST_SCREEN
like "$s" 'Error: "Second" not sent yet' \
    "the error is still shown after the first message's outcome came"
like "$s" 'more after a key' "and says that more waits for a key"
e2e_keys C-l
e2e_wait 'sent "Grüße' && ok "a key shows what waited" ||
    fail "a key shows what waited"

# --- a 20 MB message's progress: bytes to the terminal -------------------------
# prog_bytes NAME CONFIG: start outpost with CONFIG, send one message of
# 20 MB (the stand-in's 101 progress events); the bytes the terminal got
# from the send key to the outcome go to $TEST_HOME/bytes.NAME.
prog_bytes() {
	echo big > "$TEST_HOME/mode"
	out=$TEST_HOME/pane.$1
	: > "$out"
	e2e_start 80x24 OUTPOST_AGENT="$AGENT" -- "$OUTPOST" -c "$2"
	e2e_wait "From:" >/dev/null || return 1
	e2e_type "bob@mail.test"
	e2e_keys Enter Enter Enter
	e2e_type "Big"
	e2e_keys Enter
	e2e_type "x"
	e2e_wait "Subject: Big" >/dev/null || return 1
	e2e_tmux pipe-pane -O -t "$E2E_TARGET" "cat >> $(e2e_quote "$out")"
	e2e_keys C-x
	e2e_wait 'sent "Big"' >/dev/null || return 1
	e2e_tmux pipe-pane -t "$E2E_TARGET"
	wc -c < "$out" > "$TEST_HOME/bytes.$1"
}
write_config "$TEST_HOME/normal" "$TEST_HOME/p.policy" "ui.plain = no"
prog_bytes normal "$TEST_HOME/normal"
prog_bytes plain "$TEST_HOME/config"
normal=$(cat "$TEST_HOME/bytes.normal" 2>/dev/null)
plain=$(cat "$TEST_HOME/bytes.plain" 2>/dev/null)
printf '# terminal bytes while 20 MB went out: normal mode %s, plain mode %s\n' \
    "$normal" "$plain"
# At most eleven progress texts of a few changed bytes each, plus the
# composer emptied and the outcome: well under 1000 bytes (30 KB is the
# issue's bound; the normal mode's 101 updates take about 2.5 KB).
[ -n "$plain" ] && [ "$plain" -gt 0 ] && [ "$plain" -lt 1000 ] &&
    ok "plain mode: under 1000 bytes to the terminal ($plain)" ||
    fail "plain mode: under 1000 bytes to the terminal ($plain)"
[ -n "$normal" ] && [ -n "$plain" ] && [ "$plain" -lt "$normal" ] &&
    ok "plain mode writes less than the normal mode ($plain < $normal)" ||
    fail "plain mode writes less than the normal mode ($plain < $normal)"
done_testing
