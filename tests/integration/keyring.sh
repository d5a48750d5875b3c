#!/bin/sh
# keyring.sh -- the password ladder end to end, against a real
# gnome-keyring-daemon on a private D-Bus (dbus-run-session, HOME a temp
# dir) and the fixture's Postfix + Dovecot: outpost password
# set/status/clear, a send that takes the password from the keyring, a
# locked keyring, no keyring file yet, no D-Bus at all (fast), a rejected
# stored password, the prompt on a real pty (no echo, offer to store),
# password.command failures, and the password found nowhere: not in the
# data directory, the trace, or any outpost process's argv or environment.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
for p in dbus-run-session gnome-keyring-daemon setsid; do
	command -v $p >/dev/null 2>&1 || skip_all "$p is not installed"
done
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "$PY is not installed"
grep -q 'define HAVE_LIBSECRET 1' "$top_builddir/ac-config.h" 2>/dev/null ||
    skip_all "built without libsecret"

# Everything below runs on a private session bus, the keyring in a temp HOME.
keyring_session "$@"
make_home
use_private_servers # counts AUTH/LOGIN lines in the logs
keyring_unlock
H=$OUTPOST_TEST_HOST
tag=k$$
S=$(mktemp -d "${TMPDIR:-/tmp}/outpost-krs.XXXXXX") # secrets: outside the data dir
trap '[ -n "${fpid:-}" ] && kill "$fpid" 2>/dev/null; "$fixture" stop "$SERVERS" >/dev/null 2>&1; rm -rf "$SERVERS" "$TEST_HOME" "$S"' EXIT
printf 'alice-pw-1\n' > "$S/pw"
printf 'Keyring test body.\n' > "$S/body"

policy() { # host port -> $S/p.policy
	write_policy "$S/p.policy" "$1" "$2"
}
config() { # extra lines
	write_config "$S/config" "$S/p.policy" "password.command =" \
	    "timeout.connect = 5" "timeout.reply = 20" "$@"
}
# No controlling terminal: the prompt is never possible here.
run() { out=$(setsid -w "$OUTPOST" -c "$S/config" "$@" 2>&1); rc=$?; }
wait_delivered() { # rcpt n
	for _ in $(seq 300); do [ "$(count_delivered "$1")" = "$2" ] && break; sleep 0.1; done
	is "$(count_delivered "$1")" "$2" "$1 got $2 message(s)"
}
ms() { date +%s%3N; }

policy "$H" "$OUTPOST_TEST_SMTPS_PORT"
config

# 1. set from stdin, status, a real send with the keyring's password.
run password status < /dev/null
is "$rc" 0 "status, nothing stored: exit 0"
like "$out" "keyring: not stored" "status: not stored"
like "$out" "password source: none" "status: no source without a terminal"
printf 'alice-pw-1\n' | setsid -w "$OUTPOST" -c "$S/config" password set > "$S/out" 2>&1
is "$?" 0 "password set from stdin: exit 0"
like "$(cat "$S/out")" "stored in the keyring for alice at $H port $OUTPOST_TEST_SMTPS_PORT" "set: says where"
run password status
like "$out" "keyring: stored" "status: stored"
like "$out" "password source: the keyring" "status: the keyring is the source"
run send --trace "$TEST_HOME/trace" --to "$tag-1@mail.test" --subject "keyring $tag-1" < "$S/body"
is "$rc" 0 "send with the keyring's password: exit 0"
wait_delivered "$tag-1@mail.test" 1
run doctor
like "$out" "authenticated (password from the keyring)" "doctor names the keyring as the source"

# 2. the password is nowhere on disk: data directory and trace.
like "$(cat "$TEST_HOME/trace")" "<redacted>" "the trace has the redacted AUTH"
hits=$(grep -r -l -a -e alice-pw-1 -e "$(printf '\0alice\0alice-pw-1' | base64)" \
    -e "$(printf alice-pw-1 | base64)" "$TEST_HOME" 2>/dev/null)
is "$hits" "" "no file under the data directory or the trace holds the password"

# 3. clear, then nothing stored: no source, 77 naming each source tried.
run password clear
is "$rc" 0 "clear: exit 0"
like "$out" "removed from the keyring" "clear: says so"
run password status
like "$out" "keyring: not stored" "after clear: not stored"
run send --to "$tag-3@mail.test" --subject x < "$S/body"
is "$rc" 77 "no source at all: exit 77"
like "$out" "tried: password.command (not set), keyring (not stored), prompt (no terminal)" "no source: each source and why"
like "$out" "run 'outpost password set' in a session with a keyring" "no source: how to set one up"
run password clear
like "$out" "nothing was stored" "clear again: nothing was stored"

# 4. a stored password the server rejects: not retried, said so.
printf 'wrong-pw\n' | setsid -w "$OUTPOST" -c "$S/config" password set >/dev/null 2>&1
before=$(grep -c 'sasl_method=\|authentication failed' "$OUTPOST_TEST_POSTFIX_LOG" 2>/dev/null)
run send --to "$tag-4@mail.test" --subject x < "$S/body"
is "$rc" 77 "rejected stored password: exit 77"
like "$out" "the stored password was rejected — run 'outpost password set' (or enter a new one)" "rejected: plain words"
after=$(grep -c 'sasl_method=\|authentication failed' "$OUTPOST_TEST_POSTFIX_LOG" 2>/dev/null)
is "$((after - before))" 1 "the stored password was tried once, not again"

# 5. the prompt on a real terminal: after the rejection, a new password
# is asked for (no echo), works, and replaces the stored one.
"$PY" "$top_srcdir/tests/integration/pty_run.py" --stdin "$S/body" \
    --expect "Password for alice at $H: " --reply alice-pw-1 -- \
    "$OUTPOST" -c "$S/config" send --to "$tag-5@mail.test" --subject "pty $tag-5" > "$S/pty" 2>&1
is "$?" 0 "pty: new password typed after the rejection: exit 0"
like "$(cat "$S/pty")" "the stored password was rejected" "pty: the rejection is shown first"
like "$(cat "$S/pty")" "Password for alice at $H: " "pty: the prompt"
unlike "$(cat "$S/pty")" "alice-pw-1" "pty: the typed password is not echoed"
like "$(cat "$S/pty")" "replaced the stored one" "pty: the new password replaced the stored one"
wait_delivered "$tag-5@mail.test" 1
run password status
like "$out" "keyring: stored" "pty: the new one is stored"
run send --to "$tag-5b@mail.test" --subject x < "$S/body"
is "$rc" 0 "the replaced password works without a terminal"

# 6. nothing stored: the prompt offers to store it after AUTH.
run password clear
"$PY" "$top_srcdir/tests/integration/pty_run.py" --stdin "$S/body" \
    --expect "Password for alice at $H: " --reply alice-pw-1 \
    --expect "Store it in the keyring? [y/N]" --reply y -- \
    "$OUTPOST" -c "$S/config" send --to "$tag-6@mail.test" --subject "pty $tag-6" > "$S/pty" 2>&1
is "$?" 0 "pty: typed password: exit 0"
unlike "$(cat "$S/pty")" "alice-pw-1" "pty: not echoed"
like "$(cat "$S/pty")" "stored in the keyring" "pty: stored on request"
wait_delivered "$tag-6@mail.test" 1
run password status
like "$out" "keyring: stored" "pty: status says stored"

# 7. a locked keyring (same keyring file, daemon started without unlock).
L=$(mktemp -d "${TMPDIR:-/tmp}/outpost-krl.XXXXXX")
cp -r "$HOME/." "$L/"
rm -rf "$L/.cache"
locked() { out=$(HOME=$L dbus-run-session -- setsid -w "$OUTPOST" -c "$S/config" "$@" 2>&1 |
    grep -v -e XDG_RUNTIME_DIR -e 'fd limit' -e GNOME_KEYRING_CONTROL); }
locked password status
like "$out" "keyring: keyring locked" "locked: status says locked, not 'not stored'"
locked send --to "$tag-7@mail.test" --subject x < "$S/body"
like "$out" "keyring (keyring locked)" "locked: send names the locked keyring"
out=$(HOME=$L dbus-run-session -- sh -c 'setsid -w "$0" -c "$1" send --to "$2" --subject x < "$3"; echo "rc=$?"' \
    "$OUTPOST" "$S/config" "$tag-7@mail.test" "$S/body" 2>/dev/null)
like "$out" "rc=77" "locked, no terminal: exit 77"
locked password set < "$S/pw"
like "$out" "keyring locked" "locked: set refuses, says locked"
rm -rf "$L"

# 8. a Secret Service but no keyring file yet.
N=$(mktemp -d "${TMPDIR:-/tmp}/outpost-krn.XXXXXX")
out=$(HOME=$N dbus-run-session -- setsid -w "$OUTPOST" -c "$S/config" password status 2>&1)
like "$out" "keyring: no keyring file yet" "no keyring file: status says so"
out=$(HOME=$N dbus-run-session -- setsid -w "$OUTPOST" -c "$S/config" send --to "$tag-8@mail.test" --subject x < "$S/body" 2>&1)
like "$out" "keyring (no keyring file yet)" "no keyring file: send says so"
rm -rf "$N"

# 9. no D-Bus at all: decided at once, never autolaunched.
E=$(mktemp -d "${TMPDIR:-/tmp}/outpost-kre.XXXXXX")
nobus() { t0=$(ms); out=$(env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY XDG_RUNTIME_DIR="$E" \
    setsid -w "$OUTPOST" -c "$S/config" "$@" 2>&1); rc=$?; t=$(($(ms) - t0)); }
nobus password status
is "$rc" 77 "no D-Bus: status exit 77"
like "$out" "keyring: no D-Bus session bus" "no D-Bus: status says so"
[ "$t" -lt 1000 ] && ok "no D-Bus: status in ${t} ms (< 1 s)" || fail "no D-Bus: status took ${t} ms"
nobus send --to "$tag-9@mail.test" --subject x < "$S/body"
is "$rc" 77 "no D-Bus: send exit 77"
like "$out" "keyring (no D-Bus session bus), prompt (no terminal)" "no D-Bus: send names it"
[ "$t" -lt 1000 ] && ok "no D-Bus: send gave up in ${t} ms (< 1 s)" || fail "no D-Bus: send took ${t} ms"
printf 'x\n' > "$S/x"
nobus password set < "$S/x"
is "$rc" 77 "no D-Bus: set exit 77"
rmdir "$E"

# 10. password.command comes first and its failures are reported.
config "password.command = sh -c \"echo no such entry >&2; exit 3\""
run send --to "$tag-10@mail.test" --subject x < "$S/body"
is "$rc" 77 "password.command failing: exit 77"
like "$out" "failed (exit 3): no such entry" "password.command failing: its stderr shown"
config "password.command = true"
run send --to "$tag-10@mail.test" --subject x < "$S/body"
like "$out" "printed no password" "password.command printing nothing: said so"
config "password.command = cat $S/pw"
run password status
like "$out" "password source: password.command" "status: password.command wins over the keyring"

# 11. no outpost process shows the password in argv or the environment,
# while a send waits: on the slow final-dot reply of the faulty server,
# with the keyring's password and with a slow password.command.
scan_procs() { # -> hits on stdout
	# Only builtins until a process is ours: with many processes on a
	# loaded machine, a fork per process would make one pass outlast the
	# send being watched.
	for d in /proc/[0-9]*; do
		comm=
		read -r comm 2>/dev/null < "$d/comm" || continue
		case $comm in outpost*) ;; *) continue ;; esac
		echo "pid ${d#/proc/}" >> "$S/scanned"
		# The control: the environment is readable (OUTPOST_HOME is in it).
		tr '\0' '\n' < "$d/environ" 2>/dev/null | grep -q '^OUTPOST_HOME=' &&
		    echo "pid ${d#/proc/}" >> "$S/envseen"
		cat "$d/cmdline" "$d/environ" 2>/dev/null | tr '\0' '\n' | grep -a alice-pw-1
	done
}
scan_during() { # command... ; scans every 0.1 s while it runs
	: > "$S/scanned"; : > "$S/hits"; : > "$S/envseen"
	"$@" > "$S/bg.out" 2>&1 &
	bg=$!
	while kill -0 $bg 2>/dev/null; do scan_procs >> "$S/hits"; sleep 0.1; done
	wait $bg
}
if "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	faulty_start "$S" --smtps-port @0 --starttls-port @1 --greet421-port @2 ||
		{ echo "Bail out! faulty server did not start"; exit 1; }
	fpid=$FAULTY_PID FS=$FAULTY_BASE
	policy 127.0.0.1 "$FS"
	config
	printf 'alice-pw-1\n' | setsid -w "$OUTPOST" -c "$S/config" password set >/dev/null 2>&1
	scan_during setsid -w "$OUTPOST" -c "$S/config" send --to slow3@mail.test --subject slow < "$S/body"
	is "$?" 0 "keyring send to the slow server: exit 0"
	is "$(cat "$S/hits")" "" "keyring send: no outpost process's argv or environ has the password"
	[ -s "$S/envseen" ] && ok "keyring send: the agent's environ was read" ||
	    fail "keyring send: no environ could be read"
	[ -s "$S/scanned" ] && ok "keyring send: $(sort -u "$S/scanned" | wc -l | tr -d ' ') process(es) scanned" ||
	    fail "keyring send: no outpost process was seen" "$(cat "$S/bg.out")"
	config "password.command = sh -c \"sleep 1; cat $S/pw\""
	scan_during setsid -w "$OUTPOST" -c "$S/config" send --to slow3@mail.test --subject slow < "$S/body"
	is "$(cat "$S/hits")" "" "password.command send: no outpost process's argv or environ has it"
	like "$(cat "$S/faulty.log")" "ACCEPTED" "the faulty server got the messages"
	unlike "$(cat "$S/faulty.log")" "alice-pw-1" "the server's log never saw the password"
	hits=$(grep -r -l -a alice-pw-1 "$TEST_HOME" 2>/dev/null)
	is "$hits" "" "still no file under the data directory holds the password"
else
	ok "# SKIP python3-aiosmtpd is not installed (process scan)"
fi

# 12. libsecret and GLib are loaded only when the keyring is asked: a
# send whose password comes from password.command opens neither.
command -v strace >/dev/null 2>&1 || fail "strace is not installed (contrib/quickstart installs it)"
policy "$H" "$OUTPOST_TEST_SMTPS_PORT"
config "password.command = cat $S/pw"
strace -f -qq -e trace=open,openat -o "$S/strace12" setsid -w "$OUTPOST" -c "$S/config" \
    send --to "$tag-12@mail.test" --subject "keyring $tag-12" < "$S/body" > "$S/out12" 2>&1
is "$?" 0 "send with password.command: exit 0"
wait_delivered "$tag-12@mail.test" 1
is "$(grep -c 'libsecret-1\|libglib-2\|libgio-2' "$S/strace12")" 0 \
    "send with password.command: libsecret and GLib never opened"
config
strace -f -qq -e trace=open,openat -o "$S/strace12k" setsid -w "$OUTPOST" -c "$S/config" \
    password status < /dev/null > "$S/out12k" 2>&1
like "$(cat "$S/out12k")" "keyring: " "password status asks the keyring"
like "$(cat "$S/strace12k")" "libsecret-1.so.0" "password status: libsecret loaded when the keyring is asked"

run password frob
is "$rc" 64 "password with a bad subcommand: exit 64"
done_testing
