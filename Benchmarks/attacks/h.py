import re
import socket, time, sys, os
PORT = int(os.environ.get("PORT", "18431"))
def conn(timeout=5):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    return s
def raw(data, timeout=3, shut=False, wait=0):
    s = conn(timeout)
    if isinstance(data, str): data = data.encode('latin-1')
    s.sendall(data)
    if shut: s.shutdown(socket.SHUT_WR)
    out = b""
    t0 = time.time()
    try:
        while time.time() - t0 < timeout:
            b = s.recv(65536)
            if not b: out += b"<EOF>"; break
            out += b
    except socket.timeout:
        out += b"<TIMEOUT>"
    except ConnectionResetError:
        out += b"<RST>"
    s.close()
    return out
def statuses(out):
    return re.findall(rb"HTTP/1\.1 \d\d\d [A-Za-z -]*", out) + ([b"<EOF>"] if out.endswith(b"<EOF>") else []) + ([b"<TIMEOUT>"] if out.endswith(b"<TIMEOUT>") else [])+ ([b"<RST>"] if out.endswith(b"<RST>") else [])
def pidstat(pid):
    rss = [l for l in open(f"/proc/{pid}/status") if l.startswith(("VmRSS","Threads"))]
    return "".join(x.strip()+" " for x in rss) + f"fds={len(os.listdir(f'/proc/{pid}/fd'))}"
