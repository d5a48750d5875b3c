#!/bin/sh
# layering.sh -- the layer table of HACKING.md, checked by folder: a file
# in src/ or ui/ includes only headers of its own folder and of the
# folders its row names; src/ never includes ui/; curses only in ui/tui/;
# every source file lives in a folder of the table; headers are included
# by folder ("store/outbox.h"); jansson stays out of the headers the
# curses-free models see.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

# folder, then the folders it may include besides its own ("src": every
# folder of src/).  The order is the layering: each row names only rows
# above it.
LAYERS='
src/base
src/conf	base
src/text	base
src/store	base conf
src/wire	base conf
src/mail	base conf text
src/work	base conf text store wire mail
ui/input	src
ui/proto
ui/tui	src input proto
ui/composer	src input tui proto
ui/outbox	src input tui proto
ui/settings	src input tui proto
ui/cli	src input tui
ui/agent	src cli proto
'

# Print one line per violation in the tree at $1: "kind: where: what".
layering_check()
{
	(cd "$1" && find src ui -name '*.[ch]' ! -name '*-builtin.c' |
	    sort | while read -r f; do
		echo "$f:0:"
		grep -nE '^[[:space:]]*#[[:space:]]*include' "$f" |
		    sed "s|^|$f:|"
	done) | awk -v layers="$LAYERS" '
	BEGIN {
		n = split(layers, row, "\n")
		for (i = 1; i <= n; i++) {
			if (split(row[i], w, /[ \t]+/) < 1 || w[1] == "")
				continue
			known[w[1]] = 1
			split(w[1], sf, "/"); side[sf[2]] = sf[1]
			for (j = 2; j in w; j++)
				may[w[1] " " w[j]] = 1
		}
	}
	{
		file = $0; sub(/:.*/, "", file)
		rest = $0; sub(/^[^:]*:/, "", rest)
		line = rest; sub(/:.*/, "", line)
		inc = rest; sub(/^[^:]*:/, "", inc)
		np = split(file, p, "/")
		if (np != 3) {
			if (!(file in seen))
				print "unplaced: " file ": in no layer folder; move it into one of the table"
			seen[file] = 1; next
		}
		dir = p[1] "/" p[2]
		if (!(dir in known)) {
			if (!(file in seen))
				print "unplaced: " file ": " dir " is not in the layer table"
			seen[file] = 1; next
		}
		where = file ":" line
		if (inc ~ /<(n?curses(w)?\/)?n?curses(w)?\.h>|<(term|panel|menu|form)\.h>/) {
			if (dir != "ui/tui")
				print "curses: " where ": curses outside ui/tui/"
			next
		}
		if (inc !~ /"/)
			next
		h = inc; sub(/^[^"]*"/, "", h); sub(/".*/, "", h)
		if (h ~ /\.\./ || split(h, q, "/") != 2) {
			print "flat: " where ": \"" h "\" is not included by folder (\"store/outbox.h\")"
			next
		}
		if (!(q[1] in side)) {
			print "flat: " where ": \"" h "\" names no folder of the table"
			next
		}
		to = side[q[1]] "/" q[1]
		if (p[1] == "src" && side[q[1]] == "ui") {
			print "ui-from-src: " where ": src/ includes ui/ header \"" h "\""
			next
		}
		if (to == dir || (dir " " q[1]) in may || \
		    (side[q[1]] == "src" && (dir " src") in may))
			next
		print "layer: " where ": " dir " may not include \"" h "\" (see the table in tests/lint/layering.sh)"
	}'
}

v=$(layering_check .)
is "$(printf '%s\n' "$v" | grep '^unplaced:')" "" \
    "every file of src/ and ui/ is in a folder of the layer table"
is "$(printf '%s\n' "$v" | grep '^curses:')" "" "curses only in ui/tui/"
is "$(printf '%s\n' "$v" | grep '^ui-from-src:')" "" "src/ includes no ui/ header"
is "$(printf '%s\n' "$v" | grep '^flat:')" "" \
    "every project header is included by folder"
is "$(printf '%s\n' "$v" | grep '^layer:')" "" \
    "each folder includes only itself and the folders its row names"

hits=$(grep -lE 'n?curses(w)?\.h' tests/unit/*.c tests/fuzz/*.c 2>/dev/null)
is "$hits" "" "core tests and fuzz targets need no curses"

# JSON only where events are read or written: the framework's and the
# input headers and the screens' models (ui/libopui.a) never pull it in.
hits=$(grep -l '<jansson\.h>' ui/tui/*.h ui/input/*.h ui/*/*-model.h 2>/dev/null)
is "$hits" "" "no jansson in ui/tui or ui/input headers or the models"

# The check itself must be able to fail: plant one violation of each kind.
tmp=$(mktemp -d)
mkdir -p "$tmp/src/base" "$tmp/src/conf" "$tmp/src/store" "$tmp/ui/tui" \
    "$tmp/ui/outbox" "$tmp/ui/agent"
printf '#include "work/send.h"\n' > "$tmp/src/base/up.c"
printf '#include "tui/app.h"\n' > "$tmp/src/conf/ui.c"
printf '#include <ncursesw/curses.h>\n' > "$tmp/src/store/curses.c"
printf '#include <curses.h>\n' > "$tmp/ui/outbox/curses.c"
printf '#include "outbox-model.h"\n' > "$tmp/ui/outbox/flat.c"
printf '#include "tui/app.h"\n' > "$tmp/ui/agent/up.c"
printf '/* nothing */\n' > "$tmp/src/stray.c"
printf '#include <curses.h>\n#include "input/keys.h"\n#include "store/outbox.h"\n' \
    > "$tmp/ui/tui/ok.c"
planted=$(layering_check "$tmp")
rm -rf "$tmp"
like "$planted" 'layer: src/base/up.c:1: src/base may not include "work/send.h"' \
    "a lower layer including a higher one is caught"
like "$planted" 'ui-from-src: src/conf/ui.c:1' "src/ including ui/ is caught"
like "$planted" 'curses: src/store/curses.c:1' "curses in src/ is caught"
like "$planted" 'curses: ui/outbox/curses.c:1' "curses in a screen is caught"
like "$planted" 'flat: ui/outbox/flat.c:1' "an include without its folder is caught"
like "$planted" 'layer: ui/agent/up.c:1' "the agent including the terminal UI is caught"
like "$planted" 'unplaced: src/stray.c' "a file outside the folders is caught"
is "$(printf '%s\n' "$planted" | grep -c 'ui/tui/ok.c')" "0" \
    "a file following the table passes"
done_testing
