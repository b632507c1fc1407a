#!/usr/bin/env python3
"""How fast a saturated server answers (issue 11): 68 handlers sleeping 4 s against the default
64 application threads, then new requests, each timed from connect to the status line.

    swift build -c release --product showcase
    python3 Benchmarks/saturation.py [--binary .build/release/showcase] [--sleepers 68] [--probes 30]

Starts the binary on a free 127.0.0.1 port (access log off), starts the sleepers, waits 0.5 s,
then sends one probe every 50 ms on a fresh connection and prints each status and the p50,
p90 and max latency. Exits 1 when a probe is not answered (200 or 503) within 100 ms.
Loopback only; every wait is bounded; the server it started is stopped by PID.
"""
import argparse
import pathlib
import signal
import socket
import subprocess
import sys
import threading
import time

# The loopback helpers of the system tests (free port, waiting for a listener, a process's children).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "system"))
from support import free_port, wait_listening  # noqa: E402


def status_line(port, path, timeout):
    t0 = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.settimeout(timeout)
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        status = int(data.split(b" ", 2)[1]) if b" " in data else None
    except (OSError, ValueError, IndexError):
        status = None
    return time.monotonic() - t0, status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/release/showcase")
    ap.add_argument("--sleepers", type=int, default=68)
    ap.add_argument("--probes", type=int, default=30)
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([args.binary, "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_listening(port, 30, alive=lambda: server.poll() is None)
        sleepers = [threading.Thread(target=status_line, args=(port, "/sleep?ms=4000", 15)) for _ in range(args.sleepers)]
        for t in sleepers:
            t.start()
        time.sleep(0.5)
        results = []
        for _ in range(args.probes):
            results.append(status_line(port, "/users/1", 5))
            time.sleep(0.05)
        for t in sleepers:
            t.join(15)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    times = sorted(ms for ms, _ in results)
    statuses = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    print("sleepers: %d, probes: %d, statuses: %s" % (args.sleepers, len(results), statuses))
    print("probe latency: p50 %.1f ms, p90 %.1f ms, max %.1f ms" % (
        times[len(times) // 2] * 1000, times[int(len(times) * 0.9)] * 1000, times[-1] * 1000))
    ok = all(status in (200, 503) and secs < 0.1 for secs, status in results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
