#!/usr/bin/env python3
"""Shows that a client reading a 20 MiB static file steadily at RATE B/s (far above the
1 KiB/s minimumDataRate) is dropped by the server at ~10-12 s. Samples the server-side socket
(ss: state, Send-Q) every second. Usage: rate_cutoff.py RATE [PATH]"""
import socket, time, sys, os, subprocess
sys.path.insert(0, os.path.dirname(__file__)); from h import PORT
RATE = int(sys.argv[1]); path = sys.argv[2] if len(sys.argv) > 2 else "/static/twenty.bin"
s = socket.socket()
if os.environ.get("MSS"): s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, int(os.environ["MSS"]))
if os.environ.get("RCVBUF"): s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, int(os.environ["RCVBUF"]))
s.connect(("127.0.0.1", PORT)); lport = s.getsockname()[1]
s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()); s.setblocking(False)
t0 = time.time(); got = 0; nxt = 1; cut = None
while time.time() - t0 < float(os.environ.get("DUR", "30")):
    want = int(RATE * (time.time() - t0)) + 1024 - got
    while want > 0:
        try: d = s.recv(min(want, 65536))
        except BlockingIOError: break
        if not d: break
        got += len(d); want -= len(d)
    if time.time() - t0 >= nxt:
        nxt += 1
        out = subprocess.run(["ss", "-tnH", f"( sport = :{PORT} and dport = :{lport} )"], capture_output=True, text=True).stdout.split()
        state = f"{out[0]} sendq={out[2]}" if out else "GONE"
        print(f"t={time.time()-t0:4.1f}s client_read={got:>8}B (avg {got/(time.time()-t0):.0f} B/s) server-side: {state}", flush=True)
        if (not out or out[0] != "ESTAB") and cut is None: cut = time.time() - t0
        if cut and time.time() - t0 > cut + 2: break
    time.sleep(0.01)
print(f"RESULT rate={RATE}B/s: server {'dropped the connection at ~%.0fs' % cut if cut else 'kept the connection'}; client had read {got} of 20971520 bytes")
