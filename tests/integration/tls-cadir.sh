#!/bin/sh
# tls-cadir.sh -- without tls.ca_file, outpost verifies the server with
# the system's CA certificates as OpenSSL finds them ($SSL_CERT_DIR,
# $SSL_CERT_FILE): a hashed directory is searched for the issuer only,
# and the bundle file is then never opened (strace); an unhashed
# directory falls back to the bundle; with neither holding the CA the
# certificate is refused.  "outpost send" against the real Postfix over
# implicit TLS and STARTTLS.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed (contrib/quickstart installs it)"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
use_servers
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'A CA from the system store.\n' > "$TEST_HOME/body"
write_policy "$TEST_HOME/p.policy" "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
tag=cadir$$
HASHED=$TEST_HOME/hashed UNHASHED=$TEST_HOME/unhashed EMPTY=$TEST_HOME/empty
mkdir -p "$HASHED" "$UNHASHED" "$EMPTY"
cp "$OUTPOST_TEST_CA_FILE" "$HASHED/test-ca.pem"
cp "$OUTPOST_TEST_CA_FILE" "$UNHASHED/test-ca.pem"
openssl rehash "$HASHED" 2>/dev/null || c_rehash "$HASHED" >/dev/null 2>&1
hashed=$(ls "$HASHED" | grep -E '^[0-9a-f]{8}\.[0-9]$' | head -1)
[ -n "$hashed" ] || { echo "Bail out! openssl rehash made no link in $HASHED"; exit 1; }
BUNDLE=$TEST_HOME/bundle.pem
cp "$OUTPOST_TEST_CA_FILE" "$BUNDLE"

# send PORT DIR FILE: outpost send under strace with SSL_CERT_DIR/FILE
# -> rc, out, opens (the files the process opened)
send() {
	write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "tls.ca_file =" \
	    "smtp.port = $1"
	out=$(SSL_CERT_DIR=$2 SSL_CERT_FILE=$3 strace -f -qq -e trace=open,openat \
	    -o "$TEST_HOME/strace" "$OUTPOST" send --to "$tag@mail.test" \
	    --subject "cadir $1" < "$TEST_HOME/body" 2>&1)
	rc=$?
	opens=$(grep -v ENOENT "$TEST_HOME/strace")
}

for port in "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"; do
	send "$port" "$HASHED" "$BUNDLE"
	is "$rc" 0 "port $port, hashed directory: sent ($out)"
	like "$opens" "$HASHED/$hashed" "port $port, hashed directory: the issuer is read from its hash link"
	unlike "$opens" "$BUNDLE" "port $port, hashed directory: the bundle file is never opened"

	send "$port" "$UNHASHED" "$BUNDLE"
	is "$rc" 0 "port $port, unhashed directory: sent through the bundle ($out)"
	like "$opens" "$BUNDLE" "port $port, unhashed directory: the bundle file is read"

	send "$port" "$EMPTY" "$TEST_HOME/none.pem"
	is "$rc" 75 "port $port, no CA anywhere: refused, deferred (exit 75)"
	like "$out" "not signed by a trusted authority" "port $port, no CA anywhere: refused as not signed by a trusted authority"
done
is "$(wait_delivered "$tag@mail.test" 4)" 4 "the four accepted sends were delivered"
done_testing
