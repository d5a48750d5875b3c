#!/bin/sh
# protocol.sh -- the UI <-> agent protocol is named only in
# ui/proto/protocol.h: no file of ui/ reads or writes a JSON key or an
# event name as a bare string (a typo would then be a silent mismatch,
# not a compile error).  `outpost outbox --json` (ui/cli/cmd-outbox.c)
# is a format of its own, for users' scripts, and is left out.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

# One line per bare key in the tree at $1: "FILE:LINE: TEXT" (comments,
# which show the protocol to the reader, are left out).
protocol_check()
{
	(cd "$1" && grep -rnE \
	    '(json_object_(get|set|set_new|del)|events_set_[a-z]+|proto_str|events_new)\([^,()]*, *"|\\?"ev\\?" *:' \
	    --include='*.c' --include='*.h' ui 2>/dev/null |
	    grep -v '^ui/cli/cmd-outbox\.c:' | grep -v '^ui/proto/' |
	    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)')
}

is "$(protocol_check .)" "" "no bare protocol key or event name in ui/"

# The check must be able to fail.
tmp=$(mktemp -d)
mkdir -p "$tmp/ui/agent" "$tmp/ui/tui" "$tmp/ui/cli" "$tmp/ui/proto"
printf 'x = json_object_get(ev, "status");\n' > "$tmp/ui/tui/get.c"
printf 'events_set_str(o, "subject", s);\n' > "$tmp/ui/agent/set.c"
printf 'puts("{\\"ev\\":\\"done\\"}");\n' > "$tmp/ui/agent/raw.c"
printf 'json_object_set_new(o, "state", s);\n' > "$tmp/ui/cli/cmd-outbox.c"
printf 'x = json_object_get(ev, PROTO_F_STATUS);\n' > "$tmp/ui/tui/ok.c"
planted=$(protocol_check "$tmp")
rm -rf "$tmp"
like "$planted" 'ui/tui/get.c:1:' "a bare key read is caught"
like "$planted" 'ui/agent/set.c:1:' "a bare key written is caught"
like "$planted" 'ui/agent/raw.c:1:' "an event written by hand is caught"
unlike "$planted" 'cmd-outbox.c' "outbox --json, a format of its own, is left alone"
unlike "$planted" 'ok.c' "a key named by protocol.h passes"
done_testing
