# tests/bench/bench-tty.sh -- items 1 and 2 of `make bench` (issue 9),
# sourced by bench.sh: start-up to the first screen and peak RSS in an
# 80x24 pty, and terminal bytes per character typed into a message body,
# both through tests/bench/ptystart.c.
#
# Every program runs under `env -i` with a private HOME, TERM=xterm-256color
# and LANG=C.UTF-8.  Its first screen is over when the output has been
# quiet for 50 ms after a marker its screen ends with has appeared (floor:
# its line; pico: "To Spell"; mutt: "---Mutt:"; neomutt: "---NeoMutt:";
# outpost: "quit", the end of its key hint line; BENCH_OUTPOST_MARKER= for
# none, just the first bytes).  A marker is
# needed: mutt and neomutt set up the terminal, then go quiet for more
# than 50 ms reading the mailbox before they draw the index.  The time is
# that of the last byte before the quiet; the peak RSS is wait4's
# ru_maxrss once the program has been killed there.  The runs are
# interleaved (floor, pico, mutt, ..., floor, pico, ...) so that the
# machine's load falls on all alike; the figures are medians.
#
# Typing: after the first screen (and, for outpost, the keys that reach
# the body, BENCH_OUTPOST_KEYS, then quiet), 500 characters of
# prose without newlines (the editor wraps) are typed one every 2 ms; the
# figure is the bytes the program wrote from the first key until 300 ms of
# quiet, over 500.  A run where fewer bytes than keys came back (the text
# did not show) counts as failed.
#
# outpost runs with a config and a policy in a private OUTPOST_HOME, so
# that it opens the composer.  When `outpost` has no UI yet (it says so and
# exits) its rows say "not measured (UI missing)".

START_RUNS=${BENCH_START_RUNS:-21}
# outpost's first screen ends with the key hint line ("... ^Q quit"); four
# Enters leave To, Cc, Bcc and Subject empty and put the cursor in the body.
OUTPOST_MARKER=${BENCH_OUTPOST_MARKER-quit}
OUTPOST_KEYS=${BENCH_OUTPOST_KEYS-'\r\r\r\r'}
TYPE_RUNS=${BENCH_TYPE_RUNS:-3}
TH=$W/tty-home          # HOME of every program
UIH=$W/ui-home          # outpost's OUTPOST_HOME
UI_STATE=               # empty, or why outpost's UI could not be measured

tty_setup() {
	local i
	mkdir -p "$TH/Mail" "$UIH"
	# mutt and neomutt: a private folder and a small mbox to open.
	printf 'set folder=%s/Mail\nset spoolfile=%s/mbox\nset record=%s/Mail/sent\n' \
	    "$TH" "$TH" "$TH" > "$TH/muttrc"
	for i in $(seq 20); do
		printf 'From alice@mail.test Sat Nov 28 00:%02d:00 2026\n' "$i"
		printf 'From: Alice <alice@mail.test>\nTo: bob@mail.test\n'
		printf 'Subject: bench message %d\nDate: Sat, 28 Nov 2026 00:%02d:00 +0000\n\n' "$i" "$i"
		printf 'Body of message %d.\n\n' "$i"
	done > "$TH/mbox"
	bench_policy "$UIH/bench.policy" bench-ui 127.0.0.1 "465 implicit"
	cat > "$UIH/config" <<EOF
policy = $UIH/bench.policy
address = alice@mail.test
username = alice
EOF
	chmod 600 "$UIH/config"
	# 500 characters of prose, spaces and punctuation, no newline.
	awk 'BEGIN {
	    s = "Thanks for the figures you sent on Monday. I have read them twice, " \
	        "and I think the second table is wrong: the totals do not add up. " \
	        "Could we talk about it before the meeting on Thursday? "
	    while (length(t) < 500) t = t s
	    printf "%s", substr(t, 1, 500) }' > "$W/typing.txt"
}

# name ptystart-options... -> ptystart's line on stdout; its status
tty_run() {
	local name=$1 cmd
	shift
	case $name in
	floor) cmd=("$FLOOR") ;;
	pico.alpine) cmd=(pico.alpine) ;;
	mutt) cmd=(mutt -n -F "$TH/muttrc" -f "$TH/mbox") ;;
	neomutt) cmd=(neomutt -n -F "$TH/muttrc" -f "$TH/mbox") ;;
	nano) cmd=(nano --ignorercfiles) ;;
	outpost) cmd=("$OUTPOST") ;;
	esac
	# Each outpost run starts without drafts: one autosaved by the run
	# before would be offered for recovery instead.  (The outbox stays, as
	# it would for a user.)
	[ "$name" = outpost ] && rm -rf "$UIH/drafts"
	env -i HOME="$TH" PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 \
	    OUTPOST_HOME="$UIH" OUTPOST_AGENT="$OUTPOST_AGENT" \
	    OUTPOST_POLICY_DIR="$OUTPOST_POLICY_DIR" \
	    OUTPOST_KEYMAP_DIR="${OUTPOST_KEYMAP_DIR:-$top_srcdir/keymaps}" \
	    "$PTYSTART" "$@" -- "${cmd[@]}"
}
marker_of() {
	case $1 in
	floor) echo "ncursesw program" ;;
	pico.alpine) echo "To Spell" ;;
	mutt) printf '%s\n' "---Mutt:" ;;
	neomutt) printf '%s\n' "---NeoMutt:" ;;
	outpost) echo "$OUTPOST_MARKER" ;;
	esac
}
tty_start() { # name [ptystart-options...]
	local m
	m=$(marker_of "$1")
	if [ -n "$m" ]; then tty_run "$@" -m "$m"; else tty_run "$@"; fi
}

# Does `outpost` open a screen at all?  Sets UI_STATE when it does not.
ui_check() {
	local line
	[ -n "${UI_CHECKED:-}" ] && return 0
	UI_CHECKED=1
	if line=$(tty_start outpost -t 5000 -o "$W/ui-check.out"); then
		return 0
	fi
	if grep -q "UI is not built" "$W/ui-check.out" 2>/dev/null; then
		UI_STATE="not measured (UI missing)"
		say "outpost: $(tr -d '\r' < "$W/ui-check.out" | head -1)"
	else
		UI_STATE="not measured (failed: $(field "$line" error))"
		say "outpost did not draw a screen ($line); its output:"
		tr -d '\r' < "$W/ui-check.out" | tail -5 >&2
		FAILED=1
	fi
}

bench_startup() {
	local -A ms kb cpu
	local progs=(floor pico.alpine mutt neomutt) name r line o_ms o_kb o_cpu target peer
	tty_setup
	ui_check
	[ -z "$UI_STATE" ] && progs+=(outpost)
	say "start-up: ${progs[*]}, $START_RUNS runs each"
	for r in $(seq "$START_RUNS"); do
		for name in "${progs[@]}"; do
			if ! line=$(tty_start "$name"); then
				say "$name (start-up run $r): $line"
				FAILED=1
				continue
			fi
			ms[$name]+=" $(field "$line" start_ms)"
			kb[$name]+=" $(field "$line" rss_kb)"
			cpu[$name]+=" $(field "$line" cpu_ms)"
		done
	done
	for name in "${progs[@]}"; do
		ms[$name]=$(echo "${ms[$name]:-}" | median | awk '{ printf "%.1f", $1 }')
		kb[$name]=$(echo "${kb[$name]:-}" | median)
		cpu[$name]=$(echo "${cpu[$name]:-}" | median | awk '{ printf "%.1f", $1 }')
	done
	o_ms=${ms[outpost]:-$UI_STATE}
	o_kb=${kb[outpost]:-$UI_STATE}
	o_cpu=${cpu[outpost]:-$UI_STATE}
	for peer in floor pico.alpine mutt neomutt; do
		target=-
		[ $peer = floor ] && target="$(within "$o_ms" "${ms[floor]}" 1.5) (<= 1.5x the floor)"
		add_row "start-up to the first screen, 80x24: wall time (ms)" "$o_ms" "$peer" "${ms[$peer]}" "$target"
	done
	for peer in floor pico.alpine mutt neomutt; do
		target=-
		[ $peer = floor ] && target="$(within "$o_kb" "${kb[floor]}" 1.5) (<= 1.5x the floor)"
		add_row "start-up: peak RSS (KB)" "$o_kb" "$peer" "${kb[$peer]}" "$target"
	done
	# CPU time (user + system) to the first screen: what the wall time is
	# when the machine is not busy, and less at the mercy of other load.
	for peer in floor pico.alpine mutt neomutt; do
		add_row "start-up: CPU time to the first screen (ms)" "$o_cpu" "$peer" "${cpu[$peer]}" -
	done
	NOTES+=("item 1: a pty of 80x24 (tests/bench/ptystart.c), TERM=xterm-256color;
  first screen = 50 ms of quiet after the marker the screen ends with
  (outpost: $([ -n "$OUTPOST_MARKER" ] && echo "\"$OUTPOST_MARKER\", the end of its key hint line" ||
    echo "no marker: the first bytes"));
  median of $START_RUNS interleaved runs; mutt and neomutt open a 20-message mbox;
  the floor is tests/bench/floor.c (initscr, one line, refresh).")
}

# outpost peer factor -> met / NOT met / not measured: outpost <= factor x peer
within() {
	is_number "$1" && is_number "$2" || { echo "not measured"; return; }
	verdict "$(awk -v o="$1" -v p="$2" -v f="$3" 'BEGIN { print (o <= p * f) }')"
}

bench_typing() {
	local -A pc
	local progs=(pico.alpine nano) name r line o_pc keys target peer
	[ -f "$W/typing.txt" ] || tty_setup
	ui_check
	[ -z "$UI_STATE" ] && progs+=(outpost)
	say "typing: ${progs[*]}, $TYPE_RUNS runs each"
	for r in $(seq "$TYPE_RUNS"); do
		for name in "${progs[@]}"; do
			keys=()
			[ $name = outpost ] && [ -n "$OUTPOST_KEYS" ] && keys=(-k "$OUTPOST_KEYS")
			if ! line=$(tty_start "$name" "${keys[@]}" -T "$W/typing.txt" -i 2000 -e 300 -o "$W/typed-$name.out"); then
				say "$name (typing run $r): $line"
				FAILED=1
				continue
			fi
			if [ "$(field "$line" bytes)" -lt "$(field "$line" typed)" ]; then
				say "$name (typing run $r): fewer bytes came back than were typed: $line"
				FAILED=1
				continue
			fi
			pc[$name]+=" $(field "$line" per_char)"
		done
	done
	for name in "${progs[@]}"; do
		pc[$name]=$(echo "${pc[$name]:-}" | median | awk '{ printf "%.2f", $1 }')
	done
	o_pc=${pc[outpost]:-$UI_STATE}
	if is_number "$o_pc"; then
		target="$(verdict "$(awk -v o="$o_pc" 'BEGIN { print (o <= 1.5) }')") (<= 1.5 B/char)"
	else
		target="not measured (<= 1.5 B/char)"
	fi
	for peer in pico.alpine nano; do
		add_row "composer body: terminal bytes per typed character" "$o_pc" "$peer" "${pc[$peer]}" "$target"
	done
	NOTES+=("item 2: 500 characters of prose without newlines typed one every 2 ms
  after the first screen${OUTPOST_KEYS:+ (outpost: keys \"$OUTPOST_KEYS\" first, to reach the body)};
  bytes written to the terminal from the first key until 300 ms of quiet,
  over 500; median of $TYPE_RUNS runs; pico.alpine and nano --ignorercfiles
  with an empty buffer.")
}
