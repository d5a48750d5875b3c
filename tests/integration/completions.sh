#!/bin/sh
# completions.sh -- the shell completions (contrib/completions) against
# the programs: the commands are those "outpost --help" lists, the
# options and actions those each command's usage names; outbox ids are
# offered by the state each action accepts, from a real outbox (states
# set by editing the envelopes); -c and the other file options complete
# files.  bash for real (_outpost with COMP_WORDS, COMPREPLY read back);
# zsh checked with zsh -n and its command list, then driven for real
# through zsh/zpty and compinit (zsh_complete.zsh) when it can be.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
BASH_COMP=$top_srcdir/contrib/completions/outpost
ZSH_COMP=$top_srcdir/contrib/completions/_outpost
command -v bash >/dev/null 2>&1 || skip_all "bash is not installed"
make_home

# sorted: the words of standard input, one a line, sorted on one line.
sorted() {
	sed '/^$/d' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}
# words WORD...: the same for the arguments.
words() {
	printf '%s\n' "$@" | sorted
}

# bash_complete WORD...: what the bash completion offers for the command
# line WORD... (the first is the program, the last the word being
# completed: "" for a new one), as words() prints them.
bash_complete() {
	# shellcheck disable=SC2016 # bash expands it
	bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_outpost || exit 1
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$BASH_COMP" "$@" | sorted
}

# The user commands of --help: in its "commands:" section, before
# "commands the terminal UI runs:", the first word of each line indented
# by exactly two spaces.
commands=$("$OUTPOST" --help | awk '
	/^commands:$/ { on = 1; next }
	/^commands the terminal UI runs:/ { on = 0 }
	on && /^  [^ ]/ { print $1 }' | sorted)
like " $commands " " outbox " "--help lists the commands (outbox among them)"
like " $commands " " password " "--help lists password"
global_opts=$("$OUTPOST" --help | awk '
	/^options:$/ { on = 1; next }
	/^$/ { on = 0 }
	on { for (i = 1; i <= NF; i++) if ($i ~ /^-/) { sub(/,$/, "", $i); print $i } }' |
    sorted)
like "$global_opts" "--version" "--help lists the global options"

# The usage a command prints for an unknown option (exit 64), from its
# "usage:" line on.
usage_of() {
	"$OUTPOST" "$1" --no-such-option </dev/null 2>&1 >/dev/null |
	    sed -n '/^usage:/,$p'
}
# The options a usage text names: each "-x", "-xy" or "--long" after a
# space or "[".  The UI's own (send --draft ID [--events]) are left out.
usage_opts() {
	printf '%s\n' "$1" | grep -v -e '--draft' |
	    grep -o -e '[[ ]-[-a-zA-Z]*' | sed 's/^.//' | grep -v '^-$'
}
# has_opts COMMAND: every option COMMAND's usage names is offered after
# "COMMAND -", as itself or, for a cluster such as -qv, letter by letter.
has_opts() {
	ho_offered=" $(bash_complete "$OUTPOST" "$1" -) "
	ho_missing=
	for o in $(usage_opts "$(usage_of "$1")"); do
		case $ho_offered in *" $o "*) continue ;; esac
		case $o in
		--*) ho_missing="$ho_missing $o"; continue ;;
		esac
		for l in $(printf '%s\n' "${o#-}" | sed 's/./& /g'); do
			case $ho_offered in
			*" -$l "*) ;;
			*) ho_missing="$ho_missing $o" ;;
			esac
		done
	done
	is "$ho_missing" "" "bash: $1 - offers every option of its usage"
}

# A real outbox: eight messages stored with send --queue-only, then
# given their states by editing the envelopes (src/store/outbox-env.c).
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 10499
write_config "$OUTPOST_HOME/config" "$TEST_HOME/loop.policy"
Q=$OUTPOST_HOME/outbox/queue
S=$OUTPOST_HOME/outbox/sent
store() { # subject: prints the new message's id
	printf 'Hello.\n' | "$OUTPOST" send --queue-only --to bob@mail.test \
	    --subject "$1" 2>&1 >/dev/null | queued_id
}
envelope() { # file "key: value"...: those keys set, replaced or added
	ev_file=$1
	shift
	printf '%s\n' "$@" | awk '
		{ k = $0; sub(/:.*/, "", k) }
		NR == FNR { set[k] = $0; order[++n] = k; next }
		k in set { print set[k]; done[k] = 1; next }
		{ print }
		END {
			for (i = 1; i <= n; i++)
				if (!(order[i] in done)) print set[order[i]]
		}' - "$ev_file" > "$ev_file.new"
	chmod 600 "$ev_file.new"
	mv "$ev_file.new" "$ev_file"
}
file_sent() { # id "key: value"...: into the sent archive, sent
	fs_id=$1
	shift
	mv "$Q/$fs_id.eml" "$Q/$fs_id.env" "$S/"
	rm -f "$Q/$fs_id.lock"
	envelope "$S/$fs_id.env" "state: sent" "sent-at: 2026-11-28T04:50:00Z" \
	    "final-reply: 250 2.0.0 Ok" "$@"
}
queued=$(store queued)
deferred=$(store deferred)
failed=$(store failed)
uncertain=$(store uncertain)
pending=$(store pending)
appending=$(store appending)
copied=$(store copied)
sent=$(store sent)
envelope "$Q/$deferred.env" "state: deferred" "attempts: 1" \
    "last-attempt: 2026-11-28T04:50:00Z" "next-attempt: 2099-01-01T00:00:00Z"
envelope "$Q/$failed.env" "state: failed" "attempts: 1" \
    "last-error: the server refused it"
envelope "$Q/$uncertain.env" "state: uncertain" "phase: data" "attempts: 1"
file_sent "$pending" "copy: pending" "copy-attempts: 1" \
    "copy-error: cannot connect"
file_sent "$appending" "copy: appending" "copy-folder: Sent"
file_sent "$copied" "copy: done" "copy-folder: Sent"
file_sent "$sent"
states=$("$OUTPOST" outbox --json |
    sed 's/.*[{,]"state":"\([a-z]*\)".*/\1/' | sorted)
is "$states" "deferred failed queued uncertain" "the outbox holds the four states"
copies=$("$OUTPOST" outbox --sent --json |
    sed 's/.*[{,]"copy":"\([a-z]*\)".*/\1/; t; s/.*/none/' | sorted)
is "$copies" "appending done none pending" \
    "the sent archive holds the copy states"
is "$(ls "$OUTPOST_HOME/outbox/damaged")" "" "no envelope was refused as damaged"
all_ids=$(words "$queued" "$deferred" "$failed" "$uncertain" "$pending" \
    "$appending" "$copied" "$sent")

# Files for -c and the others, in a directory of their own.
mkdir "$TEST_HOME/files" "$TEST_HOME/files/sub"
: > "$TEST_HOME/files/a.conf"
: > "$TEST_HOME/files/b.txt"

# --- bash ---
is "$(bash_complete "$OUTPOST" '')" "$commands" \
    "bash: the commands are exactly those of --help"
is "$(bash_complete "$OUTPOST" -c x '')" "$commands" \
    "bash: the commands after -c FILE"
is "$(bash_complete "$OUTPOST" pa)" password "bash: pa completes password"
is "$(bash_complete "$OUTPOST" -)" "$global_opts" \
    "bash: the global options are those of --help"
is "$(bash_complete "$OUTPOST" password '')" "clear set status" \
    "bash: password completes set, clear, status"
is "$(bash_complete "$OUTPOST" password -c x '')" "clear set status" \
    "bash: password -c FILE completes its actions"
is "$(bash_complete "$OUTPOST" password set '')" "" \
    "bash: nothing after password set"
is "$(bash_complete "$OUTPOST" password '')" \
    "$(usage_of password | sed -n 's/^usage:.*\] //p' | tr -d '|' | tr ' ' '\n' | sorted)" \
    "bash: password's actions are those of its usage"
is "$(bash_complete "$OUTPOST" outbox '')" \
    "copy delete mark-sent resend retry show" \
    "bash: outbox completes its actions, copy among them"
is "$(bash_complete "$OUTPOST" outbox '')" \
    "$(usage_of outbox | sed -n 's/.* outbox \([a-z|-]*\) ID$/\1/p' | tr '|' '\n' | sorted)" \
    "bash: outbox's actions are those of its usage"
is "$(bash_complete "$OUTPOST" outbox copy '')" "$(words "$pending" "$appending")" \
    "bash: outbox copy completes the ids whose copy is pending"
is "$(bash_complete "$OUTPOST" outbox copy "${pending%?}")" "$pending" \
    "bash: outbox copy completes a partial id"
is "$(bash_complete "$OUTPOST" outbox --sent copy '')" \
    "$(words "$pending" "$appending")" "bash: outbox --sent copy: the same"
is "$(bash_complete "$OUTPOST" outbox -c x copy '')" \
    "$(words "$pending" "$appending")" "bash: outbox -c FILE copy: the same"
is "$(bash_complete "$OUTPOST" outbox retry '')" \
    "$(words "$queued" "$deferred" "$failed")" \
    "bash: outbox retry completes the retryable ids only"
is "$(bash_complete "$OUTPOST" outbox resend '')" "$uncertain" \
    "bash: outbox resend completes the uncertain id only"
is "$(bash_complete "$OUTPOST" outbox mark-sent '')" "$uncertain" \
    "bash: outbox mark-sent completes the uncertain id only"
is "$(bash_complete "$OUTPOST" outbox show '')" "$all_ids" \
    "bash: outbox show completes the outbox and the sent archive"
is "$(bash_complete "$OUTPOST" outbox delete '')" "$all_ids" \
    "bash: outbox delete completes the outbox and the sent archive"
is "$(bash_complete "$OUTPOST" outbox copy "$pending" '')" "" \
    "bash: nothing after the id"
is "$(bash_complete "$OUTPOST" flush '')" "$(words "$queued" "$deferred")" \
    "bash: flush ID completes the queued and deferred ids"
is "$(bash_complete "$OUTPOST" flush "$queued" '')" "" \
    "bash: flush takes one id"
for c in check-config send flush outbox doctor password; do
	has_opts $c
done
is "$(cd "$TEST_HOME/files" && bash_complete "$OUTPOST" -c '')" "a.conf b.txt sub" \
    "bash: -c completes files"
is "$(cd "$TEST_HOME/files" && bash_complete "$OUTPOST" -c a)" "a.conf" \
    "bash: -c a completes a.conf"
for c in "check-config -c" "send --attach" "flush --trace" "doctor --trace" \
    "password -c" "outbox -c"; do
	# shellcheck disable=SC2086 # two words
	is "$(cd "$TEST_HOME/files" && bash_complete "$OUTPOST" $c '')" \
	    "a.conf b.txt sub" "bash: $c completes files"
done

# --- zsh ---
ZSH=$(command -v zsh)
if [ -z "$ZSH" ]; then
	for t in "zsh -n" "command list" "real completion"; do
		ok "zsh: $t # SKIP zsh is not installed"
	done
	done_testing
	exit
fi
"$ZSH" -n "$ZSH_COMP" 2>"$TEST_HOME/zsh.err"
is "$?" 0 "zsh: zsh -n _outpost"
sed 's/^/#   /' "$TEST_HOME/zsh.err"
# The names in its commands=( 'name:description' ... ) list.
zsh_commands=$(awk '
	/^[ \t]*commands=\($/ { on = 1; next }
	on && /^[ \t]*\)$/ { on = 0 }
	on { sub(/^[ \t]*'\''/, ""); sub(/:.*/, ""); print }' "$ZSH_COMP" | sorted)
is "$zsh_commands" "$commands" "zsh: commands=(...) is exactly the --help list"
missing=
for c in $commands; do
	grep -q "^[[:space:]]*$c)$" "$ZSH_COMP" || missing="$missing $c"
done
is "$missing" "" "zsh: _outpost has a case for every command"
zsh_fn() { # name: the text of that function
	sed -n "/^$1() {/,/^}/p" "$ZSH_COMP"
}
like "$(zsh_fn _outpost_outbox)" "'copy:" "zsh: outbox offers copy"
like "$(zsh_fn _outpost_outbox)" "copy)" "zsh: outbox copy has its ids"
for a in set clear status; do
	like "$(zsh_fn _outpost_password)" "'$a:" "zsh: password offers $a"
done

# Real completion: one interactive zsh on a pseudo-terminal.
Z=$TEST_HOME/zsh
mkdir "$Z"
(cd "$TEST_HOME/files" && "$ZSH" -f "$top_srcdir/tests/integration/zsh_complete.zsh" \
    "$top_srcdir/contrib/completions" "$Z/out" \
    "outpost " "outpost pa" "outpost password " "outpost password -c x " \
    "outpost password set " "$OUTPOST outbox " "$OUTPOST outbox copy " \
    "$OUTPOST outbox retry " "$OUTPOST outbox resend " "$OUTPOST outbox show " \
    "$OUTPOST flush " "outpost -c " "outpost flush -" \
    "$OUTPOST outbox -c x copy " "outpost doctor -c x --trace " \
    "outpost -c x password " \
    </dev/null >"$Z/log" 2>&1)
rc=$?
if [ $rc = 3 ]; then
	ok "zsh: real completion # SKIP no zsh/zpty module"
	done_testing
	exit
fi
is "$rc" 0 "zsh: completion driven through zpty"
sed 's/^/#   /' "$Z/log"
zc() { # N: the matches of the Nth line
	[ -f "$Z/out.$1" ] && sorted < "$Z/out.$1"
}
is "$(zc 1)" "$commands" "zsh: the commands are exactly those of --help"
is "$(zc 2)" password "zsh: pa completes password"
is "$(zc 3)" "clear set status" "zsh: password completes set, clear, status"
is "$(zc 4)" "clear set status" "zsh: password -c FILE completes its actions"
is "$(zc 5)" "" "zsh: nothing after password set"
is "$(zc 6)" "copy delete mark-sent resend retry show" \
    "zsh: outbox completes its actions, copy among them"
is "$(zc 7)" "$(words "$pending" "$appending")" \
    "zsh: outbox copy completes the ids whose copy is pending"
is "$(zc 8)" "$(words "$queued" "$deferred" "$failed")" \
    "zsh: outbox retry completes the retryable ids only"
is "$(zc 9)" "$uncertain" "zsh: outbox resend completes the uncertain id only"
is "$(zc 10)" "$all_ids" "zsh: outbox show completes the outbox and the sent archive"
is "$(zc 11)" "$(words "$queued" "$deferred")" \
    "zsh: flush ID completes the queued and deferred ids"
is "$(zc 12)" "a.conf b.txt sub" "zsh: -c completes files"
is "$(zc 13)" "$(bash_complete "$OUTPOST" flush -)" \
    "zsh: flush offers the options bash does"
is "$(zc 14)" "$(words "$pending" "$appending")" "zsh: outbox -c FILE copy: the same"
is "$(zc 15)" "a.conf b.txt sub" "zsh: doctor -c FILE --trace completes files"
is "$(zc 16)" "clear set status" "zsh: -c FILE password completes its actions"
done_testing
