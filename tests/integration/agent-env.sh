#!/bin/sh
# agent-env.sh -- the environment outpost-agent runs in: outpost starts it
# with GNUTLS_NO_IMPLICIT_INIT=1 (GnuTLS, which libetpan links and
# outpost never uses, skips its set-up at load), and the agent takes the
# variable out again, so the programs it runs (password.command) get the
# user's environment; a value the user set is kept.  No server needed:
# the send is refused by a closed port after password.command has run.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
command -v strace >/dev/null 2>&1 || { fail "strace is not installed (contrib/quickstart installs it)"; done_testing; exit 1; }
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 10499
{
	echo "policy = $TEST_HOME/p.policy"
	echo "address = alice@mail.test"
	echo "username = alice"
	echo "password.command = sh -c 'env > $TEST_HOME/env; echo pw'"
	echo "queue.runner = off"
} > "$TEST_HOME/config"
chmod 600 "$TEST_HOME/config"

# run [VAR=VALUE]: outpost send under strace (execve with the
# environments); the password is asked first, then the connection to a
# closed port fails and the message waits in the test's outbox.
run() {
	rm -f "$TEST_HOME/env"
	echo body | env ${1:+"$1"} strace -f -qq -v -s 256 -e trace=execve \
	    -o "$TEST_HOME/strace" "$OUTPOST" -c "$TEST_HOME/config" \
	    send --to bob@mail.test --subject env > "$TEST_HOME/out" 2>&1
	agent=$(grep 'execve("[^"]*outpost-agent"' "$TEST_HOME/strace")
}

run
like "$(cat "$TEST_HOME/out")" "waits in the outbox" "send: password.command run, then the closed port"
is "$(test -s "$TEST_HOME/env" && echo yes)" yes "password.command ran"
like "$agent" '"GNUTLS_NO_IMPLICIT_INIT=1"' "outpost-agent is started with GNUTLS_NO_IMPLICIT_INIT=1"
is "$(grep -c 'GNUTLS_NO_IMPLICIT_INIT\|OUTPOST_SET_GNUTLS' "$TEST_HOME/env")" 0 \
    "password.command's environment has neither variable"
run GNUTLS_NO_IMPLICIT_INIT=0
like "$agent" '"GNUTLS_NO_IMPLICIT_INIT=0"' "the user's own value is passed on"
is "$(grep -c '^GNUTLS_NO_IMPLICIT_INIT=0$' "$TEST_HOME/env")" 1 "and password.command still has it"
done_testing
