"""Edit-to-new-code latency of `werk run` (issue 10), against Werkzeug's reloader in the same run.

werk: for each of 5 edits, the time from writing Version.swift to the first response served by
the new code, minus the time `swift build` of the same kind of edit takes alone (measured after
the werk edits, with werk stopped): the reloader's own cost (noticing, debouncing, stopping
and starting the app, answering). Werkzeug: the time from writing app.py of a small Flask app
under `flask run --reload` to the first response with the new text (no build step).
Loopback only; every wait bounded.

    swift build --product werk
    python3 Benchmarks/devloop_latency.py [--werk .build/debug/werk] [--edits 5]
"""
import argparse
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[1]

PACKAGE = """// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "latency", dependencies: [.package(path: "%s")], targets: [
    .executableTarget(name: "app", dependencies: [.product(name: "Werk", package: "%s"),
                                                  .product(name: "WerkServer", package: "%s")])])
"""
MAIN = """import Werk
import WerkServer

# The loopback helpers of the system tests (free port, waiting for a listener, a process's children).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "system"))
from support import free_port  # noqa: E402
try runSimple(app: Request.application { _ in Response("version \\(version)") })
"""
FLASK = """from flask import Flask
app = Flask(__name__)
VERSION = "%s"

@app.get("/")
def index():
    return "version " + VERSION
"""


def first_answer(url, text, seconds=600):
    """Seconds until GET url answers `text` (polled every 2 ms; werk holds requests during a build)."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            if requests.get(url, timeout=seconds).text == text:
                return time.perf_counter() - start
        except requests.RequestException:
            pass
        time.sleep(0.002)
    raise SystemExit("no %r from %s within %d s" % (text, url, seconds))



def werk_latencies(werk, package, edits):
    port = free_port()
    url = "http://127.0.0.1:%d/" % port
    log = open(package / "werk.log.txt", "w")
    proc = subprocess.Popen([werk, "run", "app", "--package-path", str(package), "--port", str(port), "--rebuild-wait", "600"],
                            cwd=package, stdout=log, stderr=log, start_new_session=True)
    try:
        first_answer(url, "version 0", 900)
        results = []
        for i in range(1, edits + 1):
            time.sleep(1)
            start = time.perf_counter()
            (package / "Sources" / "app" / "Version.swift").write_text('let version = "w%d"\n' % i)
            first_answer(url, "version w%d" % i)
            results.append(time.perf_counter() - start)
        return results
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        log.close()
        if os.environ.get("WERK_LATENCY_LOG"):
            pathlib.Path(os.environ["WERK_LATENCY_LOG"]).write_text((package / "werk.log.txt").read_text())


def build_times(package, edits):
    results = []
    for i in range(1, edits + 1):
        (package / "Sources" / "app" / "Version.swift").write_text('let version = "b%d"\n' % i)
        start = time.perf_counter()
        subprocess.run(["swift", "build", "--package-path", str(package), "--product", "app"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        results.append(time.perf_counter() - start)
    return results


def flask_latencies(folder, edits):
    port = free_port()
    url = "http://127.0.0.1:%d/" % port
    (folder / "app.py").write_text(FLASK % "f0")
    log = open(folder / "flask.log.txt", "w")
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "run", "--reload", "--port", str(port)],
                            cwd=folder, stdout=log, stderr=log, start_new_session=True)
    try:
        first_answer(url, "version f0", 60)
        results = []
        for i in range(1, edits + 1):
            time.sleep(1.5)
            start = time.perf_counter()
            (folder / "app.py").write_text(FLASK % ("f%d" % i))
            first_answer(url, "version f%d" % i, 60)
            results.append(time.perf_counter() - start)
        return results
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--werk", default=str(REPO / ".build" / "debug" / "werk"))
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="werk-latency-") as tmp:
        package = pathlib.Path(tmp) / "latency"
        (package / "Sources" / "app").mkdir(parents=True)
        (package / "Package.swift").write_text(PACKAGE % (REPO, REPO.name, REPO.name))
        (package / "Sources" / "app" / "main.swift").write_text(MAIN)
        (package / "Sources" / "app" / "Version.swift").write_text('let version = "0"\n')
        subprocess.run(["swift", "build", "--package-path", str(package), "--product", "app"], check=True,
                       stdout=subprocess.DEVNULL, timeout=1800)
        werk = werk_latencies(args.werk, package, args.edits)
        builds = build_times(package, args.edits)
        flask_folder = pathlib.Path(tmp) / "flask"
        flask_folder.mkdir()
        flask = flask_latencies(flask_folder, args.edits)
    overhead = [w - b for w, b in zip(werk, builds)]
    ms = lambda values: ", ".join("%.0f" % (v * 1000) for v in values)
    print("werk run, write to first new response (ms):       %s" % ms(werk))
    print("swift build of the same edit alone (ms):          %s" % ms(builds))
    print("werk run minus swift build, per edit (ms):        %s" % ms(overhead))
    print("Werkzeug reloader (flask run --reload) (ms):       %s" % ms(flask))
    print()
    print("| figure | median (ms) |")
    print("| --- | ---: |")
    print("| werk run: edit to first new response | %.0f |" % (statistics.median(werk) * 1000))
    print("| swift build of the same edit alone | %.0f |" % (statistics.median(builds) * 1000))
    print("| **werk run's own cost** (median of the 5 differences) | **%.0f** |" % (statistics.median(overhead) * 1000))
    print("| Werkzeug's reloader: edit to first new response | %.0f |" % (statistics.median(flask) * 1000))


if __name__ == "__main__":
    main()
