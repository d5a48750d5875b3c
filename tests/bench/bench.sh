#!/bin/bash
# tests/bench/bench.sh -- issue 4's benchmark: N (100) queued messages
# flushed through the real local Postfix with 50 ms of added round-trip
# time, `outpost flush` against Debian's msmtpq (one message per
# connection).  Also one message sent on its own, implicit TLS and
# STARTTLS, `outpost send` against `msmtp`.  Not part of `make check`.
#
#   make bench                    run, print the table, compare with RESULTS.md
#   BENCH_UPDATE=1 make bench     run and record the figures in RESULTS.md
#
# Needs root: it starts its own Postfix + Dovecot (tests/fixtures/mailservers.sh)
# on ports 41xxx and the delaying relay (tests/bench/delay-relay.c) on
# ports 42xxx.  `make bench` INSTALLS Debian's msmtp package with apt-get
# (msmtp, msmtpq) when it is missing.
#
# Latency: netem is not available, so delay-relay sits between both
# clients and Postfix and holds every chunk 25 ms in each direction (and
# charges the TCP handshake, see delay-relay.c).  It counts the turns of
# each connection: a client round trip each time the data flow changes
# from client->server to server->client (waiting for the greeting is one).
#
# Exit status: 0 ok; 1 an outpost figure is more than 10% worse than the
# one recorded in RESULTS.md (or a run failed: not every message arrived);
# 2 the bench could not run (not root, no Postfix, ports taken).
#
# Environment: BENCH_UPDATE=1 (record), BENCH_MESSAGES (100),
# BENCH_DELAY_MS (25, one way), BENCH_SINGLE_RUNS (5) and
# BENCH_FLUSH_RUNS (3: outpost flushes, msmtpq runs once; medians taken),
# BENCH_TOLERANCE (10, per cent), BENCH_PORT_BASE (41000), BENCH_KEEP=1
# (keep the work directory), BENCH_HANDSHAKE=0 (do not charge the TCP
# handshake: a comparison only, never recorded or checked), OUTPOST, RELAY,
# top_srcdir, top_builddir.
set -euo pipefail

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${OUTPOST:=$top_builddir/ui/outpost}"
: "${RELAY:=$top_builddir/tests/bench/delay-relay}"
export OUTPOST_AGENT="${OUTPOST_AGENT:-$top_builddir/ui/outpost-agent}"
N=${BENCH_MESSAGES:-100}
DELAY=${BENCH_DELAY_MS:-25}
RUNS=${BENCH_SINGLE_RUNS:-5}
FRUNS=${BENCH_FLUSH_RUNS:-3}
HANDSHAKE=${BENCH_HANDSHAKE:-1}
TOL=${BENCH_TOLERANCE:-10}
BASE=${BENCH_PORT_BASE:-41000}
RESULTS=$top_srcdir/tests/bench/RESULTS.md
LAST=$top_builddir/tests/bench/last-run.md
FIXTURE=$top_srcdir/tests/fixtures/mailservers.sh
export OUTPOST_POLICY_DIR="${OUTPOST_POLICY_DIR:-$top_srcdir/contrib/policies}"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit "${2:-1}"; }

# ---------------------------------------------------------------- prerequisites
[ "$(id -u)" = 0 ] || die "needs root (real Postfix + Dovecot, apt-get for msmtp)" 2
command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] ||
	die "postfix is not installed (see tests/fixtures/README.md)" 2
[ -x "$OUTPOST" ] && [ -x "$OUTPOST_AGENT" ] || die "$OUTPOST or $OUTPOST_AGENT missing: run make first" 2
if [ ! -x "$RELAY" ]; then   # run by hand, not through make bench
	RELAY=${TMPDIR:-/tmp}/outpost-delay-relay.$$
	${CC:-cc} -O2 -o "$RELAY" "$top_srcdir/tests/bench/delay-relay.c" || die "cannot build delay-relay" 2
	BUILT_RELAY=$RELAY
fi
find_msmtpq() {
	local p
	for p in /usr/libexec/msmtp/msmtpq/msmtpq /usr/libexec/msmtp/msmtpq /usr/bin/msmtpq; do
		[ -f "$p" ] && [ -x "$p" ] && { echo "$p"; return 0; }
	done
	p=$(dpkg -L msmtp 2>/dev/null | grep '/msmtpq$' | while read -r f; do
		[ -f "$f" ] && [ -x "$f" ] && echo "$f"; done | head -1)
	[ -n "$p" ] && echo "$p"
}
if ! command -v msmtp >/dev/null 2>&1 || [ -z "$(find_msmtpq)" ]; then
	say "installing msmtp (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends msmtp >/dev/null ||
		{ apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
		  apt-get install -y --no-install-recommends msmtp >/dev/null; } ||
		die "apt-get install msmtp failed" 2
fi
MSMTP=$(command -v msmtp)
MSMTPQ=$(find_msmtpq) || die "msmtpq not found in the msmtp package" 2

# ---------------------------------------------------------------- work area, servers, relay
LOAD=$(cut -d" " -f1-3 /proc/loadavg)
# The binaries were built from this tree just before: note it now, not after the run.
REV=$(cd "$top_srcdir" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$top_srcdir" && git status --porcelain -- src ui 2>/dev/null | wc -l | tr -d ' ')
W=$(mktemp -d /tmp/outpost-bench.XXXXXX)
SERVERS=$W/servers
RELAY_PID=
cleanup() {
	[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null
	"$FIXTURE" stop "$SERVERS" >/dev/null 2>&1 || true
	[ -n "${BUILT_RELAY:-}" ] && rm -f "$BUILT_RELAY"
	if [ "${BENCH_KEEP:-}" = 1 ]; then say "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$SERVERS"

say "starting Postfix + Dovecot on 127.0.0.1:$((BASE + 465)) ..."
OUTPOST_TEST_SMTPS_PORT=$((BASE + 465)) OUTPOST_TEST_SUBMISSION_PORT=$((BASE + 587)) \
OUTPOST_TEST_IMAPS_PORT=$((BASE + 993)) OUTPOST_TEST_PLAIN_PORT=$((BASE + 588)) \
OUTPOST_TEST_SMALL_PORT=$((BASE + 466)) \
	"$FIXTURE" start "$SERVERS" >"$W/servers.log" 2>&1 ||
	{ cat "$W/servers.log" >&2; die "mail servers did not start" 2; }
eval "$("$FIXTURE" env "$SERVERS")"
R_SMTPS=$((BASE + 1465))        # relay -> implicit TLS
R_SUB=$((BASE + 1587))          # relay -> STARTTLS
"$RELAY" -d "$DELAY" -H "$HANDSHAKE" -l "$W/relay.log" -r "$W/relay.ready" \
	"$R_SMTPS:$OUTPOST_TEST_SMTPS_PORT" "$R_SUB:$OUTPOST_TEST_SUBMISSION_PORT" 2>"$W/relay.err" &
RELAY_PID=$!
for _ in $(seq 100); do [ -f "$W/relay.ready" ] && break; kill -0 "$RELAY_PID" 2>/dev/null || break; sleep 0.02; done
[ -f "$W/relay.ready" ] || { cat "$W/relay.err" >&2; die "delay-relay did not start" 2; }

# ---------------------------------------------------------------- client configurations
umask 077
printf 'alice-pw-1\n' > "$W/pw"
export OUTPOST_HOME=$W/outpost
mkdir -p "$OUTPOST_HOME"
cat > "$W/loop.policy" <<EOF
name = bench-loopback
smtp.host = $OUTPOST_TEST_HOST
smtp.port = $R_SMTPS implicit
smtp.port = $R_SUB starttls
tls = required
auth = password
username.form = login
username.pattern = [a-z]+
address.domain = mail.test
EOF
outpost_config() { # port file
	cat > "$2" <<EOF
policy = $W/loop.policy
address = alice@mail.test
username = alice
smtp.port = $1
tls.ca_file = $OUTPOST_TEST_CA_FILE
password.command = cat $W/pw
timeout.connect = 10
timeout.reply = 60
EOF
}
outpost_config "$R_SMTPS" "$OUTPOST_HOME/config"
outpost_config "$R_SUB" "$W/outpost-starttls.conf"
cat > "$W/msmtprc" <<EOF
defaults
host $OUTPOST_TEST_HOST
tls on
tls_trust_file $OUTPOST_TEST_CA_FILE
tls_certcheck on
auth on
user alice
passwordeval "cat $W/pw"
from alice@mail.test

account smtps
port $R_SMTPS
tls_starttls off

account submission
port $R_SUB
tls_starttls on

account default : smtps
EOF
# msmtpq: its own queue and log; no connection test (it pings debian.org).
export MSMTPQ_Q=$W/msmtp.queue MSMTPQ_LOG=$W/msmtpq.log EMAIL_CONN_TEST=x EMAIL_QUEUE_QUIET=t
mkdir -p "$MSMTPQ_Q"
# msmtpq has no queue-only mode: it queues what msmtp fails to send.  This
# stand-in for msmtp answers --version (msmtpq checks it) and fails every
# send with EX_TEMPFAIL, as msmtp does when offline.
printf '#!/bin/sh\n[ "$1" = --version ] && exec %s --version\nexit 75\n' "$MSMTP" > "$W/msmtp-offline"
chmod 755 "$W/msmtp-offline"

# ---------------------------------------------------------------- helpers
TAG=b$$
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
message() { # file rcpt subject
	{
		printf 'From: Alice <alice@mail.test>\r\nTo: <%s>\r\nSubject: %s\r\n' "$2" "$3"
		printf 'Date: %s\r\nMessage-ID: <%s.%s@bench.mail.test>\r\n' \
		    "$(date -R)" "$(now_ns)" "$RANDOM"
		printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n'
		for i in $(seq 16); do
			printf 'Line %02d of a benchmark message, about one kilobyte in all.\r\n' "$i"
		done
	} > "$1"
}
relay_mark() { wc -l < "$W/relay.log" | tr -d ' '; }
relay_since() { tail -n "+$(($1 + 1))" "$W/relay.log"; }
relay_settle() { # mark: wait until every connection opened since is closed
	local o c
	for _ in $(seq 500); do
		o=$(relay_since "$1" | grep -c '^open ' || true)
		c=$(relay_since "$1" | grep -c '^close ' || true)
		[ "$o" = "$c" ] && return 0
		sleep 0.02
	done
	say "relay: connections still open after 10 s"
}
relay_stats() { # mark -> "connections turns"
	relay_since "$1" | awk '/^close / { n++; sub("turns=", "", $4); t += $4 }
	    END { printf "%d %d\n", n, t }'
}
delivered() { ls "$OUTPOST_TEST_MAIL_DIR/$1/Maildir/new" 2>/dev/null | wc -l | tr -d ' '; }
wait_delivered() { # rcpt n
	for _ in $(seq 600); do [ "$(delivered "$1")" -ge "$2" ] && break; sleep 0.1; done
	delivered "$1"
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
FAILED=0

# ---------------------------------------------------------------- 0. warm-up
# A fresh Postfix/Dovecot spends most of a second on its first session
# (smtpd, tlsmgr, the auth and LMTP workers start): pay that outside the
# timings, with msmtp straight to both ports (not through the relay).
printf 'account warm-smtps : smtps\nport %s\naccount warm-sub : submission\nport %s\n' \
	"$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT" >> "$W/msmtprc"
for acct in warm-smtps warm-sub; do
	message "$W/m" "$TAG-warm@mail.test" "warm-up $acct"
	"$MSMTP" -C "$W/msmtprc" -a "$acct" "$TAG-warm@mail.test" < "$W/m" ||
		die "warm-up send with msmtp ($acct) failed" 2
done
[ "$(wait_delivered "$TAG-warm@mail.test" 2)" = 2 ] || die "warm-up messages were not delivered" 2

# ---------------------------------------------------------------- 1. outpost: queue N, flush (FRUNS times)
ot=() ortt=() oc=()
for r in $(seq "$FRUNS"); do
	RO=$TAG-outpost$r@mail.test
	say "outpost: queueing $N messages (run $r of $FRUNS)"
	for i in $(seq "$N"); do
		message "$W/m" "$RO" "outpost bench $i/$N"
		"$OUTPOST" send --queue-only "$RO" < "$W/m" >/dev/null 2>>"$W/outpost.err" ||
			die "outpost send --queue-only failed: $(tail -3 "$W/outpost.err")"
	done
	q=$("$OUTPOST" outbox 2>/dev/null | grep -c ' queued ' || true)
	[ "$q" = "$N" ] || die "outpost: $q queued, want $N"
	m=$(relay_mark)
	t0=$(now_ns)
	"$OUTPOST" flush --trace "$W/flush$r.trace" > "$W/flush.out" 2>&1 ||
		{ cat "$W/flush.out" >&2; die "outpost flush failed"; }
	t1=$(now_ns)
	relay_settle "$m"
	read -r c t < <(relay_stats "$m")
	ot+=("$(secs "$t0" "$t1")"); ortt+=("$t"); oc+=("$c")
	say "outpost: $(tail -1 "$W/flush.out") in ${ot[-1]} s, $t round trips, $c connection(s)"
done
O_FLUSH=$(echo "${ot[*]}" | median)
O_TURNS=$(echo "${ortt[*]}" | median)
O_CONNS=$(echo "${oc[*]}" | median)

# ---------------------------------------------------------------- 2. msmtpq: queue N, run the queue
RM=$TAG-msmtpq@mail.test
say "msmtpq: queueing $N messages"
for i in $(seq "$N"); do
	message "$W/m" "$RM" "msmtpq bench $i/$N"
	MSMTP=$W/msmtp-offline "$MSMTPQ" -C "$W/msmtprc" -a smtps "$RM" < "$W/m" >/dev/null 2>&1
done
q=$(ls "$MSMTPQ_Q" | grep -c '\.mail$' || true)
[ "$q" = "$N" ] || die "msmtpq: $q queued, want $N"
say "msmtpq: run the queue (msmtpq --q-mgmt -r)"
m=$(relay_mark)
t0=$(now_ns)
MSMTP=$MSMTP "$MSMTPQ" --q-mgmt -r > "$W/msmtpq.out" 2>&1 ||
	{ cat "$W/msmtpq.out" >&2; die "msmtpq -r failed"; }
t1=$(now_ns)
relay_settle "$m"
M_FLUSH=$(secs "$t0" "$t1")
read -r M_CONNS M_TURNS < <(relay_stats "$m")
left=$(ls "$MSMTPQ_Q" | grep -c '\.mail$' || true)
[ "$left" = 0 ] || { say "msmtpq: $left messages left in its queue"; FAILED=1; }

# ---------------------------------------------------------------- 3. every message arrived
for r in $(seq "$FRUNS"); do
	GOT_O=$(wait_delivered "$TAG-outpost$r@mail.test" "$N")
	[ "$GOT_O" = "$N" ] || { say "outpost run $r: only $GOT_O of $N delivered"; FAILED=1; }
done
GOT_M=$(wait_delivered "$RM" "$N")
say "delivered: outpost $GOT_O/$N (each of $FRUNS runs), msmtpq $GOT_M/$N"
[ "$GOT_M" = "$N" ] || { say "msmtpq: only $GOT_M of $N delivered"; FAILED=1; }

# ---------------------------------------------------------------- 4. one message on its own
single() { # command... -> $W/single.res: "seconds turns connections"
	local m t0 t1 c t
	m=$(relay_mark)
	t0=$(now_ns)
	"$@" < "$W/m" > "$W/single.out" 2>&1 || { cat "$W/single.out" >&2; die "single send failed: $*"; }
	t1=$(now_ns)
	relay_settle "$m"
	read -r c t < <(relay_stats "$m")
	echo "$(secs "$t0" "$t1") $t $c" > "$W/single.res"
}
declare -A S_T S_RT
for mode in implicit starttls; do
	if [ $mode = implicit ]; then
		ocmd=("$OUTPOST" send); acct=smtps
	else
		ocmd=("$OUTPOST" send -c "$W/outpost-starttls.conf"); acct=submission
	fi
	ot=() ort=() mt=() mrt=()
	for r in $(seq "$RUNS"); do
		message "$W/m" "$TAG-single@mail.test" "single $mode $r outpost"
		single "${ocmd[@]}" "$TAG-single@mail.test"
		read -r a b _ < "$W/single.res"
		ot+=("$a"); ort+=("$b")
		message "$W/m" "$TAG-single@mail.test" "single $mode $r msmtp"
		single "$MSMTP" -C "$W/msmtprc" -a "$acct" "$TAG-single@mail.test"
		read -r a b _ < "$W/single.res"
		mt+=("$a"); mrt+=("$b")
	done
	S_T[o$mode]=$(echo "${ot[*]}" | median); S_RT[o$mode]=$(echo "${ort[*]}" | median)
	S_T[m$mode]=$(echo "${mt[*]}" | median); S_RT[m$mode]=$(echo "${mrt[*]}" | median)
done
GOT_S=$(wait_delivered "$TAG-single@mail.test" $((4 * RUNS)))
[ "$GOT_S" = $((4 * RUNS)) ] || { say "single sends: $GOT_S of $((4 * RUNS)) delivered"; FAILED=1; }

# ---------------------------------------------------------------- 5. the table
per() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ratio() { awk -v o="$1" -v m="$2" 'BEGIN { if (o > 0) printf "%.2fx", m / o; else print "-" }'; }
O_RTPM=$(per "$O_TURNS" "$N"); M_RTPM=$(per "$M_TURNS" "$N")
RATIO=$(ratio "$O_FLUSH" "$M_FLUSH")
# figure | outpost | msmtpq/msmtp | ratio (msmtpq / outpost: higher is better for outpost)
ROWS=(
"flush $N queued messages: wall time (s)|$O_FLUSH|$M_FLUSH|$RATIO"
"flush $N: client round trips per message|$O_RTPM|$M_RTPM|$(ratio "$O_RTPM" "$M_RTPM")"
"flush $N: TCP connections|$O_CONNS|$M_CONNS|-"
"send 1 message, implicit TLS: wall time (s)|${S_T[oimplicit]}|${S_T[mimplicit]}|$(ratio "${S_T[oimplicit]}" "${S_T[mimplicit]}")"
"send 1 message, implicit TLS: client round trips|${S_RT[oimplicit]}|${S_RT[mimplicit]}|$(ratio "${S_RT[oimplicit]}" "${S_RT[mimplicit]}")"
"send 1 message, STARTTLS: wall time (s)|${S_T[ostarttls]}|${S_T[mstarttls]}|$(ratio "${S_T[ostarttls]}" "${S_T[mstarttls]}")"
"send 1 message, STARTTLS: client round trips|${S_RT[ostarttls]}|${S_RT[mstarttls]}|$(ratio "${S_RT[ostarttls]}" "${S_RT[mstarttls]}")"
)
TARGET=$(awk -v o="$O_FLUSH" -v m="$M_FLUSH" 'BEGIN { print (o > 0 && m / o >= 6) ? "met" : "NOT met" }')
table() {
	echo "| figure | outpost | msmtpq (single: msmtp) | ratio (msmtpq / outpost) |"
	echo "|---|---:|---:|---:|"
	local r
	for r in "${ROWS[@]}"; do
		IFS='|' read -r f o q x <<<"$r"
		echo "| $f | $o | $q | $x |"
	done
}
HS_TEXT=$([ "$HANDSHAKE" = 1 ] && echo charged || echo "NOT charged")
MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
report() {
	cat <<EOF
# outpost benchmark (issue 4): outbox flush against msmtpq

Recorded by \`make bench\` (tests/bench/bench.sh); \`BENCH_UPDATE=1 make bench\`
re-records.  \`make bench\` fails when an outpost figure below gets more than
${TOL}% worse (larger) than recorded here.

- date: $(date -u)
- machine: $(nproc) CPUs, ${MODEL:-unknown}
- outpost: git $REV$( [ "$DIRTY" != 0 ] && echo " plus $DIRTY uncommitted changes under src/ and ui/")
- msmtp: $("$MSMTP" --version | head -1) (msmtpq: $MSMTPQ)
- setup: real Postfix (tests/fixtures/mailservers.sh), implicit TLS 1.3 with
  AUTH PLAIN, through tests/bench/delay-relay: ${DELAY} ms each way per chunk
  ($((2 * DELAY)) ms RTT), TCP handshake $HS_TEXT;
  $N messages of about 1.2 KB to one recipient; outpost flush: median of
  $FRUNS runs, msmtpq: one run; single sends: median of $RUNS.
- load average when the run began: $LOAD
- round trips: turns counted by the relay (data flow switching from client to
  server to server to client; waiting for the greeting counts, the TCP
  handshake does not).

$(table)

Target (issue 4): flush at least 6x faster than msmtpq: **$TARGET** ($RATIO).
EOF
}
echo
table
echo
echo "target (>= 6x faster than msmtpq): $TARGET ($RATIO)"
echo "round trips per message in the flush: outpost $O_RTPM ($O_TURNS over $O_CONNS connection(s)), msmtpq $M_RTPM ($M_TURNS over $M_CONNS connections)"
mkdir -p "$(dirname "$LAST")"
report > "$LAST"

# ---------------------------------------------------------------- 6. against the record
# Only outpost's own figures are compared (msmtpq is the yardstick, not the subject).
old_value() { # figure -> recorded outpost value, or nothing
	[ -f "$RESULTS" ] || return 0
	awk -F'|' -v f="$1" '{ g = $2; gsub(/^ +| +$/, "", g); if (g == f) { v = $3; gsub(/ /, "", v); print v; exit } }' "$RESULTS"
}
REGRESSED=0
if [ "$HANDSHAKE" != 1 ]; then
	say "BENCH_HANDSHAKE=0: not compared with nor recorded in $RESULTS"
elif [ -f "$RESULTS" ]; then
	echo
	for r in "${ROWS[@]}"; do
		IFS='|' read -r f o _ _ <<<"$r"
		case $f in *connections*) continue ;; esac
		old=$(old_value "$f")
		[ -n "$old" ] || { echo "  (no recorded figure for: $f)"; continue; }
		verdict=$(awk -v n="$o" -v o="$old" -v t="$TOL" 'BEGIN {
		    if (o > 0 && n > o * (1 + t / 100)) printf "REGRESSED %+.1f%%", (n - o) * 100 / o
		    else if (o > 0) printf "ok %+.1f%%", (n - o) * 100 / o
		    else print "ok" }')
		printf '  %-48s recorded %8s  now %8s  %s\n' "$f" "$old" "$o" "$verdict"
		case $verdict in REGRESSED*) REGRESSED=1 ;; esac
	done
fi
if [ "$HANDSHAKE" != 1 ]; then
	:
elif [ "${BENCH_UPDATE:-}" = 1 ] || [ ! -f "$RESULTS" ]; then
	if [ "$FAILED" = 0 ]; then
		cp "$LAST" "$RESULTS"
		say "recorded in $RESULTS"
	else
		say "not recorded: the run failed"
	fi
	REGRESSED=0
else
	say "this run: $LAST (BENCH_UPDATE=1 records it)"
fi
[ "$FAILED" = 0 ] || die "the run failed (see above)"
[ "$REGRESSED" = 0 ] || die "an outpost figure regressed by more than ${TOL}% against $RESULTS"
exit 0
