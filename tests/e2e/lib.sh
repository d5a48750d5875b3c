# tests/e2e/lib.sh -- drive the real outpost in tmux for end-to-end tests.
# Source it after tests/lib.sh (and after make_home / use_servers).  Each
# script gets a private tmux server (tmux -L e2e-PID -f /dev/null), killed
# at exit.  Without tmux the whole script is skipped, never passed.
#
#   . "$top_srcdir/tests/lib.sh"
#   . "$top_srcdir/tests/e2e/lib.sh"
#   make_home
#   e2e_start 80x24 -- "$OUTPOST"
#   e2e_wait "Settings" || ...
#   e2e_keys F2; e2e_type "hello"; e2e_screen
command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"

E2E_SOCKET=e2e-$$
E2E_TARGET=e2e
E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/outpost-e2e.XXXXXX")
E2E_RUNS=0
E2E_STATUS=$E2E_DIR/status.0
: "${OUTPOST_KEYMAP_DIR:=$top_srcdir/keymaps}"
export OUTPOST_KEYMAP_DIR

# e2e_tmux ARGS...: run a tmux command on this script's private server.
e2e_tmux() {
	tmux -L "$E2E_SOCKET" -f /dev/null "$@"
}

# The exit trap: the tmux server, then what make_home and use_servers
# would have removed (their traps are replaced by this one).
e2e_cleanup() {
	e2e_tmux kill-server >/dev/null 2>&1
	rm -rf "$E2E_DIR"
	if [ -n "${SERVERS:-}" ] && [ -z "${OUTPOST_TEST_SERVERS:-}" ] &&
	    [ -n "${fixture:-}" ]; then
		"$fixture" stop "$SERVERS" >/dev/null 2>&1
		rm -rf "$SERVERS" "$SERVERS.log"
	fi
	[ -n "${TEST_HOME:-}" ] && rm -rf "$TEST_HOME"
	return 0
}
# A script with more to stop sets E2E_EXIT to its own function (which
# ends with e2e_cleanup); e2e_start puts that trap back, not this one.
E2E_EXIT=e2e_cleanup
trap e2e_cleanup EXIT
trap 'exit 1' HUP INT TERM

# e2e_quote WORD: WORD single-quoted for sh.
e2e_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# e2e_start [WxH] [VAR=VALUE...] -- COMMAND [ARGS...]
#   Start COMMAND in a new detached session of W x H (default 80x24), in
#   a UTF-8 locale (LANG=C.UTF-8, LC_ALL unset) with OUTPOST_HOME,
#   OUTPOST_AGENT, OUTPOST_POLICY_DIR and OUTPOST_KEYMAP_DIR passed on;
#   the VAR=VALUE assignments come last, so they override (TERM=vt100,
#   LC_ALL=C ...).  The pane's shell runs COMMAND and then writes its
#   exit status to a file for e2e_exit_status (tmux's own pane_dead_status
#   is not reliable: it sometimes never reaps the pane's process).  The
#   pane stays after COMMAND exits (remain-on-exit), showing the last
#   screen.  Any earlier session of this script is killed first.
e2e_start() {
	es_size=80x24
	case ${1:-} in
	[0-9]*x[0-9]*) es_size=$1; shift ;;
	esac
	es_cmd="env -u LC_ALL LANG=C.UTF-8"
	for es_var in OUTPOST_HOME OUTPOST_AGENT OUTPOST_POLICY_DIR \
	    OUTPOST_KEYMAP_DIR OUTPOST_TEST_SERVERS; do
		eval "es_val=\${$es_var:-}"
		[ -n "$es_val" ] &&
		    es_cmd="$es_cmd $(e2e_quote "$es_var=$es_val")"
	done
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		es_cmd="$es_cmd $(e2e_quote "$1")"
		shift
	done
	[ "${1:-}" = "--" ] && shift
	for es_word in "$@"; do
		es_cmd="$es_cmd $(e2e_quote "$es_word")"
	done
	E2E_RUNS=$((E2E_RUNS + 1))
	E2E_STATUS=$E2E_DIR/status.$E2E_RUNS # a late write of the last run misses
	es_cmd="$es_cmd; echo \$? > $(e2e_quote "$E2E_STATUS")"
	trap "$E2E_EXIT" EXIT # make_home/use_servers may have replaced it
	e2e_tmux kill-session -t "$E2E_TARGET" >/dev/null 2>&1
	e2e_tmux set-option -g remain-on-exit on \; \
	    set-option -g exit-empty off \; \
	    new-session -d -s "$E2E_TARGET" -x "${es_size%x*}" \
	    -y "${es_size#*x}" "/bin/sh -c $(e2e_quote "$es_cmd")"
}

# e2e_keys KEY...: press keys, in tmux's names (Enter, Escape, Tab, BTab,
#   F1, C-x, M-x, Up, PPage, BSpace, DC, Space, a literal "q" ...).
#   Escape followed within 25 ms by another key is that key with Meta
#   (M-x), as on a real terminal: after Escape, e2e_wait for its effect
#   before the next key.
e2e_keys() {
	e2e_tmux send-keys -t "$E2E_TARGET" "$@"
}

# e2e_type TEXT: type TEXT literally (no key names).
e2e_type() {
	e2e_tmux send-keys -t "$E2E_TARGET" -l -- "$1"
}

# e2e_screen: the visible screen as text, one line per row.
e2e_screen() {
	e2e_tmux capture-pane -p -t "$E2E_TARGET"
}

# e2e_diag: the screen as TAP diagnostics ("#   | row").
e2e_diag() {
	e2e_screen | sed 's/^/#   | /'
}

# e2e_poll_screen WANT TEXT SECONDS: poll every 0.1 s until TEXT is on
#   the screen (WANT=present) or no longer on it (WANT=gone); 1 on
#   time-out.  The last screen read is left in $E2E_LAST_SCREEN.
e2e_poll_screen() {
	ew_tries=$(( $3 * 10 ))
	while [ "$ew_tries" -gt 0 ]; do
		E2E_LAST_SCREEN=$(e2e_screen)
		case $E2E_LAST_SCREEN in
		*"$2"*) [ "$1" = present ] && return 0 ;;
		*) [ "$1" = gone ] && return 0 ;;
		esac
		sleep 0.1
		ew_tries=$((ew_tries - 1))
	done
	return 1
}

# e2e_wait TEXT [SECONDS]: wait (default 30 s) until TEXT is on the
#   screen.  On time-out prints the screen as TAP diagnostics and
#   returns 1.
e2e_wait() {
	e2e_poll_screen present "$1" "${2:-30}" && return 0
	printf '#   timed out waiting for: %s\n' "$1"
	e2e_diag
	return 1
}

# e2e_wait_gone TEXT [SECONDS]: wait until TEXT is no longer on the
#   screen; like e2e_wait otherwise.
e2e_wait_gone() {
	e2e_poll_screen gone "$1" "${2:-30}" && return 0
	printf '#   timed out waiting for this to go: %s\n' "$1"
	e2e_diag
	return 1
}

# e2e_resize W H: resize the window (the program gets SIGWINCH).
e2e_resize() {
	e2e_tmux resize-window -t "$E2E_TARGET" -x "$1" -y "$2"
}

# e2e_pid: the process of COMMAND (the child of the pane's shell).
e2e_pid() {
	ep_shell=$(e2e_tmux display-message -p -t "$E2E_TARGET" '#{pane_pid}')
	pgrep -P "$ep_shell" | head -1
}

# e2e_kill SIGNAL: send SIGNAL (HUP, TERM ...) to COMMAND's process.
e2e_kill() {
	kill -s "$1" "$(e2e_pid)"
}

# e2e_exit_status [SECONDS]: wait (default 30 s) for COMMAND to end and
#   print its exit status (128+N when signal N killed it), or "running"
#   when it did not end in time.
e2e_exit_status() {
	ee_tries=$(( ${1:-30} * 10 ))
	while :; do
		if [ -s "$E2E_STATUS" ]; then
			cat "$E2E_STATUS"
			return 0
		fi
		[ "$ee_tries" -le 0 ] && break
		sleep 0.1
		ee_tries=$((ee_tries - 1))
	done
	echo running
}

# e2e_tmux_key NOTATION: a key of a keys file ("<C-x>", "<F5>", "<Tab>",
#   "<M-s>", "?") as e2e_keys wants it ("C-x", "F5", "Tab", "M-s", "?");
#   a sequence ("<C-c><C-c>") as its two keys, "C-c C-c" (unquoted, two
#   arguments of e2e_keys).
e2e_tmux_key() {
	case $1 in
	'<'*'><'*'>')
		echo "$(e2e_tmux_key "${1%%><*}>") $(e2e_tmux_key "<${1#*><}")"
		return 0 ;;
	'<'?*'>') ek=${1#<}; ek=${ek%>} ;;
	*) echo "$1"; return 0 ;;
	esac
	ek_mods=
	while :; do
		case $ek in
		[CcMmSs]-?*)
			case $ek in
			[Cc]-*) ek_mods="${ek_mods}C-" ;;
			[Mm]-*) ek_mods="${ek_mods}M-" ;;
			[Ss]-*) ek_mods="${ek_mods}S-" ;;
			esac
			ek=${ek#??} ;;
		*) break ;;
		esac
	done
	case $(echo "$ek" | tr 'A-Z' 'a-z') in
	esc) ek=Escape ;;
	enter) ek=Enter ;;
	tab) ek=Tab ;;
	bs) ek=BSpace ;;
	del) ek=DC ;;
	ins) ek=IC ;;
	pgup) ek=PPage ;;
	pgdn) ek=NPage ;;
	space) ek=Space ;;
	lt) ek='<' ;;
	up) ek=Up ;;
	down) ek=Down ;;
	left) ek=Left ;;
	right) ek=Right ;;
	home) ek=Home ;;
	end) ek=End ;;
	f[0-9]*) ek=$(echo "$ek" | tr 'f' 'F') ;;
	esac
	if [ "$ek_mods" = "S-" ] && [ "$ek" = Tab ]; then
		echo BTab
	else
		echo "$ek_mods$ek"
	fi
}

# e2e_key_for FILE TABLE ACTION: the first key FILE binds to ACTION in
#   TABLE, as e2e_keys wants it; empty when none.
e2e_key_for() {
	ekf=$(awk -v t="$2" -v a="$3" \
	    '$1 == "bind" && $2 == t && $4 == a { print $3; exit }' "$1")
	[ -n "$ekf" ] && e2e_tmux_key "$ekf"
}

# e2e_tab: the main screen the title line highlights (Composer, Outbox
#   or Settings), read from the reverse-video attribute.
e2e_tab() {
	e2e_tmux capture-pane -p -e -t "$E2E_TARGET" | head -1 |
	    sed -n "s/.*$(printf '\033')\[7m\([A-Za-z]*\).*/\1/p"
}

# e2e_wait_tab NAME [SECONDS]: wait until e2e_tab is NAME; on time-out
#   print the screen as TAP diagnostics and return 1.
e2e_wait_tab() {
	ew_tries=$(( ${2:-30} * 10 ))
	while [ "$ew_tries" -gt 0 ]; do
		[ "$(e2e_tab)" = "$1" ] && return 0
		sleep 0.1
		ew_tries=$((ew_tries - 1))
	done
	printf '#   timed out waiting for the %s screen (now: %s)\n' "$1" \
	    "$(e2e_tab)"
	e2e_diag
	return 1
}
