# tests/bench/bench-outbox.sh -- item 7 of `make bench` (issue 18): an
# outbox of 100, 1,000 and 10,000 items (tests/bench/outbox-fill.py: a
# tenth queued, a tenth deferred, the rest in the sent archive), sourced
# by bench.sh once the mail servers are up (bench-smtp.sh wrote the
# client configurations).  For each size, against the same figures with
# an empty outbox:
#
#   - `outpost outbox` and `outpost outbox --json`: wall time (target at
#     10,000: <= 200 ms);
#   - the UI's first screen in an 80x24 pty, as item 1 measures it
#     (target at 10,000: <= 1.5x the bare-ncurses floor, run alongside);
#   - `outpost flush` with one due item, straight to Postfix's
#     implicit-TLS port (no added delay), the other items failed,
#     deferred or sent (target at 10,000: <= the same flush with the
#     one item alone + 50 ms).
#
# queue.runner = off in these homes: the UI would otherwise start a
# runner that tries the queued items.  Medians of BENCH_OUTBOX_RUNS (7).

OUTBOX_SIZES=${BENCH_OUTBOX_SIZES:-100 1000 10000}
OUTBOX_RUNS=${BENCH_OUTBOX_RUNS:-7}
OUTBOX_BIG=${OUTBOX_SIZES##* }

# home dir n [failed]: an OUTPOST_HOME with a config and n items
outbox_home() {
	mkdir -p "$1"
	bench_policy "$W/outbox.policy" bench-outbox "$OUTPOST_TEST_HOST" \
	    "$OUTPOST_TEST_SMTPS_PORT implicit"
	outpost_config "$OUTPOST_TEST_SMTPS_PORT" "$1/config"
	sed -i "s|^policy = .*|policy = $W/outbox.policy|" "$1/config"
	echo "queue.runner = off" >> "$1/config"
	chmod 600 "$1/config"
	[ "$2" = 0 ] || python3 "$BENCH_DIR/outbox-fill.py" "$1" "$2" ${3:-} ||
		die "outbox-fill.py $1 $2 failed"
}
# home command... -> wall time in ms (ptystart -n), or the run fails
outbox_ms() {
	local home=$1 line
	shift
	line=$(OUTPOST_HOME=$home "$PTYSTART" -n -- "$@" 2>>"$W/outbox.err")
	if [ "$(field "$line" status)" != 0 ]; then
		say "outbox: $* failed ($line): $(tail -3 "$W/outbox.err")"
		FAILED=1
		echo -
		return
	fi
	field "$line" wall_ms
}
# home -> the first screen's wall time in ms (80x24 pty, as item 1)
outbox_screen_ms() {
	local line
	rm -rf "$1/drafts"
	line=$(env -i HOME="$1" PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 \
	    OUTPOST_HOME="$1" OUTPOST_AGENT="$OUTPOST_AGENT" \
	    OUTPOST_POLICY_DIR="$OUTPOST_POLICY_DIR" \
	    OUTPOST_KEYMAP_DIR="${OUTPOST_KEYMAP_DIR:-$top_srcdir/keymaps}" \
	    "$PTYSTART" -m quit -- "$OUTPOST") ||
		{ say "outbox: the UI's first screen ($1): $line"; FAILED=1; echo -; return; }
	field "$line" start_ms
}
floor_ms() {
	local line
	line=$(env -i HOME="$W" PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8 \
	    "$PTYSTART" -m "ncursesw program" -- "$FLOOR") || { echo -; return; }
	field "$line" start_ms
}
# home -> the wall time in ms of a flush that sends the one item queued now
outbox_flush_ms() {
	message "$W/m" "$TAG-outbox@mail.test" "outbox bench"
	OUTPOST_HOME=$1 "$OUTPOST" send --queue-only "$TAG-outbox@mail.test" < "$W/m" \
	    >/dev/null 2>>"$W/outbox.err" || { say "outbox: --queue-only failed"; FAILED=1; }
	outbox_ms "$1" "$OUTPOST" flush
}

bench_outbox() {
	local -A tab js ui fl
	local n r floor=() sent=0
	say "outbox: filling outboxes of $OUTBOX_SIZES items"
	for n in 0 $OUTBOX_SIZES; do
		outbox_home "$W/ob$n" "$n"
		outbox_home "$W/obf$n" "$n" failed
	done
	say "outbox: $OUTBOX_RUNS runs of each figure"
	for r in $(seq "$OUTBOX_RUNS"); do
		floor+=("$(floor_ms)")
		for n in 0 $OUTBOX_SIZES; do
			tab[$n]+=" $(outbox_ms "$W/ob$n" "$OUTPOST" outbox)"
			js[$n]+=" $(outbox_ms "$W/ob$n" "$OUTPOST" outbox --json)"
			ui[$n]+=" $(outbox_screen_ms "$W/ob$n")"
			fl[$n]+=" $(outbox_flush_ms "$W/obf$n")"
			sent=$((sent + 1))
		done
	done
	[ "$(wait_delivered "$TAG-outbox@mail.test" "$sent")" = "$sent" ] ||
		{ say "outbox: not every flushed item was delivered"; FAILED=1; }
	O_FLOOR=$(echo "${floor[*]}" | median)
	for n in 0 $OUTBOX_SIZES; do
		tab[$n]=$(echo "${tab[$n]}" | median); js[$n]=$(echo "${js[$n]}" | median)
		ui[$n]=$(echo "${ui[$n]}" | median); fl[$n]=$(echo "${fl[$n]}" | median)
	done
	for n in $OUTBOX_SIZES; do
		outbox_rows "$n" "${tab[$n]}" "${js[$n]}" "${ui[$n]}" "${fl[$n]}" \
		    "${tab[0]}" "${js[0]}" "${ui[0]}" "${fl[0]}"
	done
	NOTES+=("item 7: outboxes of $OUTBOX_SIZES items (tests/bench/outbox-fill.py: a
  tenth queued, a tenth deferred, the rest in the sent archive), each
  figure against the same with an empty outbox; first screen as item 1
  (the floor run alongside: $O_FLOOR ms); flush: one item queued, then
  \`outpost flush\` straight to Postfix's implicit-TLS port, the other
  items failed, deferred or sent; queue.runner = off; median of
  $OUTBOX_RUNS runs.")
}
# n table json ui flush (then the same for the empty outbox)
outbox_rows() {
	local n=$1 label t
	label=$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
	t=-
	[ "$n" = "$OUTBOX_BIG" ] && t="$(verdict "$(awk -v o="$2" 'BEGIN { print (o <= 200) }')") (<= 200 ms)"
	add_row "outbox of $label items: outpost outbox (ms)" "$2" "empty outbox" "$6" "$t"
	[ "$n" = "$OUTBOX_BIG" ] && t="$(verdict "$(awk -v o="$3" 'BEGIN { print (o <= 200) }')") (<= 200 ms)"
	add_row "outbox of $label items: outpost outbox --json (ms)" "$3" "empty outbox" "$7" "$t"
	[ "$n" = "$OUTBOX_BIG" ] &&
		t="$(verdict "$(awk -v o="$4" -v f="$O_FLOOR" 'BEGIN { print (o <= 1.5 * f) }')") (<= 1.5x the floor, $O_FLOOR ms)"
	add_row "outbox of $label items: first screen (ms)" "$4" "empty outbox" "$8" "$t"
	[ "$n" = "$OUTBOX_BIG" ] &&
		t="$(verdict "$(awk -v o="$5" -v e="$9" 'BEGIN { print (o <= e + 50) }')") (<= empty + 50 ms)"
	add_row "outbox of $label items: flush of the one due item (ms)" "$5" "empty outbox" "$9" "$t"
}
