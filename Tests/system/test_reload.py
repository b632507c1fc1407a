"""`werk run PRODUCT`, the development loop, black-box on the shared throwaway package: the
debugger page, edits served with no request refused, the compile-error page until a fix, a
trap shown as a crash page and recovered, non-code edits served without a rebuild,
--exclude, live reload in a real headless Chromium, and SIGINT ending with status 0.
A background client sends requests throughout every reload test; none may be refused or reset."""
import os
import signal
import time

import pytest
import requests

from browser import headless_chromium, needs_chromium
from devloop import REBUILD_SECONDS, BUILD_SECONDS, Hammer, WerkRun, set_version


@pytest.fixture(scope="module")
def werk(devloop_package, tmp_path_factory):
    set_version(devloop_package, "1")
    run = WerkRun(devloop_package, tmp_path_factory.mktemp("logs") / "reload.log",
                  args=["--exclude", "scratch", "--rebuild-wait", "600"])
    try:
        run.wait_for("/", lambda r: r.text == "version 1", BUILD_SECONDS)
        yield run
    finally:
        run.stop()


def test_debugger_page_shows_the_error_request_and_environ(werk):
    r = requests.get(werk.url + "/boom/x?q=%3Cq%3E", headers={"X-Probe": "<probe>", "Cookie": "sid=<c>"}, timeout=30)
    assert r.status_code == 500
    assert r.headers["Content-Type"].startswith("text/html")
    page = r.text
    for shown in ["Werk.Failure", "the &lt;boom&gt; happened", "app/main.swift:9", "/boom/&lt;name&gt;",
                  "&lt;probe&gt;", "sid", "&lt;c&gt;", "&lt;q&gt;", "REQUEST_METHOD", "REMOTE_ADDR", "werk live reload"]:
        assert shown in page, shown
    assert "<boom>" not in page and "<probe>" not in page
    data = requests.get(werk.url + "/boom/x?q=1", headers={"Accept": "application/json"}, timeout=30).json()
    assert data["errorType"] == "Werk.Failure" and data["thrownAt"] == "app/main.swift:9"
    assert data["route"]["pattern"] == "/boom/<name>" and ["q", "1"] in data["args"]
    text = requests.get(werk.url + "/boom/x", headers={"Accept": "text/plain"}, timeout=30)
    assert text.headers["Content-Type"].startswith("text/plain") and "Werk.Failure: the <boom> happened" in text.text


def test_edit_is_served_and_no_request_fails_during_the_swap(werk):
    with Hammer(werk.url + "/") as hammer:
        set_version(werk.package, "2")
        werk.wait_for("/", lambda r: r.text == "version 2")
        time.sleep(0.5)
    assert set(hammer.statuses) == {200}
    assert set(hammer.bodies) <= {"version 1", "version 2"} and "version 2" in hammer.bodies


def test_compile_error_page_until_the_next_good_build(werk):
    source = werk.package / "Sources" / "app" / "Version.swift"
    with Hammer(werk.url + "/") as hammer:
        source.write_text('let version = "3" + missingName\n')
        r = werk.wait_for("/", lambda r: r.status_code == 500)
        page = requests.get(werk.url + "/anything", timeout=30).text
        assert "Build failed" in page and "Version.swift:1:" in page and "missingName" in page
        assert "class=\"marker\">" in page and "^</span>" in page
        assert "Version.swift:1:" in r.text and "^" in r.text          # the text form, for the hammer
        werk.wait_log("the build failed")
        set_version(werk.package, "4")
        werk.wait_for("/", lambda r: r.text == "version 4")
    assert set(hammer.statuses) <= {200, 500}
    assert "error: cannot find 'missingName' in scope" in werk.text()


def test_a_trap_shows_a_crash_page_then_the_app_serves_again(werk):
    before = requests.get(werk.url + "/pid", timeout=30).text
    with pytest.raises(requests.RequestException):
        requests.get(werk.url + "/trap", timeout=60)   # in flight in the crashing process
    with Hammer(werk.url + "/") as hammer:
        crash = werk.wait_for("/page", lambda r: r.status_code == 500, 60)
        assert "app crashed" in crash.text and "Fatal error: Index out of range" in crash.text
        assert "Crash report" in crash.text
        werk.wait_for("/", lambda r: r.text == "version 4", 60)
    assert set(hammer.statuses) <= {200, 500}
    assert requests.get(werk.url + "/pid", timeout=30).text != before


def test_static_and_data_edits_are_served_without_a_rebuild(werk):
    pid = requests.get(werk.url + "/pid", timeout=30).text
    start = len(werk.text())
    with Hammer(werk.url + "/") as hammer:
        (werk.package / "static" / "site.css").write_text("body { color: green }\n")
        (werk.package / "data" / "message.txt").write_text("message 2")
        werk.wait_for("/static/site.css", lambda r: "green" in r.text, 30)
        werk.wait_for("/data", lambda r: r.text == "message 2", 30)
        werk.wait_log("not code: no rebuild", 30, start)
        time.sleep(1.5)
    assert set(hammer.statuses) == {200}
    assert "building" not in werk.text()[start:]
    assert requests.get(werk.url + "/pid", timeout=30).text == pid


def test_excluded_paths_do_not_rebuild(werk):
    start = len(werk.text())
    (werk.package / "scratch" / "notes.swift").write_text("// not part of any target\n")
    time.sleep(3)
    assert "changed:" not in werk.text()[start:]
    # The same file outside the excluded folder is code: it rebuilds.
    (werk.package / "notes.swift").write_text("// not part of any target either\n")
    werk.wait_log("changed: notes.swift; rebuilding", 30, start)
    werk.wait_log("built in", REBUILD_SECONDS, start)
    (werk.package / "notes.swift").unlink()


@needs_chromium
def test_live_reload_in_headless_chromium(werk):
    with headless_chromium() as driver:
        werk.wait_for("/page", lambda r: r.status_code == 200, 60)
        driver.get(werk.url + "/page")
        assert "page 4" in driver.page_source
        driver.execute_script("window.werkMarker = 7")
        with Hammer(werk.url + "/"):
            set_version(werk.package, "5")
            deadline = time.time() + REBUILD_SECONDS
            while time.time() < deadline and "page 5" not in driver.page_source:
                time.sleep(0.3)
        assert "page 5" in driver.page_source, werk.text()[-2000:]
        # A reload, not an edit of the old page: the old page's script state is gone.
        assert driver.execute_script("return window.werkMarker") is None


def test_sigint_stops_with_status_0(werk):
    assert werk.stop() == 0
    with pytest.raises(requests.RequestException):
        requests.get(werk.url + "/", timeout=2)


def _app_pid(port):
    """The pid of the process serving `port` other than werk itself (from /proc/net/tcp and
    /proc/*/fd), or None."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    pids = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir("/proc/%s/fd" % pid):
                target = os.readlink("/proc/%s/fd/%s" % (pid, fd))
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    pids.add(int(pid))
        except OSError:
            continue
    return pids


def _gone(pids, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not any(os.path.exists("/proc/%d" % pid) and "zombie" not in open("/proc/%d/status" % pid).read().lower()
                   for pid in pids):
            return True
        time.sleep(0.2)
    return False


def test_a_closed_terminal_stops_werk_run_and_its_app(devloop_package, tmp_path):
    """SIGHUP to the terminal's process group (what closing it sends): werk run stops and takes
    its app with it (the app ignored SIGHUP and kept serving stale code on the port)."""
    set_version(devloop_package, "1")
    run = WerkRun(devloop_package, tmp_path / "hup.log")
    try:
        run.wait_for("/", lambda r: r.text == "version 1", BUILD_SECONDS)
        serving = _app_pid(run.port)
        assert serving, run.text()[-2000:]
        os.killpg(run.proc.pid, signal.SIGHUP)
        run.proc.wait(timeout=30)
        assert _gone(serving), "still running: %s\n%s" % (serving, run.text()[-2000:])
        with pytest.raises(requests.RequestException):
            requests.get(run.url + "/", timeout=2)
    finally:
        run.stop()


def test_an_app_stops_when_werk_run_is_killed(devloop_package, tmp_path):
    """SIGKILL to werk run alone: its app is told (SIGTERM, by the kernel) and stops."""
    set_version(devloop_package, "1")
    run = WerkRun(devloop_package, tmp_path / "kill.log")
    try:
        run.wait_for("/", lambda r: r.text == "version 1", BUILD_SECONDS)
        serving = _app_pid(run.port) - {run.proc.pid}
        assert serving, run.text()[-2000:]
        run.proc.kill()
        run.proc.wait(timeout=30)
        assert _gone(serving), "still running: %s\n%s" % (serving, run.text()[-2000:])
    finally:
        run.stop()
        for pid in _app_pid(run.port):
            os.kill(pid, signal.SIGKILL)
