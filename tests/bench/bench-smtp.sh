# tests/bench/bench-smtp.sh -- items 3 and 4 of `make bench` (issue 9;
# issue 4's benchmark): N (100) queued messages flushed through the real
# local Postfix with 50 ms of added round-trip time, `outpost flush`
# against Debian's msmtpq (one message per connection); and one message
# sent on its own, implicit TLS and STARTTLS, `outpost send` against
# `msmtp`.  Sourced by tests/bench/bench.sh after the mail servers are up
# (bench_servers); adds its rows with add_row.
#
# Latency: netem is not available, so delay-relay sits between both
# clients and Postfix and holds every chunk 25 ms in each direction (and
# charges the TCP handshake, see delay-relay.c).  It counts the turns of
# each connection: a client round trip each time the data flow changes
# from client->server to server->client (waiting for the greeting is one).

NOTES+=("items 3-4: real Postfix (tests/fixtures/mailservers.sh), TLS 1.3 with
  AUTH PLAIN, through tests/bench/delay-relay: ${DELAY} ms each way per chunk
  ($((2 * DELAY)) ms RTT), TCP handshake $([ "$HANDSHAKE" = 1 ] && echo charged || echo "NOT charged");
  $N messages of about 1.2 KB to one recipient; outpost flush: median of
  $FRUNS runs, msmtpq ($MSMTPQ): one run; single sends: median of $RUNS.
  Round trips: turns counted by the relay (data flow switching from client
  to server to server to client; waiting for the greeting counts, the TCP
  handshake does not).  The server's own time: per turn, from the relay's
  last write to the server to the first byte of its answer (a TLS
  signature, the password check, the queue file synced before 250); the
  client's own time is what is left beyond the round trips without it.
  Wall times are bash's \$EPOCHREALTIME just before the command starts and
  just after it ends (before 2026-12-07: date(1) on either side, about
  2.5 ms more for every program).")

# ---------------------------------------------------------------- relay
R_SMTPS=$((BASE + 1465))        # relay -> implicit TLS
R_SUB=$((BASE + 1587))          # relay -> STARTTLS
"$RELAY" -d "$DELAY" -H "$HANDSHAKE" -l "$W/relay.log" -r "$W/relay.ready" \
	"$R_SMTPS:$OUTPOST_TEST_SMTPS_PORT" "$R_SUB:$OUTPOST_TEST_SUBMISSION_PORT" 2>"$W/relay.err" &
RELAY_PID=$!
for _ in $(seq 100); do [ -f "$W/relay.ready" ] && break; kill -0 "$RELAY_PID" 2>/dev/null || break; sleep 0.02; done
[ -f "$W/relay.ready" ] || { cat "$W/relay.err" >&2; die "delay-relay did not start" 2; }

# ---------------------------------------------------------------- client configurations
umask 077
printf 'alice-pw-1\n' > "$W/pw"
export OUTPOST_HOME=$W/outpost
mkdir -p "$OUTPOST_HOME"
bench_policy "$W/loop.policy" bench-loopback "$OUTPOST_TEST_HOST" \
    "$R_SMTPS implicit" "$R_SUB starttls"
outpost_config() { # port file
	cat > "$2" <<EOF
policy = $W/loop.policy
address = alice@mail.test
username = alice
smtp.port = $1
tls.ca_file = $OUTPOST_TEST_CA_FILE
password.command = cat $W/pw
timeout.connect = 10
timeout.reply = 60
EOF
}
outpost_config "$R_SMTPS" "$OUTPOST_HOME/config"
outpost_config "$R_SUB" "$W/outpost-starttls.conf"
cat > "$W/msmtprc" <<EOF
defaults
host $OUTPOST_TEST_HOST
tls on
tls_trust_file $OUTPOST_TEST_CA_FILE
tls_certcheck on
auth on
user alice
passwordeval "cat $W/pw"
from alice@mail.test

account smtps
port $R_SMTPS
tls_starttls off

account submission
port $R_SUB
tls_starttls on

account default : smtps
EOF
# msmtpq: its own queue and log; no connection test (it pings debian.org).
export MSMTPQ_Q=$W/msmtp.queue MSMTPQ_LOG=$W/msmtpq.log EMAIL_CONN_TEST=x EMAIL_QUEUE_QUIET=t
mkdir -p "$MSMTPQ_Q"
# msmtpq has no queue-only mode: it queues what msmtp fails to send.  This
# stand-in for msmtp answers --version (msmtpq checks it) and fails every
# send with EX_TEMPFAIL, as msmtp does when offline.
printf '#!/bin/sh\n[ "$1" = --version ] && exec %s --version\nexit 75\n' "$MSMTP" > "$W/msmtp-offline"
chmod 755 "$W/msmtp-offline"

# ---------------------------------------------------------------- helpers
message() { # file rcpt subject
	{
		printf 'From: Alice <alice@mail.test>\r\nTo: <%s>\r\nSubject: %s\r\n' "$2" "$3"
		printf 'Date: %s\r\nMessage-ID: <%s.%s@bench.mail.test>\r\n' \
		    "$(date -R)" "$(now_ns)" "$RANDOM"
		printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n'
		for i in $(seq 16); do
			printf 'Line %02d of a benchmark message, about one kilobyte in all.\r\n' "$i"
		done
	} > "$1"
}
relay_mark() { wc -l < "$W/relay.log" | tr -d ' '; }
relay_since() { tail -n "+$(($1 + 1))" "$W/relay.log"; }
relay_settle() { # mark: wait until every connection opened since is closed
	local o c
	for _ in $(seq 500); do
		o=$(relay_since "$1" | grep -c '^open ' || true)
		c=$(relay_since "$1" | grep -c '^close ' || true)
		[ "$o" = "$c" ] && return 0
		sleep 0.02
	done
	say "relay: connections still open after 10 s"
}
relay_stats() { # mark -> "connections turns server-ms"
	relay_since "$1" | awk '/^close / { n++; sub("turns=", "", $4); t += $4
	    for (i = 5; i <= NF; i++) if ($i ~ /^srv_us=/) { sub("srv_us=", "", $i); s += $i } }
	    END { printf "%d %d %.1f\n", n, t, s / 1000 }'
}
delivered() { ls "$OUTPOST_TEST_MAIL_DIR/$1/Maildir/new" 2>/dev/null | wc -l | tr -d ' '; }
wait_delivered() { # rcpt n
	for _ in $(seq 600); do [ "$(delivered "$1")" -ge "$2" ] && break; sleep 0.1; done
	delivered "$1"
}

# ---------------------------------------------------------------- 0. warm-up
# A fresh Postfix/Dovecot spends most of a second on its first session
# (smtpd, tlsmgr, the auth and LMTP workers start): pay that outside the
# timings, with msmtp straight to both ports (not through the relay).
printf 'account warm-smtps : smtps\nport %s\naccount warm-sub : submission\nport %s\n' \
	"$OUTPOST_TEST_SMTPS_PORT" "$OUTPOST_TEST_SUBMISSION_PORT" >> "$W/msmtprc"
for acct in warm-smtps warm-sub; do
	message "$W/m" "$TAG-warm@mail.test" "warm-up $acct"
	"$MSMTP" -C "$W/msmtprc" -a "$acct" "$TAG-warm@mail.test" < "$W/m" ||
		die "warm-up send with msmtp ($acct) failed" 2
done
[ "$(wait_delivered "$TAG-warm@mail.test" 2)" = 2 ] || die "warm-up messages were not delivered" 2

# ---------------------------------------------------------------- 1. outpost: queue N, flush (FRUNS times)
bench_flush() {
	ot=() ortt=() oc=() oq=()
	for r in $(seq "$FRUNS"); do
		RO=$TAG-outpost$r@mail.test
		say "outpost: queueing $N messages (run $r of $FRUNS)"
		for i in $(seq "$N"); do message "$W/m.$i" "$RO" "outpost bench $i/$N"; done
		stamp t0
		for i in $(seq "$N"); do
			"$OUTPOST" send --queue-only "$RO" < "$W/m.$i" >/dev/null 2>>"$W/outpost.err" ||
				die "outpost send --queue-only failed: $(tail -3 "$W/outpost.err")"
		done
		stamp t1
		oq+=("$(secs "$t0" "$t1")")
		q=$("$OUTPOST" outbox 2>/dev/null | grep -c ' queued ' || true)
		[ "$q" = "$N" ] || die "outpost: $q queued, want $N"
		m=$(relay_mark)
		stamp t0
		"$OUTPOST" flush --trace "$W/flush$r.trace" > "$W/flush.out" 2>&1 ||
			{ cat "$W/flush.out" >&2; die "outpost flush failed"; }
		stamp t1
		relay_settle "$m"
		read -r c t _ < <(relay_stats "$m")
		ot+=("$(secs "$t0" "$t1")"); ortt+=("$t"); oc+=("$c")
		say "outpost: $(tail -1 "$W/flush.out") in ${ot[-1]} s, $t round trips, $c connection(s)"
	done
	O_FLUSH=$(echo "${ot[*]}" | median)
	O_TURNS=$(echo "${ortt[*]}" | median)
	O_CONNS=$(echo "${oc[*]}" | median)

	# 2. msmtpq: queue N, run the queue
	RM=$TAG-msmtpq@mail.test
	say "msmtpq: queueing $N messages"
	for i in $(seq "$N"); do message "$W/m.$i" "$RM" "msmtpq bench $i/$N"; done
	stamp t0
	for i in $(seq "$N"); do
		MSMTP=$W/msmtp-offline "$MSMTPQ" -C "$W/msmtprc" -a smtps "$RM" < "$W/m.$i" >/dev/null 2>&1
	done
	stamp t1
	M_ENQ=$(secs "$t0" "$t1")
	O_ENQ=$(echo "${oq[*]}" | median)
	q=$(ls "$MSMTPQ_Q" | grep -c '\.mail$' || true)
	[ "$q" = "$N" ] || die "msmtpq: $q queued, want $N"
	say "msmtpq: run the queue (msmtpq --q-mgmt -r)"
	m=$(relay_mark)
	stamp t0
	MSMTP=$MSMTP "$MSMTPQ" --q-mgmt -r > "$W/msmtpq.out" 2>&1 ||
		{ cat "$W/msmtpq.out" >&2; die "msmtpq -r failed"; }
	stamp t1
	relay_settle "$m"
	M_FLUSH=$(secs "$t0" "$t1")
	read -r M_CONNS M_TURNS _ < <(relay_stats "$m")
	left=$(ls "$MSMTPQ_Q" | grep -c '\.mail$' || true)
	[ "$left" = 0 ] || { say "msmtpq: $left messages left in its queue"; FAILED=1; }

	# 3. every message arrived
	for r in $(seq "$FRUNS"); do
		GOT_O=$(wait_delivered "$TAG-outpost$r@mail.test" "$N")
		[ "$GOT_O" = "$N" ] || { say "outpost run $r: only $GOT_O of $N delivered"; FAILED=1; }
	done
	GOT_M=$(wait_delivered "$RM" "$N")
	say "delivered: outpost $GOT_O/$N (each of $FRUNS runs), msmtpq $GOT_M/$N"
	[ "$GOT_M" = "$N" ] || { say "msmtpq: only $GOT_M of $N delivered"; FAILED=1; }

	enqueue_fsyncs
	flush_rows
}

# fsyncs of one enqueue (strace -f counts the children too), each
# program with a queue of its own: O_FSYNC, M_FSYNC
enqueue_fsyncs() {
	O_FSYNC=- M_FSYNC=-
	command -v strace >/dev/null 2>&1 || { say "strace missing: fsyncs not counted"; return 0; }
	mkdir -p "$W/fsync-home" "$W/fsync.q"
	cp "$OUTPOST_HOME/config" "$W/fsync-home/config"
	message "$W/m" "$TAG-fsync@mail.test" "fsync count"
	O_FSYNC=$(OUTPOST_HOME=$W/fsync-home fsyncs "$OUTPOST" send --queue-only "$TAG-fsync@mail.test")
	M_FSYNC=$(MSMTPQ_Q=$W/fsync.q MSMTP=$W/msmtp-offline \
	    fsyncs "$MSMTPQ" -C "$W/msmtprc" -a smtps "$TAG-fsync@mail.test")
}
fsyncs() {
	O_FSYNC=- M_FSYNC=-
	command -v strace >/dev/null 2>&1 || { say "strace missing: fsyncs not counted"; return 0; }
	message "$W/m" "$TAG-fsync@mail.test" "fsync count"
	O_FSYNC=$(fsyncs "$OUTPOST" send --queue-only "$TAG-fsync@mail.test")
	M_FSYNC=$(MSMTP=$W/msmtp-offline fsyncs "$MSMTPQ" -C "$W/msmtprc" -a smtps "$TAG-fsync@mail.test")
	"$OUTPOST" outbox delete "$(
	    "$OUTPOST" outbox | awk '/fsync count/ { print $1; exit }')" >/dev/null 2>&1 || true
	rm -f "$MSMTPQ_Q"/*fsync* 2>/dev/null
	find "$MSMTPQ_Q" -newer "$W/m" -name '*.mail' -exec grep -l "$TAG-fsync" {} + 2>/dev/null |
	    while read -r f; do rm -f "$f" "${f%.mail}.msmtp"; done
}
fsyncs() { # command... < $W/m -> fsync + fdatasync calls
	strace -f -qq -c -e trace=fsync,fdatasync,sync_file_range,msync -o "$W/fsync.st" \
	    "$@" < "$W/m" >/dev/null 2>&1
	awk '$NF ~ /^(fsync|fdatasync|sync_file_range|msync)$/ { n += $4 } END { print n + 0 }' "$W/fsync.st"
}

# ---------------------------------------------------------------- 4. one message on its own
single() { # command... -> $W/single.res: "seconds turns connections server-ms"
	local m t0 t1 c t
	m=$(relay_mark)
	stamp t0
	"$@" < "$W/m" > "$W/single.out" 2>&1 || { cat "$W/single.out" >&2; die "single send failed: $*"; }
	stamp t1
	relay_settle "$m"
	read -r c t sv < <(relay_stats "$m")
	echo "$(secs "$t0" "$t1") $t $c $sv" > "$W/single.res"
}
bench_single() {
	declare -A S_T S_RT S_O S_SV S_OWN
	for mode in implicit starttls; do
		if [ $mode = implicit ]; then
			ocmd=("$OUTPOST" send); acct=smtps
		else
			ocmd=("$OUTPOST" send -c "$W/outpost-starttls.conf"); acct=submission
		fi
		ot=() ort=() mt=() mrt=() oo=() mo=() osv=() msv=() oown=() mown=()
		for r in $(seq "$RUNS"); do
			message "$W/m" "$TAG-single@mail.test" "single $mode $r outpost"
			single "${ocmd[@]}" "$TAG-single@mail.test"
			read -r a b c d < "$W/single.res"
			ot+=("$a"); ort+=("$b"); oo+=("$(beyond "$a" "$b" "$c")")
			osv+=("$d"); oown+=("$(beyond "$a" "$b" "$c" "$d")")
			message "$W/m" "$TAG-single@mail.test" "single $mode $r msmtp"
			single "$MSMTP" -C "$W/msmtprc" -a "$acct" "$TAG-single@mail.test"
			read -r a b c d < "$W/single.res"
			mt+=("$a"); mrt+=("$b"); mo+=("$(beyond "$a" "$b" "$c")")
			msv+=("$d"); mown+=("$(beyond "$a" "$b" "$c" "$d")")
		done
		S_T[o$mode]=$(echo "${ot[*]}" | median); S_RT[o$mode]=$(echo "${ort[*]}" | median)
		S_T[m$mode]=$(echo "${mt[*]}" | median); S_RT[m$mode]=$(echo "${mrt[*]}" | median)
		S_O[o$mode]=$(echo "${oo[*]}" | median); S_O[m$mode]=$(echo "${mo[*]}" | median)
		S_SV[o$mode]=$(echo "${osv[*]}" | median); S_SV[m$mode]=$(echo "${msv[*]}" | median)
		S_OWN[o$mode]=$(echo "${oown[*]}" | median); S_OWN[m$mode]=$(echo "${mown[*]}" | median)
	done
	GOT_S=$(wait_delivered "$TAG-single@mail.test" $((4 * RUNS)))
	[ "$GOT_S" = $((4 * RUNS)) ] || { say "single sends: $GOT_S of $((4 * RUNS)) delivered"; FAILED=1; }
	single_rows
}

# ---------------------------------------------------------------- rows of the table
per() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# seconds turns connections [server-ms] -> ms beyond the network's share:
# each turn and (when charged) each TCP handshake is one RTT; with
# server-ms, the server's own time is taken out too (the client's share)
beyond() {
	awk -v s="$1" -v t="$2" -v c="$3" -v d="$DELAY" -v h="$HANDSHAKE" -v sv="${4:-0}" \
	    'BEGIN { printf "%.1f", s * 1000 - (t + (h ? c : 0)) * 2 * d - sv }'
}
flush_rows() {
	local rpm_o rpm_m speed
	rpm_o=$(per "$O_TURNS" "$N"); rpm_m=$(per "$M_TURNS" "$N")
	speed=$(awk -v o="$O_FLUSH" -v m="$M_FLUSH" 'BEGIN { if (o > 0) printf "%.2f", m / o; else print 0 }')
	add_row "flush $N queued messages: wall time (s)" "$O_FLUSH" msmtpq "$M_FLUSH" \
	    "$(verdict "$(awk -v x="$speed" 'BEGIN { print (x >= 6) }')") (>= 6x faster: ${speed}x)"
	add_row "flush $N: client round trips per message" "$rpm_o" msmtpq "$rpm_m" -
	add_row "flush $N: TCP connections" "$O_CONNS" msmtpq "$M_CONNS" -
	add_row "enqueue $N messages (--queue-only): wall time (s)" "$O_ENQ" msmtpq "$M_ENQ" -
	add_row "enqueue: fsyncs per accepted message" "$O_FSYNC" msmtpq "$M_FSYNC" \
	    "$(is_number "$O_FSYNC" && verdict "$(awk -v n="$O_FSYNC" 'BEGIN { print (n <= 4) }')" || echo "not measured") (<= 4, each needed: HACKING.md)"
	say "round trips in the flush: outpost $O_TURNS over $O_CONNS connection(s), msmtpq $M_TURNS over $M_CONNS"
}
single_rows() {
	local mode label
	for mode in implicit starttls; do
		label=$([ $mode = implicit ] && echo "implicit TLS" || echo STARTTLS)
		add_row "send 1 message, $label: wall time (s)" "${S_T[o$mode]}" msmtp "${S_T[m$mode]}" -
		add_row "send 1 message, $label: client round trips" "${S_RT[o$mode]}" msmtp "${S_RT[m$mode]}" \
		    "$(verdict "$(awk -v o="${S_RT[o$mode]}" -v m="${S_RT[m$mode]}" 'BEGIN { print (o < m) }')") (fewer than msmtp)"
		add_row "send 1 message, $label: wall time beyond its round trips (ms)" "${S_O[o$mode]}" \
		    msmtp "${S_O[m$mode]}" \
		    "$(verdict "$(awk -v o="${S_O[o$mode]}" 'BEGIN { print (o <= 20) }')") (<= 20 ms: turns x RTT + 20 ms)"
		add_row "send 1 message, $label: of that, the server's own time (ms)" "${S_SV[o$mode]}" \
		    msmtp "${S_SV[m$mode]}" -
		add_row "send 1 message, $label: of that, the client's own time (ms)" "${S_OWN[o$mode]}" \
		    msmtp "${S_OWN[m$mode]}" -
	done
}
