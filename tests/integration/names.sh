#!/bin/sh
# names.sh -- names, groups and local users through the real Postfix
# (issue 15): display names (plain, needing quotes, non-ASCII) and groups
# from --to/--cc and from a composer draft arrive as written; a bare
# local part (cron's MAILTO) is qualified with the account's domain as
# an argument, in --to and in To; cron's own message (From: root (Cron
# Daemon)) goes as the account; a message without a header is a body.
# Every delivered message parses under Python's email policy.strict.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
PY=${PYTHON3:-/usr/bin/python3}
command -v "$PY" >/dev/null 2>&1 || skip_all "python3 is not installed"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=n$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
    "name = Alice Example" "timeout.connect = 5" "timeout.reply = 20"
run() { out=$("$OUTPOST" "$@" 2>&1); rc=$?; }

# strict FILE PYTHON-EXPRESSION...: each expression, over the message m
# parsed with policy.strict (any defect raises), must be true; prints ok
# or the first one that is not.
strict() {
	"$PY" - "$@" <<'PYEOF'
import email, email.policy, sys
try:
    with open(sys.argv[1], "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.strict)
    for h in m.keys():
        m[h]  # parse every header (a defect raises)
    def names(field):
        return [(a.display_name, a.addr_spec) for a in m[field].addresses]
    def groups(field):
        return [(g.display_name, [a.addr_spec for a in g.addresses])
                for g in m[field].groups]
    body = m.get_content() if not m.is_multipart() else None
    for e in sys.argv[2:]:
        if not eval(e):
            print("false: %s; header: %r" % (e, dict(m.items())))
            sys.exit(1)
    print("ok")
except Exception as ex:
    print("%s: %s" % (type(ex).__name__, ex))
PYEOF
}

# 1. --to and --cc with names: plain, needing quotes, non-ASCII.
printf 'names\n' > "$TEST_HOME/body"
run send --to "Bob Builder <$tag-1@mail.test>" \
    --cc "\"Builder, Bob\" <$tag-1c@mail.test>, Dave Éxample <$tag-1d@mail.test>" \
    --subject "names $tag-1" < "$TEST_HOME/body"
is "$rc" 0 "--to/--cc with names: exit 0"
f=$(maildir_file "$tag-1@mail.test" "names $tag-1")
[ -n "$f" ] && ok "--to/--cc with names: delivered" || fail "--to/--cc with names: delivered"
like "$(cat "$f")" "To: Bob Builder <$tag-1@mail.test>" "--to: the name is in To"
is "$(strict "$f" \
    "names('To') == [('Bob Builder', '$tag-1@mail.test')]" \
    "names('Cc') == [('Builder, Bob', '$tag-1c@mail.test'), ('Dave Éxample', '$tag-1d@mail.test')]")" ok \
    "--to/--cc: names read back by Python (policy.strict), quoted and RFC 2047"
[ -n "$(maildir_file "$tag-1d@mail.test" "names $tag-1")" ] &&
    ok "--cc: the named recipient got it" || fail "--cc: the named recipient got it"

# 2. groups: an empty one with a Bcc, and one with members.
run send --to "undisclosed-recipients:;" --bcc "$tag-2@mail.test" --subject "group $tag-2" < "$TEST_HOME/body"
is "$rc" 0 "--to undisclosed-recipients:; with --bcc: exit 0"
f=$(maildir_file "$tag-2@mail.test" "group $tag-2")
is "$(strict "$f" "groups('To') == [('undisclosed-recipients', [])]" "'Bcc' not in m")" ok \
    "an empty group in To, no Bcc (policy.strict)"
run send --to "team: $tag-2a@mail.test, Bee <$tag-2b@mail.test>;" --subject "team $tag-2" < "$TEST_HOME/body"
is "$rc" 0 "--to with a group: exit 0"
f=$(maildir_file "$tag-2b@mail.test" "team $tag-2")
is "$(strict "$f" "groups('To') == [('team', ['$tag-2a@mail.test', '$tag-2b@mail.test'])]" \
    "names('To')[1] == ('Bee', '$tag-2b@mail.test')")" ok "a group with its members kept (policy.strict)"
[ -n "$(maildir_file "$tag-2a@mail.test" "team $tag-2")" ] &&
    ok "a group member got it" || fail "a group member got it"

# 3. the composer's path: a draft's Cc with a non-ASCII name (send --draft,
# what the composer runs).
mkdir -p "$TEST_HOME/drafts"
{
	echo "version: 1"
	echo "id: n3"
	echo "saved: 2026-11-28T01:02:03Z"
	echo "to: $tag-3@mail.test"
	echo "cc: Dave Éxample <$tag-3d@mail.test>"
	echo "bcc: "
	echo "subject: draft $tag-3"
	echo
	echo "from the composer"
} > "$TEST_HOME/drafts/n3.draft"
chmod 600 "$TEST_HOME/drafts/n3.draft"
run send --draft n3
is "$rc" 0 "send --draft with a named Cc: exit 0"
f=$(maildir_file "$tag-3d@mail.test" "draft $tag-3")
is "$(strict "$f" "names('Cc') == [('Dave Éxample', '$tag-3d@mail.test')]")" ok \
    "the composer's Cc keeps Dave Éxample (policy.strict)"

# 4. bare local parts: as an argument, in --to, in a -t message's To.
printf 'Subject: local %s-4\n\nhi\n' "$tag" > "$TEST_HOME/m4"
run send "$tag-4" < "$TEST_HOME/m4"
is "$rc" 0 "a bare local part as the argument: exit 0"
f=$(maildir_file "$tag-4@mail.test" "local $tag-4")
[ -n "$f" ] && ok "delivered to $tag-4@mail.test" || fail "delivered to $tag-4@mail.test"
is "$(strict "$f" "groups('To') == [('undisclosed-recipients', [])]")" ok \
    "no To in the message: To undisclosed-recipients:; added (policy.strict)"
run send --to "$tag-4b" --subject "local $tag-4b" < "$TEST_HOME/body"
is "$rc" 0 "a bare local part in --to: exit 0"
f=$(maildir_file "$tag-4b@mail.test" "local $tag-4b")
is "$(strict "$f" "names('To') == [('', '$tag-4b@mail.test')]")" ok "--to: To qualified (policy.strict)"
printf 'To: %s-4c, Carol <%s-4d>\nSubject: local %s-4c\n\nhi\n' "$tag" "$tag" "$tag" > "$TEST_HOME/m4c"
run send -t < "$TEST_HOME/m4c"
is "$rc" 0 "-t with bare local parts in To: exit 0"
f=$(maildir_file "$tag-4d@mail.test" "local $tag-4c")
is "$(strict "$f" "names('To') == [('', '$tag-4c@mail.test'), ('Carol', '$tag-4d@mail.test')]")" ok \
    "-t: To qualified, name kept (policy.strict)"
[ -n "$(maildir_file "$tag-4c@mail.test" "local $tag-4c")" ] &&
    ok "-t: the qualified recipient got it" || fail "-t: the qualified recipient got it"

# 5. cron (Debian 12's 3.0pl1-162): its header lines as do_command.c
# writes them, sent as cron runs sendmail (-B8BITMIME is the flags' part).
{
	printf 'From: root (Cron Daemon)\n'
	printf 'To: %s-5\n' "$tag"
	printf 'Subject: Cron <%s-5@host> echo cron %s-5\n' "$tag" "$tag"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf 'X-Cron-Env: <SHELL=/bin/sh>\n'
	printf 'X-Cron-Env: <HOME=/home/%s-5>\n' "$tag"
	printf 'X-Cron-Env: <LOGNAME=%s-5>\n' "$tag"
	printf '\n'
	printf 'cron %s-5\n' "$tag"
} > "$TEST_HOME/cron"
run send -FCronDaemon -i -oem "$tag-5" < "$TEST_HOME/cron"
is "$rc" 0 "cron's message and command line: exit 0"
f=$(maildir_file "$tag-5@mail.test" "cron $tag-5")
is "$(strict "$f" "names('From') == [('Cron Daemon', 'alice@mail.test')]" \
    "names('To') == [('', '$tag-5@mail.test')]" \
    "m.get_all('X-Cron-Env') == ['<SHELL=/bin/sh>', '<HOME=/home/$tag-5>', '<LOGNAME=$tag-5>']" \
    "body == 'cron $tag-5\n'")" ok \
    "cron: From the account with the comment as its name, To qualified (policy.strict)"
like "$(cat "$f")" "Subject: Cron <$tag-5@host> echo cron $tag-5" "cron: Subject byte-exact"
printf 'From: Eve <eve@evil.example>\nTo: %s-5e@mail.test\n\nhi\n' "$tag" > "$TEST_HOME/eve"
run send "$tag-5e@mail.test" < "$TEST_HOME/eve"
is "$rc" 65 "a foreign From is still refused (65)"

# 6. messages without a header.
run send "$tag-6@mail.test" <<EOF2
headerless $tag-6
second line
EOF2
is "$rc" 0 "echo hi | outpost send ADDR: exit 0"
f=$(maildir_file "$tag-6@mail.test" "headerless $tag-6")
is "$(strict "$f" "body == 'headerless $tag-6\nsecond line\n'" \
    "names('From') == [('Alice Example', 'alice@mail.test')]" \
    "m['Date'] is not None and m['Message-ID'] is not None")" ok \
    "a header-less message: the body as given, From/Date/Message-ID added (policy.strict)"
run send "$tag-6b@mail.test" < /dev/null
is "$rc" 0 "an empty message: exit 0 (it is still a message)"
f=$(maildir_file "$tag-6b@mail.test" "Message-ID")
is "$(strict "$f" "body == ''" "m['Date'] is not None")" ok "an empty message delivered, empty (policy.strict)"
printf 'Subject foo %s-6c\n' "$tag" | { out=$("$OUTPOST" send "$tag-6c@mail.test" 2>&1); echo $?; } > "$TEST_HOME/rc6c"
is "$(cat "$TEST_HOME/rc6c")" 0 "a first line without a colon: exit 0"
f=$(maildir_file "$tag-6c@mail.test" "Subject foo $tag-6c")
is "$(strict "$f" "body == 'Subject foo $tag-6c\n'" "m['Subject'] is None")" ok \
    "a first line without a colon is body (policy.strict)"
run send -t < "$TEST_HOME/body"
is "$rc" 65 "-t and no header: 65"
like "$out" "the message has no header, so -t finds no To, Cc or Bcc address" "-t and no header: says why"

done_testing
