"""Helpers for the hostile-client system tests: a Showcase server with its log in a file, raw
client sockets, and a probe that times one ordinary request. Loopback only, every wait bounded."""
import os
import signal
import socket
import subprocess
import tempfile
import time

from support import free_port, wait_listening

BINARY = os.environ.get("WERK_SHOWCASE", ".build/debug/showcase")


class Showcase:
    """The Showcase binary on a free loopback port, its stderr in a temporary file (so a busy
    server never blocks on a full pipe). Stopped by PID."""

    def __init__(self, *extra, preexec_fn=None):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([BINARY, "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log", *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
                                     preexec_fn=preexec_fn)
        wait_listening(self.port, alive=lambda: self.proc.poll() is None)

    def stop(self, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.seek(0)
        return self.proc.returncode, self.log.read().decode("utf-8", "replace")


def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_head(sock, timeout=5.0):
    """Reads a response head; returns (status, head text) or (None, partial) on timeout/close."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, OSError):
            break
        if not chunk:
            break
        data += chunk
    if b"\r\n\r\n" not in data:
        return None, data.decode("latin-1")
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    return int(head.split(" ", 2)[1]), head


def probe(port, path="/users/1", method="GET", timeout=5.0):
    """One request on a fresh connection: (seconds, status or None)."""
    t0 = time.monotonic()
    try:
        s = connect(port, timeout=timeout)
    except OSError:
        return time.monotonic() - t0, None
    try:
        s.sendall(("%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" % (method, path)).encode())
        status, _ = read_head(s, timeout)
        return time.monotonic() - t0, status
    except OSError:
        return time.monotonic() - t0, None
    finally:
        s.close()
