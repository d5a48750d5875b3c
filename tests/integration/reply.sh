#!/bin/sh
# reply.sh -- reply, forward and compose end to end (issue 17): the draft
# outpost-agent make-draft writes for each message of the corpus
# (tests/fixtures/messages) from a file and from a pipe, sent with
# "send --draft" through the real Postfix and read back with Python's
# email: In-Reply-To and References (RFC 5322 3.6.4, a chain of 40), the
# quoted text with '> ' on every line (format=flowed joined, Latin-1 and
# HTML through reply.html_filter turned into UTF-8 text); forward
# --attach as a message/rfc822 part equal to the original; a mailto:
# link (with signature.file below its text) and a file with headers as
# drafts; what is refused (a line break
# in a mailto: field, over 64 MiB on standard input, no terminal).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=/usr/bin/python3
C=$top_srcdir/tests/fixtures/messages
tag=r$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
# A filter as a user might write one: HTML on its input, text out.
cat > "$TEST_HOME/html2text" <<'PYEOF'
#!/usr/bin/python3
import html, re, sys
t = sys.stdin.read()
t = re.sub(r"(?s)<(style|head)>.*?</\1>", "", t)
t = re.sub(r"</p>\s*", "\n\n", t)
print(html.unescape(re.sub(r"<[^>]*>", "", t)).strip())
PYEOF
chmod +x "$TEST_HOME/html2text"
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
    "name = Alice Example" "reply.html_filter = $TEST_HOME/html2text"
CFG="-c $TEST_HOME/config"
D=$TEST_HOME/drafts

# make KIND ARG: the draft's id in $id (its status line in $note).
make() {
	out=$("$OUTPOST_AGENT" $CFG make-draft "$@" 2>&1); rc=$?
	id=$(printf '%s\n' "$out" | sed -n 1p)
	note=$(printf '%s\n' "$out" | sed -n 2p)
}
# field ID KEY: a draft's "key: value".
field() { sed -n "s/^$2: //p" "$D/$1.draft"; }
# send_to ID N: the draft addressed to $tag-N@mail.test only (the
# corpus's own people are not on the test server), sent; the delivered
# file in $got.
send_to() {
	sed -i "s/^to:.*/to: $tag-$2@mail.test/; s/^cc:.*/cc:/" "$D/$1.draft"
	sent=$("$OUTPOST" $CFG send --draft "$1" 2>&1)
	is "$?" 0 "send --draft $2: exit 0 $(printf '%s' "$sent" | tail -1)"
	wait_delivered "$tag-$2@mail.test" 1 >/dev/null
	got=$(ls "$OUTPOST_TEST_MAIL_DIR/$tag-$2@mail.test"/Maildir/new/* 2>/dev/null | head -1)
}
# check FILE PYTHON-EXPR DESCRIPTION: m is the message (policy.default),
# body its text/plain content, lines its lines.
check() {
	r=$("$PY" - "$1" "$2" <<'PYEOF'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
part = m.get_body(preferencelist=("plain",))
body = part.get_content() if part is not None else ""
lines = body.split("\n")
print("yes" if eval(sys.argv[2]) else "no: %r %r %r" % (m["In-Reply-To"], m["References"], body[:600]))
PYEOF
)
	is "$r" yes "$3"
}

# 1. reply to all, from a file: multipart/alternative, RFC 2047 names.
make reply-all "$C/alternative.eml"
is "$rc" 0 "make-draft reply-all: exit 0"
is "$(field "$id" to)" "Seminar list <seminar@lists.example.org>" "To is Reply-To"
is "$(field "$id" cc)" 'Ada Lovelace <ADA@umich.edu>, "Babbage, Charles" <charles@example.org>, 山田 <yamada@example.jp>' \
    "Cc: the original To and Cc, the list (To already) and Ada (twice) once"
like "$note" 'replying: "Re: Seminar — Grüße"' "the status line names the reply"
send_to "$id" 1
check "$got" 'm["In-Reply-To"] == "<alt.1@example.es>"' "sent: In-Reply-To is the original's Message-ID"
check "$got" '" ".join(m["References"].split()) == "<first.0@umich.edu> <alt.1@example.es>"' \
    "sent: References is the original's then its Message-ID"
check "$got" 'str(m["Subject"]) == "Re: Seminar — Grüße"' "sent: Subject Re:, decoded"
check "$got" '"On 3 Mar 2026 16:04 +0100, José Müller wrote:\n> Hallo Ada,\n>\n> the seminar moves to Thursday — Grüße aus München.\n>\n>> Can we meet on Wednesday?" in body' \
    "sent: the attribution and the plain part quoted, the signature left out"
check "$got" 'part.get_param("format") == "flowed"' "sent: format=flowed"

# 2. reply from a pipe: format=flowed, long paragraphs.
make reply - < "$C/flowed.eml"
is "$rc" 0 "make-draft reply - (standard input): exit 0"
is "$(field "$id" subject)" "Re: the plan" "Re: RE: Aw: Re[2]: becomes one Re:"
send_to "$id" 2
check "$got" '" ".join(m["References"].split()) == "<only.9@umich.edu> <flowed.3@example.navy.mil>"' \
    "sent: References from the one In-Reply-To id, then the Message-ID"
check "$got" '(lambda i: all(l.startswith(">") for l in lines[i+1:lines.index("> Grace")+1]) and len(lines) > i+8)([k for k, l in enumerate(lines) if l.endswith("wrote:")][0])' \
    "sent: every line of the quote starts with '>' (long quoted paragraphs reflowed with their marks)"
check "$got" '"> This paragraph was written in a mail program that sends \n> format=flowed, so" in body' \
    "sent: the joined paragraph quoted"

# 3. a long References chain and a Latin-1 body.
make reply-all "$C/long-refs.eml"
send_to "$id" 3
check "$got" 'm["References"].split() == ["<chain.%d@lists.example.org>" % i for i in range(41)]' \
    "sent: 40 References and the parent's Message-ID, in order"
check "$got" 'max(len(l) for l in open(sys.argv[1], "rb").read().split(b"\n")) <= 998' \
    "sent: no line over 998 octets"
check "$got" '"> Naïve café code, Ada." in body' "sent: the Latin-1 text quoted in UTF-8"

# 4. HTML only: through reply.html_filter; without one, a note.
make reply "$C/html-only.eml"
send_to "$id" 4
check "$got" '"> Café au lait: two for one.\n>\n> Until Friday & only here." in body and "<p>" not in body' \
    "sent: the HTML turned into text by reply.html_filter, quoted"
write_config "$TEST_HOME/config2" "$TEST_HOME/loop.policy" "reply.html_filter = /bin/false"
out=$("$OUTPOST_AGENT" -c "$TEST_HOME/config2" make-draft reply "$C/html-only.eml" 2>&1); rc=$?
is "$rc" 65 "a failing reply.html_filter: exit 65"
like "$out" "reply.html_filter \"/bin/false\": /bin/false stopped (exit 1)" "the setting and the command named"
write_config "$TEST_HOME/config2" "$TEST_HOME/loop.policy"
out=$(PATH=/nonexistent "$OUTPOST_AGENT" -c "$TEST_HOME/config2" make-draft reply "$C/html-only.eml" 2>&1); rc=$?
is "$rc" 0 "no filter and no w3m or lynx: the reply is still made"
like "$out" "no plain text part, only HTML: set reply.html_filter" "the status line says to set reply.html_filter"

# 5. forward --attach: the original, byte for byte, as message/rfc822.
make forward-attach - < "$C/attachment.eml"
is "$(field "$id" subject)" "Fwd: the notes" "forward: Fwd: subject"
att=$(field "$id" attach)
like "$(stat -c %a "$att")" 600 "the forwarded message kept 0600 with the draft"
cp "$C/attachment.eml" "$TEST_HOME/forwarded-message.eml"
: > "$TEST_HOME/empty"
send_to "$id" 5
maildir_message "$got" "$TEST_HOME/m5.eml"
out=$("$PY" "$top_srcdir/tests/integration/parse_message.py" "$TEST_HOME/m5.eml" -f alice@mail.test \
    -n "Alice Example" -t "$tag-5@mail.test" -s "Fwd: the notes" -B "$TEST_HOME/empty" \
    -a "$TEST_HOME/forwarded-message.eml" 2>&1)
is "$out" ok "sent: a message/rfc822 part equal to the original (parse_message.py)"
[ ! -e "$att" ] && ok "the forwarded copy went with the draft" || fail "the forwarded copy is left: $att"

# 6. forward inline: the block and the attachment.
make forward "$C/attachment.eml"
send_to "$id" 6
check "$got" '"---------- Forwarded message ----------\nFrom: Ada Lovelace <ada@umich.edu>\n" in body and "The notes are attached." in body' \
    "sent: the forwarded block"
check "$got" '[p.get_filename() for p in m.iter_attachments()] == ["notes.pdf"]' "sent: the attachment forwarded"

# 7. compose mailto: and --draft FILE.
make mailto 'mailto:bob@mail.test?cc=carol@mail.test&subject=caf%C3%A9&body=line%201%0D%0Aline%202&X-Evil=1&In-Reply-To=%3Cx.1@mail.test%3E'
is "$rc" 0 "make-draft mailto: exit 0"
is "$(field "$id" to),$(field "$id" cc),$(field "$id" subject),$(field "$id" in-reply-to)" \
    "bob@mail.test,carol@mail.test,café,<x.1@mail.test>" "mailto: to, cc, subject, in-reply-to"
is "$(sed '1,/^$/d' "$D/$id.draft")" "line 1
line 2" "mailto: the body, CR LF as lines"
like "$note" "left out X-Evil" "mailto: the field left out is named"
# signature.file: below a link's text, as a new message has it.
printf 'Alice\nAnn Arbor\n\n' > "$TEST_HOME/sig"
write_config "$TEST_HOME/config-sig" "$TEST_HOME/loop.policy" \
    "name = Alice Example" "signature.file = $TEST_HOME/sig"
CFG="-c $TEST_HOME/config-sig"
make mailto 'mailto:bob@mail.test?body=line%201%0D%0A'
is "$(sed '1,/^$/d' "$D/$id.draft")" "line 1

-- 
Alice
Ann Arbor" "mailto: the body, then the signature below an empty line"
make mailto 'mailto:bob@mail.test'
is "$(sed '1,/^$/d' "$D/$id.draft")" "

-- 
Alice
Ann Arbor" "mailto: no body: the signature as a new message has it"
rm "$TEST_HOME/sig"
make mailto 'mailto:bob@mail.test?body=hello'
is "$rc:$(sed '1,/^$/d' "$D/$id.draft")" "0:hello" "mailto: a signature that cannot be read: the text alone"
like "$note" "no signature: signature.file $TEST_HOME/sig" "and the status line says why"
CFG="-c $TEST_HOME/config"
n=$(ls "$D" | wc -l)
make mailto 'mailto:bob@mail.test?subject=hi%0D%0ABcc:%20eve@evil.example'
is "$rc" 65 "mailto: a line break in the subject: exit 65"
like "$out" "subject contains a line break" "the field named"
is "$(ls "$D" | wc -l)" "$n" "no draft made"
printf 'To: Bob <bob@mail.test>\nCc: carol@mail.test\nBcc: dave@mail.test\nSubject: from a file\nIn-Reply-To: <y.2@mail.test>\n\nthe text\n' > "$TEST_HOME/h.txt"
make headers "$TEST_HOME/h.txt"
is "$(field "$id" to)|$(field "$id" cc)|$(field "$id" bcc)|$(field "$id" subject)|$(field "$id" in-reply-to)" \
    "Bob <bob@mail.test>|carol@mail.test|dave@mail.test|from a file|<y.2@mail.test>" \
    "compose --draft: the header fields, Bcc included"

# The shipped mailto: handler: a valid desktop entry running compose.
out=$(desktop-file-validate "$top_srcdir/contrib/outpost-mailto.desktop" 2>&1); rc=$?
is "$rc:$out" "0:" "contrib/outpost-mailto.desktop passes desktop-file-validate"
like "$(cat "$top_srcdir/contrib/outpost-mailto.desktop")" "Exec=x-terminal-emulator -e outpost compose %u" \
    "it opens outpost compose with the link in a terminal"

# 8. refused.
out=$(head -c 67108865 /dev/zero | tr '\0' a | "$OUTPOST_AGENT" $CFG make-draft reply - 2>&1); rc=$?
is "$rc" 65 "over 64 MiB on standard input: exit 65"
like "$out" "over 64 MiB" "said in plain words"
out=$(setsid "$OUTPOST" $CFG reply "$C/flowed.eml" </dev/null 2>&1); rc=$?
is "$rc" 69 "no terminal at all: exit 69"
like "$out" "no terminal for the composer" "the draft is kept and the way on said"
out=$(script -qec "$OUTPOST $CFG reply" /dev/null </dev/null 2>&1); rc=$?
like "$out" "give the message as a file, or pipe it in" "reply on a terminal with no file: what to give"
out=$("$OUTPOST" $CFG forward --bogus 2>&1); rc=$?
is "$rc" 64 "forward --bogus: exit 64"
done_testing
