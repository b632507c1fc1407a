"""Running out of file descriptors (issue 11): Showcase started with a 48-descriptor limit is
flooded with connections. It sheds what it cannot hold with its reserve descriptor, says so
once in the log (rate-limited), and serves again as soon as descriptors are free. Loopback
only; bounded counts; sockets closed and the server stopped by PID."""
import os
import re
import resource
import socket
import time

from hostile import Showcase, connect, probe


def low_descriptor_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))


def flood(port, count):
    """Up to `count` idle connections (fewer if connecting fails), non-blocking."""
    socks = []
    for _ in range(count):
        try:
            socks.append(connect(port, timeout=2))
        except OSError:
            break
    for s in socks:
        s.setblocking(False)
    return socks


def wait_for_shed(socks, enough, seconds=5.0):
    """The indices of `socks` the server closed, polled until `enough` are or `seconds` pass."""
    gone = set()
    deadline = time.time() + seconds
    while time.time() < deadline and len(gone) < enough:
        time.sleep(0.2)
        for index, s in enumerate(socks):
            if index in gone:
                continue
            try:
                if s.recv(1) == b"":
                    gone.add(index)
            except BlockingIOError:
                pass
            except OSError:
                gone.add(index)
    return gone


def test_out_of_descriptors_sheds_logs_once_and_recovers():
    server = Showcase(preexec_fn=low_descriptor_limit)
    socks = []
    try:
        socks = flood(server.port, 120)
        # Let the server accept until it runs out, then shed the rest: polled for up to 5 s (a
        # fixed 1 s wait missed the shedding once on a loaded machine).
        shed = len(wait_for_shed(socks, 1))
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.5)
        results = [probe(server.port) for _ in range(3)]
    finally:
        for s in socks:
            s.close()
        code, log = server.stop()
    assert shed > 0, "no connection was shed"
    assert all(status == 200 for _, status in results), results
    assert log.count("Too many open files") == 1, log
    assert code == 0


def cpu_seconds(pid):
    """User plus system CPU time of process `pid` so far, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_out_of_descriptors_every_excess_connection_is_shed_without_a_spin():
    """The attack run of stop 25: with the table full, the shed loop opened the reserve again
    before closing the socket it had accepted, so the reserve was lost after the first shed;
    the level-triggered listener then woke the loop in a spin (2.0 s of CPU in 2 s) and the
    other connections hung in the backlog. Now each excess connection is closed and the server
    idles while they are held."""
    server = Showcase(preexec_fn=low_descriptor_limit)
    socks = []
    try:
        socks = flood(server.port, 150)
        # The server holds what its 48 descriptors allow (less its own); every other
        # connection must be closed by it. Polled for up to 5 s.
        gone = wait_for_shed(socks, len(socks) - 48)
        before = cpu_seconds(server.proc.pid)
        time.sleep(2.0)
        spent = cpu_seconds(server.proc.pid) - before
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.5)
        results = [probe(server.port) for _ in range(3)]
    finally:
        for s in socks:
            s.close()
        code, _ = server.stop()
    assert len(gone) >= 150 - 48, "only %d of 150 connections shed" % len(gone)
    assert spent < 0.5, "the server spent %.2f s of CPU in 2 s while out of descriptors" % spent
    assert all(status == 200 for _, status in results), results
    assert code == 0


def read_response(sock, timeout=10.0):
    """One whole response framed by Content-Length: (status, head), or (None, what came)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if b"\r\n\r\n" in data:
            head, body = data.split(b"\r\n\r\n", 1)
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length and len(body) >= int(length.group(1)):
                text = head.decode("latin-1")
                return int(text.split(" ", 2)[1]), text
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return None, data[:300].decode("latin-1")


def test_out_of_descriptors_a_file_or_upload_gets_503_not_404_or_500(tmp_path):
    """The second attack run of stop 25: with every descriptor taken, a static file that
    exists was answered 404 (cacheable: a cache in front could keep it) and a multipart
    upload that needs a temporary file 500. Both are a passing shortage: 503 with
    Retry-After, and 200 once descriptors are free."""
    (tmp_path / "big.bin").write_bytes(b"x" * 200_000)  # past the file cache's in-memory size
    server = Showcase("--static", str(tmp_path), preexec_fn=low_descriptor_limit)
    boundary = "werkboundary"
    upload = ("--%s\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
              "Content-Type: application/octet-stream\r\n\r\n" % boundary).encode() + b"y" * 600_000 + \
             ("\r\n--%s--\r\n" % boundary).encode()
    upload_head = ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
                   "Content-Length: %d\r\n\r\n" % (boundary, len(upload))).encode()
    kept, flood_socks = [], []
    try:
        for _ in range(2):
            s = connect(server.port, timeout=5)
            s.sendall(b"GET /users/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            status, head = read_response(s)
            assert status == 200, head
            kept.append(s)
        flood_socks = flood(server.port, 120)
        time.sleep(1.0)  # the server takes what it can hold and sheds the rest
        kept[0].sendall(b"GET /static/big.bin HTTP/1.1\r\nHost: t\r\n\r\n")
        file_status, file_head = read_response(kept[0])
        kept[1].sendall(upload_head + upload)
        upload_status, upload_response = read_response(kept[1])
        for s in flood_socks:
            s.close()
        flood_socks = []
        time.sleep(0.5)
        after = [probe(server.port, "/static/big.bin") for _ in range(2)]
    finally:
        for s in kept + flood_socks:
            s.close()
        code, _ = server.stop()
    assert file_status == 503 and "retry-after: 1" in file_head.lower(), file_head
    assert upload_status == 503 and "retry-after: 1" in upload_response.lower(), upload_response
    assert all(status == 200 for _, status in after), after
    assert code == 0
