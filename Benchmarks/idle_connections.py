#!/usr/bin/env python3
"""Idle keep-alive connections against a Werk server (issues 3 and 11).

    python3 Benchmarks/idle_connections.py [--connections 10000] [--binary .build/release/werk-bench-app]

Starts the server binary on a free 127.0.0.1 port, opens N connections that each send one
GET /hello and read the answer (so each is an idle keep-alive connection), then reports the
server's RSS and thread count (from /proc) and the latency of 200 new requests on fresh
connections while the N are held. Loopback only; every loop is bounded; the server it started
is stopped by PID. Exits 1 when a target is missed: idle RSS < 10 MiB, the connections add
< 20 MiB, threads unchanged by them, p99 of new requests < 100 ms.
"""
import argparse, os, resource, signal, socket, subprocess, sys, tempfile, time

def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["Threads"])

def request(sock):
    sock.sendall(b"GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n")
    data = b""
    while b"Hello, World!" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("connection closed")
        data += chunk
    return data

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--binary", default=".build/release/werk-bench-app")
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1000), hard))

    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    static = tempfile.mkdtemp()
    server = subprocess.Popen([args.binary, str(port), static], stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
        rss0, threads0 = proc_status(server.pid)
        held, start = [], time.time()
        for _ in range(args.connections):
            if time.time() - start > 120:
                raise RuntimeError("opening connections took over 120 s")
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            request(c)
            held.append(c)
        opened = time.time() - start
        time.sleep(1)
        rss1, threads1 = proc_status(server.pid)
        latencies = []
        for _ in range(200):
            t = time.perf_counter()
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            request(c); c.close()
            latencies.append((time.perf_counter() - t) * 1000)
        latencies.sort()
        p50, p99, worst = latencies[100], latencies[197], latencies[-1]
        alive = 0
        for c in held[:: max(1, len(held) // 100)]:
            request(c); alive += 1
        print(f"idle connections: {len(held)} (opened in {opened:.1f} s); sampled {alive} still answer")
        print(f"server RSS: {rss0:.1f} MiB before, {rss1:.1f} MiB with them (+{rss1 - rss0:.1f} MiB)")
        print(f"server threads: {threads0} before, {threads1} with them")
        print(f"new requests while held: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {worst:.2f} ms")
        ok = rss0 < 10 and rss1 - rss0 < 20 and threads1 == threads0 and p99 < 100
        print("targets (idle RSS < 10 MiB, + < 20 MiB, fixed threads, p99 < 100 ms):", "met" if ok else "MISSED")
        for c in held:
            c.close()
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

if __name__ == "__main__":
    sys.exit(main())
