#!/bin/sh
# reply.sh -- the real neomutt in tmux replies with outpost (issue 17):
# its macro pipes the message (<pipe-message>) into "outpost reply -",
# outpost reads it from the pipe, takes the terminal from /dev/tty and
# shows the composer with the reply; ^X sends it through the real
# Postfix, ^Q returns to neomutt.  What arrives: In-Reply-To, References,
# the quoted text.  Without neomutt the script bails out, never passes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
command -v neomutt >/dev/null 2>&1 || { echo "Bail out! neomutt is not installed"; exit 1; }
PY=${PYTHON3:-python3}
tag=rpl$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
BOB="$OUTPOST_TEST_MAIL_DIR/bob@mail.test/Maildir"
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" "$OUTPOST_TEST_SMTPS_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice Example"

# A Maildir with one message from bob, as neomutt users have them.
M=$TEST_HOME/Mail
mkdir -p "$M/cur" "$M/new" "$M/tmp"
cat > "$M/cur/1700000000.1.host:2,S" <<EOF2
From: Bob Example <bob@mail.test>
To: Alice Example <alice@mail.test>
Subject: =?UTF-8?Q?Lunch_=E2=80=94_$tag?=
Date: Mon, 2 Mar 2026 12:00:00 +0100
Message-ID: <lunch.$tag@mail.test>
References: <earlier.$tag@mail.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Shall we try the new café on Friday?
EOF2
cat > "$TEST_HOME/muttrc" <<EOF2
set folder=$M
set spoolfile=$M
set mbox_type=Maildir
set header_cache=
set message_cachedir=
set pipe_decode=no
set wait_key=yes
set sort=date
macro index,pager R "<pipe-message>$OUTPOST -c $TEST_HOME/config reply -<enter>" "reply with outpost"
EOF2

e2e_start 80x24 TERM=screen -- neomutt -n -F "$TEST_HOME/muttrc"
e2e_wait "Lunch" && ok "neomutt shows the message" || fail "neomutt shows the message"
e2e_keys R
e2e_wait "replying:" && ok "outpost's composer on the terminal, from neomutt's pipe" ||
    fail "outpost's composer on the terminal, from neomutt's pipe"
s=$(e2e_screen)
like "$s" "To:      Bob Example <bob@mail.test>" "To: the sender"
like "$s" "Subject: Re: Lunch — $tag" "Subject: Re:, decoded"
like "$s" "On 2 Mar 2026 12:00 +0100, Bob Example wrote:" "the attribution"
like "$s" "> Shall we try the new café on Friday?" "the text quoted"
# The cursor starts in the text, above the quote, as pine's does.
e2e_type "Friday suits me."
e2e_wait "Friday suits me." && ok "typing goes into the text, above the quote" ||
    fail "typing goes into the text, above the quote"
e2e_keys C-x
e2e_wait "sent \"Re: Lunch" 60 && ok "sent" || fail "sent"
e2e_keys C-q
# The send job may still be finishing after its "sent" line (its exit
# comes later on a loaded machine): then outpost asks, and y quits (the
# message is already sent, the job goes on without the UI).
n=0
while [ $n -lt 300 ]; do
	case $(e2e_screen) in
	*"Quit? A job"*) e2e_keys y; break ;;
	*"Press any key"*) break ;;
	esac
	sleep 0.1
	n=$((n + 1))
done
e2e_wait "Press any key" 30 && ok "outpost quits back to neomutt" ||
    fail "outpost quits back to neomutt"
wait_delivered bob@mail.test 1 >/dev/null
r=$("$PY" - "$BOB" "$tag" <<'PYEOF'
import email, email.policy, glob, sys
for path in glob.glob(sys.argv[1] + "/new/*"):
    m = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
    if sys.argv[2] not in str(m["Subject"]):
        continue
    print("irt=%s" % m["In-Reply-To"])
    print("refs=%s" % " ".join(str(m["References"]).split()))
    print("text=%s" % m.get_body(("plain",)).get_content().replace("\n", "|"))
PYEOF
)
like "$r" "irt=<lunch.$tag@mail.test>" "delivered: In-Reply-To"
like "$r" "refs=<earlier.$tag@mail.test> <lunch.$tag@mail.test>" "delivered: References"
like "$r" "text=Friday suits me.||On 2 Mar 2026 12:00 +0100, Bob Example wrote:|> Shall we try the new café on Friday?|" \
    "delivered: the answer above the quoted text"
e2e_keys Enter
e2e_wait "Lunch" && ok "neomutt again after a key" || fail "neomutt again after a key"
e2e_keys q
done_testing
