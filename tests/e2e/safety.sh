#!/bin/sh
# safety.sh -- the composer's safety nets in tmux against the real
# Postfix: "Send message?" (send.confirm; n and Esc keep the message, y
# sends), the undo window (send.delay: the message waits in the outbox,
# undo-send brings it back into the composer and it never reaches the
# server, even after a flush; not undone it arrives; killed with -9 in
# the window it is still in the outbox and goes with a flush), the emacs
# keymap's C-c C-c (C-c alone sends nothing), and a setting that breaks
# the policy: named in the composer at start, and a refused send keeps
# the message in view.  Nothing waits on a clock: a long send.delay with
# explicit flushes, or send.delay = 1 with a bounded poll for arrival.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/e2e/lib.sh"
make_home
use_servers
H=$OUTPOST_TEST_HOST
tag=safe$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
BOB="$OUTPOST_TEST_MAIL_DIR/bob@mail.test/Maildir"
KEYS=$top_srcdir/keymaps

write_policy "$TEST_HOME/loop.policy" "$H" "$OUTPOST_TEST_SMTPS_PORT"
config() { # [key = value]...
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice Example" "$@"
}
key() { e2e_key_for "$KEYS/$1.keys" "$2" "$3"; }
# arrived MARK [SECONDS]: the delivered messages holding MARK (bounded poll)
arrived() {
	for _ in $(seq $((${2:-30} * 10))); do
		n=$(grep -rls -- "$1" "$BOB/new" "$BOB/cur" 2>/dev/null | wc -l)
		[ "$n" -gt 0 ] && break
		sleep 0.1
	done
	echo "$n"
}
delivered() { grep -rls -- "$1" "$BOB/new" "$BOB/cur" 2>/dev/null | wc -l; }
queued() { "$OUTPOST" outbox 2>/dev/null | grep -c -- "$1"; }
outbox_id() { "$OUTPOST" outbox 2>/dev/null | grep -- "$1" | awk '{print $1}'; }
# compose SUBJECT TEXT: To, Subject and the text in a fresh composer
compose() {
	e2e_wait "From:" || return 1
	e2e_type "bob@mail.test"
	e2e_keys Enter Enter Enter
	e2e_type "$1"
	e2e_keys Enter
	e2e_type "$2"
}
SEND=$(key default composer send)
UNDO=$(key default composer undo-send)

# 1. send.confirm: n and Esc keep the message, y sends it.
config "send.confirm = yes" "send.delay = 0"
e2e_start 80x24 -- "$OUTPOST"
compose "Confirm $tag" "asked first $tag-1"
e2e_keys "$SEND"
e2e_wait "Send message? (y/n)" && ok "the send key asks \"Send message? (y/n)\"" ||
    fail "the send key asks \"Send message? (y/n)\""
e2e_keys n
e2e_wait_gone "Send message?" >/dev/null
s=$(e2e_screen)
like "$s" "Subject: Confirm $tag" "n: the subject is still in the composer"
like "$s" "asked first $tag-1" "n: the text is still in the composer"
is "$(queued "Confirm $tag")$(delivered "$tag-1")" "00" "n: nothing queued or sent"
e2e_keys "$SEND"
e2e_wait "Send message?" >/dev/null
e2e_keys Escape
e2e_wait_gone "Send message?" >/dev/null
like "$(e2e_screen)" "asked first $tag-1" "Esc: the message stays"
e2e_keys "$SEND"
e2e_wait "Send message?" >/dev/null
e2e_keys y
is "$(arrived "$tag-1")" 1 "y: the message arrives"

# 2. The undo window: shown, undone, never delivered, back exactly.
config "send.confirm = no" "send.delay = 300"
printf 'figures %s\n' "$tag" > "$TEST_HOME/figures-$tag.txt"
e2e_start 80x24 -- "$OUTPOST"
compose "Undo $tag" "take me back $tag-2"
e2e_keys "$(key default composer attach)"
e2e_type "$TEST_HOME/figures-$tag.txt"
e2e_keys Enter
e2e_wait "attached" >/dev/null
e2e_keys "$SEND"
e2e_wait "Sending \"Undo $tag\" in" && ok "the status line counts down" ||
    fail "the status line counts down"
like "$(e2e_screen)" "$UNDO undo" "it names the undo key"
is "$(queued "Undo $tag")" 1 "the message waits in the outbox"
"$OUTPOST" flush --all >/dev/null 2>&1
is "$(queued "Undo $tag")$(delivered "$tag-2")" "10" \
    "flush --all leaves it in its window, unsent"
id=$(outbox_id "Undo $tag")
e2e_keys "$UNDO"
e2e_wait "is back in the composer" && ok "undo: back in the composer" ||
    fail "undo: back in the composer"
s=$(e2e_screen)
like "$s" "To:      bob@mail.test" "undo: To is back"
like "$s" "Subject: Undo $tag" "undo: the subject is back"
like "$s" "take me back $tag-2" "undo: the text is back"
like "$s" "figures-$tag.txt" "undo: the attachment is back"
is "$(queued "Undo $tag")" 0 "undo: the outbox no longer has it"
"$OUTPOST" flush --all >/dev/null 2>&1
[ -n "$id" ] && "$OUTPOST" flush "$id" >/dev/null 2>&1
e2e_keys "$(key default global screen-outbox)"
e2e_wait "Outbox" >/dev/null
e2e_keys "$(key default global screen-composer)"
is "$(delivered "$tag-2")" 0 "undone: after flush --all and flush ID nothing reached the server"

# 3. Not undone, it arrives (send.delay = 1; bounded poll).
config "send.confirm = no" "send.delay = 1"
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
e2e_wait "Recover the draft" 5 >/dev/null && e2e_keys n
compose "Window $tag" "after the window $tag-3"
e2e_keys "$SEND"
is "$(arrived "$tag-3" 60)" 1 "not undone: it arrives after the window"
e2e_wait "sent \"Window $tag\"" && ok "the status line says it was sent" ||
    fail "the status line says it was sent"

# 4. kill -9 in the window: still in the outbox, goes with a flush.
config "send.confirm = no" "send.delay = 300"
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
e2e_wait "Recover the draft" 5 >/dev/null && e2e_keys n
compose "Crash $tag" "killed in the window $tag-4"
e2e_keys "$SEND"
e2e_wait "Sending \"Crash $tag\" in" >/dev/null
e2e_kill KILL
e2e_exit_status >/dev/null
is "$(queued "Crash $tag")" 1 "kill -9 in the window: the item is still in the outbox"
"$OUTPOST" flush --all >/dev/null 2>&1
is "$(delivered "$tag-4")" 0 "flush --all keeps it until its time"
"$OUTPOST" flush "$(outbox_id "Crash $tag")" >/dev/null 2>&1
is "$(arrived "$tag-4")" 1 "flush ID sends it now"

# 5. emacs: C-c alone sends nothing, C-c C-c sends.
config "send.confirm = no" "send.delay = 0" "keymap = emacs"
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "From:" >/dev/null
e2e_wait "Recover the draft" 5 >/dev/null && e2e_keys n
compose "Emacs $tag" "message mode $tag-5"
e2e_keys C-c
e2e_wait "^C-" && ok "emacs: C-c waits for the next key" ||
    fail "emacs: C-c waits for the next key"
e2e_keys C-g
e2e_wait "not bound" >/dev/null
like "$(e2e_screen)" "message mode $tag-5" "emacs: C-c C-g keeps the message"
is "$(queued "Emacs $tag")$(delivered "$tag-5")" "00" "emacs: C-c alone sent nothing"
e2e_keys C-c
e2e_wait "^C-" >/dev/null
e2e_keys C-c
is "$(arrived "$tag-5")" 1 "emacs: C-c C-c sends"

# 6. A stale smtp.old.host: named at start; a refused send keeps the text.
config "send.confirm = no" "send.delay = 0" "smtp.old.host = smtp.example.net"
e2e_start 80x24 -- "$OUTPOST"
e2e_wait "break the policy" && ok "policy: the composer names the problem at start" ||
    fail "policy: the composer names the problem at start"
like "$(e2e_screen)" "smtp.*.host" "policy: the field is named"
e2e_wait "Recover the draft" 3 >/dev/null && e2e_keys n
compose "Refused $tag" "kept in view $tag-6"
e2e_keys "$SEND"
e2e_wait "back in the composer" && ok "a refused send says why" ||
    fail "a refused send says why"
s=$(e2e_screen)
like "$s" "kept in view $tag-6" "a refused send keeps the text in view"
like "$s" "Subject: Refused $tag" "and the subject"
is "$(delivered "$tag-6")" 0 "nothing was sent"

done_testing
