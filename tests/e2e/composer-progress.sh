#!/bin/sh
# composer-progress.sh -- what the composer shows while a large message
# goes out: a stand-in outpost-agent (any command but "send" goes to the
# real one) reports the message queued, then its payload written a
# quarter at a time, slowly enough to be seen; the status line follows
# it in percent and bytes, the composer is free at once, and the outcome
# and the unsent count come last.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
write_policy "$TEST_HOME/p.policy" 127.0.0.1 1
write_config "$TEST_HOME/config" "$TEST_HOME/p.policy" "name = Alice Example"

AGENT=$TEST_HOME/slow-agent
LOG=$TEST_HOME/agent.log
cat > "$AGENT" <<EOF2
#!/bin/sh
[ "\$1" = send ] || exec "$OUTPOST_AGENT" "\$@"
echo "args: \$*" > "$LOG"
draft=
while [ \$# -gt 0 ]; do
	[ "\$1" = --draft ] && draft=\$2
	shift
done
rm -f "$TEST_HOME/drafts/\$draft.draft"
echo '$(proto_hello)'
echo "{\"ev\":\"queued\",\"id\":\"big1\",\"draft\":\"\$draft\"}"
for done in 0 5242880 10485760 15728640; do
	echo "{\"ev\":\"progress\",\"id\":\"big1\",\"done\":\$done,\"total\":20971520}"
	sleep 1.5
done
echo '{"ev":"outcome","id":"big1","state":"sent","error":"","reply":"250 ok"}'
echo '{"ev":"done","status":0,"message":""}'
EOF2
chmod +x "$AGENT"

e2e_start 100x24 OUTPOST_AGENT="$AGENT" -- "$OUTPOST"
e2e_wait "From:" || fail "the composer is the first screen"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "Big report"
e2e_keys Enter
e2e_type "The numbers."
e2e_keys C-x
e2e_wait 'sending "Big report": 25% (5' 10 &&
    ok "the status line shows a quarter sent, in percent and bytes" ||
    fail "the status line shows a quarter sent, in percent and bytes"
e2e_wait 'sending "Big report": 50%' 10 &&
    ok "and follows the progress" || fail "and follows the progress"
subject=$(e2e_screen | grep '^Subject:')
is "$subject" "Subject:" "the composer is empty while it goes"
e2e_type "next-message"
e2e_wait "next-message" &&
    ok "typing goes on during the send" || fail "typing goes on during the send"
e2e_wait 'sent "Big report"' 15 && ok "then the outcome" || fail "then the outcome"
like "$(cat "$LOG" 2>/dev/null)" "--draft" "the send went through a draft"
done_testing
