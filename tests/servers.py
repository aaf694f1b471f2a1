"""Servers the tests start in processes of their own (the site as `make serve` runs it, a
Redis they may stop): a free port to give them, and a wait until they answer."""

import socket
import time
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stderr.read() if process.stderr else ""
            raise AssertionError(f"the server stopped: {output}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.25)
    raise AssertionError(f"no answer from {url} in {seconds} s")
