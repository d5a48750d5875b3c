#!/bin/sh
# run.sh -- a bounded libFuzzer run of each parser target (FUZZ_SECONDS
# each, default 30); a crash, leak or sanitizer report fails the test.
# The wire target also fails on any allocation over 64 MB: what a server
# sends must never make outpost allocate without bound.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
secs=${FUZZ_SECONDS:-30}
for t in config policy wire; do
	opts="-max_len=8192"
	[ $t = wire ] && opts="-max_len=65536 -malloc_limit_mb=64"
	# libetpan's own leaks on malformed IMAP (wire.supp) are not ours.
	export LSAN_OPTIONS="suppressions=$top_srcdir/tests/fuzz/wire.supp"
	bin=$top_builddir/tests/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		fail "fuzz-$t: not built (configure found no clang)"
		continue
	fi
	work=$(mktemp -d)
	cp "$top_srcdir/tests/fuzz/corpus/$t"/* "$work/" 2>/dev/null
	log=$top_builddir/tests/fuzz/fuzz-$t.out
	"$bin" -max_total_time="$secs" $opts -timeout=10 \
	    -artifact_prefix="$top_builddir/tests/fuzz/crash-$t-" "$work" > "$log" 2>&1
	rc=$?
	runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*')
	rm -rf "$work"
	if [ $rc = 0 ] && [ -n "$runs" ]; then
		ok "fuzz-$t: $runs inputs in ${secs}s, no crash or leak"
	else
		fail "fuzz-$t: exit $rc (see $log)"
		tail -15 "$log" | sed 's/^/#   /'
	fi
done
done_testing
