#!/bin/sh
# keyring-accounts.sh -- one keyring entry per account, against a real
# gnome-keyring-daemon on a private D-Bus and the fixture's Postfix: two
# accounts with the same server, port and user name (the default and
# [account isp]) keep two entries, told apart by the "account"
# attribute; the default's is the entry of a config without accounts, so
# a password stored before accounts still works.  password -a, clear of
# one leaving the other (either way round), and a send from each taking
# its own password.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
for p in dbus-run-session gnome-keyring-daemon setsid; do
	command -v $p >/dev/null 2>&1 || skip_all "$p is not installed"
done
grep -q 'define HAVE_LIBSECRET 1' "$top_builddir/ac-config.h" 2>/dev/null ||
    skip_all "built without libsecret"

keyring_session "$@"
make_home
use_servers
keyring_unlock
H=$OUTPOST_TEST_HOST
tag=ka$$
S=$(mktemp -d "${TMPDIR:-/tmp}/outpost-kas.XXXXXX")
trap '"$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$TEST_HOME" "$S"' EXIT
[ -n "${OUTPOST_TEST_SERVERS:-}" ] &&
    trap 'rm -rf "$TEST_HOME" "$S"' EXIT
printf 'Keyring accounts body.\n' > "$S/body"

write_policy "$S/p.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT"
write_config "$S/config" "$S/p.policy" "password.command ="
cat >> "$S/config" <<EOC

[account isp]
policy = none
address = alice@mail.test
username = alice
smtp.host = $H
smtp.port = $OUTPOST_TEST_SMTPS_PORT
smtp.tls = implicit
tls.ca_file = $OUTPOST_TEST_CA_FILE
EOC
run() { out=$(setsid -w "$OUTPOST" -c "$S/config" "$@" 2>&1); rc=$?; }
set_pw() { # password [-a NAME]
	pw=$1; shift
	out=$(printf '%s\n' "$pw" | setsid -w "$OUTPOST" -c "$S/config" password "$@" set 2>&1); rc=$?
}

set_pw alice-pw-1
is "$rc" 0 "password set: the default account's entry"
run password -a isp status
is "$rc" 0 "password -a isp status: exit 0"
like "$out" "keyring: not stored" "the isp account has no entry of its own yet"
set_pw alice-pw-1 -a isp
is "$rc" 0 "password -a isp set"
run password -a isp status
like "$out" "keyring: stored" "the isp account: stored"
run password -a isp clear
is "$rc" 0 "password -a isp clear"
run password -a isp status
like "$out" "keyring: not stored" "the isp entry is gone"
run password status
like "$out" "keyring: stored" "the default account's entry is still there"

run send --to "$tag-1@mail.test" --subject "keyring account $tag-1" < "$S/body"
is "$rc" 0 "send from the default account with its keyring password"
run send -a isp --to "$tag-2@mail.test" --subject "keyring account $tag-2" < "$S/body"
is "$rc" 77 "send -a isp without its password: not sent (77: no password), the default's is not used"
set_pw wrong-pw -a isp
run password status
like "$out" "keyring: stored" "a wrong isp password does not replace the default's"
run send --to "$tag-3@mail.test" --subject "keyring account $tag-3" < "$S/body"
is "$rc" 0 "the default account still sends with its own"
set_pw alice-pw-1 -a isp
run flush --all
is "$rc" 0 "with its own password stored, the isp item goes"
for n in 1 2 3; do
	for _ in $(seq 300); do [ "$(count_delivered "$tag-$n@mail.test")" -ge 1 ] && break; sleep 0.1; done
done
is "$(count_delivered "$tag-1@mail.test")$(count_delivered "$tag-2@mail.test")$(count_delivered "$tag-3@mail.test")" 111 \
    "each message delivered once"

# The default's clear: its own entry only (a search by its attributes
# also finds isp's, which has the same server, port and user).
run password clear
is "$rc" 0 "password clear (the default account)"
run password status
like "$out" "keyring: not stored" "the default's entry is gone"
run password -a isp status
like "$out" "keyring: stored" "the isp account's entry is still there"
done_testing
