#!/usr/bin/env python3
"""events_drive.py -- play the terminal UI's part of the agent protocol.

Runs COMMAND with pipes on stdin and stdout, copies every line it prints
to our stdout, writes --stdin at once, answers "ask-password" with --password (an empty string
cancels) and "confirm" with --confirm.  After answering a password it
scans /proc/PID/cmdline and /proc/PID/environ of the child for the
password and prints {"ev":"_scan","found":BOOL}.  A line that is not JSON
is printed as {"ev":"_bad","line":...}.  Exits with the child's status.
"""
import argparse
import json
import os
import subprocess
import sys


def scan(pid, secret):
    found = False
    for name in ("cmdline", "environ"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as f:
                if secret.encode() in f.read():
                    found = True
        except OSError:
            pass
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--password", default=None)
    ap.add_argument("--confirm", default="no")
    ap.add_argument("--stdin", default=None,
                    help="a line written to the child's stdin at once")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    if a.stdin is not None:
        p.stdin.write((a.stdin + "\n").encode())
        p.stdin.flush()
    for raw in p.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        try:
            ev = json.loads(line)
        except ValueError:
            print(json.dumps({"ev": "_bad", "line": line}), flush=True)
            continue
        print(line, flush=True)
        if ev.get("ev") == "ask-password":
            pw = a.password or ""
            p.stdin.write((pw + "\n").encode())
            p.stdin.flush()
            if pw:
                print(json.dumps({"ev": "_scan",
                                  "found": scan(p.pid, pw)}), flush=True)
        elif ev.get("ev") == "confirm":
            p.stdin.write((a.confirm + "\n").encode())
            p.stdin.flush()
    p.wait()
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
