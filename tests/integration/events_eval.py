#!/usr/bin/env python3
"""events_eval.py FILE EXPR -- evaluate a Python expression over the JSON
lines in FILE (the list "ev"; helpers: of(name) = the events of that kind,
last = the last event, drv = the driver's own lines, valid = every line parsed, done is last and once)
and print the result (True/False, a number or a string)."""
import json
import sys

ev, drv, valid = [], [], True
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        try:
            o = json.loads(line)
        except ValueError:
            valid = False
            continue
        if not isinstance(o, dict) or "ev" not in o or o["ev"] == "_bad":
            valid = False
            continue
        (drv if o["ev"].startswith("_") else ev).append(o)


def of(name):
    return [e for e in ev if e["ev"] == name]


last = ev[-1] if ev else {}
valid = valid and bool(ev) and last.get("ev") == "done" \
    and len(of("done")) == 1
print(eval(sys.argv[2]))
