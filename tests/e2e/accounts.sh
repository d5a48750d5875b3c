#!/bin/sh
# accounts.sh -- several accounts in the terminal UI, in tmux against the
# real Postfix: with one account the From field and the key hint are as
# before; with two (the default, alice, and [account isp], bob: the
# setup of tests/integration/accounts.sh) the from-account key cycles
# From through "Name <address>  [account NAME]" and back, a postponed
# draft remembers its account and comes back with it, and the message
# sent from isp arrives logged in as bob; a reply to a message sent to
# bob's address starts from isp; Settings shows and saves one account
# at a time; the Outbox names an item whose account left the config.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=acct$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
KEYS=$top_srcdir/keymaps

write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "imap.host = $H" "imap.port = $OUTPOST_TEST_IMAPS_PORT"
config() { # [isp]: the second account too
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice"
	[ "${1:-}" = isp ] && account_isp >> "$TEST_HOME/config"
	return 0
}
key() { e2e_key_for "$KEYS/default.keys" "$1" "$2"; }
from_row() { e2e_screen | grep '^From:'; }
FROM=$(key composer from-account)
is "$FROM" "M-t" "from-account is bound (M-t in the default keymap)"
for k in pine emacs vi; do
	is "$(e2e_key_for "$KEYS/$k.keys" composer from-account)" "M-t" \
	    "and in $k.keys"
done

# 1. One account: nothing changes on screen; the key says why it does
# nothing.
config
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
is "$(from_row)" "From:    Alice <alice@mail.test>" \
    "one account: From as before, no [account]"
unlike "$(e2e_screen)" "from account" "one account: the key hint leaves it out"
e2e_keys "$FROM"
e2e_wait "one account only" && ok "one account: the key says there is one" ||
    fail "one account: the key says there is one"
e2e_keys C-q
e2e_exit_status >/dev/null

# 2. Two accounts: From cycles, wrapping to the default.
config isp
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
is "$(from_row)" "From:    Alice <alice@mail.test>  [account default]" \
    "two accounts: From names the default account"
e2e_keys "$FROM"
e2e_wait "[account isp]" >/dev/null
is "$(from_row)" "From:    Alice <bob@mail.test>  [account isp]" \
    "from-account: From is the isp account's address"
like "$(e2e_screen)" "sending from account isp" "the status line says so"
e2e_keys "$FROM"
e2e_wait "[account default]" >/dev/null
is "$(from_row)" "From:    Alice <alice@mail.test>  [account default]" \
    "from-account again: back to the default after the last"
e2e_keys "$FROM"
e2e_wait "[account isp]" >/dev/null

# 3. The draft remembers the account: postponed, recovered, sent.
e2e_type "alice@mail.test"
e2e_keys Enter Enter Enter
e2e_type "From isp $tag"
e2e_keys Enter
e2e_type "sent by bob $tag"
e2e_keys C-s
e2e_wait "postponed" >/dev/null
d=$(grep -l "From isp $tag" "$TEST_HOME"/drafts/*.draft 2>/dev/null | head -1)
ok_if() { if eval "$1"; then ok "$2"; else fail "$2"; fi; }
ok_if '[ -n "$d" ] && grep -qx "account: isp" "$d"' \
    "the postponed draft says account: isp"
is "$(from_row)" "From:    Alice <alice@mail.test>  [account default]" \
    "the next message starts from the default account"
e2e_keys C-q
e2e_exit_status >/dev/null
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "Recover the draft" >/dev/null
e2e_keys y
e2e_wait_gone "Recover" >/dev/null
e2e_wait "From isp $tag" >/dev/null
is "$(from_row)" "From:    Alice <bob@mail.test>  [account isp]" \
    "the recovered draft is from the isp account again"
e2e_keys "$(key composer send)"
f=$(maildir_file alice@mail.test "sent by bob $tag")
ok_if '[ -n "$f" ]' "the message from isp arrives"
like "$(grep -m1 '^From:' "$f" 2>/dev/null)" "bob@mail.test" "From: bob@mail.test"
mid=$(sed -n 's/^Message-I[dD]: *<\(.*\)>.*/\1/p' "$f" 2>/dev/null | head -1)
is "$(sasl_user "$mid")" "bob@mail.test" \
    "it went through Postfix logged in as bob (isp's user)"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null

# 4. outpost reply to a message sent to bob's address (isp's): the
# composer starts from isp, and the reply goes in as bob.
printf 'From: Carol <carol-%s@mail.test>\nTo: bob@mail.test\nSubject: lunch %s\nMessage-ID: <%s@mail.test>\n\nNoon?\n' \
    "$tag" "$tag" "$tag" > "$TEST_HOME/to-bob.eml"
e2e_start 80x24 -- "$OUTPOST" reply "$TEST_HOME/to-bob.eml"
e2e_wait "Re: lunch $tag" >/dev/null
is "$(from_row)" "From:    Alice <bob@mail.test>  [account isp]" \
    "reply to a message sent to bob@: From is the isp account"
e2e_keys "$(key composer send)"
f=$(maildir_file "carol-$tag@mail.test" "Subject: Re: lunch $tag")
[ -n "$f" ] || e2e_diag
mid=$(sed -n 's/^Message-I[dD]: *<\(.*\)>.*/\1/p' "$f" 2>/dev/null | head -1)
is "$(sasl_user "$mid")" "bob@mail.test" "the reply went in logged in as bob"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
# 5. Settings: one account at a time, named in the title; M-t switches
# (not over unsaved changes); a save goes into the shown account's
# section, the keymap (the program's own) before the first section.
config isp
cp "$TEST_HOME/config" "$TEST_HOME/config.before"
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
e2e_keys "$(key global screen-settings)"
e2e_wait "Settings - Account: default" && ok "Settings names the account shown: default" ||
    fail "Settings names the account shown: default"
e2e_keys "$(key settings settings-account)"
e2e_wait "Account: isp" && ok "settings-account shows the isp account" ||
    fail "settings-account shows the isp account"
like "$(e2e_screen)" "bob@mail.test" "its own address is shown"
e2e_keys "$(key list move-first)" "$(key settings setting-edit)" \
    "$(e2e_key_for "$KEYS/default.keys" edit cut-line)"
e2e_type "Bob at ISP"
e2e_keys "$(key field field-done)"
e2e_wait "unsaved" >/dev/null
e2e_keys "$(key settings settings-account)"
e2e_wait "has unsaved changes" && ok "no switching over unsaved changes" ||
    fail "no switching over unsaved changes"
e2e_keys "$(key settings settings-save)"
e2e_wait "saved to" >/dev/null
{ cat "$TEST_HOME/config.before"; echo "name = Bob at ISP"; } > "$TEST_HOME/config.want"
if cmp -s "$TEST_HOME/config" "$TEST_HOME/config.want"; then
	ok "saved: the name is the last line of [account isp], every other byte kept"
else
	fail "saved: the name is the last line of [account isp], every other byte kept"
	diff "$TEST_HOME/config.want" "$TEST_HOME/config" | sed 's/^/#   /'
fi
e2e_keys "$(key settings settings-account)"
e2e_wait "Account: default" >/dev/null
like "$(e2e_screen)" "Alice" "back to the default account: its name unchanged"
e2e_keys "$(key settings settings-account)"
e2e_wait "Account: isp" >/dev/null
for _ in $(seq 40); do
	e2e_screen | grep -q "> Keymap" && break
	e2e_keys "$(key list move-down)"
	sleep 0.1
done
e2e_keys "$(key settings setting-next)"
e2e_wait "Keymap          emacs" >/dev/null
e2e_keys "$(key settings settings-save)"
e2e_wait "keymap emacs in use" && ok "a keymap saved from isp is in use" ||
    fail "a keymap saved from isp is in use"
k=$(grep -n '^keymap = emacs$' "$TEST_HOME/config" | cut -d: -f1)
a=$(grep -n '^\[account isp\]$' "$TEST_HOME/config" | cut -d: -f1)
ok_if '[ -n "$k" ] && [ -n "$a" ] && [ "$k" -lt "$a" ]' \
    "the keymap went before the first section (line ${k:-none} < ${a:-none})"
"$OUTPOST" check-config >/dev/null 2>&1
is "$?" 0 "check-config accepts the saved file"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
# 6. The Outbox names an item whose account left the config.
config isp
printf 'orphaned\n' | setsid -w "$OUTPOST" send -a isp --queue-only \
    --to alice@mail.test --subject "Orphan $tag" >/dev/null 2>&1
config
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
e2e_keys "$(key global screen-outbox)"
e2e_wait "Orphan $tag" >/dev/null
e2e_wait "account isp is not in the config" &&
    ok "the Outbox says the item's account is not in the config" ||
    fail "the Outbox says the item's account is not in the config"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
done_testing
