#!/bin/sh
# imap-hostile.sh -- the Sent copy against tests/fixtures/hostile_imap.py,
# the message itself through the real Postfix: LOGINDISABLED is honoured
# (AUTHENTICATE PLAIN when offered, with the trace redacted; otherwise no
# copy and a plain reason, never LOGIN); PREAUTH over verified implicit
# TLS needs no password, over STARTTLS it is refused; a bad APPENDUID
# records no UID and the copy is made exactly once; a server that never
# lists its capabilities gets LOGIN and the copy; imap.tls = starttls
# secures the connection before any credential, verifies the certificate,
# re-reads the capabilities, and refuses a server without STARTTLS, one
# that injects bytes before the handshake, or a wrong certificate.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=${PYTHON3:-/usr/bin/python3}
H=$OUTPOST_TEST_HOST
tag=h$$
IM=$TEST_HOME/imap
mkdir "$IM"
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Hello from the hostile IMAP test.\n' > "$TEST_HOME/body"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "imap.sent_copy = yes"

serve() { # [fixture options] mode [-- policy lines]: a fresh server, the policy at it
	sv_args= sv_pol=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sv_args="$sv_args '$1'"; shift; done
	[ $# -gt 0 ] && shift
	hostile_imap_stop
	rm -f "$IM/imap.log"
	eval "hostile_imap_start \"\$IM\" $sv_args" || { fail "hostile_imap.py starts"; return 1; }
	write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
	    "imap.host = $H" "imap.port = $HOSTILE_PORT" "$@"
}
send() { # n: outpost send, traced to $TEST_HOME/trace-n
	out=$(setsid -w "$OUTPOST" send --trace "$TEST_HOME/trace-$1" --to bob@mail.test \
	    --subject "hostile $tag-$1" < "$TEST_HOME/body" 2>&1); rc=$?
}
field() { sent_field "hostile $tag-$1" "$2"; } # n key
# The server's log once the session is over (it writes DISCONNECT last).
log() {
	for _ in $(seq 300); do grep -q ' DISCONNECT$' "$IM/imap.log" 2>/dev/null && break; sleep 0.1; done
	cat "$IM/imap.log" 2>/dev/null
}
count() { log | grep -c -- "$1"; }
logins() { count '>> [^ ]* LOGIN '; }
credentials() { count '>> [^ ]* \(LOGIN\|AUTHENTICATE\) \| AUTH-'; }
appends() { count " APPENDED .* message-id=<$(field "$1" message_id)>\$"; }
# No base64 word in the trace decodes to something holding the password.
no_b64_password() {
	$PY -c '
import base64, re, sys
for w in re.findall(rb"[A-Za-z0-9+/=]{12,}", open(sys.argv[1], "rb").read()):
    try:
        if b"alice-pw-1" in base64.b64decode(w + b"=" * (-len(w) % 4)):
            print("found:", w.decode()); sys.exit(1)
    except ValueError:
        pass' "$1"
}

# 1. LOGINDISABLED with AUTH=PLAIN: AUTHENTICATE PLAIN, never LOGIN.
serve logindisabled
send 1
is "$rc" 0 "LOGINDISABLED, AUTH=PLAIN: send exits 0"
is "$(field 1 copy)" done "the copy is made"
is "$(logins)" 0 "no LOGIN reached the server"
is "$(count '>> [^ ]* AUTHENTICATE PLAIN$')" 1 "one AUTHENTICATE PLAIN"
is "$(count ' AUTH-OK alice$')" 1 "which logged in as alice"
is "$(appends 1)" 1 "one APPEND"
like "$(cat "$TEST_HOME/trace-1")" "AUTHENTICATE <redacted>" "the trace shows AUTHENTICATE redacted"
unlike "$(cat "$TEST_HOME/trace-1")" "alice-pw-1" "the trace never holds the password"
no_b64_password "$TEST_HOME/trace-1" && ok "nor the AUTHENTICATE payload" ||
    fail "nor the AUTHENTICATE payload"

# 2. LOGINDISABLED and no AUTH=: no copy, a plain reason, still no LOGIN.
serve logindisabled-noauth
send 2
is "$rc" 0 "LOGINDISABLED, no AUTH=: the message is still sent (exit 0)"
like "$out" "copy in the Sent folder is pending" "send says the copy is pending"
is "$(field 2 copy)" pending "the copy stays pending"
like "$(field 2 copy_error)" "the server refuses LOGIN and offers no AUTHENTICATE PLAIN; no Sent copy can be made" \
    "the copy error says why, in plain words"
is "$(logins)" 0 "no LOGIN was sent"
is "$(count ' APPENDED ')" 0 "no APPEND"

# 3. PREAUTH over verified implicit TLS: no password needed, none sent.
serve preauth
send 3
is "$rc" 0 "PREAUTH over implicit TLS: send exits 0"
is "$(field 3 copy)" done "the copy is made in the pre-authenticated session"
is "$(credentials)" 0 "no LOGIN or AUTHENTICATE"
is "$(appends 3)" 1 "one APPEND"
like "$(cat "$TEST_HOME/trace-3")" "logged us in with its greeting (PREAUTH) over verified TLS" \
    "the trace says the server pre-authenticated us"

# 3b. A server that never lists its capabilities (CAPABILITY answered
# with its OK alone; libetpan 1.9.4 crashes on that unless imap-caps.c
# puts an empty list in place): no LOGINDISABLED, so LOGIN, and the copy.
n=4
serve nocaps
send $n
is "$rc" 0 "no capabilities listed: send exits 0"
is "$(field $n copy)" done "no capabilities listed: the copy is made"
is "$(count '>> [^ ]* CAPABILITY$')" 1 "CAPABILITY was asked"
is "$(logins)" 1 "one LOGIN"

# 4. A bad APPENDUID: no UID recorded, the copy made exactly once.
n=5
for v in 99999999999999999999:1 1:99999999999 abc:-5 0:0 1:0 0:7 1:4294967296 \
    01:2 1:1,2 '1:2 3'; do
	serve --sessions 2 "appenduid=$v"
	send $n
	is "$(field $n copy)" done "APPENDUID $v: the copy counts as made"
	is "$(field $n copy_uid)" "" "APPENDUID $v: no UID recorded"
	run_flush=$(setsid -w "$OUTPOST" flush --all 2>&1)
	is "$(appends $n)" 1 "APPENDUID $v: one APPEND, none again on the next flush"
	n=$((n + 1))
done
serve --sessions 2 "appenduid=4294967295:4294967295"
send $n
is "$(field $n copy_uid)" 4294967295 "the largest valid APPENDUID is recorded"
n=$((n + 1))

# 5. imap.tls = starttls: TLS verified before any credential; the
# capabilities re-read after it (before TLS the server says LOGINDISABLED
# and offers no AUTH=, as Dovecot does).
serve --starttls normal -- "imap.tls = starttls"
send $n
is "$rc" 0 "imap.tls = starttls: send exits 0"
is "$(field $n copy)" done "the copy is made over STARTTLS"
log > "$IM/starttls.log"
tls_at=$(grep -n ' TLS TLSv' "$IM/starttls.log" | head -1 | cut -d: -f1)
login_at=$(grep -n ' AUTH-OK alice$' "$IM/starttls.log" | head -1 | cut -d: -f1)
test -n "$tls_at" && test -n "$login_at" && test "$tls_at" -lt "$login_at" &&
    ok "TLS came up before the login" || fail "TLS came up before the login" "TLS at ${tls_at:-none}, login at ${login_at:-none}"
is "$(sed -n "1,${tls_at:-9999}p" "$IM/starttls.log" | grep -c '>> [^ ]* \(LOGIN\|AUTHENTICATE\) \| AUTH-')" 0 \
    "nothing about a login before TLS"
cap_at=$(grep -n '>> [^ ]* CAPABILITY$' "$IM/starttls.log" | tail -1 | cut -d: -f1)
test -n "$cap_at" && test "$cap_at" -gt "${tls_at:-9999}" &&
    ok "CAPABILITY asked again after TLS" || fail "CAPABILITY asked again after TLS"
is "$(grep -c '^C: [0-9]* STARTTLS' "$TEST_HOME/trace-$n")" 1 "the trace shows STARTTLS"
n=$((n + 1))

starttls_refused() { # mode what [fixture options]
	sr_mode=$1 sr_what=$2; shift 2
	serve --starttls "$@" "$sr_mode" -- "imap.tls = starttls"
	send $n
	is "$rc" 0 "STARTTLS, $sr_mode: the message is still sent"
	is "$(field $n copy)" pending "STARTTLS, $sr_mode: the copy stays pending"
	like "$(field $n copy_error)" "$sr_what" "STARTTLS, $sr_mode: the error says why"
	is "$(credentials)" 0 "STARTTLS, $sr_mode: no credential sent"
	is "$(count ' APPENDED ')" 0 "STARTTLS, $sr_mode: no APPEND"
	n=$((n + 1))
}
starttls_refused nostarttls "does not offer STARTTLS"
starttls_refused starttls-inject "tampering with the connection (STARTTLS injection)"
starttls_refused preauth "PREAUTH"
starttls_refused normal "certificate is for DNS:wrong.test" \
    --cert "$OUTPOST_TEST_DIR/tls/wrongname.pem" --key "$OUTPOST_TEST_DIR/tls/wrongname.key"

# 6. A server that never stops talking, in every phase of the copy: the
# message is sent, the copy stays pending with the server named and what
# it did, within bounded time and within 8 MB of a normal send's RSS.
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "imap.sent_copy = yes" \
    "timeout.reply = 3"
timed_send() { # n: send, bounded (bounded_run)
	outbox_clear # earlier copies left pending would go first
	bounded_run "$TEST_HOME/out" "$OUTPOST" send --trace "$TEST_HOME/trace-$1" \
	    --to bob@mail.test --subject "hostile $tag-$1" < "$TEST_HOME/body"
	out=$(cat "$TEST_HOME/out")
}
if [ -x /usr/bin/time ]; then
	serve normal
	timed_send $n
	is "$(field $n copy)" done "normal IMAP server: the copy is made"
	limit_kb=$((kb + 8192))
	n=$((n + 1))
	for mode in endless@greeting endless@login endless@list endless@append \
	    endless@logout longline@greeting longline@login longline@list \
	    longline@append literal@list literal-blank@list literal-split@list \
	    trickle@greeting trickle@login \
	    trickle@list trickle@append trickle@logout; do
		case $mode in
		endless*) what="lines in one reply" ;;
		longline*) what="reply line of more than" ;;
		literal*) what="announced a literal of 4000000000 bytes" ;;
		trickle*) what="kept sending without finishing its reply for 3 seconds" ;;
		esac
		serve "$mode"
		timed_send $n
		is "$rc" 0 "IMAP $mode: the message is still sent"
		case $mode in
		*@logout) # the copy was made; the goodbye is bounded all the same
			is "$(field $n copy)" done "IMAP $mode: the copy is made" ;;
		*@append) # the message went: never pending, so never appended twice
			like "$(field $n copy_error)" "$what" "IMAP $mode: the copy error says what the server did"
			c=$(field $n copy)
			case $c in
			appending|done) ok "IMAP $mode: the copy is looked up, not appended again ($c)" ;;
			*) fail "IMAP $mode: the copy is looked up, not appended again" "copy is '$c'" ;;
			esac ;;
		*)
			like "$(field $n copy_error)" "$what" "IMAP $mode: the copy error says what the server did"
			like "$(field $n copy_error)" "$H" "IMAP $mode: and names the server"
			is "$(field $n copy)" pending "IMAP $mode: the copy stays pending" ;;
		esac
		bounds_ok "IMAP $mode" "$limit_kb"
		trace_bounded "IMAP $mode" "$TEST_HOME/trace-$n"
		n=$((n + 1))
	done
else
	fail "GNU time (/usr/bin/time) is installed (contrib/quickstart installs it)"
fi
hostile_imap_stop
done_testing
