#!/usr/bin/env python3
"""The deployment's figures (issue 13), on loopback, with wrk:

1. `scale`: requests per second through nginx (Examples/Deploy/deploy.sh, 2 nginx workers,
   sessions in Redis) to 1 and to 3 showcase instances of one process each, on GET /users/N
   (no session). Runs alternate (1, 3, 1, 3, ...) so drift in the machine's load hits both.
2. `session`: the per-request cost of the Redis session store against the signed cookie:
   one showcase process on TCP (no nginx), GET /session with a session cookie (read, count,
   write back: for Redis a GET and a SET), and GET /users/1 (no session) as the floor. CPU
   per request is the showcase's user + system time (plus redis-server's for Redis) over the
   requests wrk counted.

    swift build -c release --product showcase
    python3 Benchmarks/deploy_bench.py [scale|session|all] [--binary .build/release/showcase] [--runs 3] [--seconds 10]

Prints a Markdown table per part. Only processes it started are stopped, by PID.
"""
import argparse
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

# The loopback helpers of the system tests (free port, waiting for a listener, a process's children).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "system"))
from support import children, free_port  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
DEPLOY = HERE.parent / "Examples" / "Deploy" / "deploy.sh"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU seconds of `pids` and their children now alive."""
    total = 0
    for pid in pids:
        for p in [pid] + children(pid):
            try:
                with open("/proc/%d/stat" % p) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except OSError:
                pass
    return total / TICK


def wrk(url, seconds, connections, threads=2, headers=()):
    args = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, total, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def wait_http(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("not answering: %s" % url)


# MARK: 1. 1 against 3 instances through nginx

def scale(args):
    rows = {1: [], 3: []}
    for run in range(args.runs):
        for instances in (1, 3):
            folder = tempfile.mkdtemp(prefix="werk-deploy-bench-")
            port = free_port()
            env = dict(os.environ, SHOWCASE=os.path.abspath(args.binary), PORT=str(port), INSTANCES=str(instances),
                       WORKERS="1", THREADS="16", NGINX_WORKERS="2", WERK_ARGS="--no-access-log", NGINX_ACCESS_LOG="off")
            subprocess.run([str(DEPLOY), "up", folder], env=env, check=True, capture_output=True, timeout=120)
            try:
                url = "http://127.0.0.1:%d/users/1" % port
                wait_http(url)
                wrk(url, 2, args.connections)  # warm-up
                pids = [int(pathlib.Path(folder, "werk-%d.pid" % i).read_text()) for i in range(1, instances + 1)]
                nginx = [int(pathlib.Path(folder, "nginx.pid.master").read_text())]
                before = cpu_seconds(pids), cpu_seconds(nginx)
                rps, total, bad, errors = wrk(url, args.seconds, args.connections)
                after = cpu_seconds(pids), cpu_seconds(nginx)
                rows[instances].append((rps, (after[0] - before[0]) / total * 1e6, (after[1] - before[1]) / total * 1e6, bad, errors))
                print("run %d, %d instance(s): %.0f req/s, werk %.1f µs/req, nginx %.1f µs/req, non-2xx %d %s"
                      % (run + 1, instances, rps, *rows[instances][-1][1:3], bad, errors), file=sys.stderr)
            finally:
                subprocess.run([str(DEPLOY), "down", folder], env=env, capture_output=True, timeout=120)
                shutil.rmtree(folder, ignore_errors=True)
    print("\n| instances behind nginx | req/s (run 1 / 2 / ...) | Werk CPU µs/req | nginx CPU µs/req |")
    print("|---|---:|---:|---:|")
    for instances in (1, 3):
        r = rows[instances]
        print("| %d | %s | %s | %s |" % (instances, " / ".join("{:,.0f}".format(x[0]) for x in r),
                                       " / ".join("%.1f" % x[1] for x in r), " / ".join("%.1f" % x[2] for x in r)))
    ratios = [b[0] / a[0] for a, b in zip(rows[1], rows[3])]
    print("\n3 instances / 1 instance, req/s, per run: %s" % " / ".join("%.2f" % x for x in ratios))


# MARK: 2. Redis store against the signed cookie

def session(args):
    folder = tempfile.mkdtemp(prefix="werk-session-bench-")
    sock = os.path.join(folder, "redis.sock")
    redis = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no",
                              "--dir", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    results = {}
    try:
        deadline = time.time() + 20
        while not os.path.exists(sock) and time.time() < deadline:
            time.sleep(0.05)
        for run in range(args.runs):
            for store in ("cookie", "redis"):
                port = free_port()
                extra = ["--redis", "unix:" + sock] if store == "redis" else []
                server = subprocess.Popen([args.binary, "--port", str(port), "--no-access-log", "--secret", "b" * 64,
                                           "--threads", "16", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True)
                try:
                    base = "http://127.0.0.1:%d" % port
                    wait_http(base + "/users/1")
                    cookie = urllib.request.urlopen(base + "/session", timeout=5).headers["Set-Cookie"].split(";")[0]
                    for path, headers in (("/users/1", []), ("/session", ["Cookie: " + cookie])):
                        wrk(base + path, 2, args.connections, headers=headers)
                        before = cpu_seconds([server.pid]), cpu_seconds([redis.pid])
                        rps, total, bad, errors = wrk(base + path, args.seconds, args.connections, headers=headers)
                        after = cpu_seconds([server.pid]), cpu_seconds([redis.pid])
                        werk_us = (after[0] - before[0]) / total * 1e6
                        redis_us = (after[1] - before[1]) / total * 1e6
                        results.setdefault((store, path), []).append((rps, werk_us, redis_us))
                        print("run %d, %s %s: %.0f req/s, werk %.1f µs/req, redis %.1f µs/req, non-2xx %d %s"
                              % (run + 1, store, path, rps, werk_us, redis_us, bad, errors), file=sys.stderr)
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(timeout=30)
    finally:
        redis.send_signal(signal.SIGTERM)
        redis.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print("\n| store | path | req/s (run 1 / 2 / ...) | Werk CPU µs/req | redis-server CPU µs/req |")
    print("|---|---|---:|---:|---:|")
    for (store, path), r in sorted(results.items()):
        print("| %s | %s | %s | %s | %s |" % (store, path, " / ".join("{:,.0f}".format(x[0]) for x in r),
                                            " / ".join("%.1f" % x[1] for x in r), " / ".join("%.1f" % x[2] for x in r)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("part", nargs="?", default="all", choices=["scale", "session", "all"])
    ap.add_argument("--binary", default=".build/release/showcase")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    if args.part in ("scale", "all"):
        scale(args)
    if args.part in ("session", "all"):
        session(args)


if __name__ == "__main__":
    main()
