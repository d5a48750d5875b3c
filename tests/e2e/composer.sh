#!/bin/sh
# composer.sh -- the composer end to end, in tmux against the real
# Postfix + Dovecot: write a message with a UTF-8 subject and text and
# an attachment (the path completed with Tab), send it, find it delivered
# and in the Sent folder (decoded with python3's email module); a
# missing attachment and the send warnings; a hang-up mid-compose, the
# draft offered at the next start and recovered as typed; the send path
# of each shipped keymap; editing in a 40x12 terminal.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip_all "python3 is not installed"
H=$OUTPOST_TEST_HOST
tag=cmp$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
BOB="$OUTPOST_TEST_MAIL_DIR/bob@mail.test/Maildir"
SENT="$OUTPOST_TEST_MAIL_DIR/alice@mail.test/Maildir/.Sent"
KEYS=$top_srcdir/keymaps

write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "imap.host = $H" "imap.port = $OUTPOST_TEST_IMAPS_PORT"
config() { # [key = value]...
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice Example" "imap.sent_copy = yes" "$@"
}
config

# The message in DIR whose text holds MARK, decoded: subject, the text,
# the attachments as name=content; "none" when there is none.
cat > "$TEST_HOME/decode.py" <<'PY'
import email, email.policy, glob, sys
folder, mark = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(folder + "/new/*") + glob.glob(folder + "/cur/*")):
    raw = open(path, "rb").read()
    if mark.encode() not in raw and mark not in raw.decode("latin-1"):
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(("plain",))
        if body is None or mark not in body.get_content():
            continue
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    print("subject=" + str(msg["subject"]))
    print("to=" + str(msg["to"]))
    print("from=" + str(msg["from"]))
    print("text=" + msg.get_body(("plain",)).get_content().replace("\n", "|"))
    for part in msg.iter_attachments():
        print("attachment=%s=%s" % (part.get_filename(),
            part.get_content().decode() if isinstance(part.get_content(), bytes)
            else part.get_content()))
    sys.exit(0)
print("none")
PY
decoded() { # folder mark [seconds]
	for _ in $(seq $((${3:-20} * 10))); do
		d=$("$PY" "$TEST_HOME/decode.py" "$1" "$2" 2>&1)
		[ "$d" != none ] && [ -n "$d" ] && break
		sleep 0.1
	done
	printf '%s\n' "$d"
}
key() { e2e_key_for "$KEYS/$1.keys" "$2" "$3"; }
drafts() { ls "$TEST_HOME/drafts" 2>/dev/null | grep -c '\.draft$'; }

# 1. Compose and send with the default keymap.
printf 'Quarterly figures %s\n' "$tag" > "$TEST_HOME/report-$tag.txt"
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "From:" && ok "the composer is the first screen" ||
    fail "the composer is the first screen"
like "$(e2e_screen)" "Alice Example <alice@mail.test>" "From is the account"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "Grüße 日本 $tag"
e2e_keys Enter
e2e_type "Hallo Bob, $tag"
e2e_keys Enter
e2e_type "日本語のテキスト: see the attached file."
# An attachment that is not there is refused, naming it.
e2e_keys F8
e2e_type "$TEST_HOME/nothing-here.pdf"
e2e_keys Enter
e2e_wait "nothing-here.pdf: No such" && ok "a missing file is refused" ||
    fail "a missing file is refused"
e2e_keys Escape
e2e_wait "nothing attached"
# The real one, its name completed with Tab.
e2e_keys F8
e2e_type "$TEST_HOME/report-"
e2e_keys Tab Enter
e2e_wait "report-$tag.txt (" && ok "attached with Tab completion" ||
    fail "attached with Tab completion"
like "$(e2e_screen)" "text/plain" "the attachment shows its type"
# A second file, then detach asks which (the last by default).
printf 'not for bob\n' > "$TEST_HOME/extra-$tag.bin"
e2e_keys F8
e2e_type "$TEST_HOME/extra-$tag.bin"
e2e_keys Enter
e2e_wait "2. extra-$tag.bin" && ok "a second attachment, numbered" ||
    fail "a second attachment, numbered"
e2e_keys F9
e2e_wait "Remove which attachment"
e2e_keys Enter
e2e_wait_gone "2. extra-$tag.bin" && ok "detached" || fail "detached"
e2e_keys C-x
e2e_wait "sent \"Grüße 日本 $tag\"" 30 && ok "the status line says sent" ||
    fail "the status line says sent"
d=$(decoded "$BOB" "$tag")
like "$d" "subject=Grüße 日本 $tag" "delivered with the UTF-8 subject"
like "$d" "to=bob@mail.test" "to bob"
like "$d" "from=Alice Example <alice@mail.test>" "from the account"
like "$d" "text=Hallo Bob, $tag|日本語のテキスト: see the attached file." \
    "the text as typed"
like "$d" "attachment=report-$tag.txt=Quarterly figures $tag" \
    "the attachment with its content"
unlike "$d" "extra-$tag" "not the detached one"
d=$(decoded "$SENT" "$tag")
like "$d" "subject=Grüße 日本 $tag" "a copy in the Sent folder"
s=$(e2e_screen)
unlike "$s" "bob@mail.test" "the composer is empty again"
is "$(drafts)" 0 "the draft is gone once queued"

# 2. The warnings: empty subject, an attachment spoken of but missing.
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter Enter
e2e_type "The file is enclosed."
e2e_keys C-x
e2e_wait "speaks of an attachment" && ok "warned: no attachment" ||
    fail "warned: no attachment"
e2e_keys n
e2e_wait "not sent" && ok "answering no does not send" ||
    fail "answering no does not send"
like "$(e2e_screen)" "The file is enclosed." "the message is still there"
e2e_keys C-s
e2e_wait "postponed" && ok "postponed" || fail "postponed"
is "$(drafts)" 1 "a draft on disk"
e2e_keys C-q
e2e_exit_status >/dev/null

# 2b. Addresses: checked when leaving the field, completed from the
# recipients already sent to and from addressbook.command (which
# answers later: completion never waits for it).  The text in $VISUAL.
config "addressbook.command = printf 'zed@mail.test\\tZed Zebra\\n'"
cat > "$TEST_HOME/upcase" <<'EOF'
#!/bin/sh
tr a-z A-Z < "$1" > "$1.new" && mv "$1.new" "$1"
EOF
chmod +x "$TEST_HOME/upcase"
e2e_start 100x30 VISUAL="$TEST_HOME/upcase" -- "$OUTPOST"
e2e_wait "Recover the draft" && e2e_keys n
e2e_wait_gone "Recover the draft"
e2e_type "bob@@mail"
e2e_keys Enter
e2e_wait "  To: " &&
    like "$(e2e_screen | grep -A1 '^To:' | sed -n 2p)" "  To: " \
    "a bad address: the error under the field, naming it" ||
    fail "a bad address: the error under the field, naming it"
e2e_keys Up C-a C-k
e2e_type "bo"
e2e_keys Tab
e2e_wait "To:      bob@mail.test" && ok "completed from a sent message" ||
    fail "completed from a sent message"
e2e_type ", Zeb"
e2e_keys Tab
e2e_wait "Zed Zebra <zed@mail.test>" && ok "the address book answers" ||
    fail "the address book answers"
e2e_keys Tab
e2e_wait "bob@mail.test, Zed Zebra <zed@mail.test>" &&
    ok "Tab takes the address book's answer" ||
    fail "Tab takes the address book's answer"
e2e_keys Enter Enter Enter
e2e_type "editor"
e2e_keys Enter
e2e_type "hello world"
e2e_keys F12
e2e_wait "HELLO WORLD" && ok "the external editor changed the text" ||
    fail "the external editor changed the text"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
rm -f "$(grep -l "HELLO WORLD" "$TEST_HOME"/drafts/*.draft)"
config

# 2c. An agent that dies before the message is queued: the draft stays.
{
	echo '#!/bin/sh'
	echo 'case $1 in send) echo "simulated crash before queueing" >&2; exit 70 ;; esac'
	echo "exec '$OUTPOST_AGENT' \"\$@\""
} > "$TEST_HOME/agent"
chmod +x "$TEST_HOME/agent"
n0=$(drafts)
e2e_start 100x30 OUTPOST_AGENT="$TEST_HOME/agent" -- "$OUTPOST"
e2e_wait "Recover the draft" && e2e_keys n
e2e_wait_gone "Recover the draft"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "crash $tag"
e2e_keys Enter
e2e_type "never queued"
e2e_keys C-x
e2e_wait "simulated crash before queueing" &&
    ok "the agent's last words are shown" ||
    fail "the agent's last words are shown"
like "$(e2e_screen)" "the draft is kept" "the user is told the draft is kept"
is "$(drafts)" $((n0 + 1)) "the draft is still on disk"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
rm -f "$(grep -l "crash $tag" "$TEST_HOME"/drafts/*.draft)"

# 3. A hang-up mid-compose; the next start offers the drafts, newest first.
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "Recover the draft" && ok "the postponed draft is offered" ||
    fail "the postponed draft is offered"
e2e_keys n
e2e_wait_gone "Recover the draft"
e2e_type "carol@mail.test, dave@mail.test"
e2e_keys Enter Enter Enter
e2e_type "Entwurf ü $tag"
e2e_keys Enter
e2e_type "Zeile eins"
e2e_keys Enter
e2e_type "Zeile 二 — ünd drei"
e2e_wait "ünd drei"
e2e_kill HUP
st=$(e2e_exit_status)
is "$st" 0 "a hang-up ends outpost cleanly"
is "$(drafts)" 2 "the message was saved as a draft"
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "Entwurf ü $tag" && ok "the newest draft is offered first" ||
    fail "the newest draft is offered first"
e2e_keys y
e2e_wait_gone "Recover"
s=$(e2e_screen)
like "$s" "To:      carol@mail.test, dave@mail.test" "recovered To"
like "$s" "Subject: Entwurf ü $tag" "recovered Subject"
like "$s" "Zeile eins" "recovered text, line 1"
like "$s" "Zeile 二 — ünd drei" "recovered text, line 2"
f=$(grep -l "Entwurf ü $tag" "$TEST_HOME"/drafts/*.draft)
body=$(sed '1,/^$/d' "$f")
is "$body" "Zeile eins
Zeile 二 — ünd drei" "the draft's text is exactly what was typed"
like "$(cat "$f")" "to: carol@mail.test, dave@mail.test" "the draft's To"
e2e_keys C-s
e2e_wait "postponed"
# The drafts list (tests/e2e/drafts.sh): the one with the enclosed file,
# saved before the one just postponed.
e2e_keys C-r
e2e_wait "Entwurf ü $tag"
e2e_keys Down Enter
e2e_wait "The file is enclosed." && ok "recall brings a draft back" ||
    fail "recall brings a draft back"
is "$(drafts)" 2 "recalling makes no copy"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null
rm -f "$TEST_HOME"/drafts/*.draft

# 4. The send path of each shipped keymap: field-done through the
# headers into the text, then send.
for km in default emacs pine vi; do
	config "keymap = $km"
	done_key=$(key "$km" field field-done)
	send_key=$(key "$km" composer send)
	if [ -z "$done_key" ] || [ -z "$send_key" ]; then
		fail "$km: field-done and send are bound"
		continue
	fi
	e2e_start 100x30 -- "$OUTPOST"
	e2e_wait "From:" || { fail "$km: starts"; continue; }
	e2e_type "bob@mail.test"
	e2e_keys "$done_key" "$done_key" "$done_key"
	e2e_type "keymap $km $tag"
	e2e_keys "$done_key"
	e2e_type "Sent with the $km keys, $tag-$km."
	e2e_keys $send_key # two keys in emacs: C-c C-c
	e2e_wait "sent \"keymap $km" 30 && ok "$km: sent with $send_key" ||
	    fail "$km: sent with $send_key"
	like "$(decoded "$BOB" "$tag-$km")" "subject=keymap $km $tag" \
	    "$km: delivered"
	e2e_keys "$(key "$km" global quit)"
	e2e_exit_status >/dev/null
done
config

# 5. Editing at 40x12: headers one line each, the text gets the rest.
e2e_start 40x12 -- "$OUTPOST"
e2e_wait "From:" || fail "starts at 40x12"
s=$(e2e_screen)
unlike "$s" "Cc:" "empty Cc is hidden at 40x12"
like "$s" "Subject:" "Subject is there"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "small"
e2e_keys Enter
e2e_type "one two three four five six seven eight nine"
e2e_wait "seven" && e2e_wait "nine" &&
    [ "$(e2e_screen | grep -c 'one two three')" = 1 ] &&
    [ "$(e2e_screen | grep -c '^nine$')" = 1 ] &&
    ok "the text wraps at 40 columns" ||
    fail "the text wraps at 40 columns"
e2e_keys M-b M-b
e2e_type "X"
e2e_wait "Xeight nine" && ok "word left twice, then typing" ||
    fail "word left twice, then typing"
e2e_keys C-a
e2e_type "> "
e2e_wait "> one two" && ok "line start" || fail "line start"
e2e_keys C-e Enter
e2e_type "日本語"
e2e_keys Left BSpace
e2e_wait "日語" && ok "delete a wide character" ||
    fail "delete a wide character"
e2e_keys M-u
e2e_wait "日本語" && ok "undo" || fail "undo"
s=$(e2e_screen)
like "$s" "Subject: small" "the headers stay in view"
like "$s" "To:      bob@mail.test" "To stays in view"
e2e_keys C-s
e2e_wait "postponed"
e2e_keys C-q
e2e_exit_status >/dev/null
rm -f "$TEST_HOME"/drafts/*.draft

# 6. A server that cannot be reached: the reason on the status line, the
# message stays in the outbox and the status line counts it.
write_policy "$TEST_HOME/dead.policy" "$H" 1
write_config "$TEST_HOME/config" "$TEST_HOME/dead.policy"
e2e_start 100x30 -- "$OUTPOST"
e2e_wait "From:"
unlike "$(e2e_screen)" "unsent" "nothing unsent yet"
e2e_type "bob@mail.test"
e2e_keys Enter Enter Enter
e2e_type "unreachable $tag"
e2e_keys Enter
e2e_type "This one waits in the outbox."
e2e_keys C-x
e2e_wait "not sent yet" 30 && ok "deferred: the status line says why" ||
    fail "deferred: the status line says why"
e2e_wait "1 unsent" && ok "the status line counts it" ||
    fail "the status line counts it"
is "$(drafts)" 0 "queued: the draft is gone"
e2e_keys C-q
[ "$(e2e_exit_status 2)" = running ] && e2e_keys y
e2e_exit_status >/dev/null

done_testing
