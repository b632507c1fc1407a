#!/usr/bin/env python3
"""Sustained stream of short slow requests (GET /sleep?ms=MS, MS just above the 10 ms stall
threshold) on C keep-alive connections, each sending the next as soon as it has its answer.
Slots are never exhausted (C < 64), yet every such request stalls its event loop until the
stall monitor hands the loop to another thread. Probes GET /users/1 every 0.2 s on a fresh
connection and reports latency percentiles. Usage: stall_flood.py C MS DURATION"""
import socket, time, sys, os, selectors
sys.path.insert(0, os.path.dirname(__file__)); from h import pidstat, PORT
C, MS, DUR = int(sys.argv[1]), int(sys.argv[2]), min(float(sys.argv[3]), 50)
pid = int(os.environ["SERVER_PID"])
def cpu():
    f = open(f"/proc/{pid}/stat").read().split(")")[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
sel = selectors.DefaultSelector()
req = f"GET /sleep?ms={MS} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
for i in range(C):
    s = socket.create_connection(("127.0.0.1", PORT)); s.setblocking(False); s.send(req)
    sel.register(s, selectors.EVENT_READ, [b""])
def probe():
    t0 = time.time()
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    s.sendall(b"GET /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    d = s.recv(100); s.close()
    return d[9:12].decode(), (time.time() - t0) * 1000
lat = []; done = 0; t0 = time.time(); lp = 0; c0 = cpu(); maxthr = 0
while time.time() - t0 < DUR:
    for key, ev in sel.select(0.01):
        s = key.fileobj
        try: d = s.recv(65536)
        except BlockingIOError: continue
        if not d: sel.unregister(s); continue
        key.data[0] += d
        n = key.data[0].count(b"slept")
        if n:
            done += n; key.data[0] = b""
            s.send(req)
    if time.time() - lp > 0.2:
        lp = time.time(); lat.append(probe())
        maxthr = max(maxthr, int([l for l in open(f"/proc/{pid}/status") if l.startswith("Threads")][0].split()[1]))
el = time.time() - t0
L = sorted(x[1] for x in lat)
from collections import Counter
print(f"C={C} ms={MS}: {done/el:.0f} slow req/s; probes {Counter(x[0] for x in lat)} latency p50={L[len(L)//2]:.0f}ms p90={L[int(len(L)*.9)]:.0f}ms max={L[-1]:.0f}ms; server CPU {100*(cpu()-c0)/el:.0f}%; max threads {maxthr}")
