#!/bin/sh
# layering.sh -- the core (src/) never includes curses or a ui/ header,
# and only ui/ includes curses.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

hits=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?/)?n?curses(w)?\.h|^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](term|panel|menu|form)\.h' src/*.[ch] 2>/dev/null)
is "$hits" "" "src/ includes no curses header"

uihdrs=$(cd ui && ls *.h 2>/dev/null | tr '\n' '|' | sed 's/|$//')
if [ -n "$uihdrs" ]; then
	hits=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"(\.\./)?(ui/)?($uihdrs)\"" src/*.[ch])
else
	hits=
fi
is "$hits" "" "src/ includes no ui/ header"

hits=$(grep -nE 'include[[:space:]]*"\.\./ui/|include[[:space:]]*"ui/' src/*.[ch])
is "$hits" "" "src/ reaches into ui/ by no path"

hits=$(grep -lE 'n?curses(w)?\.h' tests/unit/*.c tests/fuzz/*.c 2>/dev/null)
is "$hits" "" "core tests and fuzz targets need no curses"

# The check itself must be able to fail: run it on a planted violation.
tmp=$(mktemp -d); mkdir "$tmp/src"
printf '#include <ncursesw/curses.h>\n' > "$tmp/src/bad.c"
planted=$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?/)?n?curses(w)?\.h' "$tmp"/src/*.c)
rm -rf "$tmp"
like "$planted" "bad.c" "the pattern catches a planted curses include"
done_testing
