#!/usr/bin/python3
"""pty_run.py -- run a command whose controlling terminal (and stdout and
stderr) is a new pseudo-terminal, with standard input from a file, and
answer its questions like a user at the keyboard.

    pty_run.py [--stdin FILE] [--timeout S] [--expect TEXT --reply LINE] ... -- CMD ARGS

Each --expect/--reply pair is answered in order once TEXT appears in the
output.  Prints everything the terminal showed; exits with the command's
status."""
import argparse
import os
import pty
import select
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--stdin")
ap.add_argument("--timeout", type=float, default=60)
ap.add_argument("--expect", action="append", default=[])
ap.add_argument("--reply", action="append", default=[])
ap.add_argument("cmd", nargs=argparse.REMAINDER)
a = ap.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
todo = list(zip(a.expect, a.reply))

pid, fd = pty.fork()
if pid == 0:
    if a.stdin:
        os.dup2(os.open(a.stdin, os.O_RDONLY), 0)
    os.execvp(cmd[0], cmd)

out, pos = b"", 0
deadline = time.time() + a.timeout
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if todo:
        i = out.find(todo[0][0].encode(), pos)
        if i >= 0:
            pos = i + len(todo[0][0])
            time.sleep(0.05)
            os.write(fd, (todo[0][1] + "\n").encode())
            todo.pop(0)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
