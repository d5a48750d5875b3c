#!/bin/sh
# run.sh -- libFuzzer over each parser target, from its corpus; a crash,
# leak or sanitizer report fails the test.  The wire, message and
# sendmail targets also fail on any allocation over 64 MB: what a
# server, a sender or a program sends must never make outpost allocate
# without bound.  In make check the run does not depend on the
# machine's speed or load: a fixed seed (FUZZ_SEED, default 1) and a
# fixed number of inputs per target (the socket reads of the wire
# target can still steer it a little differently).  With FUZZ_SECONDS
# (make fuzz) it is a campaign of that many seconds a target with a
# random seed, to look for what the fixed run does not reach; what it
# finds goes into tests/fuzz/corpus, so the fixed run replays it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
secs=${FUZZ_SECONDS:-}
for t in config policy keymap mailto wire message sendmail; do
	opts="-max_len=8192"
	n=400000
	case $t in
	wire|message|sendmail)
		opts="-max_len=65536 -malloc_limit_mb=64"
		n=100000 ;;
	esac
	case $t in
	sendmail) n=30000 ;;
	keymap) n=10000 ;;
	mailto) n=50000 ;;
	esac
	if [ -n "$secs" ]; then
		opts="$opts -max_total_time=$secs"
		what="${secs}s, a random seed"
	else
		opts="$opts -runs=$n -seed=${FUZZ_SEED:-1}"
		what="seed ${FUZZ_SEED:-1}"
	fi
	# libetpan's own leaks on malformed input (wire.supp) are not ours.
	export LSAN_OPTIONS="suppressions=$top_srcdir/tests/fuzz/wire.supp"
	bin=$top_builddir/tests/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		fail "fuzz-$t: not built (configure found no clang)"
		continue
	fi
	work=$(mktemp -d)
	cp "$top_srcdir/tests/fuzz/corpus/$t"/* "$work/" 2>/dev/null
	log=$top_builddir/tests/fuzz/fuzz-$t.out
	"$bin" $opts -timeout=10 \
	    -artifact_prefix="$top_builddir/tests/fuzz/crash-$t-" "$work" > "$log" 2>&1
	rc=$?
	runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*')
	rm -rf "$work"
	if [ $rc = 0 ] && [ -n "$runs" ]; then
		ok "fuzz-$t: $runs inputs ($what), no crash or leak"
	else
		fail "fuzz-$t: exit $rc (see $log)"
		tail -15 "$log" | sed 's/^/#   /'
	fi
done
done_testing
