#!/bin/sh
# ownership.sh -- outpost acts only on files its user owns.  Run as root
# (the user) with nobody as the other user planting files and
# directories: an outbox others can write, or with a symbolic link for
# a directory, is refused whole; items of another owner, FIFOs and links
# as an item's files, and an envelope whose sender is not the account
# are moved to damaged/; a config or policy of another owner is
# refused.  The real Postfix gets none of it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "planting files as another user needs root"
command -v setpriv >/dev/null 2>&1 || skip_all "setpriv (util-linux) is not installed"
id nobody >/dev/null 2>&1 || skip_all "there is no user nobody"
make_home
use_servers
tag=own$$
OB=$OUTPOST_HOME/outbox
Q=$OB/queue
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
printf 'Planted or not.\n' > "$TEST_HOME/body"
write_policy "$TEST_HOME/loop.policy" "$OUTPOST_TEST_HOST" \
    "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy"
# nobody may pass through the data directory (0711 is still only ours
# to write) and has a directory of its own.
chmod 711 "$TEST_HOME"
NB=$TEST_HOME/nobody
mkdir "$NB" && chown nobody "$NB"
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
nobody_writes() { # file < content (the file is nobody's)
	as_nobody sh -c 'umask 022; cat > "$1"' sh "$1"
}
run() { out=$(timeout 60 "$OUTPOST" "$@" 2>&1); rc=$?; }
no_hang() { [ "$rc" != 124 ] && ok "$1" || fail "$1" "timed out after 60 s"; }
# flush with a fresh trace; traced PATTERN counts its lines (0: none).
flush_traced() { rm -f "$TEST_HOME/trace"; run flush --trace "$TEST_HOME/trace"; }
traced() { cat "$TEST_HOME/trace" 2>/dev/null | grep -c "$1"; }

# An item to plant, taken from a real one: ID.eml and ID.env under any id.
run send --queue-only --to "$tag-p@mail.test" --subject "planted $tag" < "$TEST_HOME/body"
is "$rc" 0 "a message of the user's is queued"
pid=$(ls "$Q" | sed -n 's/\.env$//p')
cp "$Q/$pid.eml" "$TEST_HOME/p.eml"
sed "s/^id: .*/id: @ID@/" "$Q/$pid.env" > "$TEST_HOME/p.env"
"$OUTPOST" outbox delete "$pid" >/dev/null
env_for() { # id [sed expression]
	sed "s/@ID@/$1/; ${2:-}" "$TEST_HOME/p.env"
}
item() { printf '20260101T000000Z-0000000000%s' "$1"; }

# 1. queue/ writable by anyone: nobody queues mail in the user's name.
chmod 711 "$OB"
chmod 777 "$Q"
nobody_writes "$Q/$(item a1).eml" < "$TEST_HOME/p.eml"
env_for "$(item a1)" | nobody_writes "$Q/$(item a1).env"
nobody_writes "$Q/$(item a2).eml" < "$TEST_HOME/p.eml"
is "$(stat -c %U "$Q/$(item a1).env")" nobody "nobody planted an item in a 0777 queue/"
flush_traced
is "$rc" 78 "flush refuses an outbox others can write: exit 78"
like "$out" "$Q is writable by others (mode 777)" "the error names queue/ and its mode"
like "$out" "run: chmod 700 '$Q'" "and gives the fix"
is "$(traced 'RCPT TO')" 0 "nothing was sent"
run outbox
is "$rc" 78 "outbox listing refused too: exit 78"
run send --queue-only --to "$tag-q@mail.test" --subject "not queued" < "$TEST_HOME/body"
is "$rc" 78 "send refuses to queue into it: exit 78"
like "$out" "not queued, nothing sent" "send says nothing was queued"
is "$(ls "$Q" | grep -c '\.env$')" 1 "outpost did not touch the planted files"

# 2. The fix is made; the planted files are still nobody's: moved aside.
chmod 700 "$Q"
env_for "$(item a2)" > "$Q/$(item a2).env"
flush_traced
is "$rc" 0 "once queue/ is 0700, flush runs: exit 0"
like "$out" "0 sent" "and sends nothing"
like "$out" "2 damaged (moved aside)" "both planted items are moved aside"
like "$(cat "$OB/damaged/$(item a1).why" 2>&1)" "$(item a1).env is owned by nobody (uid 65534), not by you" \
    "damaged/ID.why: the envelope is nobody's"
like "$(cat "$OB/damaged/$(item a2).why" 2>&1)" "$(item a2).eml is owned by nobody (uid 65534), not by you" \
    "damaged/ID.why: the message is nobody's"
is "$(ls "$Q")" "" "queue/ is empty"
is "$(traced 'AUTH')" 0 "no login for items that were not to be sent"

# 3. Symbolic links for queue/ and tmp/, planted by nobody while
# outbox/ was writable, pointing into nobody's own directory.
mkdir "$NB/q" "$NB/t" && chown nobody "$NB/q" "$NB/t"
nobody_writes "$NB/q/$(item b1).eml" < "$TEST_HOME/p.eml"
env_for "$(item b1)" | nobody_writes "$NB/q/$(item b1).env"
chmod 777 "$OB"
as_nobody sh -c 'mv "$1/queue" "$1/queue.old" && ln -s "$2/q" "$1/queue"' sh "$OB" "$NB"
run flush
is "$rc" 78 "outbox/ writable by others: refused"
like "$out" "$OB is writable by others (mode 777)" "named with its mode"
chmod 700 "$OB"
flush_traced
is "$rc" 78 "a symbolic link as queue/: refused, exit 78"
like "$out" "$Q is a symbolic link" "the error names queue/"
is "$(traced 'RCPT TO')" 0 "nothing was sent"
rm "$Q" && mv "$Q.old" "$Q"
chmod 777 "$OB"
as_nobody sh -c 'mv "$1/tmp" "$1/tmp.old" && ln -s "$2/t" "$1/tmp"' sh "$OB" "$NB"
chmod 700 "$OB"
run send --queue-only --to "$tag-q@mail.test" --subject "not queued" < "$TEST_HOME/body"
is "$rc" 78 "a symbolic link as tmp/: send refuses to queue, exit 78"
like "$out" "$OB/tmp is a symbolic link" "the error names tmp/"
is "$(ls "$NB/t")" "" "nothing was written through the link"
rm "$OB/tmp" && mv "$OB/tmp.old" "$OB/tmp"

# 4. A FIFO or a symbolic link as an item's file: moved aside at once.
mkfifo "$Q/$(item c1).eml"
env_for "$(item c1)" > "$Q/$(item c1).env"
cp "$TEST_HOME/p.eml" "$Q/$(item c2).eml"
mkfifo "$Q/$(item c2).env"
ln -s "$TEST_HOME/p.eml" "$Q/$(item c3).eml"
env_for "$(item c3)" > "$Q/$(item c3).env"
cp "$TEST_HOME/p.eml" "$Q/$(item c4).eml"
env_for "$(item c4)" > "$NB/c4.env"
ln -s "$NB/c4.env" "$Q/$(item c4).env"
flush_traced
no_hang "a FIFO in queue/ does not stop flush"
is "$rc" 0 "flush: exit 0"
like "$out" "4 damaged (moved aside)" "the four are moved aside"
like "$(cat "$OB/damaged/$(item c1).why" 2>&1)" "c1.eml is a FIFO (named pipe), not a regular file" "a FIFO as .eml: the reason"
like "$(cat "$OB/damaged/$(item c2).why" 2>&1)" "c2.env is a FIFO (named pipe), not a regular file" "a FIFO as .env: the reason"
like "$(cat "$OB/damaged/$(item c3).why" 2>&1)" "c3.eml is a symbolic link, not a regular file" "a link as .eml: the reason"
like "$(cat "$OB/damaged/$(item c4).why" 2>&1)" "c4.env is a symbolic link, not a regular file" "a link as .env: the reason"
is "$(traced 'RCPT TO')" 0 "nothing was sent"

# The server-caps file, read before the outbox is opened: a FIFO there
# is ignored, not waited on.
rm -f "$OB/server-caps"
mkfifo "$OB/server-caps"
run send --queue-only --to "$tag-c@mail.test" --subject "caps $tag" < "$TEST_HOME/body"
no_hang "a FIFO as server-caps does not stop send"
is "$rc" 0 "send --queue-only: exit 0"
rm -f "$OB/server-caps"
"$OUTPOST" outbox delete "$(printf '%s\n' "$out" | queued_id)" >/dev/null

# 5. An envelope whose sender is not the account: what send -t refuses.
cp "$TEST_HOME/p.eml" "$Q/$(item d1).eml"
env_for "$(item d1)" 's/^from: .*/from: mallory@mail.test/' > "$Q/$(item d1).env"
flush_traced
is "$rc" 0 "flush with a foreign sender: exit 0"
like "$out" "1 damaged (moved aside)" "the item is moved aside"
like "$(cat "$OB/damaged/$(item d1).why" 2>&1)" \
    "d1.env: from: mallory@mail.test is not your address alice@mail.test" \
    "damaged/ID.why: the sender is not the account's"
is "$(traced 'AUTH')" 0 "no login, no password sent for it"

# The real Postfix got nothing of it: a message sent after all of the
# above arrives, and none of the planted ones did.
run send --to "$tag-s@mail.test" --subject "sentinel $tag" < "$TEST_HOME/body"
is "$rc" 0 "the user's own message is sent"
is "$(wait_delivered "$tag-s@mail.test" 1)" 1 "and delivered"
is "$(count_delivered "$tag-p@mail.test")" 0 "no planted message was delivered"

# 6. Settings files of another owner (a link is followed: the file it
# reaches is what counts).
nobody_writes "$NB/evil.conf" < "$TEST_HOME/config"
as_nobody chmod 600 "$NB/evil.conf"
run check-config -c "$NB/evil.conf"
is "$rc" 78 "a config owned by nobody: exit 78"
like "$out" "evil.conf: is owned by nobody (uid 65534), not by you (root)" "the file and the reason"
ln -s "$NB/evil.conf" "$TEST_HOME/link.conf"
run check-config -c "$TEST_HOME/link.conf"
is "$rc" 78 "a link of the user's to nobody's config: refused, exit 78"
like "$out" "link.conf: is owned by nobody" "the owner of what it reaches counts"
run -c "$NB/evil.conf" flush
is "$rc" 78 "flush with nobody's config: exit 78"
ln -s "$TEST_HOME/config" "$TEST_HOME/mine.conf"
run check-config -c "$TEST_HOME/mine.conf"
is "$rc" 0 "a link to the user's own config (dotfiles) is fine"
nobody_writes "$NB/evil.policy" < "$TEST_HOME/loop.policy"
write_config "$TEST_HOME/evilpol.conf" "$NB/evil.policy"
run check-config -c "$TEST_HOME/evilpol.conf"
is "$rc" 78 "a policy owned by nobody: exit 78"
like "$out" "evil.policy: is owned by nobody (uid 65534), not by you (root)" "the file and the reason"
cp "$TEST_HOME/loop.policy" "$NB/root.policy"
write_config "$TEST_HOME/rootpol.conf" "$NB/root.policy"
run check-config -c "$TEST_HOME/rootpol.conf"
is "$rc" 0 "a policy owned by root is accepted"
done_testing
