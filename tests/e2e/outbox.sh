#!/bin/sh
# outbox.sh -- the Outbox screen end to end, in tmux against real Postfix
# and Dovecot: queued items are listed with subject and recipients; the
# server down -> flush -> the item shows deferred with the reason; the
# server up -> retry -> delivered and shown sent; delete asks first; view
# shows the headers; edit turns the item back into a draft; an uncertain item (the faulty server drops after the
# final dot) offers mark-sent and resend, and other items explain why
# not; a pending Sent copy (IMAP closed) is shown and retried once IMAP
# is reachable.  Then `contrib/quickstart demo` opens outpost and stops
# its servers when outpost quits.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
H=$OUTPOST_TEST_HOST
tag=ob$$
CLOSED=1 # nothing listens on port 1: connection refused at once
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Hello from the outbox screen test.\n' > "$TEST_HOME/body"

fpid=
cleanup() {
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	[ -n "${demo_dir:-}" ] && rm -rf "$demo_dir"
	e2e_cleanup
}
E2E_EXIT=cleanup
trap cleanup EXIT

# ---------------------------------------------------------------- tmux
screen() { e2e_screen; }
keys() { e2e_keys "$@"; }
wait_for() { # text [seconds]: 0 once the screen shows it (quietly)
	e2e_wait "$1" "${2:-30}" >/dev/null
}
# The row of the list holding text (first match).
row_of() { e2e_screen | grep -F -- "$1" | head -1; }
wait_row() { # text state [seconds]: the row with text shows state
	n=$(( ${3:-10} * 10 ))
	while [ "$n" -gt 0 ]; do
		case $(row_of "$1") in "$2"*) return 0 ;; esac
		sleep 0.1
		n=$((n - 1))
	done
	e2e_diag
	return 1
}
start_ui() { # WxH
	e2e_start "$1" -- "$OUTPOST"
	e2e_wait "Composer" || fail "the UI starts"
	keys F3
	e2e_wait_tab Outbox || fail "F3 shows the outbox"
}
# Select the item with this subject (the detail box names it).
select_item() {
	keys Home
	for _ in 1 2 3 4 5 6 7 8; do
		wait_for "Subject: $1" 1 && return 0
		keys Down
	done
	return 1
}
check() { # description text [seconds]: the screen shows text
	if e2e_wait "$2" "${3:-10}"; then ok "$1"; else fail "$1"; fi
}

# ---------------------------------------------------------------- outpost
policy() { # smtp-port imap-port [host]
	write_policy "$TEST_HOME/loop.policy" "${3:-$H}" "$1" \
	    "imap.host = $H" "imap.port = $2"
}
config() { # extra "key = value" lines
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "timeout.connect = 3" "timeout.reply = 3" "$@"
}
queue() { # subject rcpt...
	s=$1; shift
	set -- $(for r in "$@"; do printf -- '--to %s ' "$r"; done)
	"$OUTPOST" send --queue-only "$@" --subject "$s" < "$TEST_HOME/body" \
	    > /dev/null 2>&1
}
state_of() { # subject -> its state in the outbox (queue or sent)
	{ "$OUTPOST" outbox --json; "$OUTPOST" outbox --sent --json; } | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("subject") == sys.argv[1]:
        print(o["state"] + ("/copy-" + o["copy"] if "copy" in o else ""))' "$1"
}
attempts_of() { # subject -> its attempts
	"$OUTPOST" outbox --json | $PY -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("subject") == sys.argv[1]:
        print(o["attempts"])' "$1"
}
delivered() { # rcpt subject
	grep -l "^Subject: $2\$" "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new/* 2>/dev/null | wc -l | tr -d ' '
}
wait_delivered() {
	for _ in $(seq 300); do [ "$(delivered "$1" "$2")" -ge 1 ] && break; sleep 0.1; done
	delivered "$1" "$2"
}

policy "$CLOSED" "$OUTPOST_TEST_IMAPS_PORT"
config

# 1. The list: queued items with subject and recipients.
queue "first $tag" "a-$tag@mail.test"
queue "second $tag" "b-$tag@mail.test" "c-$tag@mail.test"
start_ui 120x24
check "the list shows the first queued subject" "first $tag"
check "and the second" "second $tag"
like "$(row_of "first $tag")" "a-$tag@mail.test" "the row shows the recipient"
like "$(row_of "second $tag")" "b-$tag@mail.test, c-$tag@mail.test" \
    "a wide row shows every recipient"
like "$(row_of "first $tag")" "queued" "the row shows the state"
check "the status line counts the unsent" "2 unsent"

# 2. Server down -> flush -> deferred with the reason.
keys f
if wait_row "first $tag" deferred 20; then ok "flush with the server down: the row shows deferred"
else fail "flush with the server down: the row shows deferred"; fi
check "the reason is on the screen" "connection refused"
like "$(row_of "first $tag")" "in " "the row says when the next try is"
is "$(state_of "first $tag")" deferred "the outbox agrees: deferred"

# 3. Server up -> retry -> delivered, the row shows sent.
policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_IMAPS_PORT"
select_item "first $tag" || fail "select the first item"
keys r
if wait_row "first $tag" sent 20; then ok "retry with the server up: the row shows sent"
else fail "retry with the server up: the row shows sent"; fi
is "$(wait_delivered "a-$tag@mail.test" "first $tag")" 1 "retry: delivered to the mailbox"
check "the status line says it was sent" "\"first $tag\" was sent"
like "$(row_of "second $tag")" "deferred" "retry sent only the selected item"

# 4. Delete asks first; no keeps it, yes removes it.
select_item "second $tag" || fail "select the second item"
keys d
check "delete asks first" "Delete \"second $tag\"?"
keys n
check "answering no keeps it" "kept \"second $tag\""
is "$(state_of "second $tag")" deferred "still in the outbox"
keys d
wait_for "Delete \"second $tag\"?" 5
keys y
check "answering yes deletes it" "deleted \"second $tag\""
is "$(state_of "second $tag")" "" "gone from the outbox"
sleep 0.3
unlike "$(screen)" "second $tag      " "and from the list"

# 5. View: the stored message decoded by outpost-agent (mailmime).
outbox_clear
queue "view $tag Grüße" "v-$tag@mail.test"
check "a new item appears without a key press" "view $tag"
keys Enter
check "view: the message, decoded by the agent" "---- the message ----"
check "view: its Subject, RFC 2047 decoded" "Subject: view $tag Grüße"
like "$(screen)" "To: v-$tag@mail.test" "view: its To header"
like "$(screen)" "$(head -1 "$TEST_HOME/body")" "view: the text"
keys Escape
check "back to the list" "State"

# 5b. Edit: the item goes back into a draft and the composer opens.
outbox_clear
queue "edit $tag" "e-$tag@mail.test"
wait_for "edit $tag"
keys e
if e2e_wait_tab Composer 10; then ok "edit: the composer opens"
else fail "edit: the composer opens"; fi
check "edit: the composer holds the message again" "editing \"edit $tag\" again"
is "$(state_of "edit $tag")" "" "edit: the item left the outbox"
is "$(grep -l "edit $tag" "$OUTPOST_HOME"/drafts/*.draft 2>/dev/null | wc -l | tr -d ' ')" 1 \
    "edit: it is a draft now"
rm -rf "$OUTPOST_HOME/drafts" # no recovery question at the next start
keys F3
e2e_wait_tab Outbox >/dev/null

# 6. Uncertain: the faulty server drops the connection after the final dot.
if [ -x "$PY" ] && $PY -c 'import aiosmtpd' 2>/dev/null; then
	faulty_start "$TEST_HOME" --smtps-port @0 --starttls-port @1 \
	    --greet421-port 0 || fail "the faulty server starts"
	fpid=$FAULTY_PID base=$FAULTY_BASE
	outbox_clear
	policy "$base" "$OUTPOST_TEST_IMAPS_PORT"
	queue "unsure $tag" "dropafter@mail.test"
	wait_for "unsure $tag"
	keys f
	if wait_row "unsure $tag" uncertain 20; then ok "dropped after the final dot: the row shows uncertain"
	else fail "dropped after the final dot: the row shows uncertain"; fi
	check "the detail says what to do" "Resend it, or mark it sent"
	keys r
	check "retry on an uncertain item offers resend and mark-sent" \
	    "resend it (R) or mark it sent (m)"
	keys R
	check "resend asks first" "Send \"unsure $tag\" again?"
	keys n
	check "no: not sent again" "not sent again"
	is "$(state_of "unsure $tag")" uncertain "still uncertain"
	keys R
	wait_for "Send \"unsure $tag\" again?" 5
	keys y
	for _ in $(seq 300); do
		[ "$(attempts_of "unsure $tag")" = 2 ] && [ "$(state_of "unsure $tag")" = uncertain ] && break
		sleep 0.1
	done
	is "$(attempts_of "unsure $tag")" 2 "yes: sent again (a second attempt)"
	[ "$(attempts_of "unsure $tag")" = 2 ] || e2e_diag
	if wait_row "unsure $tag" uncertain 10; then ok "the server dropped it again: uncertain again"
	else fail "the server dropped it again: uncertain again"; fi
	keys m
	if wait_row "unsure $tag" sent 5; then ok "mark-sent: the row shows sent"
	else fail "mark-sent: the row shows sent"; fi
	is "$(state_of "unsure $tag")" sent "the outbox agrees: sent"
	policy "$CLOSED" "$OUTPOST_TEST_IMAPS_PORT"
	queue "plain $tag" "p-$tag@mail.test"
	wait_for "plain $tag"
	select_item "plain $tag" || fail "select the queued item"
	keys m
	check "mark-sent on a queued item says why not" \
	    "only an uncertain message can be marked sent; this one is queued"
	keys R
	check "resend on a queued item says why not" \
	    "only an uncertain message can be sent again"
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	fpid=
else
	fail "uncertain items (python3-aiosmtpd is not installed)"
fi

# 7. A pending Sent copy: IMAP closed -> "copy wait" -> IMAP open -> copy.
outbox_clear
SENT="$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir/.Sent"
copies() { grep -l "^Subject: copy $tag\$" "$SENT"/cur/* "$SENT"/new/* 2>/dev/null | wc -l | tr -d ' '; }
policy "$OUTPOST_TEST_SMTPS_PORT" "$CLOSED"
config "imap.sent_copy = yes"
queue "copy $tag" "k-$tag@mail.test"
wait_for "copy $tag"
keys f
if wait_row "copy $tag" "copy wait" 20; then ok "IMAP closed: the row shows the copy pending"
else fail "IMAP closed: the row shows the copy pending"; fi
check "the detail says the copy is pending" "Sent copy pending"
is "$(state_of "copy $tag")" sent/copy-pending "the outbox agrees: sent, copy pending"
is "$(wait_delivered "k-$tag@mail.test" "copy $tag")" 1 "the message itself was delivered"
unlike "$(screen | head -1)" "unsent" "a sent item waiting for its copy is not counted unsent"
# A new UI opens on the composer, which counts the outbox itself.
e2e_start 120x24 -- "$OUTPOST"
e2e_wait "Composer" || fail "the UI starts again"
sleep 1.2 # past the composer's first tick
unlike "$(screen | head -1)" "unsent" "nor by the composer's count"
keys F3
e2e_wait_tab Outbox || fail "F3 shows the outbox again"
policy "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_IMAPS_PORT"
select_item "copy $tag" || fail "select the sent item"
keys c
if wait_row "copy $tag" "sent " 20; then ok "IMAP open: retrying the copy makes the row sent"
else fail "IMAP open: retrying the copy makes the row sent"; fi
check "the status line says where the copy is" "the copy is in the Sent folder"
is "$(state_of "copy $tag")" sent/copy-done "the outbox agrees: copy done"
is "$(copies)" 1 "exactly one copy in alice's Sent folder"
is "$(delivered "k-$tag@mail.test" "copy $tag")" 1 "and the message was not sent again"
keys c
check "copy on a done copy says so" "its copy is in the Sent folder already"

# 8. 40 columns: rows stay one line each, the subject cut.
outbox_clear
queue "Grüße aus München, ein langer Betreff $tag" "u-$tag@mail.test"
start_ui 40x12
check "at 40x12 the UTF-8 subject is shown" "Grüße aus"
r=$(row_of "Grüße aus")
like "$r" "queued" "at 40 columns the row keeps the state"
like "$r" "…" "and cuts the subject with an ellipsis"

# 9. contrib/quickstart demo: opens outpost, stops its servers on quit.
demo_pids() { # dir: the running masters of the demo's servers
	for f in "$1/servers/postfix/spool/pid/master.pid" "$1/servers/run/master.pid"; do
		[ -f "$f" ] && tr -dc 0-9 < "$f" && echo
	done
}
alive() { # pids: those still running (zombies count as gone)
	for p in "$@"; do
		s=$(ps -o stat= -p "$p" 2>/dev/null) || continue
		case $s in Z*) ;; *) echo "$p" ;; esac
	done
}
# start_demo [env options]: contrib/quickstart demo in the pane; 0 once
# it asks for Enter.  Sets demo_dir and pids (its servers' masters).
start_demo() {
	e2e_start 120x30 -- env -u OUTPOST_HOME "$@" \
	    OUTPOST_BUILD_DIR="$top_builddir" "$top_srcdir/contrib/quickstart" demo
	wait_for "Press Enter to open outpost" 60
	sd_rc=$?
	demo_dir=$(screen | tr -d '\n' | sed -n 's|.*\(/tmp/outpost-demo\.[A-Za-z0-9]*\).*|\1|p' | head -1)
	pids=$(demo_pids "$demo_dir")
	return $sd_rc
}
# The demo's servers still running after waiting up to 30 s for them to
# stop (the demo stops them as it ends: seconds on a loaded machine).
servers_left() {
	for _ in $(seq 300); do [ -z "$(alive $pids)" ] && break; sleep 0.1; done
	alive $pids
}
if start_demo -u OUTPOST_KEYMAP_DIR; then
	ok "the demo starts the servers and says what it is"
else
	fail "the demo starts the servers and says what it is"
fi
like "$(screen)" "you are alice@mail.test" "the demo says who you are"
like "$(screen)" "Maildir/.Sent/cur/" "the demo says where the Sent copy lands"
is "$(echo $pids | wc -w | tr -d ' ')" 2 "the demo's Postfix and Dovecot run"
"$OUTPOST" -c "$demo_dir/home/config" check-config > "$TEST_HOME/demo-check" 2>&1
is "$?" 0 "the demo's config and policy are valid"
OUTPOST_HOME="$demo_dir/home" "$OUTPOST" send --to "bob@mail.test" \
    --subject "demo $tag" < "$TEST_HOME/body" > "$TEST_HOME/demo-send" 2>&1
is "$?" 0 "the demo account sends"
n=0
for _ in $(seq 300); do
	n=$(grep -l "^Subject: demo $tag\$" "$demo_dir"/servers/mail/bob@mail.test/Maildir/new/* 2>/dev/null | wc -l)
	[ "$n" -ge 1 ] && break
	sleep 0.1
done
is "$(echo $n)" 1 "the demo's message is delivered"
is "$(ls "$demo_dir"/servers/mail/alice@mail.test/Maildir/.Sent/cur 2>/dev/null | wc -l | tr -d ' ')" 1 \
    "and its copy is in the Sent folder"
keys Enter
check "Enter opens outpost" "Composer" 10
sleep 0.5
unlike "$(screen)" "unknown keymap" "the demo finds the tree's keymaps"
keys C-q
is "$(e2e_exit_status 20)" 0 "quitting outpost ends the demo (exit 0)"
is "$(alive $pids)" "" "the demo's Postfix and Dovecot are stopped"
rm -rf "$demo_dir"

# Ctrl-C before outpost opens stops the servers too.
start_demo
is "$(echo $pids | wc -w | tr -d ' ')" 2 "second demo: its servers run"
keys C-c
check "Ctrl-C ends the demo, stopping its servers" "the demo's mail stays in" 20
is "$(servers_left)" "" "and its Postfix and Dovecot are gone"
rm -rf "$demo_dir"

# A closed terminal (SIGHUP) while outpost runs stops the servers too.
start_demo
is "$(echo $pids | wc -w | tr -d ' ')" 2 "third demo: its servers run"
keys Enter
wait_for "Composer"
e2e_tmux kill-server
is "$(servers_left)" "" "a closed terminal stops the demo's Postfix and Dovecot"

done_testing
