"""`werk run PRODUCT`: auto-reload, black-box. A throwaway package that depends on this checkout
is served; edits are picked up, a broken edit keeps the last good build serving, no request
fails while the app is swapped, and SIGINT ends the reloader with status 0. Loopback only;
every wait is bounded; only processes started here are signalled (by PID)."""
import os
import pathlib
import signal
import subprocess
import threading
import time

import pytest
import requests

from support import free_port

BINARY = os.environ.get("WERK_BIN", ".build/debug/werk")
REPO = pathlib.Path(__file__).resolve().parents[2]

MAIN = """import Werk
import WerkServer
let app = Request.application { _ in Response("version %s") }
try runSimple(app: app)
"""


def wait_for(url, text, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(url, timeout=2).text == text:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def reloader(tmp_path_factory):
    package = tmp_path_factory.mktemp("reload")
    (package / "Sources" / "app").mkdir(parents=True)
    (package / "Package.swift").write_text(
        "// swift-tools-version:6.0\nimport PackageDescription\n"
        "let package = Package(name: \"reload\", dependencies: [.package(path: \"%s\")], targets: [\n"
        "    .executableTarget(name: \"app\", dependencies: [.product(name: \"Werk\", package: \"%s\"),\n"
        "                                                  .product(name: \"WerkServer\", package: \"%s\")])])\n"
        % (REPO, REPO.name, REPO.name))
    source = package / "Sources" / "app" / "main.swift"
    source.write_text(MAIN % 1)
    port = free_port()
    log = open(package / "reloader.log", "w")
    proc = subprocess.Popen([BINARY, "run", "app", "--package-path", str(package), "--port", str(port)],
                            stdout=log, stderr=log, start_new_session=True)
    url = "http://127.0.0.1:%d/" % port
    try:
        assert wait_for(url, "version 1", 600), (package / "reloader.log").read_text()[-3000:]
        yield proc, url, source, package
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_edit_is_served_and_no_request_fails_during_the_swap(reloader):
    proc, url, source, package = reloader
    failures, answers, stop = [], [], threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                r = requests.get(url, timeout=10)
                answers.append(r.text)
                if r.status_code != 200:
                    failures.append(r.status_code)
            except requests.RequestException as e:
                failures.append(repr(e))
            time.sleep(0.02)

    t = threading.Thread(target=hammer)
    t.start()
    try:
        source.write_text(MAIN % 2)
        assert wait_for(url, "version 2", 300), (package / "reloader.log").read_text()[-3000:]
        time.sleep(0.5)
    finally:
        stop.set()
        t.join(15)
    assert failures == [], failures[:5]
    assert "version 1" in answers and "version 2" in answers
    assert set(answers) <= {"version 1", "version 2"}


def test_broken_edit_keeps_the_last_good_build(reloader):
    proc, url, source, package = reloader
    source.write_text(MAIN.replace('Response("version %s")', 'Response("version 3"') % ())
    log = package / "reloader.log"
    deadline = time.time() + 300
    while "the last good build is still serving" not in log.read_text() and time.time() < deadline:
        time.sleep(0.5)
    assert "the last good build is still serving" in log.read_text()
    assert "error:" in log.read_text()
    assert proc.poll() is None
    assert requests.get(url, timeout=5).text == "version 2"
    source.write_text(MAIN % 4)
    assert wait_for(url, "version 4", 300), log.read_text()[-3000:]


def test_sigint_stops_with_status_0(reloader):
    proc, url, _, _ = reloader
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    with pytest.raises(requests.RequestException):
        requests.get(url, timeout=2)
