#!/usr/bin/env python3
"""Soak test: mixed good and hostile traffic against Showcase (issue 14).

    python3 Benchmarks/soak.py [--seconds 600] [--clients 8] [--binary .build/debug/showcase] [--json out.json]

Starts the Showcase binary on a free 127.0.0.1 port and runs, for SECONDS, client threads that
each pick scenarios at random: keep-alive and pipelined requests, multipart and urlencoded
uploads, chunked streams, sessions, slow clients, clients that vanish mid-request and
mid-response, oversized and malformed heads, and the slow-client attacks (a head trickled a
byte a second, a body below the minimum data rate, a client that never reads a stream). Every
good request's answer is checked (status and content); every hostile one must get its refusal
or be cut off by the server. Every 10 s it samples the server's RSS, open descriptors and
threads from /proc, with the machine's load.

Passes (exit 0) when RSS after warm-up grows by at most 10% (mean of the last three samples
against the first three after warm-up), descriptors return to their idle count once the
clients are gone, threads return to their idle count (the worker pool's threads made for a
burst exit after ServerOptions.idleThreadTimeout, 30 s), every good request got the right answer, and
every hostile client was refused or cut off. Loopback only; every socket has a timeout, every
loop is bounded by the deadline; the server it started is stopped by PID. Standard library only.
"""
import argparse
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"


# ----------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client on a raw socket (so it can misbehave on purpose).
# ----------------------------------------------------------------------------------------------

class Closed(Exception):
    """The server closed the connection (or it timed out) before a full response."""


class Conn:
    """One client connection with a read buffer."""

    def __init__(self, port, timeout=15):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except (socket.timeout, OSError) as error:
            raise Closed(str(error))
        if not chunk:
            raise Closed("closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def response(self, head_only=False):
        """(status, headers dict lower-cased, body bytes). Skips 1xx answers."""
        while True:
            status = int(self._line().split(b" ", 2)[1])
            headers = {}
            while True:
                line = self._line()
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.decode().strip().lower()] = value.decode("latin-1").strip()
            if status >= 200:
                break
        if head_only or status in (204, 304):
            return status, headers, b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    return status, headers, body
                body += self._exactly(size)
                self._exactly(2)
        if "content-length" in headers:
            return status, headers, self._exactly(int(headers["content-length"]))
        body = self.buf
        self.buf = b""
        while True:
            try:
                self._fill()
            except Closed:
                return status, headers, body + self.buf
            body += self.buf
            self.buf = b""

    def closed_by_server(self, within):
        """True when the server closes the connection (EOF or reset) within `within` seconds."""
        self.sock.settimeout(1)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                if not self.sock.recv(65536):
                    return True
            except socket.timeout:
                continue
            except OSError:
                return True
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def get(path, extra=""):
    return ("GET %s HTTP/1.1\r\nHost: soak\r\n%s\r\n" % (path, extra)).encode()


# ----------------------------------------------------------------------------------------------
# Scenarios: each returns nothing and raises AssertionError on a wrong answer.
# ----------------------------------------------------------------------------------------------

def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def check_user(response, n):
    status, _, body = response
    expect(status == 200 and json.loads(body) == {"id": n}, "GET /users/%d: %r %r" % (n, status, body[:200]))


def keep_alive(port, rng):
    conn = Conn(port)
    count = rng.randint(2, 8)
    try:
        for _ in range(count):
            n = rng.randint(0, 10 ** 6)
            conn.send(get("/users/%d" % n))
            check_user(conn.response(), n)
    finally:
        conn.close()
    return count


def pipelined(port, rng):
    conn = Conn(port)
    try:
        ids = [rng.randint(0, 10 ** 6) for _ in range(rng.randint(2, 10))]
        conn.send(b"".join(get("/users/%d" % n) for n in ids))
        for n in ids:
            check_user(conn.response(), n)
    finally:
        conn.close()
    return len(ids)


def upload(port, rng):
    data = rng.randbytes(rng.choice([0, 100, 5000, 70_000, 300_000]))
    boundary = "soak%016x" % rng.getrandbits(64)
    body = ("--%s\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello soak\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (boundary, boundary)).encode() + data + \
        ("\r\n--%s--\r\n" % boundary).encode()
    conn = Conn(port)
    try:
        conn.send(("POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
                   "Content-Length: %d\r\n\r\n" % (boundary, len(body))).encode() + body)
        status, _, answer = conn.response()
        expect(status == 200, "upload: %r %r" % (status, answer[:200]))
        echo = json.loads(answer)
        file = echo["files"]["file"][0]
        expect(echo["form"] == {"note": ["hello soak"]} and file["length"] == len(data)
               and file["sha256"] == hashlib.sha256(data).hexdigest(), "upload echoed %r" % echo)
        # A urlencoded form on the same connection.
        form = b"a=1&b=%E2%9C%93&a=2"
        conn.send(b"POST /echo?q=x HTTP/1.1\r\nHost: soak\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(form) + form)
        status, _, answer = conn.response()
        echo = json.loads(answer)
        expect(status == 200 and echo["form"] == {"a": ["1", "2"], "b": ["\u2713"]} and echo["query"] == {"q": ["x"]},
               "form echoed %r" % echo)
    finally:
        conn.close()
    return 2


def chunked_upload(port, rng):
    data = rng.randbytes(rng.randint(1, 50_000))
    pieces, i = [], 0
    while i < len(data):
        n = rng.randint(1, 8192)
        pieces.append(b"%x\r\n" % len(data[i:i + n]) + data[i:i + n] + b"\r\n")
        i += n
    conn = Conn(port)
    try:
        conn.send(b"POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\n" + b"".join(pieces) + b"0\r\n\r\n")
        status, _, answer = conn.response()
        echo = json.loads(answer)
        expect(status == 200 and echo["body_length"] == len(data) and echo["body_sha256"] == hashlib.sha256(data).hexdigest(),
               "chunked upload echoed %r" % echo)
    finally:
        conn.close()
    return 1


def stream(port, rng):
    chunks, size = rng.randint(1, 200), rng.randint(1, 8192)
    conn = Conn(port)
    try:
        conn.send(get("/stream?chunks=%d&size=%d" % (chunks, size)))
        status, _, body = conn.response()
        expect(status == 200 and body == b"x" * (chunks * size), "stream: %r, %d bytes" % (status, len(body)))
    finally:
        conn.close()
    return 1


def session(port, rng):
    conn = Conn(port)
    visits = rng.randint(1, 4)
    try:
        cookie = ""
        for visit in range(1, visits + 1):
            conn.send(get("/session", "Cookie: %s\r\n" % cookie if cookie else ""))
            status, headers, body = conn.response()
            expect(status == 200 and json.loads(body) == {"count": visit}, "session visit %d: %r %r" % (visit, status, body))
            cookie = headers.get("set-cookie", "").split(";")[0]
            expect(cookie, "no session cookie")
    finally:
        conn.close()
    return visits


def slow_client(port, rng):
    """A good request sent in small pieces with pauses (slow but within every deadline)."""
    n = rng.randint(0, 1000)
    request = get("/users/%d" % n, "User-Agent: slow-soak\r\n")
    conn = Conn(port)
    try:
        for i in range(0, len(request), 8):
            conn.send(request[i:i + 8])
            time.sleep(0.1)
        check_user(conn.response(), n)
    finally:
        conn.close()
    return 1


def vanish(port, rng):
    """Connects, sends part of a head, of a body, or reads part of a large stream, then goes."""
    conn = Conn(port)
    try:
        kind = rng.randrange(3)
        if kind == 0:
            conn.send(get("/users/1")[:rng.randint(1, 20)])
        elif kind == 1:
            conn.send(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"x" * rng.randint(0, 5000))
        else:
            conn.send(get("/stream?chunks=2000&size=65536"))
            conn.sock.recv(rng.randint(1, 65536))
        time.sleep(rng.random() * 0.2)
        if rng.random() < 0.5:
            # An abortive close (RST), as a client that crashed.
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    finally:
        conn.close()


BAD_HEADS = [
    (b"GET / HTTP/1.1\r\nHost: soak\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", (431,)),
    (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: soak\r\n\r\n", (414,)),
    (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"Host: soak\r\n\r\n", (431,)),
    (b"GET / HTTP/1.1\r\nHost: soak\r\n folded\r\n\r\n", (400,)),
    (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", (400,)),
    (b"GET / HTTP/1.1\r\nHost: soak\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", (400,)),
    (b"GET / HTTP/1.1\nHost: soak\n\n", (400,)),
    (b"GET / HTTP/2.0\r\nHost: soak\r\n\r\n", (505,)),
    (b"G\x00T / HTTP/1.1\r\nHost: soak\r\n\r\n", (400,)),
    (b"POST / HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", (400, 405)),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(64)) + b"\r\n\r\n", (400,)),
]


def bad_head(port, rng):
    data, statuses = rng.choice(BAD_HEADS)
    conn = Conn(port)
    try:
        try:
            conn.send(data)
        except OSError:
            pass  # the server may refuse and close before all of a huge head is sent
        try:
            status, _, _ = conn.response(head_only=True)
        except Closed:
            raise AssertionError("malformed head %r: closed without an answer" % data[:40])
        expect(status in statuses, "malformed head %r: %d, expected %r" % (data[:40], status, statuses))
        expect(conn.closed_by_server(10), "malformed head %r: connection left open" % data[:40])
    finally:
        conn.close()


def trickle_until_cut(conn, piece, seconds):
    """Sends `piece()` about once a second for up to `seconds`; True once the server cut the
    connection (a send fails or the server closed it)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            conn.send(piece())
        except OSError:
            return True
        if conn.closed_by_server(1):
            return True
    return False


def slowloris(port, rng, header_timeout):
    """A head trickled a byte a second: the server must cut it off after its header timeout."""
    conn = Conn(port)
    try:
        conn.send(b"GET / HTTP/1.1\r\nHost: soak\r\n")
        cut = trickle_until_cut(conn, lambda: b"X-a: b\r\n"[int(time.monotonic()) % 8:][:1], header_timeout + 15)
        expect(cut, "slowloris head not cut off within %d s" % (header_timeout + 15))
    finally:
        conn.close()


def slow_body(port, rng, body_timeout):
    """A body sent far below the minimum data rate: the server must cut it off."""
    conn = Conn(port)
    try:
        conn.send(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 1000000\r\n\r\n")
        cut = trickle_until_cut(conn, lambda: b"xxxxxxxxxx", body_timeout + 25)
        expect(cut, "slow body not cut off within %d s" % (body_timeout + 25))
    finally:
        conn.close()


def never_reads(port, rng, write_timeout):
    """Asks for a large stream and never reads it: the server must give up writing."""
    conn = Conn(port)
    try:
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.send(get("/stream?chunks=4000&size=65536"))
        time.sleep(write_timeout + 5)
        # Reading now must end (the server closed after its write timeout) rather than
        # produce the whole 256 MB.
        conn.sock.settimeout(5)
        total = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                chunk = conn.sock.recv(1 << 20)
            except OSError:
                break
            if not chunk:
                break
            total += len(chunk)
        expect(total < 4000 * 65536, "a client that never read got the whole stream")
    finally:
        conn.close()


# ----------------------------------------------------------------------------------------------
# Sampling the server.
# ----------------------------------------------------------------------------------------------

def sample(pid):
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return {"rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1), "threads": int(fields["Threads"]),
            "fds": len(os.listdir("/proc/%d/fd" % pid)), "load": round(os.getloadavg()[0], 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=None, help="seconds before the RSS baseline (default: 10%% of the run, at least 20)")
    parser.add_argument("--binary", default=os.environ.get("WERK_SHOWCASE", ".build/debug/showcase"))
    parser.add_argument("--json", help="write the samples and counts here")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else max(20.0, args.seconds / 10)
    header_timeout, body_timeout, write_timeout = 10, 10, 30  # ServerOptions' defaults

    probe = socket.socket()
    probe.bind((HOST, 0))
    port = probe.getsockname()[1]
    probe.close()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([args.binary, "--host", HOST, "--port", str(port), "--no-access-log"],
                              stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("soak: the server did not start")
                time.sleep(0.05)
        time.sleep(1)
        idle = sample(server.pid)
        print("soak: idle %s; %d clients for %.0f s (warm-up %.0f s)" % (idle, args.clients, args.seconds, warmup), flush=True)

        good = {"keep_alive": keep_alive, "pipelined": pipelined, "upload": upload, "chunked_upload": chunked_upload,
                "stream": stream, "session": session, "slow_client": slow_client}
        hostile = {"vanish": vanish, "bad_head": bad_head,
                   "slowloris": lambda p, r: slowloris(p, r, header_timeout),
                   "slow_body": lambda p, r: slow_body(p, r, body_timeout),
                   "never_reads": lambda p, r: never_reads(p, r, write_timeout)}
        weights = {"keep_alive": 20, "pipelined": 15, "upload": 8, "chunked_upload": 6, "stream": 8, "session": 10,
                   "slow_client": 3, "vanish": 10, "bad_head": 10, "slowloris": 1, "slow_body": 1, "never_reads": 1}
        names = list(weights)
        counts = {name: {"runs": 0, "requests": 0, "failures": 0} for name in names}
        failures = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(index):
            rng = random.Random(args.seed * 1000 + index)
            while time.monotonic() < stop_at:
                name = rng.choices(names, weights=[weights[n] for n in names])[0]
                # Long attacks only when they end before the deadline (so the run stays bounded).
                if name in ("slowloris", "slow_body", "never_reads") and time.monotonic() + 70 > stop_at:
                    continue
                scenario = good.get(name) or hostile[name]
                try:
                    requests = scenario(port, rng) or 0
                    with lock:
                        counts[name]["runs"] += 1
                        counts[name]["requests"] += requests
                except (AssertionError, Closed, OSError, ValueError, KeyError) as error:
                    with lock:
                        counts[name]["runs"] += 1
                        counts[name]["failures"] += 1
                        if len(failures) < 50:
                            failures.append("%s: %s: %s" % (name, type(error).__name__, str(error)[:300]))

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
        start = time.monotonic()
        for t in threads:
            t.start()
        samples = []
        while any(t.is_alive() for t in threads) and time.monotonic() < stop_at + 120:
            time.sleep(10 - (time.monotonic() - start) % 10)
            if server.poll() is not None:
                failures.append("the server exited with %r" % server.returncode)
                break
            s = sample(server.pid)
            s["t"] = round(time.monotonic() - start)
            samples.append(s)
            print("soak: t=%4ds rss=%6.1f MB fds=%4d threads=%3d load=%.2f" % (s["t"], s["rss_mb"], s["fds"], s["threads"], s["load"]), flush=True)
        for t in threads:
            t.join(timeout=1)

        # Idle again: wait for keep-alive and lingering connections to go, and for the threads
        # the pool made for bursts to pass their idle timeout (30 s) and exit.
        settle_deadline = time.monotonic() + 75
        final = sample(server.pid)
        while time.monotonic() < settle_deadline and (final["fds"] > idle["fds"] or final["threads"] > idle["threads"]):
            time.sleep(2)
            final = sample(server.pid)
        print("soak: after the clients left %s" % final, flush=True)

        # Growth is the trend, not one sample: the mean of the last three samples under traffic
        # against the mean of the first three after warm-up (a burst of concurrent uploads
        # lifts one sample by a megabyte or two and is gone by the next). The peak is reported.
        during = [s for s in samples if warmup <= s["t"] <= args.seconds]
        baseline = sum(s["rss_mb"] for s in during[:3]) / len(during[:3]) if during else None
        late = sum(s["rss_mb"] for s in during[-3:]) / len(during[-3:]) if during else None
        peak_late = max((s["rss_mb"] for s in during), default=None)
        rss_growth = (late / baseline - 1) if baseline else None
        bad_good = sum(counts[n]["failures"] for n in good)
        bad_hostile = sum(counts[n]["failures"] for n in hostile)
        checks = {
            "rss_growth_at_most_10_percent": rss_growth is not None and rss_growth <= 0.10,
            "fds_back_to_idle": final["fds"] <= idle["fds"],
            "threads_back_to_idle": final["threads"] <= idle["threads"],
            "every_good_request_answered_right": bad_good == 0,
            "every_hostile_client_refused_or_cut": bad_hostile == 0,
            "server_alive": server.poll() is None,
        }
        result = {"seconds": args.seconds, "clients": args.clients, "warmup": warmup, "idle": idle, "final": final,
                  "rss_baseline_mb": baseline, "rss_late_mb": late, "rss_peak_after_warmup_mb": peak_late,
                  "rss_growth": None if rss_growth is None else round(rss_growth, 4),
                  "counts": counts, "good_requests": sum(counts[n]["requests"] for n in good),
                  "checks": checks, "failures": failures, "samples": samples,
                  "mean_load": round(sum(s["load"] for s in samples) / max(1, len(samples)), 2)}
        print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))
        if args.json:
            with open(args.json, "w") as out:
                json.dump(result, out, indent=1)
        return 0 if all(checks.values()) else 1
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
        if tail.strip():
            print("soak: server log (tail):\n" + tail)


if __name__ == "__main__":
    sys.exit(main())
