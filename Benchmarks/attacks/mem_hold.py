#!/usr/bin/env python3
"""Memory per held connection. Modes:
  cl     : head 'POST /echo' with Content-Length: 65536 and no body (server reserves n+1024)
  cl1    : same + 1 body byte
  partial: a partial head of ~62 KiB (no blank line)
  memo   : two full ~60 KiB heads (answered), then a partial ~60 KiB third head
  chunk  : chunked POST, 60 KiB of 1-byte chunks framing (just below the buffered limit), no end
Usage: mem_hold.py MODE N   (holds 20 s, prints RSS before/after/at release)"""
import socket, time, sys, os
sys.path.insert(0, os.path.dirname(__file__)); from h import pidstat, PORT
mode = sys.argv[1]; N = int(sys.argv[2])
pid = int(os.environ["SERVER_PID"])
def rss(): return int([l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1])
bighdrs = "".join(f"X-H{i:03d}: {'a'*580}\r\n" for i in range(98))  # ~59 KiB
base = rss(); print("baseline", pidstat(pid))
socks = []; sent = 0; t0 = time.time()
for i in range(N):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    if mode in ("cl", "cl1"):
        d = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n" + (b"a" if mode == "cl1" else b"")
    elif mode == "partial":
        d = ("GET /users/1 HTTP/1.1\r\nHost: x\r\n" + bighdrs + "X-Last: 1").encode()
    elif mode == "memo":
        req = ("GET /users/1 HTTP/1.1\r\nHost: x\r\n" + bighdrs + "\r\n").encode()
        s.sendall(req + req)
        got = b""
        while got.count(b"HTTP/1.1 200") < 2:
            got += s.recv(65536)
        sent += 2 * len(req)
        d = ("GET /users/1 HTTP/1.1\r\nHost: x\r\n" + bighdrs.replace("X-H0", "Y-H0") + "X-Last: 1").encode()
    elif mode == "chunk":
        d = b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + b"1\r\na\r\n" * 10000
    s.sendall(d); sent += len(d)
    socks.append(s)
time.sleep(2)
r = rss()
print(f"mode={mode} N={N} attacker_bytes={sent/1024:.0f}KiB server_RSS_growth={(r-base)/1024:.1f}MiB per_conn={(r-base)/N:.1f}KiB amplification={(r-base)*1024/max(sent,1):.2f}x  {pidstat(pid)}  open_time={time.time()-t0:.1f}s", flush=True)
time.sleep(6)
print("held 8s", pidstat(pid))
for s in socks: s.close()
time.sleep(2)
print("released", pidstat(pid))
