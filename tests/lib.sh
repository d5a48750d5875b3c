# tests/lib.sh -- TAP helpers for the shell tests.  Source it; then call
# ok/fail/is/like and finish with done_testing.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${OUTPOST:=$top_builddir/ui/outpost}"
export OUTPOST_POLICY_DIR="${OUTPOST_POLICY_DIR:-$top_srcdir/contrib/policies}"
TAP_N=0
TAP_FAILED=0

tap_result() { # status description
	TAP_N=$((TAP_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}
ok() { tap_result 0 "$1"; }
fail() { tap_result 1 "$1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2"; return 0; }
is() { # got want description
	if [ "$1" = "$2" ]; then ok "$3"; else fail "$3" "got '$1', want '$2'"; fi
}
like() { # text substring description
	case $1 in
	*"$2"*) ok "$3" ;;
	*) fail "$3"; printf '#   missing: %s\n' "$2"; printf '%s\n' "$1" | sed 's/^/#   | /' | head -20 ;;
	esac
}
unlike() { # text substring description
	case $1 in
	*"$2"*) fail "$3" "found: $2" ;;
	*) ok "$3" ;;
	esac
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() { echo "1..$TAP_N"; [ "$TAP_FAILED" = 0 ]; }

# The UI <-> agent protocol's version (ui/proto/protocol.h), and the hello
# line an agent opens --events with: for fake agents and their checks.
proto_version() {
	sed -n 's/^#define PROTO_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
	    "$top_srcdir/ui/proto/protocol.h"
}
proto_hello() { printf '{"ev":"hello","version":%s}\n' "$(proto_version)"; }

# A private OUTPOST_HOME for one test; removed on exit.
make_home() {
	TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/outpost-test.XXXXXX")
	export OUTPOST_HOME="$TEST_HOME"
	trap 'rm -rf "$TEST_HOME"' EXIT
}

# Real Postfix + Dovecot for this test: the run's shared set when
# OUTPOST_TEST_SERVERS names one, else a private set stopped on exit.
# Exports the fixture's variables (ports, CA file, DIR).  Without root or
# the packages the whole script is reported as skipped, never as passed.
use_servers() {
	fixture=$top_srcdir/tests/fixtures/mailservers.sh
	if [ -n "${OUTPOST_TEST_SERVERS:-}" ]; then
		eval "$("$fixture" env "$OUTPOST_TEST_SERVERS")" ||
		    { echo "1..0 # SKIP cannot read $OUTPOST_TEST_SERVERS"; exit 0; }
		SERVERS=$OUTPOST_TEST_SERVERS
		return 0
	fi
	[ "$(id -u)" = 0 ] || skip_all "real mail servers need root"
	command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] ||
	    skip_all "postfix is not installed"
	SERVERS=$(mktemp -d /tmp/outpost-servers.XXXXXX)
	trap '"$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS" "$SERVERS.log"; rm -rf "${TEST_HOME:-/nonexistent}"' EXIT
	# A private set gets its own ports, so scripts can run side by side.
	for try in 1 2 3 4 5; do
		base=$(( 20000 + ($$ * 7 + try * 131) % 3000 * 10 ))
		if OUTPOST_TEST_SMTPS_PORT=$base OUTPOST_TEST_SUBMISSION_PORT=$((base + 1)) \
		    OUTPOST_TEST_IMAPS_PORT=$((base + 2)) OUTPOST_TEST_PLAIN_PORT=$((base + 3)) \
		    OUTPOST_TEST_SMALL_PORT=$((base + 4)) \
		    "$fixture" start "$SERVERS" >"$SERVERS.log" 2>&1; then
			eval "$("$fixture" env "$SERVERS")"
			rm -f "$SERVERS.log"
			return 0
		fi
		grep -q "already in use" "$SERVERS.log" || break
	done
	echo "Bail out! mail servers did not start: $(tail -3 "$SERVERS.log")"
	exit 1
}

# use_private_servers: as use_servers, but always a private set, for a
# script that counts lines in the servers' logs (AUTH and LOGIN
# attempts): scripts running alongside on a shared set add to them.
use_private_servers() {
	unset OUTPOST_TEST_SERVERS
	use_servers
}

# queued_id: the outbox id that "outpost send: queued as ID" on stdin names
queued_id() { sed -n 's/.*queued as \([^ ;]*\).*/\1/p' | head -1; }

# Messages delivered to RCPT in the fixture's Maildirs: count_delivered
# RCPT prints how many; wait_delivered RCPT N waits (10 s at most) for N
# of them, then prints how many there are.
count_delivered() { ls "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new 2>/dev/null | wc -l | tr -d ' '; }
wait_delivered() { # rcpt n
	for _ in $(seq 300); do [ "$(count_delivered "$1")" -ge "$2" ] && break; sleep 0.1; done
	count_delivered "$1"
}

# maildir_message FILE OUT: a message as Dovecot stored it, back as it
# was sent: the servers' trace fields (Return-Path, Delivered-To,
# Received) dropped, CRLF line ends.
maildir_message() {
	awk 'BEGIN{h=1} h&&/^(Return-Path|Delivered-To|Received):/{skip=1;next}
	     h&&skip&&/^[ \t]/{next} {skip=0} /^$/{h=0} {print}' "$1" |
	    sed 's/$/\r/' > "$2"
}

# A loopback site policy: write_policy FILE HOST SSL-PORT [STARTTLS-PORT]
# ["key = value"]...  (the login is a lower-case name, the domain
# mail.test; extra lines are appended).
write_policy() {
	wp_file=$1 wp_host=$2 wp_port=$3
	shift 3
	{
		echo "name = loopback"
		echo "smtp.host = $wp_host"
		echo "smtp.port = $wp_port implicit"
		case ${1:-} in
		[0-9]*) echo "smtp.port = $1 starttls"; shift ;;
		esac
		echo "tls = required"
		echo "auth = password"
		echo "username.form = login"
		echo "username.pattern = [a-z]+"
		echo "address.domain = mail.test"
		for l in "$@"; do echo "$l"; done
	} > "$wp_file"
}

# The test account's config, mode 0600: write_config FILE POLICY-FILE
# ["key = value"]...  A later line replaces an earlier one with the same
# key; "key =" with no value drops the key.  queue.runner is off: a
# runner outliving a test would send its deferred messages behind its
# back (tests/integration/runner.sh turns it on).
write_config() {
	wc_file=$1 wc_policy=$2
	shift 2
	{
		echo "policy = $wc_policy"
		echo "address = alice@mail.test"
		echo "username = alice"
		echo "tls.ca_file = $OUTPOST_TEST_CA_FILE"
		echo "password.command = cat ${TEST_HOME:-}/pw"
		echo "timeout.connect = 3"
		echo "timeout.reply = 10"
		echo "queue.runner = off"
		echo "send.confirm = no"
		echo "send.delay = 0"
		for l in "$@"; do echo "$l"; done
	} | awk '{
		k = $0; sub(/ *=.*/, "", k)
		v = $0; sub(/^[^=]*= */, "", v)
		if (!(k in val)) order[n++] = k
		val[k] = v
	} END {
		for (i = 0; i < n; i++)
			if (val[order[i]] != "") print order[i] " = " val[order[i]]
	}' > "$wc_file"
	chmod 600 "$wc_file"
}

# The second account of the accounts tests, on the test servers:
# account_isp ["key = value"]... prints "[account isp]" (after a blank
# line): bob, policy none, STARTTLS on the submission port, his Sent
# copy on IMAP, then the lines given; his password goes in
# $TEST_HOME/pw-bob.
account_isp() {
	printf 'bob-pw-2\n' > "$TEST_HOME/pw-bob"
	cat <<EOC

[account isp]
policy = none
address = bob@mail.test
username = bob
smtp.host = $OUTPOST_TEST_HOST
smtp.port = $OUTPOST_TEST_SUBMISSION_PORT
smtp.tls = starttls
tls.ca_file = $OUTPOST_TEST_CA_FILE
password.command = cat $TEST_HOME/pw-bob
imap.host = $OUTPOST_TEST_HOST
imap.port = $OUTPOST_TEST_IMAPS_PORT
imap.sent_copy = yes
EOC
	for l in "$@"; do echo "$l"; done
}

# sasl_user MESSAGE-ID (without <>): the user Postfix's smtpd logged in
# as for that message: the queue id of its "message-id=" line, then that
# id's "client=..., sasl_username=" line (a bounded poll).
sasl_user() {
	for _ in $(seq 300); do
		qid=$(grep -F "message-id=<$1>" "$OUTPOST_TEST_POSTFIX_LOG" | head -1 |
		    sed -n 's/.*: \([0-9A-F]*\): message-id=.*/\1/p')
		[ -n "$qid" ] && break
		sleep 0.1
	done
	[ -n "$qid" ] && grep "$qid: client=" "$OUTPOST_TEST_POSTFIX_LOG" |
	    sed -n 's/.*sasl_username=\([^ ,]*\).*/\1/p' | head -1
}

# runner_pids HOME: the queue runners (outpost-agent runner) whose
# OUTPOST_HOME is HOME, one pid a line (by their environment: only this
# test's); nrunners HOME: how many.
runner_pids() {
	for rp in /proc/[0-9]*; do
		tr '\0' ' ' 2>/dev/null < "$rp/cmdline" | grep -q ' runner' || continue
		tr '\0' '\n' 2>/dev/null < "$rp/environ" |
		    grep -qx "OUTPOST_HOME=$1" && echo "${rp#/proc/}"
	done
}
nrunners() { runner_pids "$1" | wc -l | tr -d ' '; }

# fixture_wait READY-FILE PID: 0 once the server wrote its ready file
# (atomically), 1 if it died or did not within 20 s.
fixture_wait() {
	fw_i=0
	while [ $fw_i -lt 400 ]; do
		[ -f "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
		fw_i=$((fw_i + 1))
	done
	return 1
}

# fixture_launch DIR NAME SCRIPT args...: run tests/fixtures/SCRIPT with
# the fixture's certificate, its log, ready file and output as NAME.log,
# NAME.ready and NAME.out in DIR; FIXTURE_PID is set; 0 once it is ready.
fixture_launch() {
	fl_dir=$1 fl_name=$2 fl_script=$3; shift 3
	rm -f "$fl_dir/$fl_name.ready"
	"${PYTHON3:-/usr/bin/python3}" "$top_srcdir/tests/fixtures/$fl_script" \
	    --cert "$OUTPOST_TEST_SERVER_CERT" --key "$OUTPOST_TEST_SERVER_KEY" \
	    --log "$fl_dir/$fl_name.log" --ready-file "$fl_dir/$fl_name.ready" \
	    "$@" < /dev/null > "$fl_dir/$fl_name.out" 2>&1 &
	FIXTURE_PID=$!
	fixture_wait "$fl_dir/$fl_name.ready" $FIXTURE_PID
}

# sent_field SUBJECT KEY: that field of the sent item with that subject
# (outpost outbox --sent --json), or nothing.
sent_field() {
	"$OUTPOST" outbox --sent --json | "${PYTHON3:-/usr/bin/python3}" -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("subject") == sys.argv[1]:
        print(o.get(sys.argv[2], ""))' "$1" "$2"
}

# Start a fixture server, tests/fixtures/SCRIPT, with the fixture's
# certificate: fixture_start DIR NAME SCRIPT args...  Its log (NAME.log),
# ready file and output (NAME.out) go in DIR.  In the arguments, @N stands
# for port base+N of a block of ten chosen at random, and chosen again
# when a port is taken (scripts run side by side).  Sets FIXTURE_PID and
# FIXTURE_BASE; returns 1, with the server's output as TAP diagnostics,
# when it cannot start.
fixture_start() { # dir name script args...
	fs_dir=$1 fs_name=$2 fs_script=$3; shift 3
	fs_orig=
	for fs_a in "$@"; do fs_orig="$fs_orig '$fs_a'"; done
	fs_try=0
	while [ $fs_try -lt 8 ]; do
		fs_try=$((fs_try + 1))
		FIXTURE_BASE=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 4000 * 10 ))
		eval "set -- $fs_orig"
		fs_args=
		for fs_a in "$@"; do
			case $fs_a in @[0-9]*) fs_a=$((FIXTURE_BASE + ${fs_a#@})) ;; esac
			fs_args="$fs_args '$fs_a'"
		done
		eval "set -- $fs_args"
		fixture_launch "$fs_dir" "$fs_name" "$fs_script" "$@" && return 0
		kill $FIXTURE_PID 2>/dev/null
		wait $FIXTURE_PID 2>/dev/null
		grep -q "already in use" "$fs_dir/$fs_name.out" || break
	done
	sed 's/^/# /' "$fs_dir/$fs_name.out"
	return 1
}

# The states of the items in the queue, one word each ("deferred
# uncertain"), oldest first; and deleting every item, sent ones too.
outbox_states() {
	"$OUTPOST" outbox --json | "${PYTHON3:-/usr/bin/python3}" -c '
import json, sys
print(" ".join(json.loads(l)["state"] for l in sys.stdin))'
}
outbox_clear() {
	for oc_d in "$OUTPOST_HOME"/outbox/queue "$OUTPOST_HOME"/outbox/sent; do
		for oc_f in "$oc_d"/*.env; do
			[ -f "$oc_f" ] || continue
			"$OUTPOST" outbox delete "$(basename "$oc_f" .env)" >/dev/null 2>&1
		done
	done
}

# bounded_run OUT CMD...: run CMD (stdin as given) under a 2 GB
# address-space cap and a 120 s kill, its output in OUT; sets rc, secs
# (wall time) and kb (peak RSS by GNU time; 99999999 when unknown).  For
# peers that never stop talking: the old code grew and never ended.
bounded_run() {
	br_out=$1; shift
	br_t0=$(date +%s)
	(ulimit -v 2097152; exec /usr/bin/time -o "$TEST_HOME/rss" -f %M \
	    timeout -k 5 120 "$@") > "$br_out" 2>&1
	rc=$?
	secs=$(($(date +%s) - br_t0))
	kb=$(tail -1 "$TEST_HOME/rss" 2>/dev/null)
	case $kb in ''|*[!0-9]*) kb=99999999 ;; esac
}
# bounds_ok WHAT LIMIT-KB: the last bounded_run ended within 60 s and
# within LIMIT-KB of peak RSS (a normal run's plus 8 MB).
bounds_ok() {
	[ "$secs" -lt 60 ] && ok "$1: ended within 60 s" ||
	    fail "$1: ended within 60 s" "took $secs s"
	[ "$kb" -le "$2" ] && ok "$1: peak RSS within 8 MB of a normal send" ||
	    fail "$1: peak RSS within 8 MB of a normal send" "$kb KB, limit $2 KB"
}
# trace_bounded WHAT FILE: a --trace file is small, no line of it long.
trace_bounded() {
	tb_size=$(wc -c < "$2" 2>/dev/null || echo 0)
	[ "$tb_size" -lt 262144 ] && ok "$1: trace under 256 KB" ||
	    fail "$1: trace under 256 KB" "$tb_size bytes"
	is "$(awk 'length > 1100' "$2" | wc -l)" 0 \
	    "$1: no trace line over 1100 characters"
}

# tests/fixtures/faulty_smtp.py (fixture_start's NAME "faulty"); sets
# FAULTY_PID and FAULTY_BASE.
faulty_start() { # dir args...
	ff_dir=$1; shift
	fixture_start "$ff_dir" faulty faulty_smtp.py "$@" || return 1
	FAULTY_PID=$FIXTURE_PID FAULTY_BASE=$FIXTURE_BASE
}

# hostile_imap_start DIR [options] MODE: start tests/fixtures/hostile_imap.py
#   with the fixture's certificate on a port the kernel picks; its log
#   (imap.log), ready file and output (imap.out) go in DIR.  Sets
#   HOSTILE_PID and HOSTILE_PORT; returns 1, with the server's output as
#   TAP diagnostics, when it does not start.  hostile_imap_stop ends it.
hostile_imap_start() { # dir args...
	hi_dir=$1; shift
	fixture_launch "$hi_dir" imap hostile_imap.py "$@"
	rc=$? HOSTILE_PID=$FIXTURE_PID
	if [ $rc = 0 ]; then
		HOSTILE_PORT=$(cat "$hi_dir/imap.ready")
		return 0
	fi
	sed 's/^/# /' "$hi_dir/imap.out"
	hostile_imap_stop
	return 1
}
hostile_imap_stop() {
	[ -n "${HOSTILE_PID:-}" ] || return 0
	kill $HOSTILE_PID 2>/dev/null
	wait $HOSTILE_PID 2>/dev/null
	HOSTILE_PID=
}

# keyring_session [script arguments]: re-run the calling script ($0) on a
#   private D-Bus session with HOME a temp dir for the keyring, then exit
#   with its status; inside that run (OUTPOST_KEYRING_HOME set) it
#   returns at once.  Call keyring_unlock after make_home/use_servers.
keyring_session() {
	[ -n "${OUTPOST_KEYRING_HOME:-}" ] && return 0
	OUTPOST_KEYRING_HOME=$(mktemp -d "${TMPDIR:-/tmp}/outpost-kr.XXXXXX")
	export OUTPOST_KEYRING_HOME
	HOME=$OUTPOST_KEYRING_HOME dbus-run-session -- $SHELL "$0" "$@" 2>"$OUTPOST_KEYRING_HOME.err"
	rc=$?
	grep -v -e 'XDG_RUNTIME_DIR' -e 'fd limit' "$OUTPOST_KEYRING_HOME.err" >&2
	rm -rf "$OUTPOST_KEYRING_HOME" "$OUTPOST_KEYRING_HOME.err"
	exit $rc
}

# keyring_unlock: HOME becomes the private keyring's and a fresh
#   gnome-keyring-daemon is started unlocked on the session bus.
keyring_unlock() {
	export HOME="$OUTPOST_KEYRING_HOME"
	printf %s keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
}

# The file Postfix delivered to RCPT's Maildir whose text holds TEXT,
# waiting for it (30 s); empty when none came.  maildir_file RCPT TEXT
maildir_file() {
	for _ in $(seq 300); do
		mf=$(grep -l -F -- "$2" "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new/* 2>/dev/null | head -1)
		[ -n "$mf" ] && break
		sleep 0.1
	done
	echo "$mf"
}
