"""Serving for a deployment, black-box against the Showcase binary (issue 13): a Unix socket
with its mode, inherited descriptors (--fd) and systemd socket activation with several
listeners, the SIGTERM drain deadline, /readyz while draining, and SIGHUP rolling restarts of
prefork workers under load with no refused or failed request. Loopback only; bounded waits;
only processes started here are signalled.

    WERK_SHOWCASE=$(swift build --show-bin-path)/showcase python3 -m pytest Tests/system/test_serving_deployment.py
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import threading
import time

from support import children, free_port, wait_listening

BINARY = os.environ.get("WERK_SHOWCASE", ".build/debug/showcase")


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=10):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def fetch(connection, path, method="GET"):
    connection.request(method, path)
    response = connection.getresponse()
    return response.status, response.read(), response


def start(args, **kwargs):
    return subprocess.Popen([BINARY, "--no-access-log", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, **kwargs)


def stop(proc, sig=signal.SIGTERM, timeout=20):
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode, proc.stderr.read().decode("utf-8", "replace")


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out after %d s waiting for %s" % (seconds, what))


def test_unix_socket_with_its_mode(tmp_path):
    path = str(tmp_path / "web.sock")
    proc = start(["--unix-socket", path, "--unix-socket-mode", "600", "--health"])
    try:
        wait_for(lambda: os.path.exists(path) or proc.poll() is not None, 30, "the socket file")
        assert stat.S_ISSOCK(os.stat(path).st_mode)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        connection = UnixHTTPConnection(path)
        wait_for(lambda: fetch(connection, "/readyz")[0] == 200, 30, "ready")
        status, body, _ = fetch(connection, "/users/5")
        assert (status, json.loads(body)) == (200, {"id": 5})
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert not os.path.exists(path), "the socket file outlived the server"


def listening_socket():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    return s


def test_systemd_socket_activation_with_two_listeners():
    """LISTEN_FDS=2 (fds 3 and 4), LISTEN_PID the server's own pid: it serves both and binds nothing."""
    first, second = listening_socket(), listening_socket()

    def as_systemd():
        os.dup2(first.fileno(), 3)
        os.dup2(second.fileno(), 4)

    # LISTEN_PID must be the server's pid: the shell's own, which `exec` keeps.
    proc = subprocess.Popen(["sh", "-c", 'LISTEN_PID=$$ exec "$0" --no-access-log --port 1 "$@"', BINARY],
                            env=dict(os.environ, LISTEN_FDS="2", LISTEN_FDNAMES="web:web"), preexec_fn=as_systemd,
                            pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        for s in (first, second):
            port = s.getsockname()[1]
            wait_listening(port, alive=lambda: proc.poll() is None)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            wait_for(lambda: fetch(connection, "/users/3")[0] == 200, 30, "serving on port %d" % port)
    finally:
        code, err = stop(proc)
        first.close()
        second.close()
    assert code == 0, err
    # --port 1 was not bound: the sockets from systemd win.
    assert not re.search(r"127\.0\.0\.1:1\b", err), err


def test_inherited_descriptor_with_fd():
    s = listening_socket()
    proc = start(["--fd", str(s.fileno())], pass_fds=(s.fileno(),))
    try:
        port = s.getsockname()[1]
        s.close()  # only the server holds it now
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        wait_for(lambda: proc.poll() is not None or fetch(connection, "/users/9")[0] == 200, 30, "serving")
        assert proc.poll() is None
    finally:
        code, err = stop(proc)
    assert code == 0, err


def test_sigterm_drain_ends_by_the_grace_period():
    """A request that would take 10 s does not hold SIGTERM past --grace-period 1 (plus the
    linger time); a shorter one in flight is answered; /readyz said 503 meanwhile."""
    port = free_port()
    proc = start(["--port", str(port), "--health", "--grace-period", "1.5", "--keep-alive-drain", "5"])
    results = {}
    try:
        wait_listening(port, alive=lambda: proc.poll() is None)
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        assert fetch(kept, "/readyz")[0] == 200

        def call(name, path):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                results[name] = fetch(connection, path)[:2]
            except (OSError, http.client.HTTPException) as error:
                results[name] = repr(error)

        threads = [threading.Thread(target=call, args=("long", "/sleep?ms=10000")),
                   threading.Thread(target=call, args=("short", "/sleep?ms=800"))]
        for thread in threads:
            thread.start()
        time.sleep(0.4)
        started = time.time()
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        status, body, response = fetch(kept, "/readyz")
        assert (status, body) == (503, b"draining\n")
        assert response.getheader("Connection", "").lower() == "close"
        proc.wait(timeout=15)
        took = time.time() - started
        for thread in threads:
            thread.join(15)
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert results["short"] == (200, b"slept"), results
    assert "long" in results and not isinstance(results["long"], tuple), results
    # Grace 1.5 s + linger 2 s + the loop's tick; far below the 10 s request.
    assert 1.3 <= took < 8, took


class Load:
    """Threads sending GETs until stopped, half on fresh connections (a refused connect would
    show), half on kept ones; every failure is recorded."""

    def __init__(self, port, threads=4):
        self.port, self.stop, self.ok, self.failures = port, threading.Event(), 0, []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i % 2 == 0,), daemon=True) for i in range(threads)]

    def run(self, fresh):
        connection = None
        n = 0
        deadline = time.time() + 120
        while not self.stop.is_set() and time.time() < deadline:
            n += 1
            try:
                if connection is None or fresh:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                status, body, response = fetch(connection, "/users/%d" % n)
                if response.will_close:
                    connection.close()
                    connection = None
                with self.lock:
                    if status == 200 and json.loads(body) == {"id": n}:
                        self.ok += 1
                    else:
                        self.failures.append((status, body[:80]))
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.failures.append(repr(error))
                connection = None
            if fresh and connection is not None:
                connection.close()
            time.sleep(0.005)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def test_sighup_rolling_restart_refuses_nothing():
    """Two SIGHUPs under load: every worker is replaced each time (new pids, the master
    stays), and no request fails, no connection is refused or reset."""
    port = free_port()
    proc = start(["--port", str(port), "--workers", "2", "--threads", "8", "--keep-alive-drain", "3"])
    try:
        wait_listening(port, alive=lambda: proc.poll() is None)
        wait_for(lambda: len(children(proc.pid)) == 2, 30, "two workers")
        seen = [set(children(proc.pid))]
        with Load(port) as load:
            time.sleep(1)
            for _ in range(2):
                before = set(children(proc.pid))
                proc.send_signal(signal.SIGHUP)
                wait_for(lambda: (lambda now: len(now) == 2 and not now & before)(set(children(proc.pid))),
                         60, "the workers replaced")
                seen.append(set(children(proc.pid)))
                time.sleep(1)
        assert proc.poll() is None
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert load.failures == [], (load.failures[:10], err[-3000:])
    assert load.ok > 50, load.ok
    assert len(set().union(*seen)) == 6, seen
    assert err.count("SIGHUP: replacing 2 workers") == 2, err


def test_sighup_starts_the_binary_now_on_disk_and_a_broken_one_stops_the_restart(tmp_path):
    """The master re-executes the file at its own path: a deploy that replaces it (rename over)
    is what SIGHUP starts. A replacement that cannot serve stops the rolling restart and the
    old workers go on serving."""
    binary = tmp_path / "app"
    shutil.copy(BINARY, binary)
    marker = tmp_path / "started"

    def deploy(script):
        staged = tmp_path / "app.new"
        staged.write_text(script)
        staged.chmod(0o755)
        os.replace(staged, binary)

    port = free_port()
    proc = subprocess.Popen([str(binary), "--no-access-log", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_listening(port, alive=lambda: proc.poll() is None)
        wait_for(lambda: len(children(proc.pid)) == 2, 30, "two workers")
        first = set(children(proc.pid))
        # A broken build: the first new worker exits at once.
        deploy("#!/bin/sh\nexit 3\n")
        proc.send_signal(signal.SIGHUP)
        time.sleep(3)
        assert set(children(proc.pid)) == first
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        assert fetch(connection, "/users/1")[0] == 200
        # A good one (it notes each start, then runs the real server).
        deploy('#!/bin/sh\necho "$$" >> "%s"\nexec "%s" "$@"\n' % (marker, os.path.abspath(BINARY)))
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: (lambda now: len(now) == 2 and not now & first)(set(children(proc.pid))), 60, "the workers replaced")
        assert len(marker.read_text().split()) == 2
        assert fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=10), "/users/2")[0] == 200
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "the rolling restart stops and the old workers go on" in err, err
