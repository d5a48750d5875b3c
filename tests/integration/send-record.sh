#!/bin/sh
# send-record.sh -- what a send writes to the outbox, counted under
# strace against the real Postfix (issue 18: fsyncs reduced to what
# durability needs).  A message whose envelope and payload go out in one
# write (PIPELINING and CHUNKING, at most 1 MB) records its attempt and
# its data phase in one envelope write: 12 fsyncs in all (enqueue 4, the
# attempt 2, sent 2, filing in sent/ 4) and 4 renames of its envelope.  A
# message over 1 MB waits for the envelope's replies before its payload,
# so its attempt and data phase stay two records: 14 and 5.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
command -v strace >/dev/null 2>&1 ||
    { fail "strace is not installed (contrib/quickstart installs it)"; done_testing; exit; }
use_servers
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Counted.\n' > "$TEST_HOME/body"
write_policy "$TEST_HOME/p.policy" "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" \
    "smtp.port = $OUTPOST_TEST_SMTPS_PORT"
tag=rec$$
head -c 800000 /dev/urandom > "$TEST_HOME/big.bin"

# send N [ARG...]: outpost send under strace -> rc, out, $TEST_HOME/strace.N
send() {
	sn=$1
	shift
	out=$(strace -f -qq -e trace=fsync,fdatasync,rename,renameat,renameat2 \
	    -o "$TEST_HOME/strace.$sn" "$OUTPOST" -c "$TEST_HOME/config" send -v \
	    --to "$tag@mail.test" --subject "record $tag $sn" "$@" \
	    < "$TEST_HOME/body" 2>&1)
	rc=$?
	id=$(printf '%s\n' "$out" | queued_id)
}
syncs() { grep -c 'fsync(\|fdatasync(' "$TEST_HOME/strace.$1"; }
# env_renames N: renames onto the item's envelope, ID.env ($id: send -v)
env_renames() {
	[ -n "$id" ] || { echo "no id in: $out"; return; }
	grep -c "\"$id\.env\"[^\"]*) = 0" "$TEST_HOME/strace.$1"
}

# The first send also stores what the server offers (server-caps).
send 0
is "$rc" 0 "a first send" || printf '%s\n' "$out" >&2
send 1
is "$rc" 0 "one message of 10 bytes sent" || printf '%s\n' "$out" >&2
is "$(syncs 1)" 12 "one write: 12 fsyncs (enqueue 4, the attempt 2, sent 2, filing 4)"
is "$(env_renames 1)" 4 "one write: its envelope renamed 4 times (queued, attempt, sent, filed)"
send 2 --attach "$TEST_HOME/big.bin"
is "$rc" 0 "a message over 1 MB sent" || printf '%s\n' "$out" >&2
is "$(syncs 2)" 14 "over 1 MB: 14 fsyncs (the attempt and its data phase apart)"
is "$(env_renames 2)" 5 "over 1 MB: its envelope renamed 5 times"
is "$(wait_delivered "$tag@mail.test" 3)" 3 "the three messages were delivered"
done_testing
