#!/bin/sh
# outbox-calls.sh -- the outbox's files are layers: each src/store/outbox*.c
# calls only the files listed above it in the comment at the top of
# src/store/outbox-int.h (read from there, so the list and the check are
# one).  Checked on the built objects of src/libopcore.a with nm(1).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

lib=$top_builddir/src/libopcore.a
int=$top_srcdir/src/store/outbox-int.h

# The files in the order of outbox-int.h, one a line ("outbox-item").
order=$(sed -n 's/^ \*   \(outbox[a-z-]*\)\.c .*/\1/p' "$int")
files=$(cd "$top_srcdir/src/store" && ls outbox*.c | sed 's/\.c$//' | sort)
is "$(printf '%s\n' "$order" | sort)" "$files" \
    "outbox-int.h lists every src/store/outbox*.c once, in layer order"

# Print "FILE calls WHAT of FILE2" for every call that goes down or across
# the order ($1), reading "nm -A" output on stdin ("ARCHIVE:OBJECT:VALUE
# TYPE NAME", the value blank for an undefined symbol).
calls_check()
{
	awk -v order="$1" '
	BEGIN {
		n = split(order, o, "\n")
		for (i = 1; i <= n; i++)
			rank[o[i]] = i
	}
	{
		np = split($1, p, ":")
		obj = p[np - 1]; sub(/\.o$/, "", obj)
		sub(/^.*-outbox/, "outbox", obj)
		if (!(obj in rank) || NF != 3)
			next
		if ($2 == "U")
			use[obj " " $3] = 1
		else if ($2 ~ /^[TDRB]$/)
			def[$3] = obj
	}
	END {
		for (k in use) {
			split(k, w, " ")
			if ((w[2] in def) && rank[def[w[2]]] >= rank[w[1]])
				print w[1] " calls " w[2] " of " def[w[2]]
		}
	}' | sort
}

command -v nm >/dev/null 2>&1 || skip_all "nm(1) is not installed"
if [ ! -f "$lib" ]; then
	fail "the built $lib" "missing: build first (make)"
	fail "calls checked" "nothing to check"
else
	syms=$(nm -A "$lib" 2>/dev/null)
	is "$(printf '%s\n' "$syms" | grep -c 'outbox-item\.o:.* T outbox_item_free$')" \
	    1 "nm reads the outbox's objects in $lib"
	is "$(printf '%s\n' "$syms" | calls_check "$order")" "" \
	    "each outbox file calls only the files above it in outbox-int.h"
fi

# The check itself must be able to fail: the old shape (the file system
# layer calling back-off up in the transitions, the envelope parser
# freeing items there).
planted=$(printf '%s\n' \
    'lib.a:outbox-act.o:0000 T outbox_backoff' \
    'lib.a:outbox-act.o:0010 T outbox_item_free' \
    'lib.a:outbox-act.o:                 U outbox_save' \
    'lib.a:outbox.o:0020 T outbox_save' \
    'lib.a:outbox-fs.o:                 U outbox_backoff' \
    'lib.a:outbox-env.o:                 U outbox_item_free' |
    calls_check "$order")
like "$planted" 'outbox-fs calls outbox_backoff of outbox-act' \
    "a call down the order is caught"
like "$planted" 'outbox-env calls outbox_item_free of outbox-act' \
    "a second one too"
is "$(printf '%s\n' "$planted" | grep -c 'outbox_save')" "0" \
    "a call up the order passes"
done_testing
