#!/bin/sh
# events.sh -- outpost-agent's --events mode (the UI <-> agent protocol,
# HACKING.md) against real Postfix + Dovecot: doctor steps and the
# password source, ask-password answered and cancelled over the pipe,
# send --draft (queued, outcome, progress, the draft removed, format=
# flowed), a server that is down, check-addresses, outbox-edit round
# trips, password set/status; the password never in argv, the
# environment or the data directory.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
PY=${PYTHON3:-/usr/bin/python3}
command -v "$PY" >/dev/null 2>&1 || skip_all "python3 is not installed"
make_home
use_servers
: "${OUTPOST_AGENT:=$top_builddir/ui/outpost-agent}"
H=$OUTPOST_TEST_HOST
DRIVE="$PY $top_srcdir/tests/integration/events_drive.py"
EVAL="$PY $top_srcdir/tests/integration/events_eval.py"
tag=e$$
printf 'alice-pw-1\n' > "$TEST_HOME/pw"
DATA=$TEST_HOME
# No keyring anywhere: no session bus, an empty runtime directory.
unset DBUS_SESSION_BUS_ADDRESS
export XDG_RUNTIME_DIR="$TEST_HOME/run"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

policy() { # host port1 [port2] [lines]
	write_policy "$TEST_HOME/loop.policy" "$@"
}
config() { # extra "key = value" lines replace the base ones
	write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" \
	    "name = Alice Example" "timeout.connect = 5" "timeout.reply = 20" "$@"
}
# agent [--password PW] COMMAND ARGS... -> $TEST_HOME/ev.jsonl, $rc
agent() {
	dargs=
	if [ "$1" = --password ]; then dargs="--password=$2"; shift 2; fi
	cmd=$1; shift
	$DRIVE $dargs -- "$OUTPOST_AGENT" "$cmd" -c "$TEST_HOME/config" \
	    --events "$@" > "$TEST_HOME/ev.jsonl" 2> "$TEST_HOME/ev.err" < /dev/null
	rc=$?
}
ev() { $EVAL "$TEST_HOME/ev.jsonl" "$1"; }
check() { # python-expression description
	r=$(ev "$1" 2>&1)
	if [ "$r" = True ]; then ok "$2"; else
		fail "$2" "got $r; events: $(head -c 3000 "$TEST_HOME/ev.jsonl")"
	fi
}

# ---- doctor
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config
agent doctor
is "$rc" 0 "doctor --events: exit 0"
check 'valid' "doctor: every line is JSON, done last and once"
check 'last["status"] == 0 and "passed" in last["message"]' "doctor: done status 0"
check 'len(of("step")) > 0 and all(e["state"] == "pending" for e in of("step")[:7])' \
    "doctor: the steps are announced as pending first"
check '{e["id"] for e in of("step") if e["state"] == "pending"} == {e["id"] for e in of("step") if e["state"] == "passed"}' \
    "doctor: every announced step ends passed"
check 'all(set(e) >= {"id","title","state","detail","advice"} for e in of("step"))' \
    "doctor: steps carry id, title, state, detail, advice"
check 'any(e["state"] == "running" and e["id"] == "auth" for e in of("step"))' \
    "doctor: running states are reported"
check '[e["source"] for e in of("source")] == ["command"]' "doctor: source command"

policy "$OUTPOST_TEST_WRONGNAME_HOST" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
agent doctor
is "$rc" 69 "doctor, wrong-name certificate: exit 69"
check 'valid and last["status"] == 69' "wrong name: done status 69"
check 'any(e["id"] == "tls" and e["state"] == "failed" and "certificate" in e["detail"] + e["advice"] for e in of("step"))' \
    "wrong name: a failed TLS step with a certificate reason"
check 'any(e["id"] == "auth" and e["state"] == "skipped" for e in of("step"))' \
    "wrong name: AUTH skipped"

# ---- the password over the pipe (no keyring, no password.command)
policy "$H" "$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT"
config "password.command ="
agent --password alice-pw-1 doctor
is "$rc" 0 "doctor, password asked over the pipe: exit 0"
check 'valid and len(of("ask-password")) == 1 and "alice" in of("ask-password")[0]["prompt"]' \
    "ask-password event with a prompt"
check 'any(e["id"] == "auth" and e["state"] == "passed" for e in of("step"))' \
    "the answered password: AUTH ok"
check '[e["source"] for e in of("source")] == ["prompt"]' "source prompt"
check 'drv and not any(d["found"] for d in drv)' \
    "the password is not in the agent's argv or environment"
agent --password "" doctor
isnt_zero=$([ "$rc" != 0 ] && echo yes)
is "$isnt_zero" yes "a cancelled answer: non-zero exit"
check 'valid and last["status"] != 0 and last["message"] != ""' "cancelled: done with a non-zero status and a message"
check 'any(e["id"] == "auth" and e["state"] == "failed" and "cancelled" in e["detail"] for e in of("step"))' \
    "cancelled: the AUTH step says so"

# ---- password status / set
agent password status
check 'valid and [e["source"] for e in of("source")] == ["prompt"]' "password status: source prompt"
config
agent password status
check 'valid and [e["source"] for e in of("source")] == ["command"]' "password status: source command"

# ---- check-addresses
agent check-addresses To 'Ada <ada@example.org>, bob@example.org'
is "$rc" 0 "check-addresses: good list, exit 0"
check 'valid and of("addresses")[0] == {"ev":"addresses","field":"To","ok":True,"error":"","list":["ada@example.org","bob@example.org"]}' \
    "check-addresses: normalised list"
agent check-addresses Cc 'ada@example.org, bob@'
is "$rc" 65 "check-addresses: bad list, exit 65"
check 'valid and of("addresses")[0]["ok"] is False and "Cc" in of("addresses")[0]["error"] and of("addresses")[0]["list"] == []' \
    "check-addresses: the error names the field"
check 'last["status"] == 65 and "Cc" in last["message"]' "check-addresses: done says why"
