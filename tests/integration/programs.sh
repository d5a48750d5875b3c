#!/bin/sh
# programs.sh -- outpost as the sendmail of the programs that call one,
# installed as a link named "sendmail" and run as their users run them:
# cron's command line, bsd-mailx, s-nail, neomutt in batch mode, git
# send-email with a UTF-8 cover letter and a line over 998 octets, and a
# message without any header.  Each goes through the real Postfix and
# through a server offering none of 8BITMIME, SMTPUTF8, PIPELINING,
# CHUNKING, SIZE and DSN; whatever arrives must parse under Python's
# policy.strict and decode to exactly what the program wrote.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
use_servers
PY=${PYTHON3:-/usr/bin/python3}
PARSE="$PY $top_srcdir/tests/integration/parse_message.py --strict"
T=$TEST_HOME
tag=p$$

# The programs come from contrib/quickstart's TEST_PKGS: missing, the
# run is broken, never skipped.
for p in bsd-mailx s-nail neomutt git; do
	command -v $p >/dev/null ||
	    { echo "Bail out! $p is not installed (contrib/quickstart installs it)"; exit 1; }
done
[ -x "$(git --exec-path)/git-send-email" ] ||
    { echo "Bail out! git send-email is not installed (package git-email)"; exit 1; }

# The server without extensions saves what it receives in $T/saved.
mkdir -p "$T/saved"
faulty_start "$T" --smtps-port @0 --starttls-port @1 --greet421-port 0 \
    --save-dir "$T/saved" --ehlo-ext "" || { echo "Bail out! faulty_smtp.py did not start"; exit 1; }
fpid=$FAULTY_PID BARE_PORT=$FAULTY_BASE
trap 'kill $fpid 2>/dev/null; if [ -z "${OUTPOST_TEST_SERVERS:-}" ]; then "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS"; fi; rm -rf "$TEST_HOME"' EXIT

# outpost as users install it: a link named sendmail, first on PATH.
mkdir -p "$T/bin" "$T/home"
ln -s "$OUTPOST" "$T/bin/sendmail"
SENDMAIL=$T/bin/sendmail
export PATH="$T/bin:$PATH" HOME="$T/home" LC_ALL=C.UTF-8
export GIT_CONFIG_NOSYSTEM=1
printf 'alice-pw-1\n' > "$T/pw"

# An account on each server: $T/postfix and $T/bare, each an
# OUTPOST_HOME with its config.
account() { # name host port
	mkdir -m 700 "$T/$1"
	write_policy "$T/$1.policy" "$2" "$3"
	write_config "$T/$1/config" "$T/$1.policy" "name = Alice Example"
}
account postfix "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT"
account bare 127.0.0.1 "$BARE_PORT"

# arrived RCPT SUBJECT OUT: the message for RCPT whose decoded Subject is
# SUBJECT (any, when empty), as it was sent, into OUT; looked for 300
# times 0.1 s apart when WAIT is 1 (the program said it was sent or
# queued: the queue runner may deliver it a little later), else once.  For Postfix from RCPT's Maildir; for the bare server from
# its saved files whose envelope named RCPT.
candidates() { # rcpt
	if [ "$S" = postfix ]; then
		for c in "$OUTPOST_TEST_MAIL_DIR/$1"/Maildir/new/*; do
			[ -f "$c" ] || continue
			maildir_message "$c" "$T/maildir-${c##*/}"
			echo "$T/maildir-${c##*/}"
		done
	else
		sed -n "s/.* ACCEPTED .*to=\([^ ]*\) .*file=\([^ ]*\)$/\1 \2/p" "$T/faulty.log" |
		    while read -r to file; do
			case ",$to," in *",$1,"*) echo "$file" ;; esac
		done
	fi
}
pick() { # subject files...
	"$PY" -c '
import email, email.policy, sys
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    if not sys.argv[1] or str(msg["Subject"] or "") == sys.argv[1]:
        print(path)
        break' "$@"
}
arrived() { # rcpt subject out
	i=0
	while [ $i -lt 300 ]; do
		# shellcheck disable=SC2046 # file names made here, no blanks
		f=$(pick "$2" $(candidates "$1"))
		[ -n "$f" ] && { cp "$f" "$3"; return 0; }
		[ "$WAIT" = 1 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# check WHAT RCPT SUBJECT parse_message-options...: it arrived, and the
# strict parse of it equals the input.
check() {
	what=$1 rcpt=$2 subj=$3
	shift 3
	if ! arrived "$rcpt" "$subj" "$T/got.eml"; then
		fail "$what: arrives for $rcpt [$S]"
		fail "$what: parses under policy.strict, decodes to the input [$S]" "nothing arrived"
		return 0
	fi
	ok "$what: arrives for $rcpt [$S]"
	[ "$S" = postfix ] && set -- -8 "$@"
	r=$($PARSE "$T/got.eml" -s "$subj" "$@" 2>&1)
	is "$r" ok "$what: parses under policy.strict, decodes to the input [$S]"
}
no_dead_letter() { # program: it did not save the message as unsent
	if [ -f "$HOME/dead.letter" ]; then
		fail "$1: no dead.letter [$S]" "it holds: $(head -1 "$HOME/dead.letter")"
	else
		ok "$1: no dead.letter [$S]"
	fi
	rm -f "$HOME/dead.letter"
}
run() { # a program's run: rc, its output in $out; WAIT for arrived
	out=$("$@" 2>&1)
	rc=$?
	[ $rc = 0 ] && WAIT=1 || WAIT=0
	[ -z "$out" ] || printf '%s\n' "$out" | head -5 | sed 's/^/# /'
}

# The body cron writes, a UTF-8 line in it, and cron's header (Debian 12,
# cron 3.0pl1-162, do_command.c: MIME headers, the job's environment).
HOST=$(uname -n | cut -d. -f1)
printf 'Sicherung fertig: 3 Dateien, Größe 12 MB – ok\nno errors\n' > "$T/cron.body"
cron_mail() { # subject
	printf 'From: root (Cron Daemon)\nTo: alice\nSubject: %s\n' "$1"
	printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf 'X-Cron-Env: <%s>\n' SHELL=/bin/sh HOME=/home/alice LOGNAME=alice PATH=/usr/bin:/bin
	printf '\n'
	cat "$T/cron.body"
}
CRON_ENV="--header X-Cron-Env:<SHELL=/bin/sh> --header X-Cron-Env:<HOME=/home/alice>
--header X-Cron-Env:<LOGNAME=alice> --header X-Cron-Env:<PATH=/usr/bin:/bin>"

printf 'Grüße aus Köln – 東京\nzweite Zeile: äöü ß\n' > "$T/text.body"
head -c 3000 /dev/urandom > "$T/report.bin"
U8='Grüße – 東京 📧'

# A three-patch series with a cover letter, its subject and blurb edited
# in UTF-8 as a user does; patch 2 adds a line of 1201 octets.
git init -q "$T/repo"
git -C "$T/repo" config user.name "Alice Example"
git -C "$T/repo" config user.email alice@mail.test
echo base > "$T/repo/f.txt"
git -C "$T/repo" add f.txt
git -C "$T/repo" commit -qm base
for i in 1 2 3; do
	if [ $i = 2 ]; then
		printf 'L%01200d\n' 0 | tr 0 x >> "$T/repo/f.txt"
	else
		echo "Zeile $i: Grüße" >> "$T/repo/f.txt"
	fi
	git -C "$T/repo" commit -qam "change $i"
done
git -C "$T/repo" format-patch -q --cover-letter -o "$T/series" HEAD~3
COVER='Grüße: eine Reihe – 東京'
sed -i -e "s/\*\*\* SUBJECT HERE \*\*\*/$COVER/" \
    -e 's/\*\*\* BLURB HERE \*\*\*/Drei Änderungen, eine sehr lang./' "$T/series/0000-cover-letter.patch"
for p in "$T"/series/*.patch; do sed '1,/^$/d' "$p" > "$p.body"; done
LONG=$(awk 'length > 998' "$T/series/0002-change-2.patch.body")

for S in postfix bare; do
	export OUTPOST_HOME="$T/$S"
	rm -f "$HOME/dead.letter"

	# 1. cron: sendmail -FCronDaemon -i -B8BITMIME -oem MAILTO, MAILTO
	# the bare login (issue 15: -B refused with 64, alice with 65).
	subj="Cron <alice@$HOST> /usr/local/bin/backup --tag $tag-$S"
	cron_mail "$subj" > "$T/cron.eml"
	run "$SENDMAIL" -FCronDaemon -i -B8BITMIME -oem alice < "$T/cron.eml"
	is "$rc" 0 "cron: sendmail -FCronDaemon -i -B8BITMIME -oem alice exits 0 [$S]"
	# shellcheck disable=SC2086
	check "cron, bare login alice qualified" alice@mail.test "$subj" --client \
	    -f alice@mail.test -t alice@mail.test -B "$T/cron.body" $CRON_ENV

	# 2. bsd-mailx: raw UTF-8 in its Subject and body.
	printf 'set sendmail=%s\n' "$SENDMAIL" > "$T/mailrc"
	run env MAILRC="$T/mailrc" bsd-mailx -s "$U8 mailx" "$tag-mailx-$S@mail.test" < "$T/text.body"
	is "$rc" 0 "bsd-mailx: UTF-8 subject and body, exit 0 [$S]"
	no_dead_letter bsd-mailx
	check "bsd-mailx, UTF-8 subject" "$tag-mailx-$S@mail.test" "$U8 mailx" \
	    -f alice@mail.test -n "Alice Example" -t "$tag-mailx-$S@mail.test" -B "$T/text.body"

	# 3. s-nail: its own MIME (RFC 2047 subject, quoted-printable body).
	run s-nail -n -S mta="$SENDMAIL" -S sendwait -S DEAD="$HOME/dead.letter" -s "$U8 s-nail" "$tag-snail-$S@mail.test" < "$T/text.body"
	is "$rc" 0 "s-nail: UTF-8 subject and body, exit 0 [$S]"
	no_dead_letter s-nail
	check "s-nail, UTF-8 subject" "$tag-snail-$S@mail.test" "$U8 s-nail" --client \
	    -f alice@mail.test -n "Alice Example" -t "$tag-snail-$S@mail.test" -B "$T/text.body"

	# 4. neomutt in batch mode: -B8BITMIME -N failure,delay -R hdrs,
	# a UTF-8 body and an attachment.
	cat > "$T/muttrc" <<-EOF
	set sendmail="$SENDMAIL"
	set use_8bitmime
	set dsn_notify="failure,delay"
	set dsn_return=hdrs
	set from="Alice Example <alice@mail.test>"
	set send_charset=utf-8
	set copy=no
	EOF
	run neomutt -n -F "$T/muttrc" -s "$U8 neomutt" -a "$T/report.bin" -- "$tag-mutt-$S@mail.test" < "$T/text.body"
	is "$rc" 0 "neomutt: -B8BITMIME -N failure,delay -R hdrs and an attachment, exit 0 [$S]"
	check "neomutt, UTF-8 body and attachment" "$tag-mutt-$S@mail.test" "$U8 neomutt" --client \
	    -f alice@mail.test -n "Alice Example" -t "$tag-mutt-$S@mail.test" -B "$T/text.body" \
	    -a "$T/report.bin"

	# 5. git send-email, 8bit, the long line let through (--no-validate:
	# git itself refuses it otherwise).
	run git -C "$T/repo" send-email --no-validate --smtp-server="$SENDMAIL" --confirm=never \
	    --from="Alice Example <alice@mail.test>" --to="$tag-git-$S@mail.test" --suppress-cc=all \
	    --transfer-encoding=8bit --8bit-encoding=UTF-8 "$T"/series/*.patch
	is "$rc" 0 "git send-email: UTF-8 cover letter and a 1201-octet line, exit 0 [$S]"
	n=0
	for p in "$T"/series/*.patch; do
		case $p in
		*0000-*) s="[PATCH 0/3] $COVER" ;;
		*) n=$((n + 1)); s="[PATCH $n/3] change $n" ;;
		esac
		check "git send-email ${s%% change*}" "$tag-git-$S@mail.test" "$s" --client --long-header-ok \
		    -f alice@mail.test -n "Alice Example" -t "$tag-git-$S@mail.test" -B "$p.body"
	done
	if arrived "$tag-git-$S@mail.test" "[PATCH 2/3] change 2" "$T/got.eml" &&
	    "$PY" -c 'import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
sys.exit(sys.argv[2] not in m.get_body(("plain",)).get_content().splitlines())' "$T/got.eml" "$LONG"; then
		ok "git send-email: the 1201-octet line arrives whole, not split [$S]"
	else
		fail "git send-email: the 1201-octet line arrives whole, not split [$S]"
	fi

	# 6. a message without any header, recipients as arguments.
	run sh -c "echo hi | sendmail $tag-hi-$S@example.org"
	is "$rc" 0 "echo hi | sendmail RCPT: no header at all, exit 0 [$S]"
	printf 'hi\n' > "$T/hi.body"
	check "header-less message" "$tag-hi-$S@example.org" "" --client -P "$T/hi.body" \
	    -f alice@mail.test -B "$T/hi.body"
done

kill "$fpid" 2>/dev/null
done_testing
