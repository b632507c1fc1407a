"""Helpers shared by the system tests and the benchmark scripts: free loopback ports, waiting for a server, a process's children."""
import os
import socket
import time


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(port, seconds=30, alive=lambda: True):
    """Waits until 127.0.0.1:port accepts connections; fails when `alive()` turns false."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert alive(), "the server exited before listening"
            time.sleep(0.05)
    raise AssertionError("nothing listened on port %d within %d s" % (port, seconds))


def children(pid):
    """The live (not zombie) child processes of `pid`, from /proc, sorted."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return sorted(out)
