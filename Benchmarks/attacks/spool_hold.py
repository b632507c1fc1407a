#!/usr/bin/env python3
"""Spool-budget / thread hold with 'rate credit': a body sent fast buys bytes/1024 s of waiting,
so the rest can trickle at 1 byte per 8 s (each wait < bodyTimeout 10 s).
Phase 1: S streaming uploads (fill maxStreamedBodies=32): POST /echo CL=1 MiB, send 4 KiB,
  pause 0.5 s (the handler waits once), then 900 KiB fast.
Phase 2: P spooled uploads: POST /echo CL=16 MiB, send 16 MiB-64 fast (budget 256 MiB).
Then every 8 s each sends 1 more byte. Probes every 2 s: GET /users/1, and a 200 KiB upload
POST /echo (needs the spool once 32 stream). Usage: spool_hold.py S P DURATION"""
import socket, time, sys, os
sys.path.insert(0, os.path.dirname(__file__)); from h import pidstat, PORT
S, P, DUR = int(sys.argv[1]), int(sys.argv[2]), min(float(sys.argv[3]), 55)
pid = int(os.environ["SERVER_PID"])
def spooled():
    n = 0; tot = 0
    for f in os.listdir(f"/proc/{pid}/fd"):
        try:
            l = os.readlink(f"/proc/{pid}/fd/{f}")
            if "(deleted)" in l: n += 1; tot += os.stat(f"/proc/{pid}/fd/{f}").st_size
        except OSError: pass
    return f"spool_files={n} spool_bytes={tot>>20}MiB"
def probe(upload):
    t0 = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        if upload:
            body = b"u" * (200 << 10)
            s.sendall(f"POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n".encode())
            try: s.sendall(body)
            except OSError: pass
        else:
            s.sendall(b"GET /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        d = s.recv(100); s.close()
        return d.split(b"\r\n")[0].decode()[9:], f"{(time.time()-t0)*1000:.0f}ms"
    except Exception as e: return repr(e), f"{(time.time()-t0)*1000:.0f}ms"
conns = []
for i in range(S):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    s.sendall(f"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {1<<20}\r\n\r\n".encode() + b"a" * 4096)
    conns.append(s)
time.sleep(0.5)  # let each handler wait once, so the bulk that follows counts as rate credit
for s in conns: s.sendall(b"a" * (900 << 10))
time.sleep(0.5)
print("streams held:", pidstat(pid), spooled(), flush=True)
big = b"b" * ((16 << 20) - 64)
for i in range(P):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    s.sendall(f"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {16<<20}\r\n\r\n".encode())
    try: s.sendall(big)
    except OSError as e: print("spool conn", i, "refused:", e, s.recv(200)[:40]); s.close(); continue
    conns.append(s)
time.sleep(0.5)
print("spools held:", pidstat(pid), spooled(), flush=True)
t0 = time.time(); lastb = t0; ok = 0
while time.time() - t0 < DUR:
    if time.time() - lastb >= 8:
        lastb = time.time(); alive = 0
        for s in conns:
            try: s.send(b"c"); alive += 1
            except OSError: pass
        print(f"  t={time.time()-t0:.0f}s trickled 1 byte on {alive} connections", flush=True)
    print(f"t={time.time()-t0:4.1f}s probe GET={probe(False)} upload200K={probe(True)} {pidstat(pid)} {spooled()}", flush=True)
    time.sleep(2)
for s in conns: s.close()
time.sleep(1.5)
print("released:", pidstat(pid), spooled(), "probe upload:", probe(True))
