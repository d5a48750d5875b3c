# tests/bench/bench-edit.sh -- item 6 of `make bench` (issue 9), sourced by
# bench.sh: the cost of editing a 20,000-line body, in instructions per
# key counted by valgrind --tool=callgrind (the same count whatever else
# the machine is doing).  tests/bench/edit-cost.c (`edit-cost type|page|undo
# N`) builds the body and presses N keys on the editor model plus the
# visible layout; the figure is (Ir(N) - Ir(0)) / N, so that building the
# body is not counted.  Target: at most 50,000 instructions per key.

EDIT_KEYS=${BENCH_EDIT_KEYS:-200}

callgrind_ir() { # op keys -> instructions executed (Ir)
	rm -f "$W/callgrind.out"
	valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.out" \
	    "$EDIT_COST" "$1" "$2" >"$W/edit-cost.out" 2>"$W/callgrind.err" ||
		{ tail -5 "$W/callgrind.err" >&2; return 1; }
	awk '/^(summary|totals):/ { print $2; exit }' "$W/callgrind.out"
}

bench_edit() {
	local op label ir0 irn per target
	for op in type page undo; do
		case $op in
		type) label="typing" ;;
		page) label="moving a page" ;;
		undo) label="undo" ;;
		esac
		per="not measured (no tests/bench/edit-cost)"
		if [ -x "$EDIT_COST" ]; then
			say "editing cost: $label, 0 and $EDIT_KEYS keys under callgrind"
			if ir0=$(callgrind_ir "$op" 0) && irn=$(callgrind_ir "$op" "$EDIT_KEYS") &&
			    is_number "$ir0" && is_number "$irn"; then
				per=$(( (irn - ir0) / EDIT_KEYS ))
			else
				say "edit-cost $op failed under callgrind"
				per="not measured (edit-cost failed)"
				FAILED=1
			fi
		fi
		if is_number "$per"; then
			target="$(verdict "$((per <= 50000 ? 1 : 0))") (<= 50,000)"
		else
			target="not measured (<= 50,000)"
		fi
		add_row "20,000-line body: instructions per key, $label" "$per" - - "$target"
	done
	NOTES+=("item 6: valgrind --tool=callgrind on tests/bench/edit-cost (the body
  editor model and the visible layout, 20,000 lines); (Ir($EDIT_KEYS) - Ir(0)) / $EDIT_KEYS.")
}
