"""Helpers for the `werk run` system tests: one throwaway package (depending on this checkout)
shared by every module, a runner for `werk run`, and a background client that sends requests
throughout a reload and records every refused or reset connection. Loopback only; every wait
is bounded; only processes started here are signalled (by PID / their own process group)."""
import os
import pathlib
import signal
import subprocess
import threading
import time

import requests

from support import free_port

BINARY = os.path.abspath(os.environ.get("WERK_BIN", ".build/debug/werk"))
REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD_SECONDS = 900   # the first build compiles Werk itself; a loaded machine is slow
REBUILD_SECONDS = 300

PACKAGE = """// swift-tools-version:6.0
import PackageDescription
let werk: [Target.Dependency] = [.product(name: "Werk", package: "%(name)s"), .product(name: "WerkServer", package: "%(name)s"),
                                 .product(name: "WerkMiddleware", package: "%(name)s")]
let package = Package(name: "devloop", dependencies: [.package(path: "%(path)s")], targets: [
    .executableTarget(name: "app", dependencies: werk),
    .executableTarget(name: "selfreload", dependencies: werk)])
"""

APP = """import Glibc
import Werk
import WerkMiddleware
import WerkServer
var router = Router()
router.get("/") { _ in Response("version \\(version)") }
router.get("/page") { _ in Response("<!doctype html><html><body><h1>page \\(version)</h1></body></html>", contentType: "text/html; charset=utf-8") }
router.get("/pid") { _ in Response(String(getpid())) }
router.get("/boom/<name>", .name("boom")) { _, _ in throw Failure("the <boom> happened") }
router.get("/trap") { _ in let empty: [Int] = []; return Response("\\(empty[3])") }
router.get("/data") { _ in
    let file = FileRegion(path: "data/message.txt", offset: 0, length: (try? FileInfo(path: "data/message.txt").size) ?? 0)
    return Response(body: Body(file: file))
}
try runSimple(app: stack(sharedData(["/static": "static"], maxAge: nil), app: router))
"""

SELF_RELOAD = """import Werk
import WerkServer
let app = Request.application { _ in Response("self %s") }
try runSimple(port: Int(CommandLine.arguments[1])!, app: app, reload: true)
"""


def make_package(root):
    """Writes the package under `root` and builds every product once."""
    (root / "Sources" / "app").mkdir(parents=True)
    (root / "Sources" / "selfreload").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "data").mkdir()
    (root / "scratch").mkdir()
    (root / "Package.swift").write_text(PACKAGE % {"name": REPO.name, "path": REPO})
    (root / "Sources" / "app" / "main.swift").write_text(APP)
    set_version(root, "1")
    (root / "Sources" / "selfreload" / "main.swift").write_text(SELF_RELOAD % 1)
    (root / "static" / "site.css").write_text("body { color: black }\n")
    (root / "data" / "message.txt").write_text("message 1")
    result = subprocess.run(["swift", "build", "--package-path", str(root)], capture_output=True, text=True,
                            timeout=BUILD_SECONDS)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def set_version(root, text):
    (root / "Sources" / "app" / "Version.swift").write_text('let version = "%s"\n' % text)


class WerkRun:
    """`werk run PRODUCT ARGS` in `package`, logging outside the package."""

    def __init__(self, package, log_path, product="app", args=(), port=None):
        self.package = package
        self.port = port or free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = log_path
        self.log = open(log_path, "w")
        command = [BINARY, "run", product, "--package-path", str(package), "--port", str(self.port)] + list(args)
        self.proc = subprocess.Popen(command, cwd=package, stdout=self.log, stderr=self.log, start_new_session=True)

    def text(self):
        return pathlib.Path(self.log_path).read_text(errors="replace")

    def wait_log(self, needle, seconds=REBUILD_SECONDS, start=0):
        """Waits until the log (from offset `start`) holds `needle`."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if needle in self.text()[start:]:
                return True
            assert self.proc.poll() is None, self.text()[-3000:]
            time.sleep(0.2)
        raise AssertionError("%r not in the log within %d s:\n%s" % (needle, seconds, self.text()[-3000:]))

    def wait_for(self, path, predicate, seconds=REBUILD_SECONDS, headers=None):
        """The first response to GET `path` that `predicate` accepts (bounded)."""
        deadline = time.time() + seconds
        last = None
        while time.time() < deadline:
            try:
                last = requests.get(self.url + path, timeout=30, headers=headers or {})
                if predicate(last):
                    return last
            except requests.RequestException as error:
                last = error
            assert self.proc.poll() is None, self.text()[-3000:]
            time.sleep(0.3)
        raise AssertionError("no matching answer for %s within %d s (last: %r)\n%s"
                             % (path, seconds, getattr(last, "text", last), self.text()[-3000:]))

    def stop(self):
        """SIGINT, then the exit status (SIGKILL to the group after 30 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class Hammer:
    """A background client: GET `url` every 20 ms on a new connection until stopped (at most
    `seconds`); every refused, reset or timed-out request is a failure."""

    def __init__(self, url, seconds=600):
        self.url, self.failures, self.statuses, self.bodies = url, [], [], []
        self.stop_event = threading.Event()
        self.deadline = time.time() + seconds
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop_event.is_set() and time.time() < self.deadline:
            try:
                r = requests.get(self.url, timeout=60, headers={"Accept": "text/plain"})
                self.statuses.append(r.status_code)
                self.bodies.append(r.text)
            except requests.RequestException as error:
                self.failures.append(repr(error))
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join(90)
        assert not self.thread.is_alive()
        assert self.failures == [], self.failures[:5]
        assert self.statuses, "the background client got no answer at all"
