#!/bin/sh
# size-warning.sh -- the composer's size warning, in tmux against the real
# Postfix: a message over send.max_size (1 MB, a 2 MB attachment) asks
# "Send anyway?": n keeps the message and queues nothing, y sends it; with
# send.confirm on that is the only question; a message over the SIZE the
# server announced at the last send (the fixture's small port, SIZE
# 100000) is not sent, the server named, the message kept.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=siz$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
dd if=/dev/zero of="$TEST_HOME/two.bin" bs=1024 count=2048 2>/dev/null
dd if=/dev/zero of="$TEST_HOME/k200.bin" bs=1024 count=200 2>/dev/null

write_policy "$TEST_HOME/big.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT"
write_policy "$TEST_HOME/small.policy" "$H" "$OUTPOST_TEST_SMALL_PORT"
config() { # policy [key = value]...
	p=$1
	shift
	write_config "$OUTPOST_HOME/config" "$TEST_HOME/$p.policy" "$@"
}
items() { find "$OUTPOST_HOME/outbox" -name '*.env' 2>/dev/null | wc -l; }
# compose TO SUBJECT [FILE]: fill in the composer, attach FILE.
compose() {
	e2e_wait "From:" || fail "the composer starts"
	e2e_type "$1"
	e2e_keys Enter Enter Enter
	e2e_type "$2"
	e2e_keys Enter
	e2e_type "the text of $2"
	if [ -n "${3:-}" ]; then
		e2e_keys F8
		e2e_type "$3"
		e2e_keys Enter
		e2e_wait "attached $3" || fail "attached $3"
	fi
}
quit() {
	e2e_keys F10
	[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
	e2e_exit_status >/dev/null
}

# 1. Over send.max_size: n keeps it, nothing queued; y sends it.
config big "send.max_size = 1"
e2e_start 100x30 -- "$OUTPOST"
compose bob@mail.test "two $tag" "$TEST_HOME/two.bin"
e2e_keys F5
e2e_wait "Message is 2.7 MB as mail, over send.max_size (1 MB). Send anyway?" &&
    ok "over send.max_size: the question gives both sizes" ||
    fail "over send.max_size: the question gives both sizes"
e2e_keys n
e2e_wait "not sent" && ok "n: not sent" || fail "n: not sent"
s=$(e2e_screen)
like "$s" "two $tag" "n: the Subject is kept"
like "$s" "two.bin (2.0 MB, 2.7 MB as mail" "n: the attachment is kept"
like "$s" "the text of two $tag" "n: the text is kept"
is "$(items)" 0 "n: nothing is in the outbox"
e2e_keys F5
e2e_wait "Send anyway?"
e2e_keys y
f=$(maildir_file bob@mail.test "two $tag")
[ -n "$f" ] && ok "y: the message is sent" || fail "y: the message is sent"
quit

# 2. With send.confirm on, it is the one question.
config big "send.max_size = 1" "send.confirm = yes"
e2e_start 100x30 -- "$OUTPOST"
compose bob@mail.test "confirm $tag" "$TEST_HOME/two.bin"
e2e_keys F5
e2e_wait "Send anyway?"
unlike "$(e2e_screen)" "Send message?" "send.confirm: the size is asked instead"
e2e_keys y
f=$(maildir_file bob@mail.test "confirm $tag")
[ -n "$f" ] && ok "send.confirm: y sends, no second question" ||
    fail "send.confirm: y sends, no second question"
# Under the size: the usual question.
compose bob@mail.test "small $tag"
e2e_keys F5
e2e_wait "Send message?" && ok "under send.max_size: Send message?" ||
    fail "under send.max_size: Send message?"
e2e_keys n
e2e_wait "not sent"
quit

# 3. The server's SIZE (100000 on the small port), learnt at a send.
rm -rf "$OUTPOST_HOME/drafts"
config small
e2e_start 100x30 -- "$OUTPOST"
compose bob@mail.test "learn $tag"
e2e_keys F5
f=$(maildir_file bob@mail.test "learn $tag")
[ -n "$f" ] && ok "a small message goes through the small port" ||
    fail "a small message goes through the small port"
like "$(cat "$OUTPOST_HOME/outbox/server-caps" 2>/dev/null)" " 100000" \
    "the server's SIZE is kept"
n0=$(items)
compose bob@mail.test "k200 $tag" "$TEST_HOME/k200.bin"
e2e_keys F5
e2e_wait "takes at most 98 KB" &&
    ok "over the server's SIZE: said before sending" ||
    fail "over the server's SIZE: said before sending"
like "$(e2e_screen)" "$H takes at most 98 KB" "the server is named"
like "$(e2e_screen)" "k200 $tag" "the message is kept"
is "$(items)" "$n0" "nothing more is in the outbox"
quit

done_testing
