#!/bin/sh
# doctor.sh -- "outpost doctor" against real servers: every step passes
# on a good account; the port not configured is only a note (reachable or
# blocked); a blocked configured port names the one that works and the
# line to set; both ports blocked, no DNS, a bad certificate, a wrong
# password and bad settings each fail at the right step with advice, and
# the last line counts failed and skipped steps apart.  10499 and 10498
# stand for a blocked port: nothing listens there.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
H=$OUTPOST_TEST_HOST
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'nope\n' > "$TEST_HOME/badpw"

policy() { # host port1 port2
	write_policy "$TEST_HOME/loop.policy" "$1" "$2" "$3" \
	    "help.url = https://example.org/mail-settings"
}
config() { # extra "key = value" lines replace the base ones
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "$@"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }

policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config
run doctor --trace "$TEST_HOME/trace"
is "$rc" 0 "good account: exit 0"
like "$out" "[ ok ] settings match the site policy" "step: settings"
like "$out" "[ ok ] DNS: find $H" "step: DNS"
like "$out" "[ ok ] TCP: connect to port $OUTPOST_TEST_SMTPS_PORT (SSL/TLS)" "step: TCP 465-style port"
like "$out" "[note] TCP: connect to port $OUTPOST_TEST_SUBMISSION_PORT (STARTTLS): reachable" "the port not configured: reachable, a note"
like "$out" "[ ok ] TLS: handshake and certificate on port $OUTPOST_TEST_SMTPS_PORT: TLSv1." "step: TLS with protocol"
like "$out" "SHA-256 " "TLS step shows the fingerprint"
like "$out" "[ ok ] EHLO: server capabilities: " "step: EHLO"
like "$out" "AUTH=PLAIN" "EHLO lists AUTH=PLAIN"
like "$out" "[ ok ] AUTH: log in as alice: authenticated" "step: AUTH"
like "$out" "all steps passed" "summary"
unlike "$(cat "$TEST_HOME/trace")" "alice-pw-1" "doctor trace has no password"

config "smtp.port = $OUTPOST_TEST_SUBMISSION_PORT"
run doctor
is "$rc" 0 "good account on the STARTTLS port: exit 0"
like "$out" "TLS: handshake and certificate on port $OUTPOST_TEST_SUBMISSION_PORT" "TLS tested on the configured port"
like "$out" "[note] TCP: connect to port $OUTPOST_TEST_SMTPS_PORT (SSL/TLS): reachable" "the port not configured is a note"

# The configured port works, the other is blocked: the test passes.
policy "$H" 10499 "$OUTPOST_TEST_SUBMISSION_PORT"
config "smtp.port = $OUTPOST_TEST_SUBMISSION_PORT"
run doctor
is "$rc" 0 "the other port blocked: exit 0"
like "$out" "[note] TCP: connect to port 10499 (SSL/TLS): blocked from here" "the other port blocked: a note"
unlike "$out" "[FAIL]" "the other port blocked: no step failed"
like "$out" "all steps passed" "the other port blocked: all steps passed"

# The configured port is blocked, the other works: switch.
config
run doctor
is "$rc" 75 "the configured port blocked: exit 75"
like "$out" "[FAIL] TCP: connect to port 10499 (SSL/TLS)" "blocked port: failed step"
like "$out" "what to do: port 10499 is blocked from this network, but port $OUTPOST_TEST_SUBMISSION_PORT (STARTTLS) answers: switch to it (set smtp.port = $OUTPOST_TEST_SUBMISSION_PORT)" "blocked port: advice to switch"
like "$out" "TLS: handshake and certificate on port $OUTPOST_TEST_SUBMISSION_PORT" "the other port is still tested"
like "$out" "1 failed: port 10499 is blocked from this network; port $OUTPOST_TEST_SUBMISSION_PORT works" "blocked port: 1 failed, and the other port works"
like "$out" "
    smtp.port = $OUTPOST_TEST_SUBMISSION_PORT
" "blocked port: the exact line to put in the config"
like "$out" "https://example.org/mail-settings" "the policy's help URL is shown"
config "smtp.tls = implicit"
run doctor
like "$out" "and remove its smtp.tls line" "blocked port with smtp.tls set: remove it too"

# Both ports blocked: the network, not the settings.
policy "$H" 10499 10498
config
run doctor
is "$rc" 75 "both ports blocked: exit 75"
like "$out" "[note] TCP: connect to port 10498 (STARTTLS): blocked from here" "both blocked: the other port is a note"
like "$out" "no port of $H answers from this network (10499 and 10498)" "both blocked: said plainly"
like "$out" "use another network" "both blocked: another network"
like "$out" "outgoing server as a separate account" "both blocked: or the provider's server"
like "$out" "1 failed, 3 skipped: this network blocks every mail port" "both blocked: counts and result"
unlike "$out" "did not pass" "both blocked: failed and skipped are counted apart"

policy "$OUTPOST_TEST_WRONGNAME_HOST" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config
run doctor
is "$rc" 69 "certificate for the wrong name: exit 69"
like "$out" "[FAIL] TLS: handshake and certificate" "wrong name: TLS step fails"
like "$out" "wrong.test" "wrong name: the certificate's name"
like "$out" "will not send a password" "wrong name: advice"
like "$out" "[skip] AUTH" "wrong name: AUTH not attempted"

write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT" "username.label = uniqname"
config "password.command = cat $TEST_HOME/badpw"
run doctor
is "$rc" 77 "wrong password: exit 77"
like "$out" "[FAIL] AUTH: log in as alice" "wrong password: AUTH step fails"
like "$out" "what to do: the user name is your uniqname (alice), not your e-mail address; check the password" "wrong password: advice with the uniqname"
is "$(printf '%s\n' "$out" | tail -1)" "1 failed" "wrong password: 1 failed, nothing skipped"
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"

config "username = alice@mail.test"
run doctor
is "$rc" 78 "settings against the policy: exit 78"
like "$out" "[FAIL] settings match the site policy" "settings step fails"

policy nonexistent.invalid "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config
start=$(date +%s)
run doctor
is "$rc" 75 "unknown host: exit 75"
like "$out" "[FAIL] DNS: find nonexistent.invalid" "unknown host: DNS step fails"
unlike "$out" "check the server name" "the policy's name: nothing to check in the settings"
like "$out" "the name could not be looked up. That usually means this machine is not connected to the network, or its name service (DNS) does not answer" "unknown host: what a failed look-up usually means"
like "$out" "1 failed, 5 skipped" "unknown host: 1 failed, 5 skipped"
[ $(( $(date +%s) - start )) -le 20 ] && ok "doctor is time-bounded" || fail "doctor is time-bounded"
# A name server that never answers: the DNS step gives up within the
# time-out (3 s here) instead of hanging.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	/usr/bin/python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.9", 53))
time.sleep(60)' &
	dnspid=$!
	sleep 0.3
	printf 'nameserver 127.0.0.9\noptions timeout:30 attempts:1\n' > "$TEST_HOME/resolv.conf"
	policy silent-dns.example.org "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
	config
	start=$(date +%s)
	out=$(unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf && exec "$2" doctor' sh \
	    "$TEST_HOME/resolv.conf" "$OUTPOST" 2>&1)
	rc=$?
	took=$(( $(date +%s) - start ))
	kill $dnspid 2>/dev/null
	is "$rc" 75 "silent name server: exit 75"
	like "$out" "no answer from the name server within 3 seconds" "silent name server: said so"
	[ "$rc" = 75 ] && [ "$took" -le 8 ] && ok "silent name server: gave up in ${took}s" ||
	    fail "silent name server: gave up in ${took}s" "the resolver would wait 30 s"
else
	for _ in 1 2 3; do # the three checks above, each reported skipped
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N # SKIP needs root and a mount namespace (unshare -m)"
	done
fi
done_testing
