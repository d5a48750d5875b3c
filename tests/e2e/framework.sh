#!/bin/sh
# framework.sh -- the terminal UI's framework end to end, in tmux: the
# first run, every shipped keymap's own keys, keymap errors, sizes and
# resize storms, terminal types, ASCII locales, hang-up and termination,
# a job (a fake outpost-agent asking a password), quitting.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home

check() { # description command...
	ck_desc=$1
	shift
	if "$@"; then ok "$ck_desc"; else fail "$ck_desc"; fi
}

POLICY=$TEST_HOME/loopback.policy
write_policy "$POLICY" 127.0.0.1 4650 5870
CONFIG=$OUTPOST_HOME/config

# The light program: no TLS, SMTP or keyring library in the UI.
libs=$(ldd "$OUTPOST" 2>&1)
like "$libs" "libncursesw" "outpost links ncursesw"
for lib in libetpan libssl libcrypto libsecret libgnutls; do
	unlike "$libs" "$lib" "outpost does not link $lib"
done

out=$("$OUTPOST" </dev/null 2>&1)
is "$?" 64 "no terminal: usage error"
like "$out" "needs a terminal" "no terminal: says so"

# First run: no config, so Settings.
e2e_start 80x24 -- "$OUTPOST"
check "first run opens Settings" e2e_wait_tab Settings
like "$(e2e_screen | head -1)" "outpost  Composer  Outbox  Settings" \
    "title line names the screens"
like "$(e2e_screen | tail -1)" "help" "key hint on the bottom line"
e2e_keys C-q
is "$(e2e_exit_status)" 0 "quit from the keymap exits 0"

# A config with an error: Settings, and the reason on the status line.
printf 'smtp.port = many\n' > "$CONFIG"
chmod 600 "$CONFIG"
e2e_start 80x24 -- "$OUTPOST"
check "bad config opens Settings" e2e_wait_tab Settings
check "bad config: the reason on the status line" e2e_wait "config:1"

# -c FILE with a good config: the Composer.
write_config "$TEST_HOME/other.conf" "$POLICY"
rm -f "$CONFIG"
e2e_start 80x24 -- "$OUTPOST" -c "$TEST_HOME/other.conf"
check "-c FILE: a good config opens the Composer" e2e_wait_tab Composer

# Each shipped keymap, with its own keys.
for keys in "$top_srcdir"/keymaps/*.keys; do
	km=$(basename "$keys" .keys)
	write_config "$CONFIG" "$POLICY" "keymap = $km"
	e2e_start 80x24 -- "$OUTPOST"
	check "$km: starts on the Composer" e2e_wait_tab Composer
	for pair in screen-outbox:Outbox screen-settings:Settings \
	    screen-composer:Composer; do
		action=${pair%%:*} tab=${pair#*:}
		for k in $(awk -v a="$action" '$1 == "bind" && $2 == "global" &&
		    $4 == a { print $3 }' "$keys"); do
			# Leave the screen first, so the key has to move us.
			e2e_keys "$(e2e_key_for "$keys" global \
			    "$([ "$tab" = Outbox ] && echo screen-settings ||
			    echo screen-outbox)")"
			e2e_wait_tab "$([ "$tab" = Outbox ] && echo Settings ||
			    echo Outbox)" >/dev/null
			e2e_keys "$(e2e_tmux_key "$k")"
			check "$km: $k goes to $tab" e2e_wait_tab "$tab"
		done
	done
	# Help from the outbox (a list: no text is typed there).
	outbox=$(e2e_key_for "$keys" global screen-outbox)
	back=$(e2e_key_for "$keys" global back)
	for k in $(awk '$1 == "bind" && $2 == "global" && $4 == "help" {
	    print $3 }' "$keys"); do
		e2e_keys "$outbox"
		e2e_wait_tab Outbox >/dev/null
		e2e_keys "$(e2e_tmux_key "$k")"
		check "$km: $k opens help" e2e_wait "Keys for Outbox"
		outkey=$(awk '$1 == "bind" && $2 == "global" &&
		    $4 == "screen-outbox" { print $3; exit }' "$keys")
		# The global table comes last: scroll to the end.
		e2e_keys "$(e2e_key_for "$keys" list move-last)"
		e2e_wait "[global]" >/dev/null
		screen=$(e2e_screen)
		like "$screen" "$outkey" "$km: help lists the key $outkey"
		like "$screen" "screen-outbox" "$km: help names the action"
		e2e_keys "$back"
		check "$km: back closes help" e2e_wait_gone "Keys for Outbox"
	done
done

# A user keys file: a bad line is reported, a good line still works.
printf 'bind global <F11> screen-outbox\nbind global <F8> sendnow\n' \
    > "$OUTPOST_HOME/keys"
write_config "$CONFIG" "$POLICY"
e2e_start 80x24 -- "$OUTPOST"
check "keys file: the bad line is shown" \
    e2e_wait "keys:2: unknown action 'sendnow' (did you mean"
e2e_keys F11
check "keys file: the good line works" e2e_wait_tab Outbox
rm -f "$OUTPOST_HOME/keys"

# Sizes: 40x12 still usable, 30x8 too small, back to 80x24 clean.
e2e_start 80x24 -- "$OUTPOST"
e2e_wait_tab Composer >/dev/null
e2e_keys F3
e2e_wait_tab Outbox >/dev/null
sleep 0.3
before=$(e2e_screen)
e2e_resize 40 12
check "40x12: the frame is drawn" e2e_wait "outpost  Composer  Outbox  Settings"
e2e_keys F4
check "40x12: keys still work" e2e_wait_tab Settings
e2e_keys F3
e2e_resize 30 8
check "30x8: a 'too small' note" e2e_wait "too small"
unlike "$(e2e_screen)" "Composer" "30x8: nothing else drawn"
e2e_resize 80 24
check "80x24 again: the frame is back" e2e_wait_gone "too small"
sleep 0.3
is "$(e2e_screen)" "$before" "80x24 again: the same screen as before, no garbage"

# A storm of resizes, then a correct screen.
for size in 50x14 100x40 30x8 41x12 120x50 20x5 90x30 40x12 60x20 \
    33x9 80x24 45x13 70x22 38x11 110x35 55x17 42x12 100x30 64x16 80x24; do
	e2e_resize "${size%x*}" "${size#*x}"
done
sleep 0.5
e2e_wait "outpost  Composer" >/dev/null
sleep 0.3
is "$(e2e_screen)" "$before" "after 20 resizes: the same screen, no garbage"
is "$(e2e_exit_status 0)" running "after 20 resizes: still running"

# Terminal types.
for term in vt100 linux screen tmux-256color; do
	e2e_start 80x24 TERM=$term -- "$OUTPOST"
	check "TERM=$term: draws" e2e_wait "outpost  Composer  Outbox  Settings"
	e2e_keys C-q
	is "$(e2e_exit_status)" 0 "TERM=$term: quits cleanly"
done

# Line drawing: Unicode in UTF-8, ASCII otherwise (the help heading rule).
e2e_start 80x24 -- "$OUTPOST"
e2e_wait_tab Composer >/dev/null
e2e_keys F3 F1
e2e_wait "Keys for" >/dev/null
like "$(e2e_screen)" "────" "UTF-8: the rule is a line"
NOTE_AGENT=$TEST_HOME/note-agent
printf '#!/bin/sh\necho %s\necho %s\nread -r x\n' "'$(proto_hello)'" \
    "'{\"ev\":\"note\",\"text\":\"wide 日本語 end\"}'" > "$NOTE_AGENT"
chmod +x "$NOTE_AGENT"
for loc in LANG=C LC_ALL=C; do
	e2e_start 80x24 "$loc" OUTPOST_AGENT="$NOTE_AGENT" \
	    OUTPOST_UI_TEST_JOB=doctor -- "$OUTPOST"
	e2e_wait_tab Composer >/dev/null
	check "$loc: a character it cannot show is '?'" e2e_wait "wide ??? end"
	e2e_keys F3 F1
	check "$loc: help opens" e2e_wait "Keys for"
	screen=$(e2e_screen)
	like "$screen" "--------" "$loc: the rule is ASCII"
	unlike "$screen" "─" "$loc: no line-drawing character"
done

# Hang-up and termination: gone, status 0, no core.
for sig in HUP TERM; do
	e2e_start 80x24 -- "$OUTPOST"
	e2e_wait_tab Composer >/dev/null
	e2e_kill $sig
	is "$(e2e_exit_status)" 0 "SIG$sig: exits with status 0"
done

# A job: a fake agent prints events, asks a password, checks the answer.
AGENT=$TEST_HOME/fake-agent
LOG=$TEST_HOME/agent.log
cat > "$AGENT" <<EOF
#!/bin/sh
echo "args: \$*" > "$LOG"
echo '$(proto_hello)'
echo '{"ev":"note","text":"fake agent started"}'
echo 'not a JSON object'
echo '{"ev":"step","id":"tls","state":"running"}'
printf '%s\\n' '{"ev":"note","text":"wide 日本語 bell \\u0007 end"}'
echo '{"ev":"ask-password","prompt":"Password for alice"}'
read -r pw
if [ "\$pw" = "s3cret pw" ]; then echo "password: right" >> "$LOG"
elif [ -z "\$pw" ]; then echo "password: cancelled" >> "$LOG"
else echo "password: wrong" >> "$LOG"; fi
echo '{"ev":"confirm","question":"Store it in the keyring?"}'
read -r yn
echo "confirm: \$yn" >> "$LOG"
echo "fake agent: bye" >&2
exit 3
EOF
chmod +x "$AGENT"
write_config "$CONFIG" "$POLICY"
e2e_start 80x24 OUTPOST_AGENT="$AGENT" \
    "OUTPOST_UI_TEST_JOB=doctor --step tls" -- "$OUTPOST"
check "job: the password question" e2e_wait "Password for alice:"
check "job: a note on the status line, wide characters kept, control as ?" \
    e2e_wait "wide 日本語 bell ? end"
# A global key still works while the question waits.
e2e_keys F3
check "job: a global key works during a question" e2e_wait_tab Outbox
like "$(e2e_screen)" "Password for alice:" "job: the question stays"
# Typed with mistakes, mended with the prompt's edit keys.
e2e_type "s3cretpw"
e2e_keys Left Left
e2e_type " "
e2e_keys End
e2e_type "XY"
e2e_keys BSpace BSpace
check "job: typing is masked" e2e_wait "Password for alice: *********"
unlike "$(e2e_screen)" "s3cret" "job: the password is never shown"
e2e_keys Enter
check "job: the yes/no question" e2e_wait "Store it in the keyring?"
e2e_keys y
check "job: the exit status and the last stderr line" \
    e2e_wait "job exited with status 3: fake agent: bye"
log=$(cat "$LOG" 2>/dev/null)
like "$log" "args: doctor -c $CONFIG --events --step tls" \
    "job: argv is command, -c CONFIG, --events, the rest"
like "$log" "password: right" "job: the agent read the password"
like "$log" "confirm: yes" "job: the agent read yes"

e2e_start 80x24 OUTPOST_AGENT="$AGENT" OUTPOST_UI_TEST_JOB=doctor \
    -- "$OUTPOST"
check "job again: the password question" e2e_wait "Password for alice:"
e2e_type "x"
e2e_keys Escape
check "job again: the yes/no question" e2e_wait "Store it in the keyring?"
e2e_keys n
check "job again: exits" e2e_wait "job exited with status 3"
log=$(cat "$LOG" 2>/dev/null)
like "$log" "password: cancelled" "job: Esc cancels (an empty line)"
like "$log" "confirm: no" "job: the agent read no"

# The protocol's version, checked at start-up: an agent that announces
# another one, or none (one installed before the protocol had a
# version), is stopped before anything else it says is read, with an
# error naming both versions and the agent.
pv=$(proto_version)
refused() { # name first-line version-in-words
	cat > "$AGENT" <<EOF
#!/bin/sh
echo \$\$ > "$TEST_HOME/agent.pid"
echo '$2'
echo '{"ev":"confirm","question":"Misread?"}'
exec sleep 30
EOF
	e2e_start 240x24 OUTPOST_AGENT="$AGENT" OUTPOST_UI_TEST_JOB=doctor \
	    -- "$OUTPOST"
	check "version $1: a plain error naming both versions" e2e_wait \
	    "outpost-agent speaks protocol version $3, this outpost version $pv: install both from one release" 10
	like "$(e2e_screen)" "($AGENT)" "version $1: the error names the agent"
	unlike "$(e2e_screen)" "Misread?" "version $1: nothing after it is read"
	e2e_keys C-q
	is "$(e2e_exit_status)" 0 \
	    "version $1: the agent is stopped (quit has no job to ask about)"
	rf_pid=$(cat "$TEST_HOME/agent.pid" 2>/dev/null)
	[ -n "$rf_pid" ] && kill "$rf_pid" 2>/dev/null
}
refused other "{\"ev\":\"hello\",\"version\":$((pv + 1))}" $((pv + 1))
refused none '{"ev":"step","id":"tls","state":"running"}' "0 (it announces none)"

# The terminal lent to an interactive program (the external editor).
EDIT=$TEST_HOME/fake-editor
cat > "$EDIT" <<EOF
#!/bin/sh
echo "EDITOR RUNNING"
read -r line
echo "\$line" > "$TEST_HOME/edited"
exit 5
EOF
chmod +x "$EDIT"
e2e_start 80x24 OUTPOST_UI_TEST_RUN="$EDIT" -- "$OUTPOST"
check "interactive: the program has the terminal" e2e_wait "EDITOR RUNNING"
unlike "$(e2e_screen)" "outpost  Composer" "interactive: the UI stepped aside"
e2e_type "typed in the editor"
e2e_keys Enter
check "interactive: the UI is back" e2e_wait "outpost  Composer  Outbox  Settings"
check "interactive: its exit status" e2e_wait "run exited with status 5"
unlike "$(e2e_screen)" "EDITOR RUNNING" "interactive: repainted, nothing left over"
is "$(cat "$TEST_HOME/edited" 2>/dev/null)" "typed in the editor" \
    "interactive: the program read the keyboard"

# Cancel: SIGTERM to the job's process group; SIGKILL 2 s later if it
# stays.  (The hook cancels when the job says "test:cancel".)
for mode in polite stubborn; do
	{
		echo '#!/bin/sh'
		[ $mode = stubborn ] && echo "trap '' TERM"
		echo "echo '$(proto_hello)'"
		echo 'echo "{\"ev\":\"note\",\"text\":\"test:cancel\"}"'
		echo 'sleep 30'
	} > "$AGENT"
	want=143
	[ $mode = stubborn ] && want=137
	e2e_start 80x24 OUTPOST_AGENT="$AGENT" OUTPOST_UI_TEST_JOB=flush \
	    -- "$OUTPOST"
	check "cancel, $mode job: ends with status $want" \
	    e2e_wait "job exited with status $want"
done

# Quit while a job runs: asked first; the job goes on without the UI.
cat > "$AGENT" <<EOF
#!/bin/sh
echo \$\$ > "$TEST_HOME/agent.pid"
echo '$(proto_hello)'
echo '{"ev":"note","text":"delivering slowly"}'
exec sleep 30
EOF
e2e_start 80x24 OUTPOST_AGENT="$AGENT" OUTPOST_UI_TEST_JOB=flush \
    -- "$OUTPOST"
check "slow job: started" e2e_wait "delivering slowly"
e2e_keys C-q
check "quit with a job running: asks" e2e_wait "Quit?"
e2e_keys n
check "quit: no keeps the UI" e2e_wait_gone "Quit?"
is "$(e2e_exit_status 0)" running "quit: still running after no"
e2e_keys C-q
e2e_wait "Quit?" >/dev/null
e2e_keys y
is "$(e2e_exit_status)" 0 "quit: yes exits 0"
apid=$(cat "$TEST_HOME/agent.pid" 2>/dev/null)
if [ -n "$apid" ] && kill -0 "$apid" 2>/dev/null; then
	ok "quit: the job goes on"
	kill "$apid"
else
	fail "quit: the job goes on"
fi

done_testing
