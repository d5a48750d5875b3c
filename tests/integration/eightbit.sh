#!/bin/sh
# eightbit.sh -- issue 15, point 3: 8-bit is converted, never refused,
# and no line is ever split.  Sendmail-mode messages (a UTF-8 Subject and
# display name with an 8bit body as git send-email writes them, a patch
# line over 998 octets, mutt's multipart/mixed with an 8bit text part
# and an 8bit attachment, a NUL, a body with no MIME header at all) go
# to a server without 8BITMIME and SMTPUTF8 (faulty_smtp.py's sevenbit
# listener) and to the real Postfix; each delivered message is read
# back by Python's email under policy.strict and must decode to exactly
# what went in.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
[ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
LEAVES="$PY $top_srcdir/tests/integration/leaves_equal.py"
T=$TEST_HOME
tag=e$$
printf 'alice-pw-1\n' > "$T/pw"
faulty_start "$T" --smtps-port @0 --starttls-port @1 --greet421-port 0 \
    --seven-bit-port @2 --ehlo-ext SIZE,8BITMIME --save-dir "$T/saved" ||
	{ echo "Bail out! faulty server did not start"; exit 1; }
fpid=$FAULTY_PID SEVEN=$((FAULTY_BASE + 2))
trap 'kill $fpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT
write_policy "$T/seven.policy" "$OUTPOST_TEST_HOST" "$SEVEN"
write_policy "$T/postfix.policy" "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT"

# The parts each case must decode to, and the messages themselves.
mkdir -p "$T/in"
subject="[PATCH 0/2] Grüße aus Köln – $tag"
printf 'Grüße,\nthis series does things.\n' > "$T/in/utf8.txt"
long=$(head -c 1500 /dev/zero | tr '\0' x)
printf 'diff --git a/x b/x\n+%s é\n+short\n' "$long" > "$T/in/long.txt"
printf 'Hallo Bob, the patch is attached: ünïcode.\n' > "$T/in/mutt1.txt"
printf 'hello\n' > "$T/in/mutt3.txt"
printf 'a NUL \000 here\nand on\n' > "$T/in/nul.txt"
printf 'Café au lait\n' > "$T/in/plain.txt"
{
	printf 'From: Alice Ünicode <alice@mail.test>\nTo: Bob Bäcker <bob@mail.test>\n'
	printf 'Subject: %s\nX-Case: %s-utf8\nMIME-Version: 1.0\n' "$subject" "$tag"
	printf 'Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'
	cat "$T/in/utf8.txt"
} > "$T/utf8.eml"
{
	printf 'From: alice@mail.test\nTo: bob@mail.test\nSubject: [PATCH 1/2] long\n'
	printf 'X-Case: %s-long\nMIME-Version: 1.0\n' "$tag"
	printf 'Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'
	cat "$T/in/long.txt"
} > "$T/long.eml"
{
	printf 'From: alice@mail.test\nTo: bob@mail.test\nSubject: mutt\nX-Case: %s-mutt\n' "$tag"
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="M%s"\n' "$tag"
	printf 'Content-Disposition: inline\n\n--M%s\n' "$tag"
	printf 'Content-Type: text/plain; charset=utf-8\nContent-Disposition: inline\n'
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	cat "$T/in/mutt1.txt"
	printf '\n--M%s\nContent-Type: text/x-diff; charset=utf-8\n' "$tag"
	printf 'Content-Disposition: attachment; filename="long.patch"\n'
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	cat "$T/in/long.txt"
	printf '\n--M%s\nContent-Type: text/plain; charset=us-ascii\n' "$tag"
	printf 'Content-Disposition: attachment; filename="h.txt"\n'
	printf 'Content-Transfer-Encoding: base64\n\naGVsbG8K\n\n--M%s--\n' "$tag"
} > "$T/mutt.eml"
{
	printf 'From: alice@mail.test\nTo: bob@mail.test\nSubject: nul\nX-Case: %s-nul\n\n' "$tag"
	cat "$T/in/nul.txt"
} > "$T/nul.eml"
{
	printf 'From: alice@mail.test\nTo: bob@mail.test\nSubject: plain\nX-Case: %s-plain\n\n' "$tag"
	cat "$T/in/plain.txt"
} > "$T/plain.eml"

# check WHERE CASE FILE [--7bit]: the delivered FILE against the inputs.
check() {
	c_where=$1 c_case=$2 c_file=$3; shift 3
	case $c_case in
	utf8) set -- "$@" --subject "$subject" "$T/in/utf8.txt" ;;
	long) set -- "$@" "$T/in/long.txt" ;;
	mutt) set -- "$@" "$T/in/mutt1.txt" "$T/in/long.txt" "$T/in/mutt3.txt" ;;
	nul) set -- "$@" "$T/in/nul.txt" ;;
	plain) set -- "$@" "$T/in/plain.txt" ;;
	esac
	if [ -f "$c_file" ]; then
		r=$($LEAVES "$c_file" "$@" 2>&1)
	else
		r="nothing was delivered"
	fi
	is "$r" ok "$c_where, $c_case: parses under policy.strict and decodes to the input"
}

# 1. A server without 8BITMIME and SMTPUTF8: converted, never refused.
write_config "$T/config" "$T/seven.policy"
export OUTPOST_HOME=$T
for c in utf8 long mutt nul plain; do
	n0=$(ls "$T/saved" 2>/dev/null | wc -l)
	out=$("$OUTPOST" send -t -v --trace "$T/trace-$c" < "$T/$c.eml" 2>&1)
	is "$?" 0 "no 8BITMIME, $c: exit 0"
	case $c in utf8|mutt|plain)
		like "$out" "converted to 7-bit for a server without 8BITMIME" \
		    "no 8BITMIME, $c: -v says it was converted" ;;
	esac
	[ $c = utf8 ] && like "$out" "header encoded in 7 bits (RFC 2047) for a server without SMTPUTF8" \
	    "no SMTPUTF8, $c: -v says the header was encoded"
	f=$(ls "$T/saved" 2>/dev/null | sed -n "$((n0 + 1))p")
	check "no 8BITMIME/SMTPUTF8" $c "$T/saved/$f" --7bit
done
f=$(grep -l "^X-Case: $tag-utf8" "$T"/outbox/sent/*.eml 2>/dev/null | head -1)
if [ -n "$f" ] && grep -qF "Subject: $subject" "$f"; then
	ok "the stored (Sent) copy keeps the raw UTF-8 Subject"
else
	fail "the stored (Sent) copy keeps the raw UTF-8 Subject"
fi
grep -q "Content-Transfer-Encoding: 8bit" "$f" 2>/dev/null &&
    ok "the stored copy keeps the 8bit body" ||
    fail "the stored copy keeps the 8bit body"

# 1b. The composer's path (send --to): built as 8bit with a raw UTF-8
# Subject because the server offered 8BITMIME and SMTPUTF8 last time
# (server-caps); it no longer does, so the stored item is converted.
printf '%s 1 1 0\n' "$OUTPOST_TEST_HOST" > "$T/outbox/server-caps"
chmod 600 "$T/outbox/server-caps"
printf 'Grüße vom Komponisten.\n' > "$T/in/build.txt"
head -c 3000 /dev/urandom > "$T/in/data.bin"
n0=$(ls "$T/saved" | wc -l)
out=$("$OUTPOST" send -v --to bob@mail.test --subject "Grüße $tag" \
    --attach "$T/in/data.bin" < "$T/in/build.txt" 2>&1)
is "$?" 0 "built for 8BITMIME, sent to a server without: exit 0"
like "$out" "converted to 7-bit for a server without 8BITMIME" \
    "built for 8BITMIME: converted at delivery"
f=$(ls "$T/saved" | sed -n "$((n0 + 1))p")
r=$([ -n "$f" ] && $LEAVES "$T/saved/$f" --7bit --subject "Grüße $tag" \
    "$T/in/build.txt" "$T/in/data.bin" 2>&1)
is "$r" ok "built for 8BITMIME: parses under policy.strict and decodes to the input"
rm -f "$T/outbox/server-caps"

# 2. The real Postfix (8BITMIME): what it delivers to Dovecot, lines
# over 998 octets included (it split them with CRLF+SP before).
write_config "$T/config" "$T/postfix.policy"
for c in utf8 long mutt nul plain; do
	out=$("$OUTPOST" send -t < "$T/$c.eml" 2>&1)
	is "$?" 0 "Postfix, $c: exit 0"
	f=
	for _ in $(seq 300); do
		f=$(grep -l "^X-Case: $tag-$c" "$OUTPOST_TEST_MAIL_DIR/bob@mail.test"/Maildir/new/* 2>/dev/null | head -1)
		[ -n "$f" ] && break
		sleep 0.1
	done
	[ -n "$f" ] && sed 's/$/\r/' "$f" > "$T/got-$c.eml"
	check Postfix $c "$T/got-$c.eml"
done
done_testing
