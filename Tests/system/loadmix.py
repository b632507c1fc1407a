"""The client mix of the deployment test: threads that each keep one keep-alive connection to
nginx from their own loopback address (127.0.0.N) and record every request: session
clients counting visits, static and idempotent GETs (one sending a spoofed X-Forwarded-For),
and POSTs. A 503 with Retry-After is honoured (the client waits, then asks again) and
recorded as deferred; any other error or reset is a failure. Bounded in time."""
import http.client
import itertools
import json
import threading
import time

_ids = itertools.count(1)
_ids_lock = threading.Lock()


def next_id(kind):
    with _ids_lock:
        return "%s-%d" % (kind, next(_ids))


class Client(threading.Thread):
    """One client: `step()` makes one request; `records` keeps every outcome."""

    def __init__(self, port, source, kind, stop):
        super().__init__(daemon=True)
        self.port, self.source, self.kind, self.stop = port, source, kind, stop
        self.records = []
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        rid = next_id(self.kind)
        record = {"id": rid, "kind": self.kind, "method": method, "path": path, "start": time.time()}
        headers = dict(headers or {}, **{"X-Test-Id": rid})
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                             source_address=(self.source, 0))
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            record["body"] = response.read()
            record["status"] = response.status
            record["retry_after"] = response.getheader("Retry-After")
            record["set_cookie"] = response.getheader("Set-Cookie")
            if response.will_close:
                self.connection.close()
                self.connection = None
        except (OSError, http.client.HTTPException) as error:
            record["error"] = repr(error)
            if self.connection is not None:
                self.connection.close()
            self.connection = None
        record["end"] = time.time()
        self.records.append(record)
        if record.get("status") == 503 and record.get("retry_after"):
            # Honoured: the server said when to ask again.
            time.sleep(min(float(record["retry_after"]), 2))
        return record

    def run(self):
        while not self.stop.is_set():
            self.step()
            time.sleep(0.01)
        if self.connection is not None:
            self.connection.close()


class SessionClient(Client):
    """GET /session again and again with its cookie; the counts it saw are in `records`."""

    def __init__(self, port, source, stop):
        super().__init__(port, source, "session", stop)
        self.cookie = None

    def step(self):
        record = self.request("GET", "/session", headers={"Cookie": self.cookie} if self.cookie else {})
        if record.get("status") == 200:
            record["count"] = json.loads(record["body"])["count"]
            if record.get("set_cookie"):
                self.cookie = record["set_cookie"].split(";")[0]


class StaticClient(Client):
    def __init__(self, port, source, stop, expected):
        super().__init__(port, source, "static", stop)
        self.expected = expected

    def step(self):
        record = self.request("GET", "/static/hello.txt")
        record["ok"] = record.get("status") == 200 and record["body"] == self.expected


class GetClient(Client):
    """Idempotent GETs: /users/N, and /client with a spoofed X-Forwarded-For and Forwarded."""

    def __init__(self, port, source, stop):
        super().__init__(port, source, "get", stop)
        self.turn = 0

    def step(self):
        self.turn += 1
        if self.turn % 2:
            record = self.request("GET", "/users/%d" % self.turn)
            record["ok"] = record.get("status") == 200 and json.loads(record["body"]) == {"id": self.turn}
        else:
            record = self.request("GET", "/client", headers={"X-Forwarded-For": "203.0.113.66",
                                                             "Forwarded": "for=203.0.113.77"})
            if record.get("status") == 200:
                record["seen"] = json.loads(record["body"])["remote_addr"]


class PostClient(Client):
    """POST /echo with a body: not idempotent, so nginx never retries it."""

    def __init__(self, port, source, stop):
        super().__init__(port, source, "post", stop)

    def step(self):
        body = ("payload %s" % time.time()).encode()
        record = self.request("POST", "/echo", body=body, headers={"Content-Type": "text/plain"})
        record["ok"] = record.get("status") == 200 and json.loads(record["body"])["body_length"] == len(body)


def slow_burst(port, count, ms, source="127.0.0.250"):
    """`count` concurrent GET /sleep?ms=MS on fresh connections (some are in flight on every
    instance when one is killed); returns (threads, records)."""
    records = []

    def one():
        client = Client(port, source, "slow", threading.Event())
        records.append(client.request("GET", "/sleep?ms=%d" % ms))

    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, records
