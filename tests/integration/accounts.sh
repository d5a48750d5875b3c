#!/bin/sh
# accounts.sh -- two accounts in one config against the real Postfix and
# Dovecot: the default (alice, a loopback site policy, SSL/TLS on the
# smtps port) and [account isp] (bob, policy = none, STARTTLS on the
# submission port).  Items queued from each (send, send -a, sendmail's
# -f) remember their account; one flush delivers each through its own
# account's server as its own user (Postfix's sasl_username) and files
# each Sent copy in its own user's folder; check-config reports a policy
# violation in the second account by its name and line; -a with an
# unknown account names the accounts.  A reply or forward starts from
# the account the original was sent to (To, Cc, Delivered-To,
# X-Original-To), reply-all drops every account's address, and send
# --draft queues the draft under its account.  An item whose account
# is no longer in the config is named by outbox and flush, and kept.  A
# refused login holds that account only: outbox says "needs password" of
# its items alone, and the runner sends the others.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_private_servers # reads Postfix's log for the users
H=$OUTPOST_TEST_HOST
tag=a$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Hello from an account.\n' > "$TEST_HOME/body"
MAIL=$OUTPOST_TEST_MAIL_DIR

write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "imap.host = $H" "imap.port = $OUTPOST_TEST_IMAPS_PORT"
config() { # extra lines for the isp section
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice" "imap.sent_copy = yes"
	account_isp "$@" >> "$TEST_HOME/config"
}
run() { out=$(setsid -w "$OUTPOST" "$@" 2>&1); rc=$?; }
envelope() { # subject: the queued item's .env
	grep -l -x "subject: $1" "$TEST_HOME"/outbox/queue/*.env 2>/dev/null | head -1
}
sent_copies() { # user subject: copies in that user's Sent folder
	grep -l -x "Subject: $2" "$MAIL/$1@mail.test"/Maildir/.Sent/cur/* \
	    "$MAIL/$1@mail.test"/Maildir/.Sent/new/* 2>/dev/null | wc -l | tr -d ' '
}
wait_copies() { # user subject
	for _ in $(seq 300); do [ "$(sent_copies "$1" "$2")" -ge 1 ] && break; sleep 0.1; done
	sent_copies "$1" "$2"
}

config
run check-config
is "$rc" 0 "check-config: both accounts pass their policies"
like "$out" "account default: OK for policy loopback" "the default account: OK, named"
like "$out" "account isp: OK for policy none: $H port $OUTPOST_TEST_SUBMISSION_PORT (STARTTLS), user bob" \
    "the isp account: OK under policy none, its own server"

# Queued from each account, sent by one flush.
run send --queue-only --to bob@mail.test --subject "$tag default" < "$TEST_HOME/body"
is "$rc" 0 "send: queued from the default account"
run send -a isp --queue-only --to alice@mail.test --subject "$tag isp" < "$TEST_HOME/body"
is "$rc" 0 "send -a isp: queued from the isp account"
printf 'Subject: %s sendmail\n\nBy -f.\n' "$tag" > "$TEST_HOME/msg"
out=$(setsid -w "$OUTPOST" send --queue-only -f bob@mail.test alice@mail.test < "$TEST_HOME/msg" 2>&1); rc=$?
is "$rc" 0 "sendmail's -f bob@mail.test: queued"
env_default=$(envelope "$tag default") env_isp=$(envelope "$tag isp")
env_f=$(envelope "$tag sendmail")
ok_if() { if eval "$1"; then ok "$2"; else fail "$2"; fi; }
ok_if '[ -n "$env_default" ] && ! grep -q "^account:" "$env_default" && grep -qx "version: 1" "$env_default"' \
    "the default account's item has no account key (version 1, as before)"
ok_if '[ -n "$env_isp" ] && grep -qx "account: isp" "$env_isp" && grep -qx "version: 3" "$env_isp"' \
    "send -a isp: the envelope says account: isp (version 3)"
ok_if '[ -n "$env_f" ] && grep -qx "account: isp" "$env_f" && grep -qx "from: bob@mail.test" "$env_f"' \
    "-f bob@mail.test picked the account with that address"
like "$(grep -h '^From:' "${env_f%.env}.eml")" "bob@mail.test" "and the message is from it"

run flush
is "$rc" 0 "flush: every item sent"
like "$out" "3 sent" "three sent, each through its account"
for s in default isp sendmail; do
	mid=$(sent_field "$tag $s" message_id)
	case $s in default) want=alice@mail.test ;; *) want=bob@mail.test ;; esac
	is "$(sasl_user "$(echo "$mid" | tr -d '<>')")" "$want" \
	    "the $s item went in logged in as $want"
done
is "$(wait_copies alice "$tag default")" 1 "the default account's Sent copy is in alice's Sent"
is "$(wait_copies bob "$tag isp")" 1 "the isp account's Sent copy is in bob's Sent"
is "$(sent_copies alice "$tag isp")" 0 "and not in alice's"
is "$(sent_copies bob "$tag default")" 0 "nor the default's in bob's"

# The isp account breaking policy none: named, with its line.
config "smtp.port = 25"
sed -i "/^smtp.port = $OUTPOST_TEST_SUBMISSION_PORT\$/d" "$TEST_HOME/config"
sed -i 's/^smtp.tls = starttls$/smtp.tls = none/' "$TEST_HOME/config"
line=$(grep -n '^smtp.tls = none$' "$TEST_HOME/config" | cut -d: -f1)
run check-config
is "$rc" 78 "check-config: the isp account breaks its policy: exit 78"
like "$out" "$TEST_HOME/config:$line: error" "the violation names the file and the section's line"
like "$out" "account isp: 1 error against policy none" "and the account"
like "$out" "account default: OK for policy loopback" "the default account is still OK"
run send -a isp --queue-only --to alice@mail.test --subject "$tag refused" < "$TEST_HOME/body"
is "$rc" 78 "send -a isp refuses while its account breaks policy"
like "$out" "the settings of account isp break policy none" "saying which account"

config
run send -a nosuch --queue-only --to alice@mail.test < "$TEST_HOME/body"
is "$rc" 78 "send -a with an unknown account: exit 78"
like "$out" "no account named \"nosuch\"; the accounts are default, isp" "naming the accounts"

# A reply starts from the account the original was sent to: To, then
# Cc, then Delivered-To, then X-Original-To; reply-all drops every
# account's address; send --draft queues it under that account.
original() { # name header-lines...: a message from carol
	f=$TEST_HOME/$1.eml
	shift
	{ for l in "$@"; do printf '%s\n' "$l"; done
	  printf 'From: Carol <carol@mail.test>\nSubject: plans %s\n' "$tag"
	  printf 'Message-ID: <%s@mail.test>\n\nSee you.\n' "$tag"; } > "$f"
}
draft() { # kind file: the draft's account key ("" when none)
	id=$("$OUTPOST_AGENT" -c "$TEST_HOME/config" make-draft "$1" "$2" 2>/dev/null | head -1)
	d=$TEST_HOME/drafts/$id.draft
	sed -n 's/^account: //p' "$d" 2>/dev/null
}
original to "To: Bob <bob@mail.test>"
is "$(draft reply "$TEST_HOME/to.eml")" isp "reply to a message To bob@: account isp"
is "$(draft forward "$TEST_HOME/to.eml")" isp "forward too"
original cc "To: list@mail.test" "Cc: BOB@Mail.Test"
is "$(draft reply "$TEST_HOME/cc.eml")" isp "Cc in another case: account isp"
original dt "Delivered-To: bob@mail.test" "To: list@mail.test"
is "$(draft reply "$TEST_HOME/dt.eml")" isp "Delivered-To only: account isp"
original xo "X-Original-To: <bob@mail.test>" "To: list@mail.test"
is "$(draft reply "$TEST_HOME/xo.eml")" isp "X-Original-To only: account isp"
original both "Delivered-To: bob@mail.test" "To: alice@mail.test" "Cc: bob@mail.test"
is "$(draft reply "$TEST_HOME/both.eml")" "" "To alice@ before Cc and Delivered-To bob@: the default (no key)"
original none "To: list@mail.test"
is "$(draft reply "$TEST_HOME/none.eml")" "" "to neither: the default"
original all "To: alice@mail.test, Bob <bob@mail.test>, dave@mail.test"
draft reply-all "$TEST_HOME/all.eml" >/dev/null
cc=$(sed -n 's/^cc: //p' "$d")
like "$cc" "dave@mail.test" "reply-all keeps the others"
unlike "$cc$(sed -n 's/^to: //p' "$d")" "bob@" "and drops the isp account's address"
unlike "$cc" "alice@" "as well as the default's"
draft reply "$TEST_HOME/to.eml" >/dev/null
run send --queue-only --draft "$id"
is "$rc" 0 "send --draft of the isp reply: queued"
ok_if '[ -n "$(envelope "Re: plans $tag")" ] && grep -qx "account: isp" "$(envelope "Re: plans $tag")"' \
    "send --draft queued it under account isp"

# An item whose account left the config: said by outbox and flush, kept.
run flush
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice"
run send -a isp --queue-only --to alice@mail.test --subject "$tag orphan" < "$TEST_HOME/body"
is "$rc" 78 "send -a isp with no such section: refused"
config
run send -a isp --queue-only --to alice@mail.test --subject "$tag orphan" < "$TEST_HOME/body"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice"
run outbox
like "$out" "account isp is not in the config" "outbox: the item's account is named as missing"
like "$("$OUTPOST" outbox --json 2>&1)" '"account_missing":true' "outbox --json: account_missing"
run flush
ok_if '[ "$rc" != 0 ]' "flush: not a success while an item waits for a missing account (exit $rc)"
like "$out" "account isp is not in the config" "flush says so instead of skipping it"
ok_if '[ -n "$(envelope "$tag orphan")" ]' "the item is still queued"
config
run flush
is "$rc" 0 "the section back: flush sends it"
is "$(sasl_user "$(echo "$(sent_field "$tag orphan" message_id)" | tr -d '<>')")" bob@mail.test \
    "through isp, as bob"

# A refused login holds that account only: the default's password is
# wrong, and the runner still sends isp's item (before, a held default
# kept the runner from starting at all).
printf 'wrong-pw\n' > "$TEST_HOME/pw"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice" \
    "queue.runner = on"
account_isp >> "$TEST_HOME/config"
run send --to alice@mail.test --subject "$tag held" < "$TEST_HOME/body"
is "$rc" 77 "the default's login refused: exit 77"
like "$(setsid -w "$OUTPOST" outbox 2>&1)" "held: the server refused the password" \
    "the default account is held"
run send -a isp --queue-only --to alice@mail.test --subject "$tag goes" < "$TEST_HOME/body"
# Only the held account's item needs a password (before, every waiting
# item of every account said so).
rows=$(setsid -w "$OUTPOST" outbox 2>&1)
like "$(echo "$rows" | grep "\"$tag held\"")" "needs password" \
    "outbox: the held account's item needs a password"
unlike "$(echo "$rows" | grep "\"$tag goes\"")" "needs password" \
    "outbox: the other account's item does not"
like "$(echo "$rows" | grep "\"$tag goes\"")" " queued " "outbox: it is queued"
json=$(setsid -w "$OUTPOST" outbox --json 2>&1)
like "$(echo "$json" | grep "\"$tag held\"")" '"needs_password":true' \
    "outbox --json: needs_password on the held account's item"
unlike "$(echo "$json" | grep "\"$tag goes\"")" 'needs_password' \
    "outbox --json: not on the other's"
id=$(echo "$json" | grep "\"$tag goes\"" | sed 's/.*"id":"\([^"]*\)".*/\1/')
unlike "$(setsid -w "$OUTPOST" outbox show "$id" 2>&1 | head -n 3)" "needs password" \
    "outbox show: nor for the other's item alone"
run runner
for _ in $(seq 600); do
	[ -n "$(sent_field "$tag goes" message_id)" ] && break
	sleep 0.1
done
ok_if '[ -n "$(sent_field "$tag goes" message_id)" ]' \
    "the runner sends the isp account's item while the default is held"
ok_if '[ -n "$(envelope "$tag held")" ]' "the held account's item waits in the outbox"
for _ in $(seq 600); do
	[ "$(nrunners "$TEST_HOME")" = 0 ] && break
	sleep 0.1
done
is "$(nrunners "$TEST_HOME")" 0 "then the runner leaves (nothing it may send waits)"
like "$(cat "$TEST_HOME/outbox/runner.log" 2>/dev/null)" "account default held" \
    "its log says it skipped the held account"
like "$(setsid -w "$OUTPOST" outbox 2>&1)" "held: the server refused the password" \
    "the default's hold stays until the user acts"
for p in $(runner_pids "$TEST_HOME"); do kill "$p"; done
done_testing
