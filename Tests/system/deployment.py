"""The Examples/Deploy setup driven from the system tests: `deploy.sh` starts redis-server,
the showcase instances (prefork masters on Unix sockets) and nginx in a temporary folder and
stops them all by PID; this module reads its pid files and logs. Loopback only."""
import os
import pathlib
import signal
import subprocess
import time

import requests

from support import children, free_port

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "Examples" / "Deploy" / "deploy.sh"
SHOWCASE = os.path.abspath(os.environ.get("WERK_SHOWCASE", ".build/debug/showcase"))


class Deployment:
    def __init__(self, run, instances=3, workers=2, threads=16, nginx_workers="1"):
        self.run = pathlib.Path(run)
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.instances = instances
        self.workers = workers
        self.env = dict(os.environ, SHOWCASE=SHOWCASE, PORT=str(self.port), INSTANCES=str(instances),
                        WORKERS=str(workers), THREADS=str(threads), NGINX_WORKERS=nginx_workers)

    def script(self, *args, timeout=60):
        result = subprocess.run([str(SCRIPT), args[0], str(self.run), *args[1:]], env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (args, result.stdout, result.stderr, self.logs())
        return result.stdout

    def up(self):
        self.script("up")

    def down(self):
        self.script("down")

    def pid(self, name):
        return int((self.run / (name + ".pid")).read_text())

    def socket(self, i):
        return "unix:%s/werk-%d.sock" % (self.run, i)

    def workers_of(self, i):
        """The worker pids of instance i (children of its master)."""
        return children(self.pid("werk-%d" % i))

    def rolling_restart(self, i, seconds=60):
        """SIGHUP to instance i; waits until every old worker is gone and as many new ones serve."""
        before = set(self.workers_of(i))
        assert len(before) == self.workers, before
        self.script("reload", str(i))
        deadline = time.time() + seconds
        while time.time() < deadline:
            now = set(self.workers_of(i))
            if len(now) == self.workers and not now & before:
                return before, now
            time.sleep(0.1)
        raise AssertionError("instance %d: workers %s not replaced within %d s (now %s)\n%s"
                             % (i, before, seconds, self.workers_of(i), self.logs()))

    def kill_instance(self, i):
        """SIGKILL to instance i's whole process group (master and workers): a crash."""
        os.killpg(self.pid("werk-%d" % i), signal.SIGKILL)
        deadline = time.time() + 10
        while time.time() < deadline and alive(self.pid("werk-%d" % i)):
            time.sleep(0.05)

    def restart_redis(self):
        """Stops Redis (SIGTERM: it syncs its append-only file) and starts it again; (stopped, started) times."""
        self.script("stop-redis")
        stopped = time.time()
        self.script("start-redis")
        return stopped, time.time()

    def nginx_log(self):
        """The access log as dicts: time, status, request, upstream addresses and statuses, test id."""
        entries = []
        for line in (self.run / "nginx-access.log").read_text().splitlines():
            parts = line.split('"')
            fields = parts[2].split()
            entries.append({"time": float(line.split()[0]), "request": parts[1], "status": int(fields[0]),
                            "rt": float(fields[2][3:]), "upstreams": [u.strip() for u in parts[3].split(",")],
                            "ustatus": [s.strip() for s in parts[5].split(",")], "id": parts[7]})
        return entries

    def nginx_errors(self):
        return (self.run / "nginx-error.log").read_text()

    def logs(self):
        text = ""
        for name in sorted(os.listdir(self.run)) if self.run.exists() else []:
            if name.endswith(".log") and name != "nginx-access.log":
                text += "== %s\n%s\n" % (name, (self.run / name).read_text(errors="replace")[-2000:])
        return text


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def get(url, **kwargs):
    return requests.get(url, timeout=10, **kwargs)
