"""`werk serve DIR`: files, folder listings, index.html, redirects and traversal refusals,
black-box against the werk binary (WERK_BIN). Loopback only; the server is stopped by PID."""
import os
import signal
import socket
import subprocess
import time
import urllib.parse

import pytest
import requests

from support import free_port, wait_listening

BINARY = os.environ.get("WERK_BIN", ".build/debug/werk")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "hello.txt").write_bytes(b"hello from werk serve\n")
    (root / "docs").mkdir()
    (root / "docs" / "index.html").write_bytes(b"<h1>docs index</h1>")
    (root / "sub dir").mkdir()
    (root / "sub dir" / "a<b>.txt").write_bytes(b"escaped")
    (root / ".env").write_bytes(b"SECRET=1")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_bytes(b"[core]")
    (root / "app.js").write_bytes(b"plain")
    (root / "app.js.gz").write_bytes(b"gzipped")
    (tmp_path_factory.getbasetemp() / "outside.txt").write_bytes(b"root:secret")
    port = free_port()
    proc = subprocess.Popen([BINARY, "serve", str(root), "--port", str(port), "--no-access-log"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = "http://127.0.0.1:%d" % port
    wait_listening(port, alive=lambda: proc.poll() is None)
    yield url, root
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0


def test_serves_files_with_validators(site):
    url, _ = site
    r = requests.get(url + "/hello.txt", timeout=5)
    assert r.status_code == 200 and r.content == b"hello from werk serve\n"
    assert r.headers["Content-Type"].startswith("text/plain") and r.headers["ETag"]
    assert requests.get(url + "/hello.txt", headers={"If-None-Match": r.headers["ETag"]}, timeout=5).status_code == 304
    assert requests.get(url + "/hello.txt", headers={"Range": "bytes=0-4"}, timeout=5).content == b"hello"


def test_listing_escapes_names_and_encodes_links(site):
    url, _ = site
    r = requests.get(url + "/", timeout=5)
    assert r.status_code == 200 and "Index of /" in r.text
    assert 'href="hello.txt"' in r.text and 'href="sub%20dir/"' in r.text
    sub = requests.get(url + "/sub%20dir/", timeout=5)
    assert "a&lt;b&gt;.txt" in sub.text and "<b>" not in sub.text
    assert 'href="a%3Cb%3E.txt"' in sub.text
    assert requests.get(url + "/sub%20dir/" + urllib.parse.quote("a<b>.txt"), timeout=5).content == b"escaped"


def test_folder_redirects_and_index(site):
    url, _ = site
    r = requests.get(url + "/docs?x=1", allow_redirects=False, timeout=5)
    assert r.status_code == 308 and r.headers["Location"] == "/docs/?x=1"
    assert requests.get(url + "/docs/", timeout=5).text == "<h1>docs index</h1>"


@pytest.mark.parametrize("target", ["/../outside.txt", "/%2e%2e/outside.txt", "/docs/../../outside.txt",
                                    "/..%2foutside.txt", "//etc/passwd", "/nope.txt"])
def test_never_escapes(site, target):
    url, _ = site
    s = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=5)
    s.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data.startswith(b"HTTP/1.1 404"), (target, data[:40])
    assert b"root:secret" not in data


@pytest.mark.parametrize("target", ["/.env", "/.git/config", "/.git/", "/%2eenv"])
def test_dotfiles_are_404_and_not_listed(site, target):
    url, _ = site
    r = requests.get(url + target, timeout=5)
    assert r.status_code == 404 and b"SECRET" not in r.content and b"[core]" not in r.content
    listing = requests.get(url + "/", timeout=5).text
    assert ".env" not in listing and ".git" not in listing


def test_precompressed_sibling_when_accepted(site):
    url, _ = site
    r = requests.get(url + "/app.js", headers={"Accept-Encoding": "gzip"}, timeout=5, stream=True)
    assert r.headers["Content-Encoding"] == "gzip" and r.headers["Vary"] == "Accept-Encoding"
    assert r.raw.read() == b"gzipped"
    plain = requests.get(url + "/app.js", headers={"Accept-Encoding": "identity"}, timeout=5)
    assert plain.content == b"plain" and "Content-Encoding" not in plain.headers


def test_post_is_405(site):
    url, _ = site
    r = requests.post(url + "/hello.txt", data=b"x", timeout=5)
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD"


def test_dotfiles_flag_serves_them(tmp_path):
    (tmp_path / ".env").write_bytes(b"SECRET=1")
    port = free_port()
    proc = subprocess.Popen([BINARY, "serve", str(tmp_path), "--port", str(port), "--no-access-log", "--dotfiles"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_listening(port, alive=lambda: proc.poll() is None)
        url = "http://127.0.0.1:%d" % port
        assert requests.get(url + "/.env", timeout=5).content == b"SECRET=1"
        assert ".env" in requests.get(url + "/", timeout=5).text
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0


def test_version_and_help():
    out = subprocess.run([BINARY, "version"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and out.stdout.startswith("werk ")
    bad = subprocess.run([BINARY, "frobnicate"], capture_output=True, text=True, timeout=10)
    assert bad.returncode == 2 and "unknown command" in bad.stderr


def test_access_log_counts_the_bytes_a_cut_short_download_got(tmp_path):
    # A client that reads 64 KiB of a 32 MiB file and resets: the loop finishes the response
    # and logs it. It logged the file's whole size before (the entry was made when the
    # response was planned); now the body bytes that went out, as nginx's $body_bytes_sent.
    size = 32 * 1024 * 1024
    (tmp_path / "big.bin").write_bytes(b"x" * size)
    port = free_port()
    log = tmp_path / "stderr.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([BINARY, "serve", str(tmp_path), "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        wait_listening(port, alive=lambda: proc.poll() is None)
        assert requests.get("http://127.0.0.1:%d/big.bin" % port, timeout=20).content == b"x" * size
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n")
        got = 0
        while got < 65536:
            chunk = s.recv(65536)
            assert chunk
            got += len(chunk)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
        lines = []
        for _ in range(100):  # up to 5 s for the loop to see the reset and log
            lines = [l for l in log.read_text().splitlines() if '"GET /big.bin HTTP/1.1" 200 ' in l]
            if len(lines) == 2:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert len(lines) == 2, log.read_text()
    sizes = [int(l.split('" 200 ')[1].split()[0]) for l in lines]
    assert sizes[0] == size
    assert 65536 <= sizes[1] < size // 2, lines
