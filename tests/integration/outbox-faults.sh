#!/bin/sh
# outbox-faults.sh -- every fault of a deliberately broken SMTP server
# (tests/fixtures/faulty_smtp.py) lands the item in the right state, over
# implicit TLS and STARTTLS; kill -9 at random moments loses and
# duplicates nothing; a full disk and a read-only data directory are
# refused with a clear error and harm nothing already queued.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
[ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
tag=f$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Fault test body.\n' > "$TEST_HOME/body"

# The faulty server, on ports of its own, with the fixture's certificate.
faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 \
    --greet421-port @2 --greet421-tls-port @3 \
    --mail-fault-file "$TEST_HOME/mailfault" ||
	{ echo "Bail out! faulty server did not start"; exit 1; }
fpid=$FAULTY_PID base=$FAULTY_BASE
FS=$base; FT=$((base + 1)); FG=$((base + 2)); FGT=$((base + 3))
# Stop only what this script started: a shared set belongs to the run.
trap 'kill $fpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; umount "$TEST_HOME/disk" 2>/dev/null; rm -rf "$TEST_HOME"' EXIT

policy() { # host port1 port2
	write_policy "$TEST_HOME/p.policy" "$1" "$2" "$3"
}
config() { # port
	write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" \
	    "timeout.reply = 2" "smtp.port = $1"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }

head -c 16000000 /dev/urandom > "$TEST_HOME/big16"
policy "$OUTPOST_TEST_HOST" $FS $FT
for port in $FS $FT; do
	mode=SSL/TLS; [ $port = $FT ] && mode=STARTTLS
	config $port
	for case in "temp452 75 deferred" "perm550 69 failed" "data421 75 deferred" \
	    "data451 75 deferred" "data554 69 failed" "dropafter 75 uncertain" \
	    "slow5 75 uncertain" "dropbefore 75 uncertain" \
	    "dropbefore 75 deferred big"; do
		set -- $case
		# A small message is wholly in the socket before the server
		# resets: the client cannot know it was not read, so it is
		# uncertain.  A big one is cut off while being written.
		att=
		[ "${4:-}" = big ] && att="--attach $TEST_HOME/big16"
		run send --to "$1@mail.test" --subject "$1 $tag" $att < "$TEST_HOME/body"
		is "$rc" "$2" "$mode $1${4:+ ($4)}: exit $2"
		is "$(outbox_states)" "$3" "$mode $1${4:+ ($4)}: item $3"
		outbox_clear
	done
	# Faults at MAIL FROM: a 4xx defers, a 5xx fails.
	for case in "451 75 deferred" "421 75 deferred" "550 69 failed" "553 69 failed"; do
		set -- $case
		echo "$1 $( [ ${1%??} = 4 ] && echo 4.3.0 || echo 5.7.1) fault at MAIL" > "$TEST_HOME/mailfault"
		run send --to "ok-$tag@mail.test" --subject "mail$1 $tag" < "$TEST_HOME/body"
		is "$rc" "$2" "$mode MAIL FROM $1: exit $2"
		is "$(outbox_states)" "$3" "$mode MAIL FROM $1: item $3"
		outbox_clear
	done
	rm -f "$TEST_HOME/mailfault"
	# A server that closes after each message: flush reconnects once.
	"$OUTPOST" send --queue-only --to "closeafter@mail.test" --subject "c1 $tag" < "$TEST_HOME/body" 2>/dev/null
	"$OUTPOST" send --queue-only --to "ok-$tag@mail.test" --subject "c2 $tag" < "$TEST_HOME/body" 2>/dev/null
	run flush
	is "$rc" 0 "$mode server closes after a message: flush reconnects and sends both"
	like "$out" "flush: 2 sent" "$mode close between messages: 2 sent"
	outbox_clear
done
policy "$OUTPOST_TEST_HOST" $FGT $FG
config $FGT
run send --to "x-$tag@mail.test" --subject greet < "$TEST_HOME/body"
is "$rc" 75 "greeting 421: exit 75"
is "$(outbox_states)" "deferred" "greeting 421: deferred"
outbox_clear
unlike "$(cat "$TEST_HOME/faulty.log")" "alice-pw-1" "the faulty server's log never saw the password"

# kill -9 chaos against the real Postfix.
rounds=${OUTPOST_CHAOS_ROUNDS:-200}
policy "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config "$OUTPOST_TEST_SMTPS_PORT"
rcpt="chaos-$tag@mail.test"
: > "$TEST_HOME/mids"
batch=0
refill() { # queue 10 more and remember their Message-IDs
	n=0
	while [ $n -lt 10 ]; do
		"$OUTPOST" send --queue-only --to "$rcpt" --subject "chaos $batch.$n $tag" \
		    < "$TEST_HOME/body" 2>/dev/null
		n=$((n + 1))
	done
	batch=$((batch + 1))
	"$OUTPOST" outbox --json | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o["state"] == "queued": print(o["message_id"])' >> "$TEST_HOME/mids"
}
r=0; kills=0
while [ $r -lt "$rounds" ]; do
	left=$("$OUTPOST" outbox --json | grep -c '"state":"\(queued\|deferred\)"')
	[ "$left" = 0 ] && refill
	"$OUTPOST" flush --all -q >/dev/null 2>&1 &
	p=$!
	sleep "0.0$(( ($$ * 31 + r * 17) % 9 ))$(( r % 10 ))"
	kill -9 $p 2>/dev/null && kills=$((kills + 1))
	wait $p 2>/dev/null
	r=$((r + 1))
done
# finish what is left without killing
"$OUTPOST" flush --all -q >/dev/null 2>&1
sleep 1
res=$($PY - "$TEST_HOME/mids" "$OUTPOST_TEST_MAIL_DIR/$rcpt/Maildir" <<'P'
import json, os, subprocess, sys, email
mids = [l.strip() for l in open(sys.argv[1]) if l.strip()]
delivered = {}
for d in ("new", "cur"):
    p = os.path.join(sys.argv[2], d)
    for f in os.listdir(p) if os.path.isdir(p) else []:
        m = email.message_from_binary_file(open(os.path.join(p, f), "rb"))
        mid = (m["Message-ID"] or "").strip().strip("<>")
        delivered[mid] = delivered.get(mid, 0) + 1
out = subprocess.run([os.environ["OUTPOST"], "outbox", "--json"], capture_output=True, text=True).stdout
out += subprocess.run([os.environ["OUTPOST"], "outbox", "--json", "--sent"], capture_output=True, text=True).stdout
state = {}
for l in out.splitlines():
    o = json.loads(l)
    state[(o.get("message_id") or "").strip("<>")] = o["state"]
c = dict(sent=0, uncertain_delivered=0, uncertain_not=0, queued=0, lost=0, dup=0, unreported=0)
for mid in mids:
    k = mid.strip("<>"); n = delivered.get(k, 0); s = state.get(k)
    if n > 1: c["dup"] += 1
    elif s == "sent" and n == 1: c["sent"] += 1
    elif s == "uncertain": c["uncertain_delivered" if n else "uncertain_not"] += 1
    elif s in ("queued", "deferred") and n == 0: c["queued"] += 1
    elif s in ("queued", "deferred"): c["unreported"] += 1
    else: c["lost"] += 1
print(" ".join(f"{k}={v}" for k, v in c.items()))
P
)
echo "# chaos: $r rounds, $kills kills, $(sort -u "$TEST_HOME/mids" | wc -l) messages: $res"
is "$(sort -u "$TEST_HOME/mids" | wc -l | tr -d ' ')" "$(wc -l < "$TEST_HOME/mids" | tr -d ' ')" "chaos: every queued message counted once"
like "$res" "lost=0" "chaos: no message lost"
like "$res" "dup=0" "chaos: no message delivered twice"
like "$res" "unreported=0" "chaos: no delivered message still queued"
like "$res" "queued=0" "chaos: every message ended sent or uncertain"

# A full disk and a read-only data directory.
mkdir -p "$TEST_HOME/disk"
if mount -t tmpfs -o size=256k,mode=0700 tmpfs "$TEST_HOME/disk" 2>/dev/null; then
	cp "$TEST_HOME/config" "$TEST_HOME/disk.conf"
	OUTPOST_HOME=$TEST_HOME/disk
	export OUTPOST_HOME
	"$OUTPOST" -c "$TEST_HOME/disk.conf" send --queue-only --to "d-$tag@mail.test" --subject "before $tag" < "$TEST_HOME/body" 2>/dev/null
	before=$("$OUTPOST" outbox --json)
	head -c 400000 /dev/urandom > "$TEST_HOME/big"
	run -c "$TEST_HOME/disk.conf" send --queue-only --to "d-$tag@mail.test" --subject big --attach "$TEST_HOME/big" < "$TEST_HOME/body"
	case $rc in 73|74) ok "full disk: exit $rc" ;; *) fail "full disk: exit 73 or 74" "got $rc: $out" ;; esac
	like "$out" "the disk is full" "full disk: plain words"
	is "$(ls "$TEST_HOME/disk/outbox/tmp" | wc -l | tr -d ' ')" 0 "full disk: nothing half-written in tmp/"
	is "$("$OUTPOST" outbox --json)" "$before" "full disk: the earlier item is intact"
	mount -o remount,ro "$TEST_HOME/disk"
	run -c "$TEST_HOME/disk.conf" send --queue-only --to "d-$tag@mail.test" --subject ro < "$TEST_HOME/body"
	case $rc in 73|74) ok "read-only: exit $rc" ;; *) fail "read-only: exit 73 or 74" "got $rc: $out" ;; esac
	like "$out" "read-only" "read-only: plain words"
	is "$("$OUTPOST" outbox --json)" "$before" "read-only: the earlier item is intact"
	umount "$TEST_HOME/disk"
	OUTPOST_HOME=$TEST_HOME
else
	echo "ok $((TAP_N + 1)) # SKIP cannot mount a tmpfs here (not root?)"; TAP_N=$((TAP_N + 1))
fi
done_testing
