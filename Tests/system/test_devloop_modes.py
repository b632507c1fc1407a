"""`werk run` in its other modes, on the shared throwaway package: debug off (a plain 500 page,
no script), debug mode's loopback-only rule, stat polling with the "rebuilding" page, and
`runSimple(reload: true)`. A background client runs through every reload; none may fail."""
import os
import signal
import subprocess
import time

import pytest
import requests

from devloop import BUILD_SECONDS, Hammer, WerkRun, set_version
from support import free_port


def test_debug_off_shows_a_plain_500_and_no_script(devloop_package, tmp_path):
    werk = WerkRun(devloop_package, tmp_path / "off.log", args=["--no-debug"])
    try:
        werk.wait_for("/", lambda r: r.status_code == 200, BUILD_SECONDS)
        r = requests.get(werk.url + "/boom/x?q=1", timeout=30)
        assert r.status_code == 500
        for hidden in ["Failure", "boom", "main.swift", "REQUEST_METHOD", "q=1", "werk live reload"]:
            assert hidden not in r.text, hidden
        assert "werk live reload" not in requests.get(werk.url + "/page", timeout=30).text
    finally:
        assert werk.stop() == 0


def test_debug_mode_listens_on_loopback_only(devloop_package, tmp_path):
    werk = WerkRun(devloop_package, tmp_path / "remote.log", args=["--host", "0.0.0.0"])
    assert werk.proc.wait(timeout=60) == 2
    assert "refuses to listen on 0.0.0.0" in werk.text() and "CVE" in werk.text()
    werk.stop()
    allowed = WerkRun(devloop_package, tmp_path / "allowed.log", args=["--host", "0.0.0.0", "--debug-allow-remote"])
    try:
        allowed.wait_for("/", lambda r: r.status_code == 200, BUILD_SECONDS)
    finally:
        assert allowed.stop() == 0


def test_stat_polling_rebuilds_and_shows_the_rebuilding_page(devloop_package, tmp_path):
    set_version(devloop_package, "s1")
    werk = WerkRun(devloop_package, tmp_path / "stat.log", args=["--reloader", "stat", "--rebuild-wait", "0"])
    try:
        werk.wait_for("/", lambda r: r.text == "version s1", BUILD_SECONDS)
        assert "polling every" in werk.text()
        with Hammer(werk.url + "/") as hammer:
            set_version(devloop_package, "s2")
            werk.wait_for("/", lambda r: r.text == "version s2")
        assert set(hammer.statuses) <= {200, 503}
        assert 503 in hammer.statuses and any(b.startswith("Rebuilding app") for b in hammer.bodies)
    finally:
        assert werk.stop() == 0


def test_run_simple_reload_reexecutes_under_the_supervisor(devloop_package, tmp_path):
    source = devloop_package / "Sources" / "selfreload" / "main.swift"
    source.write_text(source.read_text().replace('"self 2"', '"self 1"'))
    port = free_port()
    log = open(tmp_path / "self.log", "w")
    # What `swift run selfreload PORT` runs once it has built.
    proc = subprocess.Popen([str(devloop_package / ".build" / "debug" / "selfreload"), str(port)], cwd=devloop_package,
                            stdout=log, stderr=log, start_new_session=True)
    url = "http://127.0.0.1:%d/" % port
    try:
        deadline = time.time() + BUILD_SECONDS
        while time.time() < deadline:
            try:
                if requests.get(url, timeout=30).text == "self 1":
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        with Hammer(url) as hammer:
            source.write_text(source.read_text().replace('"self 1"', '"self 2"'))
            deadline = time.time() + 300
            while time.time() < deadline and requests.get(url, timeout=60).text != "self 2":
                time.sleep(0.3)
        assert set(hammer.bodies) <= {"self 1", "self 2"} and "self 2" in hammer.bodies
        assert "reloader: building selfreload" in (tmp_path / "self.log").read_text()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
