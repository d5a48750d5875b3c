#!/bin/sh
# check-config.sh -- "outpost check-config" end to end: verdicts, fixes,
# file:line, exit codes, with the built-in and a custom policy;
# --help, --version, usage errors.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home

conf() { # text -> $OUTPOST_HOME/config (0600)
	printf '%s\n' "$1" > "$OUTPOST_HOME/config"
	chmod 600 "$OUTPOST_HOME/config"
}
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }

run --version
is "$rc" 0 "--version exits 0"
like "$out" "outpost 0." "--version prints the version"
run --help
is "$rc" 0 "--help exits 0"
like "$out" "check-config" "--help lists check-config"
run --frobnicate
is "$rc" 64 "unknown option exits 64"
like "$out" "usage:" "unknown option prints usage"
run chek-config
is "$rc" 64 "unknown command exits 64"
like "$out" 'did you mean "check-config"' "unknown command suggests"

run check-config
is "$rc" 78 "no config file: exit 78"
like "$out" "no config file at $OUTPOST_HOME/config" "no config: names the path"

conf 'address = ada@umich.edu
username = ada'
run check-config
is "$rc" 0 "good umich config: exit 0"
like "$out" "OK for policy umich: smtp.mail.umich.edu port 465 (SSL/TLS), user ada" "good config: summary"

conf 'address = ada@umich.edu
username = ada@umich.edu'
run check-config
is "$rc" 78 "uniqname as address: exit 78"
like "$out" "config:2: error [username-form] username = ada@umich.edu: use your uniqname: ada" "uniqname fix with file:line"

conf 'address = ada@umich.edu
username = ada
smtp.port = 25'
run check-config
is "$rc" 78 "port 25: exit 78"
like "$out" "config:3: error [port] smtp.port = 25: use 465 (SSL/TLS) or 587 (STARTTLS)" "port 25 fix"

conf 'address = ada@umich.edu
username = ada
smtp.port = 465
smtp.tls = starttls'
run check-config
like "$out" "config:4: error [tls-mode] smtp.tls = starttls: 465 speaks SSL/TLS from the first byte; STARTTLS belongs to 587" "465 + starttls fix"

conf 'address = ada@umich.edu
username = ada
smtp.host = smtp.gmail.com
smtp.tls = none
smtp.auth = none
smtp.old.host = smtp.comcast.net'
run check-config
is "$rc" 78 "several violations: exit 78"
like "$out" "config:3: error [server-host] smtp.host = smtp.gmail.com: this policy requires smtp.mail.umich.edu" "wrong host"
like "$out" "config:4: error [tls-required] smtp.tls = none: SSL is required" "TLS off"
like "$out" "config:5: error [auth-required] smtp.auth = none: authentication is required" "auth off"
like "$out" "config:6: error [stale-server] smtp.*.host = smtp.comcast.net: remove it: only smtp.mail.umich.edu is used" "stale server"
like "$out" "4 errors against policy umich" "all violations counted"

conf 'address = ada@gmail.com
username = ada'
run check-config
is "$rc" 0 "address outside the domain is only a warning: exit 0"
like "$out" "config:1: warning [address-domain]" "address warning printed"

conf 'name = Ada
smtp.prot = 465'
run check-config
is "$rc" 78 "unknown key: exit 78"
like "$out" 'config:2: unknown key "smtp.prot" (did you mean "smtp.port"?)' "unknown key: did you mean"

# imap.fingerprint: checked like tls.fingerprint, with file:line.
conf 'address = ada@umich.edu
username = ada
imap.sent_copy = yes
imap.fingerprint = AB:CD:EF'
run check-config
is "$rc" 78 "short imap.fingerprint: exit 78"
like "$out" 'config:4: imap.fingerprint = "AB:CD:EF" is not valid; expected a SHA-256 fingerprint: 64 hex digits' "short imap.fingerprint: file:line and the form"
conf 'address = ada@umich.edu
username = ada
imap.sent_copy = yes
imap.fingerprint = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg'
run check-config
is "$rc" 78 "imap.fingerprint with a non-hex digit: exit 78"
like "$out" "config:4: imap.fingerprint" "non-hex imap.fingerprint: named with its line"
conf 'address = ada@umich.edu
username = ada
imap.sent_copy = yes
imap.fingerprint = 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef'
run check-config
is "$rc" 0 "a good imap.fingerprint (colons, mixed case): exit 0"
unlike "$out" "imap.fingerprint" "a good imap.fingerprint: nothing said about it"
conf 'address = ada@umich.edu
username = ada
imap.fingerprint = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
run check-config
is "$rc" 0 "imap.fingerprint without the Sent copy: only a warning"
like "$out" "config:3: warning [imap-pin-unused] imap.fingerprint" "unused imap.fingerprint: warned with file:line"
conf 'address = ada@umich.edu
username = ada
imap.fingerprnt = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
run check-config
like "$out" 'unknown key "imap.fingerprnt" (did you mean "imap.fingerprint"?)' "imap.fingerprint: misspelt key suggested"

conf 'username = ada
address = ada@umich.edu
password.command = pass show umich'
chmod 644 "$OUTPOST_HOME/config"
run check-config
is "$rc" 78 "readable config with a password.command: exit 78"
like "$out" "chmod 600" "permission error names the chmod"

# -c FILE, before and after the command, and a custom policy by path.
cat > "$TEST_HOME/corp.policy" <<'P'
name = corp
smtp.host = mail.corp.example
smtp.port = 465 implicit
smtp.port = 587 starttls
tls = required
auth = password
username.form = address
address.domain = corp.example
P
printf 'policy = %s\naddress = ada@corp.example\nusername = ada\n' "$TEST_HOME/corp.policy" > "$TEST_HOME/other.conf"
chmod 600 "$TEST_HOME/other.conf"
run -c "$TEST_HOME/other.conf" check-config
is "$rc" 78 "custom policy: violation found (-c before the command)"
like "$out" "other.conf:3: error [username-form] username = ada: use your full e-mail address" "custom policy: user name must be the address"
printf 'policy = %s\naddress = ada@corp.example\nusername = ada@corp.example\n' "$TEST_HOME/corp.policy" > "$TEST_HOME/other.conf"
run check-config -c "$TEST_HOME/other.conf"
is "$rc" 0 "custom policy: clean config passes (-c after the command)"
like "$out" "OK for policy corp: mail.corp.example port 465" "custom policy: summary"

chmod 664 "$TEST_HOME/corp.policy"
run check-config -c "$TEST_HOME/other.conf"
is "$rc" 78 "group-writable policy file: exit 78"
like "$out" "others can change this policy (mode 664); run: chmod go-w" "group-writable policy: the chmod"
chmod 644 "$TEST_HOME/corp.policy"

printf 'policy = umihc\n' > "$TEST_HOME/other.conf"
run check-config -c "$TEST_HOME/other.conf"
is "$rc" 78 "unknown policy: exit 78"
like "$out" 'did you mean "umich"' "unknown policy: suggestion"

mkdir "$TEST_HOME/dir.conf"
run check-config -c "$TEST_HOME/dir.conf"
like "$out" "is a directory" "directory as config: named"
# The keymap the UI would load: warnings, never a reason to refuse mail.
printf 'policy = umich\nname = A\naddress = ada@umich.edu\nusername = ada\nkeymap = emcas\n' > "$TEST_HOME/keys.conf"
chmod 600 "$TEST_HOME/keys.conf"
run check-config -c "$TEST_HOME/keys.conf"
is "$rc" 0 "unknown keymap: still exit 0"
like "$out" "keys.conf:5: warning [keymap] unknown keymap 'emcas' (did you mean 'emacs'?" \
    "unknown keymap: file:line and the suggestion"
sed -i 's/emcas/vi/' "$TEST_HOME/keys.conf"
printf 'bind composer <F5> sendnow\n' > "$OUTPOST_HOME/keys"
run check-config -c "$TEST_HOME/keys.conf"
like "$out" "warning [keys] keys:1: unknown action 'sendnow' (did you mean 'send'?)" \
    "a bad line in the user's keys file is named with its line"
unlike "$out" "keys.conf:5" "and not blamed on the config's keymap line"
rm -f "$OUTPOST_HOME/keys"

# A FIFO as a settings file: refused at once with the file and the
# reason, never waited on (timeout's 124 would mean it hung).
mkfifo "$TEST_HOME/fifo.conf"
out=$(timeout 60 "$OUTPOST" check-config -c "$TEST_HOME/fifo.conf" 2>&1); rc=$?
is "$rc" 78 "a FIFO as the config: exit 78 at once, not a hang"
like "$out" "fifo.conf: is a FIFO (named pipe), not a regular file" \
    "a FIFO as the config: the file and the reason"
mkfifo "$TEST_HOME/fifo.policy"
printf 'policy = %s\naddress = ada@corp.example\nusername = ada@corp.example\n' \
    "$TEST_HOME/fifo.policy" > "$TEST_HOME/other.conf"
out=$(timeout 60 "$OUTPOST" check-config -c "$TEST_HOME/other.conf" 2>&1); rc=$?
is "$rc" 78 "a FIFO as the policy: exit 78 at once, not a hang"
like "$out" "fifo.policy: is a FIFO (named pipe), not a regular file" \
    "a FIFO as the policy: the file and the reason"
mkfifo "$OUTPOST_HOME/keys"
out=$(timeout 60 "$OUTPOST" check-config -c "$TEST_HOME/keys.conf" 2>&1); rc=$?
is "$rc" 0 "a FIFO as the keys file: a warning, exit 0 at once, not a hang"
like "$out" "warning [keys] keys: not read: $OUTPOST_HOME/keys is a FIFO (named pipe), not a regular file" \
    "a FIFO as the keys file: the file and the reason"
rm -f "$OUTPOST_HOME/keys"
done_testing
