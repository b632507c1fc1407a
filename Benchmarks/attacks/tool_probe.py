#!/usr/bin/env python3
"""Runs an attacker's tool against a server on loopback and probes the server once a second
meanwhile: are other clients still answered, and how fast?

    pip install slowloris; apt-get install slowhttptest        # the tools used in RESULTS.md
    SERVER_PID=$! python3 Benchmarks/attacks/tool_probe.py 40 -- slowloris 127.0.0.1 -p 18431 -s 3000 --sleeptime 5
    SERVER_PID=$! python3 Benchmarks/attacks/tool_probe.py 40 -- slowhttptest -H -c 3000 -r 500 -i 5 -l 40 -u http://127.0.0.1:18431/

A probe is a new connection with a whole `GET /users/1` (PROBE_PATH to change it; sent by
`saturation.py`'s `status_line`); its status and time are tallied, with the server's
descriptors and threads (from /proc/SERVER_PID) every 10 probes. Bounded: the tool runs at most SECONDS (capped at 120) and is then stopped, one probe
a second, each waiting at most 5 s. Exit status 1 when a probe was not answered 200, 2 when
the tool failed (a status other than 0: a bad argument, say, so no attack was measured).
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from saturation import status_line  # noqa: E402  (Benchmarks/saturation.py: one probe request)

PORT = int(os.environ.get("PORT", "18431"))
PROBE_PATH = os.environ.get("PROBE_PATH", "/users/1")


def probe():
    """(status as text, seconds) of one probe on a new connection (`saturation.status_line`)."""
    seconds, status = status_line(PORT, PROBE_PATH, timeout=5)
    return (str(status) if status is not None else "no answer"), seconds


def server_state(pid):
    if not pid:
        return ""
    try:
        return f"descriptors {len(os.listdir(f'/proc/{pid}/fd'))}, threads {len(os.listdir(f'/proc/{pid}/task'))}"
    except OSError:
        return "server gone"


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: tool_probe.py SECONDS -- COMMAND [ARGUMENTS...]")
    seconds = min(int(sys.argv[1]), 120)
    command = sys.argv[3:]
    if not shutil.which(command[0]):
        sys.exit(f"{command[0]} is not installed")
    pid = os.environ.get("SERVER_PID")
    attack = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    ended_early = None
    try:
        time.sleep(min(8, seconds / 4))  # let it open its sockets
        end = time.monotonic() + seconds - min(8, seconds / 4)
        while time.monotonic() < end:
            if attack.poll() is not None:
                # Ended by itself: slowhttptest stops once the server closed all its connections
                # (status 0); any other status is a bad argument or a failure, so no attack ran.
                ended_early = attack.returncode
                break
            results.append(probe())
            if len(results) % 10 == 0:
                print(f"after {len(results)} probes: {server_state(pid)}")
            time.sleep(1)
    finally:
        attack.terminate()
        try:
            attack.wait(timeout=10)
        except subprocess.TimeoutExpired:
            attack.kill()
    if ended_early:
        print(f"{command[0]} failed after {len(results)} probes with status {ended_early}: not a run of the attack")
        return 2
    if ended_early == 0:
        print(f"{command[0]} ended by itself after {len(results)} probes (status 0)")
    if not results:
        print(f"{command[0]} ended before the first probe")
        return 0
    tally = {}
    for status, _ in results:
        tally[status] = tally.get(status, 0) + 1
    times = sorted(t for _, t in results)
    print(f"{' '.join(command)}: {len(results)} probes {tally}, "
          f"p50 {times[len(times) // 2] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")
    return 0 if tally.get("200", 0) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
