"""The seed programs of Examples/, each started as its own binary and checked over HTTP:
hello, dispatch, rawsocket, and `werk serve` in python -m http.server's spelling.
Loopback only; every wait is bounded; only processes started here are stopped.

    WERK_BIN_DIR=$(swift build --show-bin-path) python3 -m pytest Tests/system/test_examples.py
"""
import os
import signal
import socket
import subprocess
import time

import pytest
import requests

from support import free_port, wait_listening

BIN_DIR = os.environ.get("WERK_BIN_DIR", ".build/debug")


class Program:
    """A binary from BIN_DIR started with `arguments` (PORT in them becomes a free port)."""

    def __init__(self, name, *arguments, cwd=None):
        self.port = free_port()
        arguments = [a.replace("PORT", str(self.port)) for a in arguments]
        self.proc = subprocess.Popen([os.path.join(os.path.abspath(BIN_DIR), name), *arguments], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self.url = "http://127.0.0.1:%d" % self.port
        wait_listening(self.port, alive=lambda: self.proc.poll() is None)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def program():
    started = []

    def start(name, *arguments, cwd=None):
        started.append(Program(name, *arguments, cwd=cwd))
        return started[-1]
    yield start
    for p in started:
        p.stop()


def raw(port, data, timeout=5):
    """Sends raw bytes and returns everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_hello_takes_the_seed_port_argument(program):
    hello = program("hello", "PORT")
    r = requests.get(hello.url + "/", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.text == "<h1>Hello, web!</h1>"


def test_hello_takes_host_and_port_options(program):
    hello = program("hello", "--host", "127.0.0.1", "--port", "PORT")
    assert requests.get(hello.url + "/anything", timeout=5).text == "<h1>Hello, web!</h1>"


def test_dispatch_serves_the_signin_flow(program):
    app = program("dispatch", "--host", "127.0.0.1", "--port", "PORT")
    assert requests.get(app.url + "/", timeout=5).text == "<h1>Home</h1>"
    assert requests.post(app.url + "/", timeout=5).text == "<h1>Home</h1>"
    form = requests.get(app.url + "/signin", timeout=5)
    assert form.status_code == 200 and 'name="password" type="password"' in form.text
    ok = requests.post(app.url + "/signin", data={"username": "admin", "password": "password"}, timeout=5)
    assert ok.text == "<h3>Hello, admin!</h3>"
    bad = requests.post(app.url + "/signin", data={"username": "admin", "password": "nope"}, timeout=5)
    assert bad.text == "<h3>Bad username or password.</h3>"
    missing = requests.post(app.url + "/signin", data={"username": "admin"}, timeout=5)
    assert missing.status_code == 400
    wrong = requests.delete(app.url + "/signin", timeout=5)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, HEAD, POST"
    assert requests.get(app.url + "/elsewhere", timeout=5).status_code == 404


def test_rawsocket_answers_by_hand(program):
    app = program("rawsocket", "--port", "PORT")
    r = requests.get(app.url + "/", timeout=5)
    assert r.status_code == 200 and r.text == "<h1>Hello, web!</h1>"
    assert r.headers["Connection"] == "close"
    assert requests.get(app.url + "/x", timeout=5).status_code == 404
    # A body it does not read must not turn the answer into a reset.
    posted = requests.post(app.url + "/", data="x" * 100000, timeout=5)
    assert posted.status_code == 405 and posted.headers["Allow"] == "GET, HEAD"
    assert raw(app.port, b"garbage\r\n\r\n").startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert raw(app.port, b"GET / HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n").startswith(b"HTTP/1.1 431 ")
    head = raw(app.port, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and head.endswith(b"\r\n\r\n")


def test_rawsocket_drops_a_silent_client_and_serves_the_next(program):
    app = program("rawsocket", "--port", "PORT")
    silent = socket.create_connection(("127.0.0.1", app.port), timeout=10)
    try:
        started = time.time()
        # One connection at a time: the next client waits for the silent one's 5 s timeout.
        r = requests.get(app.url + "/", timeout=15)
        assert r.status_code == 200
        assert time.time() - started < 12
    finally:
        silent.close()


def test_werk_serve_takes_http_server_spelling(program, tmp_path):
    (tmp_path / "index.html").write_text("<h1>served</h1>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A")
    # python3 -m http.server 8000 --bind 127.0.0.1, run in the folder to serve.
    served = program("werk", "serve", "PORT", "--bind", "127.0.0.1", cwd=str(tmp_path))
    assert requests.get(served.url + "/", timeout=5).text == "<h1>served</h1>"
    assert requests.get(served.url + "/sub/a.txt", timeout=5).text == "A"
    listing = requests.get(served.url + "/sub/", timeout=5)
    assert listing.status_code == 200 and "a.txt" in listing.text


def test_werk_serve_takes_directory_and_short_options(program, tmp_path):
    (tmp_path / "hello.txt").write_text("hi")
    served = program("werk", "serve", "-b", "127.0.0.1", "-d", str(tmp_path), "PORT")
    assert requests.get(served.url + "/hello.txt", timeout=5).text == "hi"


@pytest.mark.parametrize("arguments,message", [
    (["serve", "8000", "--port", "8001"], "one port"),
    (["serve", "99999"], "0 to 65535"),
    (["serve", "a", "b"], "one folder"),
    (["serve", "--bind"], "--bind needs an address"),
])
def test_werk_serve_refuses_bad_arguments(arguments, message):
    done = subprocess.run([os.path.join(BIN_DIR, "werk"), *arguments], capture_output=True, timeout=20)
    assert done.returncode == 2
    assert message in done.stderr.decode()
