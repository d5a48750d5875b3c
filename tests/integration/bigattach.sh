#!/bin/sh
# bigattach.sh -- issue 9 item 5: "outpost send --attach" of a 30 MB file
# through the real Postfix holds neither the file nor its encoding in
# memory (they go from the file into the outbox's, and from there to the
# socket, in blocks): the peak RSS (GNU time's %M) may grow by less than
# 8 MB over the same send with a 1 KB file; the delivered attachment is
# byte-identical (Python's email module).  With imap.sent_copy the IMAP
# APPEND of the stored file adds no heap either (its anonymous memory
# grows by under 8 MB), and the copy is byte-identical too.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
[ -x /usr/bin/time ] || skip_all "GNU time (/usr/bin/time) is not installed"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=b$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "timeout.reply = 60"
printf 'The file is attached.\n.\nA dot line.\n' > "$TEST_HOME/body"
head -c 1024 /dev/urandom > "$TEST_HOME/small.bin"
head -c 30000000 /dev/urandom > "$TEST_HOME/big.bin"

# send SUBJECT FILE [send options] -> $rc, $kb (peak RSS in KB)
send() {
	s=$1 a=$2
	shift 2
	/usr/bin/time -o "$TEST_HOME/rss" -f %M "$OUTPOST" -c "$TEST_HOME/config" \
	    send --to bob@mail.test --subject "$s" --attach "$a" "$@" \
	    < "$TEST_HOME/body" > "$TEST_HOME/out" 2>&1
	rc=$?
	kb=$(tail -1 "$TEST_HOME/rss")
}
# The delivered message whose subject has TEXT (in bob's inbox, or the
# Maildir folder DIR): its attachment equal to FILE?
attachment_equal() { # text file [dir]
	ae_dir=${3:-$OUTPOST_TEST_MAIL_DIR/bob@mail.test/Maildir}
	for _ in $(seq 200); do
		f=$(grep -l "$1" "$ae_dir"/new/* "$ae_dir"/cur/* 2>/dev/null | head -1)
		[ -n "$f" ] && break
		sleep 0.1
	done
	[ -n "$f" ] || { echo "not delivered"; return; }
	/usr/bin/python3 - "$f" "$2" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
parts = [p for p in m.iter_attachments()]
want = open(sys.argv[2], "rb").read()
if len(parts) != 1:
    print("%d attachments" % len(parts))
elif parts[0].get_content() != want:
    print("the attachment differs")
elif parts[0].defects or m.defects:
    print("defects: %s %s" % (m.defects, parts[0].defects))
else:
    lines = parts[0].get_payload(decode=False).splitlines()
    print("ok" if all(len(l) <= 76 for l in lines) else "a base64 line over 76")
PY
}

# grows_under_8mb WHAT: $big (KB, with 30 MB) is under 8 MB over $idle.
grows_under_8mb() {
	if [ "${idle:-0}" -gt 0 ] && [ -n "$big" ] && [ $((big - idle)) -lt 8192 ]; then
		ok "$1 grows by under 8 MB: $idle KB idle, $big KB with 30 MB"
	else
		fail "$1 grows by under 8 MB" "$idle KB idle, $big KB with 30 MB"
	fi
}

send "idle $tag" "$TEST_HOME/small.bin"
is "$rc" 0 "1 KB attachment sent" || cat "$TEST_HOME/out" >&2
idle=$kb
send "big $tag-1" "$TEST_HOME/big.bin"
is "$rc" 0 "30 MB attachment sent" || cat "$TEST_HOME/out" >&2
big=$kb
grows_under_8mb "peak RSS"
is "$(attachment_equal "big $tag-1" "$TEST_HOME/big.bin")" ok \
    "the delivered attachment is byte-identical"

# The same with imap.sent_copy.  libetpan takes an APPEND's literal
# whole (and reads it through once for its size), so the stored file is
# mapped, never copied into the heap: what may not grow is the anonymous
# memory (RssAnon; the mapped file pages are counted in RSS), sampled
# every 20 ms while the send and its copy run.
write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT" "imap.host = $H" \
    "imap.port = $OUTPOST_TEST_IMAPS_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "timeout.reply = 60" \
    "imap.sent_copy = yes"
# send_anon SUBJECT FILE -> $rc, $kb (the largest RssAnon seen, in KB)
send_anon() {
	"$OUTPOST" -c "$TEST_HOME/config" send --to bob@mail.test \
	    --subject "$1" --attach "$2" < "$TEST_HOME/body" \
	    > "$TEST_HOME/out" 2>&1 &
	sa_pid=$!
	kb=0
	while kill -0 "$sa_pid" 2>/dev/null; do
		sa_kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$sa_pid/status" 2>/dev/null)
		[ "${sa_kb:-0}" -gt "$kb" ] && kb=$sa_kb
		sleep 0.02
	done
	wait "$sa_pid"
	rc=$?
}
send_anon "idle copy $tag" "$TEST_HOME/small.bin"
is "$rc" 0 "1 KB attachment sent with a Sent copy" || cat "$TEST_HOME/out" >&2
idle=$kb
send_anon "big copy $tag" "$TEST_HOME/big.bin"
is "$rc" 0 "30 MB attachment sent with a Sent copy" || cat "$TEST_HOME/out" >&2
big=$kb
grows_under_8mb "with the Sent copy, anonymous memory"
is "$(attachment_equal "big copy $tag" "$TEST_HOME/big.bin" \
    "$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir/.Sent")" ok \
    "the Sent copy's attachment is byte-identical"

done_testing
