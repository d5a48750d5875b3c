#!/bin/sh
# attach-type.sh -- issue 18 target 2: "outpost send --attach" types a
# file by its name through /etc/mime.types, the way mutt does: the name
# wins over the bytes (a .pdf of plain words is application/pdf), a text
# type's charset comes from the whole file (us-ascii, utf-8), and
# libmagic -- its library and its 8 MB database -- is never opened for
# such a send (strace through the real Postfix).  A file with no
# extension, or Latin-1 text named .txt, is left to libmagic, which is
# opened then, and closed -- its database unmapped -- before OpenSSL
# starts (reads its configuration), so that the two are never resident
# together (the peak memory of such a send, make bench).  The delivered
# types are read by Python's email module.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
need() { fail "$1 (contrib/quickstart installs it)"; done_testing; exit; }
command -v strace >/dev/null 2>&1 || need "strace is not installed"
[ -r /etc/mime.types ] || need "/etc/mime.types is missing: package media-types"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=t$$
S=$TEST_HOME
printf 'alice-pw-1\n' > "$S/pw"
write_policy "$S/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT" \
    "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$S/config" "$S/loop.policy" "timeout.reply = 60"
printf 'Files attached.\n' > "$S/body"
printf 'just some words, not a PDF\n' > "$S/x.pdf"
printf '#!/bin/sh\necho plain ASCII\n' > "$S/notes.txt"
printf '<?xml version="1.0"?>\n<a>caf\303\251 \342\202\254</a>\n' > "$S/utf8.txt"
printf 'caf\351 cr\350me br\373l\351e, na\357ve fa\347ade\n' > "$S/latin1.txt"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\2\0\0\0\220wS\336' > "$S/picture"

# send N FILE...: under strace -> $rc, $S/strace.N
send() {
	sn=$1
	shift
	sa=
	for f in "$@"; do sa="$sa --attach $S/$f"; done
	# shellcheck disable=SC2086 # one word per --attach and file
	strace -f -qq -e trace=open,openat,mmap,munmap -o "$S/strace.$sn" \
	    env -u OPENSSL_CONF setsid -w \
	    "$OUTPOST" -c "$S/config" send --to bob@mail.test \
	    --subject "types $tag-$sn" $sa < "$S/body" > "$S/out.$sn" 2>&1
	rc=$?
}
# types N: "name type charset" for each attachment of the message delivered
types() {
	tf=$(maildir_file bob@mail.test "types $tag-$1")
	[ -n "$tf" ] || { echo "not delivered"; return; }
	/usr/bin/python3 - "$tf" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
for p in m.iter_attachments():
    print(p.get_filename(), p.get_content_type(), p.get_param("charset") or "-")
PY
}
opened() { grep -c 'libmagic\.so\|magic\.mgc' "$S/strace.$1"; }
# order N: libmagic's database (its mmap) unmapped before OpenSSL opened
# its configuration (openssl.cnf, there or not), or what happened instead
order() {
	awk '/magic\.mgc"/ && / = [0-9]+$/ { fd = $NF; next }
	fd != "" && /mmap\(/ && index($0, ", " fd ", 0) = 0x") { addr = $NF; fd = "" }
	addr != "" && index($0, "munmap(" addr ",") && !un { un = NR }
	/openssl\.cnf"/ && !cnf { cnf = NR }
	END {
		if (addr == "") print "the database was not mapped"
		else if (!un) print "the database stayed mapped"
		else if (!cnf) print "OpenSSL did not start"
		else if (un < cnf) print "unmapped before OpenSSL started"
		else print "OpenSSL started while the database was mapped"
	}' "$S/strace.$1"
}

send 1 x.pdf notes.txt utf8.txt
is "$rc" 0 "named attachments sent" || cat "$S/out.1" >&2
if grep -q '"/etc/mime.types"' "$S/strace.1"; then
	ok "the types were read from /etc/mime.types"
else
	fail "the types were read from /etc/mime.types" "not opened"
fi
is "$(opened 1)" 0 "named attachments: libmagic and magic.mgc never opened"
is "$(types 1)" "x.pdf application/pdf -
notes.txt text/plain us-ascii
utf8.txt text/plain utf-8" \
    "the name gives the type (over the bytes), the bytes the charset"

send 2 picture
is "$rc" 0 "an attachment without an extension sent" || cat "$S/out.2" >&2
like "$(cat "$S/strace.2")" 'libmagic.so.1' "no extension: libmagic loaded"
like "$(cat "$S/strace.2")" 'magic.mgc' "no extension: its database opened"
is "$(types 2)" "picture image/png -" "no extension: libmagic's type"
is "$(order 2)" "unmapped before OpenSSL started" \
    "no extension: libmagic's database unmapped before OpenSSL starts"

send 3 latin1.txt
is "$rc" 0 "a Latin-1 .txt sent" || cat "$S/out.3" >&2
like "$(cat "$S/strace.3")" 'magic.mgc' "Latin-1 text: libmagic asked"
is "$(types 3)" "latin1.txt text/plain iso-8859-1" "Latin-1 text: libmagic's charset"
done_testing
