#!/bin/sh
# smtp-test.sh -- run test-smtp (the SMTP client, TAP) against real
# Postfix + Dovecot (tests/fixtures/mailservers.sh) and the faulty server
# (tests/fixtures/faulty_smtp.py).  Always a private set of servers, on
# ports of its own, stopped on exit: test-smtp reads Postfix's log
# ("no AUTH on any refused connection"), which other scripts on a shared
# set would write to.  OUTPOST_TEST_VALGRIND=1 runs the program under
# valgrind (leaks and errors fail).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
FIX=$top_srcdir/tests/fixtures
PROG=$top_builddir/tests/integration/test-smtp

[ -x "$PROG" ] || { echo "Bail out! $PROG not built"; exit 1; }
[ "$(id -u)" = 0 ] || skip_all "needs root to run Postfix and Dovecot"
command -v postfix >/dev/null 2>&1 || skip_all "postfix is not installed"
command -v dovecot >/dev/null 2>&1 || skip_all "dovecot is not installed"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
	skip_all "python3-aiosmtpd is not installed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/outpost-smtp.XXXXXX")
STARTED=
FAULTY=
RUN=
cleanup() {
	[ -n "$RUN" ] && kill "$RUN" 2>/dev/null
	[ -n "$FAULTY" ] && kill "$FAULTY" 2>/dev/null && wait "$FAULTY" 2>/dev/null
	[ -n "$STARTED" ] && "$FIX/mailservers.sh" stop "$STARTED" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Ports of their own, so that other tests' servers may run alongside.
base=${OUTPOST_SMTP_TEST_PORT_BASE:-11000}
export OUTPOST_TEST_SMTPS_PORT=$((base + 465))
export OUTPOST_TEST_SUBMISSION_PORT=$((base + 587))
export OUTPOST_TEST_IMAPS_PORT=$((base + 993))
export OUTPOST_TEST_PLAIN_PORT=$((base + 588))
export OUTPOST_TEST_SMALL_PORT=$((base + 466))
if ! "$FIX/mailservers.sh" start "$TMP/srv" >"$TMP/start.log" 2>&1; then
	sed 's/^/# /' "$TMP/start.log"
	echo "Bail out! the mail servers did not start"
	exit 1
fi
STARTED=$TMP/srv
OUTPOST_TEST_SERVERS=$TMP/srv
eval "$("$FIX/mailservers.sh" env "$OUTPOST_TEST_SERVERS")"

export OUTPOST_TEST_FAULTY_SMTPS_PORT=$((base + 1465))
export OUTPOST_TEST_FAULTY_STARTTLS_PORT=$((base + 1587))
export OUTPOST_TEST_FAULTY_GREET421_PORT=$((base + 1421))
export OUTPOST_TEST_FAULTY_CHUNKING_PORT=$((base + 1466))
export OUTPOST_TEST_FAULTY_SEVENBIT_PORT=$((base + 1467))
export OUTPOST_TEST_FAULTY_LOG=$TMP/faulty.log
/usr/bin/python3 "$FIX/faulty_smtp.py" --cert "$OUTPOST_TEST_SERVER_CERT" \
	--key "$OUTPOST_TEST_SERVER_KEY" --log "$OUTPOST_TEST_FAULTY_LOG" \
	--ready-file "$TMP/faulty.ready" \
	--smtps-port "$OUTPOST_TEST_FAULTY_SMTPS_PORT" \
	--starttls-port "$OUTPOST_TEST_FAULTY_STARTTLS_PORT" \
	--greet421-port "$OUTPOST_TEST_FAULTY_GREET421_PORT" \
	--chunking-port "$OUTPOST_TEST_FAULTY_CHUNKING_PORT" \
	--seven-bit-port "$OUTPOST_TEST_FAULTY_SEVENBIT_PORT" \
	</dev/null >"$TMP/faulty.out" 2>&1 &
FAULTY=$!
i=0
while [ ! -f "$TMP/faulty.ready" ]; do
	i=$((i + 1))
	if [ $i -gt 500 ] || ! kill -0 "$FAULTY" 2>/dev/null; then
		sed 's/^/# /' "$TMP/faulty.out"
		echo "Bail out! faulty_smtp.py did not start"
		exit 1
	fi
	sleep 0.02
done

# In the background, so that an interrupted run stops it too.
if [ -n "${OUTPOST_TEST_VALGRIND:-}" ]; then
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    --log-file="${OUTPOST_TEST_VALGRIND_LOG:-/dev/stderr}" "$PROG" &
else
	"$PROG" &
fi
RUN=$!
wait "$RUN"
rc=$?
RUN=
exit $rc
