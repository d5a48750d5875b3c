#!/bin/sh
# tls-names.sh -- the certificate must name the server in a
# subjectAltName: an IP literal is matched against the IP entries, a host
# name against the DNS ones, and the subject's CN never counts.  "outpost
# send" against tests/fixtures/faulty_smtp.py serving the fixture's
# iponly, dnsip and cnonly certificates (CA-signed), over implicit TLS and
# STARTTLS: accepted or refused, the refusal in accurate words, and no
# AUTH sent before the name was verified.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
[ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Name check.\n' > "$TEST_HOME/body"
fpid=
trap 'kill $fpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT

serve() { # certificate-name: faulty_smtp.py with it on @0 (TLS) and @1 (STARTTLS)
	[ -z "$fpid" ] || { kill "$fpid"; wait "$fpid" 2>/dev/null; }
	rm -f "$TEST_HOME/faulty.log"
	OUTPOST_TEST_SERVER_CERT=$OUTPOST_TEST_CERT_DIR/$1.pem \
	    OUTPOST_TEST_SERVER_KEY=$OUTPOST_TEST_CERT_DIR/$1.key \
	    faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 --greet421-port 0 ||
		{ echo "Bail out! faulty server did not start with $1"; exit 1; }
	fpid=$FAULTY_PID
}
run() { # host port [policy-ports] -> out, rc
	write_policy "$TEST_HOME/p.policy" "$1" "${3:-$FAULTY_BASE}" "${4:-$((FAULTY_BASE + 1))}"
	write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "smtp.port = $2"
	out=$("$OUTPOST" send --to bob@mail.test --subject names < "$TEST_HOME/body" 2>&1)
	rc=$?
}
log() { cat "$TEST_HOME/faulty.log" 2>/dev/null; }
# refused HOST WORDS WHAT: on both ports, exit 75 (deferred), the words, no AUTH.
refused() {
	for port in "$FAULTY_BASE" $((FAULTY_BASE + 1)); do
		run "$1" "$port"
		is "$rc" 75 "$3 on $port: refused (exit 75, deferred)"
		like "$out" "$2" "$3 on $port: says what the certificate is for and what was asked"
		like "$out" "SHA-256" "$3 on $port: shows the fingerprint"
		unlike "$(log)" ">> AUTH" "$3 on $port: no AUTH reached the server"
	done
	unlike "$(log)" "ACCEPTED" "$3: nothing was accepted"
}

# 1. IP SAN 127.0.0.1, asked for 127.0.0.1: accepted, sent.
serve iponly
for port in "$FAULTY_BASE" $((FAULTY_BASE + 1)); do
	run 127.0.0.1 "$port"
	is "$rc" 0 "IP certificate for 127.0.0.1 on $port: accepted ($out)"
done
is "$(log | grep -c ' ACCEPTED ')" 2 "IP certificate: both messages reached the server"

# 2. the same certificate asked for the name localhost: an IP entry is no name.
serve iponly
refused localhost \
    "certificate is for IP:127.0.0.1, not for the host name localhost: it names no host name" \
    "IP-only certificate for localhost"

# 3. DNS:127.0.0.1 is a name, not the address: refused, without the
# self-contradiction "is for 127.0.0.1, not 127.0.0.1".
serve dnsip
refused 127.0.0.1 \
    "certificate is for DNS:127.0.0.1, not for the IP address 127.0.0.1: it names no IP address" \
    "DNS-name certificate for the IP 127.0.0.1"
unlike "$out" "for 127.0.0.1, not 127.0.0.1" "no self-contradicting message"

# 4. CN=localhost and no subjectAltName: the CN never counts.
serve cnonly
refused localhost \
    "the certificate names no host (no subjectAltName); its subject CN=localhost does not count, so it cannot be for the host name localhost" \
    "CN-only certificate for localhost"

# 5. the fixture's wrong-name certificate asked for its IP: both sides typed.
run "$OUTPOST_TEST_WRONGNAME_HOST" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
is "$rc" 75 "wrong-name certificate for its IP: refused"
like "$out" "certificate is for DNS:wrong.test, not for the IP address $OUTPOST_TEST_WRONGNAME_HOST" \
    "wrong-name certificate for its IP: the name and the address"

done_testing
