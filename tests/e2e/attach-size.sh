#!/bin/sh
# attach-size.sh -- an attachment in the composer shows its file size and
# the size it takes in the message (base64 in 76-character lines: 3 MB
# become 4.1 MB), on its line and in the status note, and the summary of
# many adds them up.  No server is needed: nothing is sent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home

POLICY=$TEST_HOME/loopback.policy
write_policy "$POLICY" 127.0.0.1 4650 5870
write_config "$OUTPOST_HOME/config" "$POLICY"
dd if=/dev/zero of="$TEST_HOME/big.bin" bs=1024 count=3072 2>/dev/null
for i in 1 2 3 4; do printf 'x\n' > "$TEST_HOME/small$i.txt"; done

e2e_start 100x30 -- "$OUTPOST"
e2e_wait "From:" || fail "the composer starts"
e2e_keys F8
e2e_type "$TEST_HOME/big.bin"
e2e_keys Enter
e2e_wait "attached $TEST_HOME/big.bin (3.0 MB, 4.1 MB as mail)" &&
    ok "the status note gives both sizes" ||
    fail "the status note gives both sizes"
like "$(e2e_screen)" "big.bin (3.0 MB, 4.1 MB as mail" \
    "the attachment's line gives both sizes"
for i in 1 2 3 4; do
	e2e_keys F8
	e2e_type "$TEST_HOME/small$i.txt"
	e2e_keys Enter
	e2e_wait_gone "File:" || fail "a small file is attached"
done
e2e_wait "5 files, 3.0 MB, 4.1 MB as mail" &&
    ok "the summary adds up both sizes" ||
    fail "the summary adds up both sizes"
e2e_keys F10
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null

done_testing
