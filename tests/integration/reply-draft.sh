#!/bin/sh
# reply-draft.sh -- outpost-agent make-draft reply with no server:
# reply.html_filter runs with a deadline and bounded output (one that
# hangs, talks without end, cannot start or fails is stopped and named)
# and no draft is left by a failed filter.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
make_home
C=$top_srcdir/tests/fixtures/messages
D=$TEST_HOME/drafts
write_policy "$TEST_HOME/loop.policy" 127.0.0.1 4650 5870

# conf [key = value]...: the config every make-draft below reads.
conf() { write_config "$TEST_HOME/config" "$TEST_HOME/loop.policy" "name = Alice Example" "$@"; }
# make KIND ARG: exit status in $rc, output in $out, the draft's id in $id.
make() {
	out=$(timeout 120 "$OUTPOST_AGENT" -c "$TEST_HOME/config" make-draft "$@" 2>&1); rc=$?
	id=$(printf '%s\n' "$out" | sed -n 1p)
}
# body ID: the draft's text (after its header lines).
body() { sed '1,/^$/d' "$D/$1.draft"; }
field() { sed -n "s/^$2: //p" "$D/$1.draft"; }

# 1. reply.html_filter: a deadline, bounded output, named in every error.
conf "reply.html_filter = sleep 1000"
start=$(date +%s)
make reply "$C/html-only.eml"
is "$rc" 65 "a filter that hangs: exit 65"
[ $(($(date +%s) - start)) -lt 60 ] && ok "it was stopped within 60 s (deadline 10 s)" ||
    fail "it was stopped within 60 s: took $(($(date +%s) - start)) s"
like "$out" 'reply.html_filter "sleep 1000": it did not finish within 10 seconds and was stopped' \
    "the error names the filter and the deadline"
conf "reply.html_filter = yes"
make reply "$C/html-only.eml"
is "$rc" 65 "a filter with endless output: exit 65"
like "$out" 'reply.html_filter "yes": it wrote over 16777216 bytes without end and was stopped' \
    "the error names the filter and the bound"
conf "reply.html_filter = /nonexistent/w3m -dump"
make reply "$C/html-only.eml"
like "$rc:$out" '65:outpost: reply.html_filter "/nonexistent/w3m -dump": cannot run /nonexistent/w3m: No such file' \
    "a filter that cannot start: named, with why"
printf '#!/bin/sh\necho "w3m: cannot parse this" >&2\nexit 3\n' > "$TEST_HOME/bad-filter"
chmod +x "$TEST_HOME/bad-filter"
conf "reply.html_filter = $TEST_HOME/bad-filter"
make reply "$C/html-only.eml"
like "$rc:$out" "65:outpost: reply.html_filter \"$TEST_HOME/bad-filter\": $TEST_HOME/bad-filter stopped (exit 3): w3m: cannot parse this" \
    "a failing filter: its exit status and what it said on stderr"
n=$(ls "$D" 2>/dev/null | wc -l)
is "$n" 0 "no draft made by a failed filter"

done_testing
