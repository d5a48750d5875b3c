#!/bin/bash
# tests/bench/bench.sh -- `make bench` (issue 9): outpost against what its
# users would otherwise run, measured side by side in one run on one
# machine, printed as one table.  Not part of `make check`.
#
#   1. start-up to the first screen and peak RSS in an 80x24 pty: outpost's
#      UI against a bare ncursesw program (floor.c), pico.alpine, mutt and
#      neomutt (bench-tty.sh, through ptystart.c);
#   2. terminal bytes per character typed into the composer body: outpost
#      against pico.alpine and nano (bench-tty.sh);
#   3. one message through the local Postfix with 50 ms RTT, implicit TLS
#      and STARTTLS: outpost send against msmtp (bench-smtp.sh);
#   4. 100 queued messages flushed under the same RTT: outpost flush
#      against msmtpq (bench-smtp.sh);
#   5. a 50 MB attachment: outpost's peak RSS over its idle RSS, against
#      msmtp sending the same ready-made message (bench-attach.sh);
#   6. editing a 20,000-line body: instructions per key under callgrind
#      (bench-edit.sh, edit-cost.c);
#   7. an outbox of 100, 1,000 and 10,000 items: `outpost outbox`, the
#      first screen and a flush of one due item among them, against an
#      empty outbox (bench-outbox.sh, outbox-fill.py; issue 18).
#
#   make bench          run, print the table (kept in tests/bench/last-run.md)
#                       and compare outpost's figures with tests/bench/RESULTS.md
#   make bench-record   run and record the table in RESULTS.md
#
# Needs root: it INSTALLS the peers with apt-get when they are missing
# (msmtp, alpine-pico, mutt, neomutt, nano, valgrind) and starts its own
# Postfix + Dovecot (tests/fixtures/mailservers.sh) on ports 41xxx and the
# delaying relay (delay-relay.c) on ports 42xxx.
#
# Exit status: 0 ok; 1 an outpost figure is more than 10% worse than the
# one recorded in RESULTS.md (each one named), or a run failed; 2 the bench
# could not run (not root, no Postfix, ports taken, a peer missing).
#
# Environment: BENCH_UPDATE=1 (record: what `make bench-record` sets),
# BENCH_PARTS (the items to run, "startup typing edit send flush attach outbox";
# a partial run is never recorded), BENCH_TOLERANCE (10, per cent),
# BENCH_KEEP=1 (keep the work directory);
# items 1-2: BENCH_START_RUNS (21), BENCH_TYPE_RUNS (3), BENCH_OUTPOST_MARKER,
# BENCH_OUTPOST_KEYS (see bench-tty.sh);
# items 3-4: BENCH_MESSAGES (100), BENCH_DELAY_MS (25, one way),
# BENCH_SINGLE_RUNS (5), BENCH_FLUSH_RUNS (3: outpost flushes, msmtpq runs
# once; medians taken), BENCH_PORT_BASE (41000), BENCH_HANDSHAKE=0 (do not
# charge the TCP handshake: a comparison only, never recorded or checked);
# item 5: BENCH_ATTACH_MB (50), BENCH_ATTACH_RUNS (1), BENCH_ATTACH_SMALL_RUNS (5); item 6: BENCH_EDIT_KEYS (200);
# item 7: BENCH_OUTBOX_SIZES ("100 1000 10000"), BENCH_OUTBOX_RUNS (7);
# OUTPOST, RELAY, PTYSTART, FLOOR, EDIT_COST, top_srcdir, top_builddir.
set -euo pipefail

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${OUTPOST:=$top_builddir/ui/outpost}"
: "${RELAY:=$top_builddir/tests/bench/delay-relay}"
: "${PTYSTART:=$top_builddir/tests/bench/ptystart}"
: "${FLOOR:=$top_builddir/tests/bench/floor}"
: "${EDIT_COST:=$top_builddir/tests/bench/edit-cost}"
export OUTPOST_AGENT="${OUTPOST_AGENT:-$top_builddir/ui/outpost-agent}"
ALL_PARTS="startup typing edit send flush attach outbox"
PARTS=${BENCH_PARTS:-$ALL_PARTS}
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
BENCH_DIR=$top_srcdir/tests/bench
export OUTPOST_POLICY_DIR="${OUTPOST_POLICY_DIR:-$top_srcdir/contrib/policies}"

say() { printf 'bench: [%3d s] %s\n' "$SECONDS" "$*" >&2; }
die() { say "$*"; exit "${2:-1}"; }
part() { [[ " $PARTS " == *" $1 "* ]]; }
# bench_policy FILE NAME HOST "PORT MODE"...: a site policy for the bench.
bench_policy() {
	local file=$1 name=$2 host=$3 port
	shift 3
	{
		echo "name = $name"
		echo "smtp.host = $host"
		for port; do echo "smtp.port = $port"; done
		printf '%s\n' "tls = required" "auth = password" \
		    "username.form = login" "username.pattern = [a-z]+" \
		    "address.domain = mail.test"
	} > "$file"
}
part_any() { local p; for p; do part "$p" && return 0; done; return 1; }

# ---------------------------------------------------------------- prerequisites
[ "$(id -u)" = 0 ] || die "needs root (real Postfix + Dovecot, apt-get for the peers)" 2
[ -x "$OUTPOST" ] && [ -x "$OUTPOST_AGENT" ] || die "$OUTPOST or $OUTPOST_AGENT missing: run make first" 2
for p in $PARTS; do
	[[ " $ALL_PARTS " == *" $p "* ]] || die "BENCH_PARTS: no part '$p' (there are: $ALL_PARTS)" 2
done
build_tool() { # variable source [libraries]: run by hand, not through make bench
	local var=$1 src=$2 out
	[ -x "${!var}" ] && return 0
	out=${TMPDIR:-/tmp}/outpost-bench-$(basename "$src" .c).$$
	${CC:-cc} -O2 -o "$out" "$BENCH_DIR/$src" "${@:3}" || die "cannot build $src" 2
	printf -v "$var" %s "$out"
	BUILT_TOOLS+=("$out")
}
BUILT_TOOLS=()
part_any send flush outbox && build_tool RELAY delay-relay.c
part_any startup typing attach outbox && build_tool PTYSTART ptystart.c -lutil
part_any startup outbox && build_tool FLOOR floor.c -lncursesw
part_any send flush attach outbox && { command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] ||
	die "postfix is not installed (see tests/fixtures/README.md)" 2; }

# peer command -> Debian package
declare -A PKG_OF=([msmtp]=msmtp [pico.alpine]=alpine-pico [mutt]=mutt
	[neomutt]=neomutt [nano]=nano [valgrind]=valgrind)
want=()
part_any send flush attach outbox && want+=(msmtp)
part startup && want+=(pico.alpine mutt neomutt)
part typing && want+=(pico.alpine nano)
part edit && want+=(valgrind)
missing=()
for c in "${want[@]}"; do command -v "$c" >/dev/null 2>&1 || missing+=("${PKG_OF[$c]}"); done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]} (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
		{ apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
		  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } ||
		die "apt-get install ${missing[*]} failed" 2
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
if part_any send flush attach outbox; then
	MSMTP=$(command -v msmtp)
	MSMTPQ=$(find_msmtpq) || die "msmtpq not found in the msmtp package" 2
fi

# ---------------------------------------------------------------- work area
LOAD=$(cut -d" " -f1-3 /proc/loadavg)
# The binaries were built from this tree just before: note it now, not after the run.
REV=$(cd "$top_srcdir" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$top_srcdir" && git status --porcelain -- src ui 2>/dev/null | wc -l | tr -d ' ')
W=$(mktemp -d /tmp/outpost-bench.XXXXXX)
SERVERS=$W/servers
SERVERS_UP=
RELAY_PID=
cleanup() {
	[ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null
	[ -n "$SERVERS_UP" ] && { "$FIXTURE" stop "$SERVERS" >/dev/null 2>&1 || true; }
	[ ${#BUILT_TOOLS[@]} -gt 0 ] && rm -f "${BUILT_TOOLS[@]}"
	if [ "${BENCH_KEEP:-}" = 1 ]; then say "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers
TAG=b$$
FAILED=0
NOTES=()   # how each item was measured, for the report
now_ns() { date +%s%N; }
# stamp VAR: the time in ns, from bash itself: no process is started, so a
# timing holds the command only, not a date(1) on either side of it
stamp() { printf -v "$1" '%s000' "${EPOCHREALTIME/./}"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }   # ptystart's name=value
is_number() { [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; }
verdict() { [ "$1" = 1 ] && echo met || echo "NOT met"; }
# The table: one row per figure and peer, outpost's figure repeated.
ROWS=()
add_row() { # figure outpost peer peer-figure target
	ROWS+=("$1|$2|$3|$4|$5")
}
ratio() { # outpost peer -> outpost / peer
	if is_number "$1" && is_number "$2" && awk -v p="$2" 'BEGIN { exit !(p > 0) }'; then
		awk -v o="$1" -v p="$2" 'BEGIN { printf "%.2fx", o / p }'
	else
		echo -
	fi
}

# ---------------------------------------------------------------- the items
if part_any startup typing; then
	. "$BENCH_DIR/bench-tty.sh"
	part startup && bench_startup
	part typing && bench_typing
fi
if part edit; then
	. "$BENCH_DIR/bench-edit.sh"
	bench_edit
fi
if part_any send flush attach outbox; then
	mkdir -p "$SERVERS"
	say "starting Postfix + Dovecot on 127.0.0.1:$((BASE + 465)) ..."
	SERVERS_UP=1
	# message_size_limit raised for item 5 (a 50 MB attachment is 68 MB in base64).
	OUTPOST_TEST_SMTPS_PORT=$((BASE + 465)) OUTPOST_TEST_SUBMISSION_PORT=$((BASE + 587)) \
	OUTPOST_TEST_IMAPS_PORT=$((BASE + 993)) OUTPOST_TEST_PLAIN_PORT=$((BASE + 588)) \
	OUTPOST_TEST_SMALL_PORT=$((BASE + 466)) OUTPOST_TEST_SIZE_LIMIT=200000000 \
		"$FIXTURE" start "$SERVERS" >"$W/servers.log" 2>&1 ||
		{ cat "$W/servers.log" >&2; die "mail servers did not start" 2; }
	eval "$("$FIXTURE" env "$SERVERS")"
	. "$BENCH_DIR/bench-smtp.sh"
	part send && bench_single
	part flush && bench_flush
	if part attach; then
		. "$BENCH_DIR/bench-attach.sh"
		bench_attach
	fi
	if part outbox; then
		. "$BENCH_DIR/bench-outbox.sh"
		bench_outbox
	fi
fi

# ---------------------------------------------------------------- the table
table() {
	local r f o p v t
	echo "| figure | outpost | peer | peer's figure | outpost / peer | target |"
	echo "|---|---:|---|---:|---:|---|"
	for r in "${ROWS[@]}"; do
		IFS='|' read -r f o p v t <<<"$r"
		echo "| $f | $o | $p | $v | $(ratio "$o" "$v") | $t |"
	done
}
MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
pkg_version() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "not installed"; }
report() {
	cat <<EOF
# outpost benchmarks (issues 9 and 18): outpost against its peers and its limits

Written by \`make bench\` (tests/bench/bench.sh) into tests/bench/last-run.md;
\`make bench-record\` records it here.  \`make bench\` fails when an outpost
figure below gets more than ${TOL}% worse (larger) than recorded here.
Every figure is "less is better"; the ratio is outpost's figure over the
peer's (below 1: outpost does better).

- date: $(date -u)
- machine: $(nproc) CPUs, ${MODEL:-unknown}, $MEM
- load average when the run began: $LOAD
- outpost: git $REV$( [ "$DIRTY" != 0 ] && echo " plus $DIRTY uncommitted changes under src/ and ui/")
- peers (Debian packages): msmtp $(pkg_version msmtp), alpine-pico $(pkg_version alpine-pico),
  mutt $(pkg_version mutt), neomutt $(pkg_version neomutt), nano $(pkg_version nano),
  valgrind $(pkg_version valgrind); ncurses $(pkg_version libncursesw6)
- parts run: $PARTS
$(for n in "${NOTES[@]}"; do echo "- $n"; done)

$(table)
EOF
}
echo
table
mkdir -p "$(dirname "$LAST")"
report > "$LAST"

# ---------------------------------------------------------------- against the record
# Only outpost's own figures are compared (the peers are the yardstick).
old_value() { # figure -> recorded outpost value, or nothing
	[ -f "$RESULTS" ] || return 0
	awk -F'|' -v f="$1" '{ g = $2; gsub(/^ +| +$/, "", g); if (g == f) { v = $3; gsub(/^ +| +$/, "", v); print v; exit } }' "$RESULTS"
}
compare() {
	local r f o old v seen=" "
	echo
	for r in "${ROWS[@]}"; do
		IFS='|' read -r f o _ _ _ <<<"$r"
		case $seen in *"|$f|"*) continue ;; esac
		seen+="|$f|"
		case $f in *connections*) continue ;; esac
		old=$(old_value "$f")
		if ! is_number "$o"; then
			printf '  %-58s %s\n' "$f" "not measured now"; continue
		fi
		is_number "$old" || { printf '  %-58s %s\n' "$f" "(no recorded figure)"; continue; }
		v=$(awk -v n="$o" -v o="$old" -v t="$TOL" 'BEGIN {
		    if (o > 0 && n > o * (1 + t / 100)) printf "REGRESSED %+.1f%%", (n - o) * 100 / o
		    else if (o > 0) printf "ok %+.1f%%", (n - o) * 100 / o
		    else print "ok" }')
		printf '  %-58s recorded %10s  now %10s  %s\n' "$f" "$old" "$o" "$v"
		case $v in REGRESSED*) REGRESSED+=("$f ($old -> $o)") ;; esac
	done
}
REGRESSED=()
if [ "$HANDSHAKE" != 1 ]; then
	say "BENCH_HANDSHAKE=0: not compared with nor recorded in $RESULTS"
elif [ -f "$RESULTS" ]; then
	compare
fi
if [ "$HANDSHAKE" != 1 ]; then
	:
elif [ "${BENCH_UPDATE:-}" = 1 ] || [ ! -f "$RESULTS" ]; then
	if [ "$FAILED" != 0 ]; then
		say "not recorded: the run failed"
	elif [ "$PARTS" != "$ALL_PARTS" ]; then
		say "not recorded: BENCH_PARTS ran only part of the bench"
	else
		cp "$LAST" "$RESULTS"
		say "recorded in $RESULTS"
	fi
	REGRESSED=()
else
	say "this run: $LAST (make bench-record records it)"
fi
[ "$FAILED" = 0 ] || die "the run failed (see above)"
if [ ${#REGRESSED[@]} -gt 0 ]; then
	old_load=$(sed -n 's/^- load average when the run began: \([0-9.]*\).*/\1/p' "$RESULTS")
	awk -v n="${LOAD%% *}" -v o="${old_load:-0}" 'BEGIN { exit !(n > 1.5 * o + 0.5) }' &&
		say "note: the machine was busier than when recorded (load ${LOAD%% *} against ${old_load:-?}): wall times suffer first"
	for f in "${REGRESSED[@]}"; do say "REGRESSED by more than ${TOL}%: $f"; done
	die "${#REGRESSED[@]} outpost figure(s) regressed against $RESULTS"
fi
exit 0
