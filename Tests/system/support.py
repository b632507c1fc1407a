"""Helpers shared by the system tests: free loopback ports and waiting for a server."""
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
