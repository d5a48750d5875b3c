#!/bin/sh
# Reply to the newest message in a Maildir (the file itself, no mail
# reader): "outpost reply FILE" reads it, "--all" answers everyone.
dir=${1:-$HOME/Maildir}
msg=$(ls -t "$dir"/new/* "$dir"/cur/* 2>/dev/null | head -1)
[ -n "$msg" ] || { echo "no message in $dir" >&2; exit 66; }
exec outpost reply --all "$msg"
