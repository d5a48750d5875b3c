#!/bin/sh
# message-parse.sh -- messages made by message_build and message_prepare
# (through tests/unit/msgdump) read back by Python's email package
# (parse_message.py): no defects, CRLF, line limits, and headers, body
# and attachments equal to what went in; with and without 8BITMIME and
# SMTPUTF8; forwarded mail as message/rfc822; "outpost send
# --queue-only" with a forwarded mail and with a NUL in a -t body.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
: "${PYTHON3:=/usr/bin/python3}"
MSGDUMP=$top_builddir/tests/unit/msgdump
CHECK=$top_srcdir/tests/integration/parse_message.py
[ -x "$MSGDUMP" ] || skip_all "tests/unit/msgdump is not built"
"$PYTHON3" -c 'import email.policy' 2>/dev/null || skip_all "no $PYTHON3"
T=$(mktemp -d "${TMPDIR:-/tmp}/outpost-msg.XXXXXX")
trap 'rm -rf "$T"' EXIT
N=0

# check_case DESCRIPTION [checker options] -- msgdump arguments
# Builds $T/mN.eml, keeps msgdump's envelope output in $env.
check_case() {
	desc=$1
	shift
	copts=
	while [ "$1" != -- ]; do
		copts="$copts $1"
		shift
	done
	shift
	N=$((N + 1))
	out=$T/m$N.eml
	if ! env=$("$MSGDUMP" -o "$out" "$@" 2>&1); then
		fail "$desc" "msgdump: $env"
		return 0
	fi
	# shellcheck disable=SC2086
	if why=$("$PYTHON3" "$CHECK" $copts "$out" "$@" 2>&1); then
		ok "$desc"
	else
		fail "$desc" "$why"
	fi
}
# The header of the last message, as text.
header() { sed '/^\r*$/q' "$out"; }

A="-f ada@umich.edu"
U8='Grüße – 東京 📧'
printf 'Hello Bob,\n\nsee you at noon.\n\n-- \nAda\n' > "$T/ascii.txt"
printf 'Grüße aus Tōkyō 東京 📧\nzweite Zeile: äöü ß\n' > "$T/utf8.txt"
"$PYTHON3" - "$T" <<'PY'
import os, random, sys
t = sys.argv[1]
def put(name, data):
    with open(os.path.join(t, name), "wb") as f:
        f.write(data)
put("long.txt", b"x" * 1500 + b"\nshort\n" + "é".encode() * 600 + b"\n")
put("dots.txt", b".\n..leading dots\nFrom here on\n From not first\n.\nend\n")
put("spaces.txt", b"trailing space \ntrailing tab\t\n \t \n\nend  ")
put("ctl.txt", b"bare\rCR and NUL \0 and \x1b escape\n")
put("nofinal.txt", "no final newline: ü".encode())
put("empty.txt", b"")
# Seeded, not os.urandom: about 1 random file in 100 looks like
# something to libmagic (a DOS executable, zlib data), and the type of
# random.bin is checked below.
rng = random.Random(20261128)
put("random.bin", rng.randbytes(1 << 20))
put("big.bin", rng.randbytes(20 << 20))
put("notes.txt", b"plain text\nline two\n")
put("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"
    b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
put("R\u00e9sum\u00e9 \u5c65\u6b74\u66f8.pdf", open(
    os.path.join(t, "doc.pdf"), "rb").read())
put(("\u00c4rger mit einem sehr langen Dateinamen \u2013 "
     "\u6771\u4eac\u306e\u5831\u544a\u66f8 2024 (endg\u00fcltig).txt"),
    "Inhalt äöü\n".encode())
put("quote\"and\\back slash.txt", b"odd name\n")
put("empty.dat", b"")
# Forwarded mail (libmagic: message/rfc822 or message/news).
put("fwd.eml", b"From: Carol <carol@x.org>\nTo: bob@x.org\nSubject: Fwd\n"
    b"Date: Mon, 7 Dec 2026 09:00:00 +0000\nMessage-ID: <1@x.org>\n\n"
    b"Body line\n.\nFrom the start\n")
put("m.txt", b"From: a@b.c\n\nhi\n")
put("crlf.eml", b"From: a@b.c\r\nSubject: crlf\r\n\r\nno final newline")
put("news.txt", b"Path: news.x!not-for-mail\nFrom: a@b.c\n"
    b"Newsgroups: comp.mail\nSubject: s\n\nnews body\n")
put("8bit.eml", "From: Carol <carol@x.org>\nSubject: Gruss\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: 8bit\n\nGrüße aus Köln\n".encode())
# Header-like starts that are no message that can travel as one.
put("cr.eml", b"From: a@b.c\nSubject: x\n\nbinary\r\x01\x02\rbytes\n")
put("long.eml", b"From: a@b.c\nSubject: long\n\n" + b"y" * 1500 + b"\n")
put("nothdr.eml", b"From: a@b.c\nthis is not a header\n\nbody\n")
PY

check_case "ASCII message goes 7bit" --cte 7bit -- $A -t bob@x.org \
	-s "Lunch on Friday" -B "$T/ascii.txt"
like "$(header)" "Content-Transfer-Encoding: 7bit" "7bit named in the header"
check_case "non-ASCII subject: RFC 2047" -- $A -t bob@x.org -s "$U8" \
	-B "$T/ascii.txt"
like "$(header)" "Subject: =?utf-8?" "subject is encoded-words"
check_case "non-ASCII subject with SMTPUTF8: raw UTF-8" -u -- $A -u \
	-t bob@x.org -s "$U8" -B "$T/ascii.txt"
like "$(header)" "Subject: $U8" "subject travels as UTF-8"
like "$env" "smtputf8 1" "envelope asks for SMTPUTF8"
check_case "non-ASCII display name" -- $A -n "Ada Lövelace" -t bob@x.org \
	-s x -B "$T/ascii.txt"
check_case "display name with specials and non-ASCII" -- $A \
	-n "Lövelace, Ada (Dr.) <ada>" -t bob@x.org -s x -B "$T/ascii.txt"
check_case "ASCII display name with specials" -- $A \
	-n 'Dr. Ada "Countess" Lovelace, PhD' -t bob@x.org -s x \
	-B "$T/ascii.txt"
check_case "display name with SMTPUTF8" -u -- $A -u -n "Ада Лавлейс" \
	-t bob@x.org -s x -B "$T/ascii.txt"
check_case "non-ASCII body: quoted-printable" --cte quoted-printable -- \
	$A -t bob@x.org -s body -B "$T/utf8.txt"
like "$env" "eightbit 0" "QP body needs no 8BITMIME"
check_case "non-ASCII body with 8BITMIME: 8bit" -8 --cte 8bit -- $A -8 \
	-t bob@x.org -s body -B "$T/utf8.txt"
like "$env" "eightbit 1" "8bit body asks for BODY=8BITMIME"
check_case "lines over 998 octets: QP even with 8BITMIME" -8 \
	--cte quoted-printable -- $A -8 -t bob@x.org -s long -B "$T/long.txt"
check_case "lines starting with . and From" --cte quoted-printable -- \
	$A -t bob@x.org -s dots -B "$T/dots.txt"
if grep -q '^From ' "$out"; then fail "no line begins with From"
else ok "no line begins with From"; fi
check_case "trailing white space kept" -- $A -t bob@x.org -s sp \
	-B "$T/spaces.txt"
check_case "bare CR, NUL, ESC in the body" -- $A -t bob@x.org -s ctl \
	-B "$T/ctl.txt"
check_case "body without a final newline" -8 -- $A -8 -t bob@x.org -s nl \
	-B "$T/nofinal.txt"
check_case "empty body" -- $A -t bob@x.org -s "empty body" -B "$T/empty.txt"
check_case "empty subject" -- $A -t bob@x.org -s "" -B "$T/ascii.txt"
check_case "subject with runs of blanks and a tab" -- $A -t bob@x.org \
	-s "  two  spaces	tab " -B "$T/ascii.txt"
check_case "long subject folded at 78" -- $A -t bob@x.org -s "$("$PYTHON3" \
	-c 'print("Ein langer Betreff mit Umlauten äöü und viel Text " * 5)')" \
	-B "$T/ascii.txt"
check_case "long ASCII word in the subject" -- $A -t bob@x.org -s \
	"$("$PYTHON3" -c 'print("x" * 120 + " and " + "y" * 90)')" \
	-B "$T/ascii.txt"
check_case "text that looks like an encoded-word" -- $A -t bob@x.org \
	-s "=?utf-8?q?not_encoded?= really" -B "$T/ascii.txt"

check_case "attachments: binary, text, PDF, odd names, empty" \
	--type application/octet-stream --type text/plain \
	--type application/pdf --type application/pdf --type text/plain \
	--type text/plain --type application/octet-stream -- \
	$A -t bob@x.org -s files -B "$T/utf8.txt" -a "$T/random.bin" \
	-a "$T/notes.txt" -a "$T/doc.pdf" -a "$T/Résumé 履歴書.pdf" \
	-a "$T/Ärger mit einem sehr langen Dateinamen – 東京の報告書 2024 (endgültig).txt" \
	-a "$T/quote\"and\\back slash.txt" -a "$T/empty.dat"
like "$(cat "$out")" "filename*=utf-8''R%C3%A9sum%C3%A9%20" \
	"non-ASCII file name as RFC 2231"
like "$(cat "$out")" "filename*1*=" "long file name in RFC 2231 sections"
check_case "attachments with 8BITMIME and SMTPUTF8" -8 -u -- $A -8 -u \
	-n "Ada Lövelace" -t bob@x.org -s "$U8" -B "$T/utf8.txt" \
	-a "$T/Résumé 履歴書.pdf" -a "$T/random.bin"
check_case "20 MB attachment" -- $A -t bob@x.org -s big -B "$T/ascii.txt" \
	-a "$T/big.bin"

# Forwarded mail as an attachment: message/rfc822 in 7bit or 8bit,
# never base64, its lines as they were (LF made CRLF); what cannot
# travel so goes as application/octet-stream.  The message/rfc822 parts
# crashed libetpan's writer before.
R=message/rfc822 O=application/octet-stream
check_case "forwarded messages: message/rfc822, 7bit" --type $R --type $R \
	--type $R --type $R -- $A -t bob@x.org -s fwd -B "$T/ascii.txt" \
	-a "$T/fwd.eml" -a "$T/m.txt" -a "$T/crlf.eml" -a "$T/news.txt"
like "$env" "eightbit 0" "7bit forwarded messages need no 8BITMIME"
unlike "$(cat "$out")" "Content-Type: message/news" "message/news goes as message/rfc822"
check_case "8-bit forwarded message with 8BITMIME: message/rfc822, 8bit" \
	-8 --type $R -- $A -8 -t bob@x.org -s fwd8 -B "$T/ascii.txt" \
	-a "$T/8bit.eml"
like "$env" "eightbit 1" "an 8bit message/rfc822 part asks for BODY=8BITMIME"
check_case "8-bit forwarded message without 8BITMIME: octet-stream" \
	--type $O -- $A -t bob@x.org -s fwd7 -B "$T/ascii.txt" -a "$T/8bit.eml"
check_case "bare CR, a 1500-octet line, no header: octet-stream" \
	--type $O --type $O --type $O -- $A -8 -t bob@x.org -s notmsg \
	-B "$T/ascii.txt" -a "$T/cr.eml" -a "$T/long.eml" -a "$T/nothdr.eml"

set --
i=0
while [ $i -lt 30 ]; do set -- "$@" -t "user$i@example.org"; i=$((i + 1)); done
while [ $i -lt 50 ]; do set -- "$@" -c "user$i@example.net"; i=$((i + 1)); done
check_case "50 recipients, folded" -- $A "$@" -b hidden@z.org -s many \
	-B "$T/ascii.txt"
is "$(printf '%s\n' "$env" | grep -c '^rcpt ')" 51 "51 envelope recipients"
like "$env" "rcpt hidden@z.org" "Bcc is an envelope recipient"
unlike "$(cat "$out")" "hidden@z.org" "Bcc is not in the message"

# sendmail mode: LF line ends in, CRLF out; Date, Message-ID added; Bcc
# dropped; recipients from the header.
printf 'From: Ada <ada@umich.edu>\nTo: Bob <bob@x.org>,\n  carol@y.org\nBcc: hidden@z.org\nSubject: prepared\n\n' > "$T/in.eml"
cat "$T/ascii.txt" >> "$T/in.eml"
check_case "prepared message (send -t)" -- $A -n Ada -P "$T/in.eml" -H \
	-t bob@x.org -t carol@y.org -b hidden@z.org -s prepared \
	-B "$T/ascii.txt"
like "$env" "rcpt hidden@z.org" "send -t: Bcc in the envelope"
like "$env" "rcpt carol@y.org" "send -t: folded To read"

# The same through "outpost send --queue-only" (no server needed): the
# forwarded mail is queued (it crashed the agent with SIGSEGV), and a NUL
# in a sendmail-mode body is stored encoded, never raw: quoted-printable
# for text, base64 for anything else (it was refused).
export OUTPOST_HOME="$T/home"
mkdir -p "$OUTPOST_HOME"
write_policy "$T/p.policy" 127.0.0.1 465
OUTPOST_TEST_CA_FILE= write_config "$OUTPOST_HOME/config" "$T/p.policy"
queued() { # the .eml of the item "outpost send" said it queued, from $qout
	qid=$(printf '%s\n' "$qout" | queued_id)
	echo "$OUTPOST_HOME/outbox/queue/$qid.eml"
}
# (The agent types a file by its name first: an .eml is a message, a .txt
# text/plain whatever its lines.)
cp "$T/m.txt" "$T/m.eml"
qout=$(echo b | "$OUTPOST" send --to bob@x.org --subject s --attach "$T/m.eml" \
    --queue-only 2>&1)
is "$?" 0 "send --attach of a forwarded mail: queued (exit 0)"
printf 'b\n' > "$T/b.txt"
r=$("$PYTHON3" "$CHECK" "$(queued)" -f alice@mail.test -t bob@x.org -s s \
    -B "$T/b.txt" -a "$T/m.eml" --type message/rfc822 2>&1)
is "$r" ok "the queued message parses, its message/rfc822 part equal to the file"

printf 'nul \000 in the body\nand one more\000\n' > "$T/nul.txt"
{ printf 'From: alice@mail.test\nTo: bob@x.org\nSubject: nul\n\n'; cat "$T/nul.txt"; } > "$T/nul.eml"
qout=$("$OUTPOST" send -t --queue-only < "$T/nul.eml" 2>&1)
is "$?" 0 "send -t with a NUL in the body: queued"
if tr -d '\000' < "$(queued)" | cmp -s - "$(queued)"; then
	ok "the stored message has no NUL byte"
else
	fail "the stored message has no NUL byte"
fi
like "$(cat "$(queued)")" "Content-Transfer-Encoding: quoted-printable" \
    "the body is quoted-printable"
r=$("$PYTHON3" "$CHECK" "$(queued)" -f alice@mail.test -t bob@x.org -s nul \
    -B "$T/nul.txt" -P "$T/nul.eml" -H 2>&1)
is "$r" ok "it decodes back to the original bytes"
{ printf 'From: alice@mail.test\nTo: bob@x.org\nSubject: nul\n'
  printf 'Content-Type: application/octet-stream\n\n'; cat "$T/nul.txt"; } > "$T/nulbin.eml"
qout=$("$OUTPOST" send -t --queue-only < "$T/nulbin.eml" 2>&1)
is "$?" 0 "a NUL in a non-text body: queued (exit 0)"
like "$(cat "$(queued)")" "Content-Transfer-Encoding: base64" \
    "a non-text body with a NUL: base64"
r=$("$PYTHON3" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.strict)
want = open(sys.argv[2], "rb").read().replace(b"\n", b"\r\n")
print("ok" if m.get_payload(decode=True) == want and not m.defects else "differs")
' "$(queued)" "$T/nul.txt" 2>&1)
is "$r" ok "the base64 body decodes to the original bytes"

"$MSGDUMP" -o "$T/x.eml" $A -t bob@x.org -s x -a "$T/nonexistent.pdf" \
	>/dev/null 2>"$T/err"
like "$(cat "$T/err")" "msgdump: io: attachment" "missing attachment: I/O error"
like "$(cat "$T/err")" "$T/nonexistent.pdf" "missing attachment: path named"
done_testing
