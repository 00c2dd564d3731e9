"""Runs a command on a real pseudo-terminal (stdin, stdout and stderr all on the pty), answering prompts.

Request on stdin (JSON): {"argv": [...], "cwd": "...", "env": {...}, "script": [["expect", "text"], ["send", "text"], ...]}
Reply on stdout (JSON): {"transcript": "<everything the terminal showed>", "status": <exit code>, "error": "..."?}
Used by test/integration/cli-keys.test.ts only.
"""
import json
import os
import pty
import select
import subprocess
import sys
import time

req = json.load(sys.stdin)
master, slave = pty.openpty()
proc = subprocess.Popen(req['argv'], cwd=req['cwd'], env=req['env'], stdin=slave, stdout=slave, stderr=slave,
                        start_new_session=True)
os.close(slave)
buf = b''
error = None


def read_some(timeout):
    global buf
    r, _, _ = select.select([master], [], [], timeout)
    if not r:
        return False
    try:
        data = os.read(master, 4096)
    except OSError:
        return None
    if not data:
        return None
    buf += data
    return True


pos = 0
for op, text in req['script']:
    if op == 'expect':
        deadline = time.time() + 20
        needle = text.encode()
        while needle not in buf[pos:]:
            if time.time() > deadline or read_some(0.2) is None:
                error = 'timed out waiting for %r; got %r' % (text, buf.decode(errors='replace'))
                break
        if error:
            break
        pos = buf.index(needle, pos) + len(needle)
    elif op == 'send':
        time.sleep(0.05)
        os.write(master, text.encode())
while read_some(5) not in (None, False):
    pass
try:
    status = proc.wait(timeout=20)
except subprocess.TimeoutExpired:
    proc.kill()
    status = -1
    error = error or 'process did not exit'
json.dump({'transcript': buf.decode(errors='replace'), 'status': status, 'error': error}, sys.stdout)
