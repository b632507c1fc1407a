"""The deployment of issue 13, end to end with the real programs (Examples/Deploy): nginx in
front of 3 showcase instances (prefork masters on Unix sockets, ProxyFix for one hop, sessions
in Redis) and redis-server. About 30 s of load through nginx from a client mix on their own
loopback addresses while each instance in turn gets SIGHUP (a rolling restart), Redis is
restarted, and one instance is killed with SIGKILL in the middle of slow requests and started
again. Then:

- no request failed or was reset, apart from those in flight on the killed instance (counted;
  nginx's log shows it retried the idempotent ones on another instance);
- every session client's counter went up by exactly one per answered request, across
  instances: no increment lost, none repeated; a larger step only where a request in between
  got no count (in flight on the killed instance, or a 503 while Redis restarted, whose SET
  Redis may have stored before it closed);
- the app saw each client's own address, never the X-Forwarded-For a client made up.

A 503 with Retry-After for /session while Redis is down is the designed answer (the client
waits and asks again); those are counted, and must fall within the Redis restart.

    WERK_SHOWCASE=$(swift build --show-bin-path)/showcase python3 -m pytest Tests/system/test_deployment.py -s
"""
import shutil
import threading
import time

import pytest

from deployment import REPO, Deployment
from loadmix import GetClient, PostClient, SessionClient, StaticClient, slow_burst

LOAD_SECONDS = 30


@pytest.fixture
def deployment(tmp_path):
    missing = [p for p in ("redis-server", "curl") if not shutil.which(p)]
    missing += [] if shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin") else ["nginx"]
    assert not missing, "the deployment test needs %s (.ci/run installs them)" % ", ".join(missing)
    d = Deployment(tmp_path / "run")
    try:
        d.up()
        yield d
    finally:
        d.down()


def test_restarts_under_load_lose_nothing(deployment):
    d = deployment
    expected_static = (REPO / "Examples" / "Deploy" / "static" / "hello.txt").read_bytes()
    stop = threading.Event()
    clients = [SessionClient(d.port, "127.0.0.%d" % (10 + i), stop) for i in range(6)]
    clients += [GetClient(d.port, "127.0.0.%d" % (20 + i), stop) for i in range(2)]
    clients += [PostClient(d.port, "127.0.0.30", stop), StaticClient(d.port, "127.0.0.31", stop, expected_static)]
    events = {}
    began = time.time()
    for client in clients:
        client.start()
    try:
        time.sleep(2)
        for i in (1, 2, 3):
            events["sighup-%d" % i] = (time.time(),)
            d.rolling_restart(i)
            events["sighup-%d" % i] += (time.time(),)
            time.sleep(1)
        events["redis"] = d.restart_redis()
        time.sleep(2)
        # Slow requests on fresh connections, spread over the instances by nginx: some are in
        # flight on instance 2 when it dies.
        burst, burst_records = slow_burst(d.port, 24, 4000)
        time.sleep(2)
        killed_at = time.time()
        d.kill_instance(2)
        time.sleep(1)
        d.script("start-instance", "2")
        events["kill-2"] = (killed_at, time.time())
        time.sleep(max(0, LOAD_SECONDS - (time.time() - began)))
    finally:
        stop.set()
        for client in clients:
            client.join(40)
    for thread in burst:
        thread.join(40)
    ended = time.time()

    records = [r for c in clients for r in c.records] + burst_records
    log = {e["id"]: e for e in d.nginx_log()}
    killed_socket = d.socket(2)

    def on_killed_instance(record):
        """In flight on instance 2 when it was killed: nginx sent it there and it overlapped the kill."""
        entry = log.get(record["id"])
        return (entry is not None and killed_socket in entry["upstreams"]
                and entry["time"] - entry["rt"] - 0.05 <= killed_at <= entry["time"] + 0.05)

    def failed(record):
        if "error" in record:
            return True
        if record.get("status") == 503 and record["kind"] == "session" and record.get("retry_after"):
            return False  # Redis down: counted below
        return record.get("status") != 200 or record.get("ok") is False

    excused = [r for r in records if failed(r) and on_killed_instance(r)]
    failures = [r for r in records if failed(r) and not on_killed_instance(r)]
    deferred = [r for r in records if r.get("status") == 503 and r["kind"] == "session" and "error" not in r]
    retried = [e for e in log.values() if len(e["upstreams"]) > 1 and e["upstreams"][0] == killed_socket and e["status"] == 200]
    in_flight_killed = [e for e in log.values() if killed_socket in e["upstreams"]
                        and e["time"] - e["rt"] - 0.05 <= killed_at <= e["time"] + 0.05]
    summary = {
        "requests": len(records), "seconds": round(ended - began, 1),
        "by kind": {k: sum(1 for r in records if r["kind"] == k) for k in ("session", "get", "post", "static", "slow")},
        "in flight on the killed instance (nginx log)": len(in_flight_killed),
        "retried by nginx on another instance and answered 200": len(retried),
        "failed, in flight on the killed instance": len(excused),
        "  of them (method, status)": sorted("%s %s" % (r["method"], r.get("status", "reset")) for r in excused),
        "failed otherwise": len(failures),
        "503 + Retry-After for /session while Redis restarted": len(deferred),
        "events": {k: [round(t - began, 2) for t in v] for k, v in events.items()},
    }
    print("\ndeployment test:", summary)
    # Printed whole (pytest shows a failing test's output; it cuts long assertion messages),
    # with nginx's log line of each.
    for record in failures[:10]:
        print("failed:", {k: v for k, v in record.items() if k != "body"}, "nginx:", log.get(record["id"]))
    detail = (summary, failures[:10], d.logs())

    assert len(records) > 300, detail
    assert failures == [], detail
    # nginx retried idempotent requests that were in flight on the killed instance.
    assert retried, detail
    assert not [r for r in excused if r["method"] == "GET" and log[r["id"]]["status"] == 200], detail
    # 503s for the session only while Redis was restarting (with the client's retry interval).
    stopped, started = events["redis"]
    assert all(stopped - 3 <= r["start"] <= started + 3 for r in deferred), ([r["start"] - began for r in deferred], detail)

    # Every session counter is continuous: each answered count is the previous one plus 1.
    # A request whose outcome the client never learned (in flight on the killed instance, or a
    # 503 while Redis restarted: Redis may have stored the SET and closed before its reply
    # went out) may have counted once: the next step may be larger by at most one per such
    # request in between, and by one more when nginx ran the request itself again after the
    # killed instance had counted it. A step of 0 (a lost increment) or one larger than that
    # (a repeated one) fails.
    skips = {"after a request in flight on the killed instance": 0, "after a 503 while Redis restarted": 0}
    for client in clients:
        if client.kind != "session":
            continue
        last, unanswered, killed_between = None, 0, False
        for record in client.records:
            if "count" in record:
                if last is not None:
                    step = record["count"] - last
                    retried_here = on_killed_instance(record)
                    assert 1 <= step <= 1 + unanswered + retried_here, (client.source, last, unanswered, record, detail)
                    if step > 1:
                        skips["after a request in flight on the killed instance" if killed_between or retried_here
                              else "after a 503 while Redis restarted"] += 1
                last, unanswered, killed_between = record["count"], 0, False
            else:
                unanswered += 1
                killed_between = killed_between or on_killed_instance(record)
        assert last is not None and last >= 20, (client.source, last)
    print("session counter steps of more than 1:", skips)

    # Static files came from nginx itself: no instance was asked.
    static = [log[r["id"]] for c in clients if c.kind == "static" for r in c.records if r["id"] in log]
    assert static and all(e["upstreams"] == ["-"] for e in static), [e for e in static if e["upstreams"] != ["-"]][:3]

    # The app saw each client's own address; the made-up X-Forwarded-For never got through.
    seen = [(c.source, r["seen"]) for c in clients for r in c.records if "seen" in r]
    assert len(seen) > 20, detail
    assert all(source == address for source, address in seen), [s for s in seen if s[0] != s[1]][:5]
