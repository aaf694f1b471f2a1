"""A Redis server of a test's own, on a free port, that the test may stop, pause and start again
(the shared Redis on 6379 is never touched)."""

import os
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
import redis

from tests.servers import free_port


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="newsroom-test-redis-")
        self.process = None

    def start(self):
        # No snapshots of its own: a restarted server starts empty unless stop(keep_data=True).
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self, keep_data=False):
        """Stop the server; with ``keep_data`` it writes its data to disk first and loads it
        when started again, as a restarted or failed-over Redis does."""
        if keep_data:
            redis.Redis.from_url(self.url).save()
        elif self.process is not None:
            for leftover in os.listdir(self.folder):
                os.remove(os.path.join(self.folder, leftover))
        if self.process is not None:
            if self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def pause(self):
        """The server stays up but stops answering, as a hung or partitioned host does."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: apt-get install -y redis-server")
    server = RedisServer().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
