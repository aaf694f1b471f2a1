"""`make bench-faults`: the site through a Redis outage, measured.

The benchmark starts a Redis of its own on a free port (never the shared one), serves the site
with ``make serve`` and ``REDIS_URL`` pointing at it, and measures in three phases:

1. Redis up: the stored article page (the page cache answers).
2. Redis stopped: the article, front, section and search pages, each of which must still answer
   200, made afresh (req/s, p99 and the number of answers that were not 200).
3. Redis started again (empty, as after a crash): how soon pages are stored again with no
   restart of the site, then the stored article page once more.

For comparison, the article page is then measured with Redis up and the page cache off: what
making the page afresh costs when nothing has failed.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from newsroom.bench import runner

# Seconds the site skips Redis after a failure (``REDIS_RETRY_SECONDS``): the wait before
# pages can be stored again once Redis is back.
RETRY_SECONDS = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """``redis-server`` on ``port`` with no snapshots: stopped and started again, it is empty."""

    def __init__(self, port, folder):
        self.port = port
        self.folder = Path(folder)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("the Redis fault scenario needs redis-server: apt-get install redis")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


def page_cache_state(url):
    status, headers, _ = runner.fetch(url)
    return status, headers.get("x-page-cache", "off")


def wait_until_stored(url, limit=30.0):
    """Seconds until ``url`` is answered from the page cache again (every worker has found
    Redis back and one of them stored the page), or None after ``limit`` seconds."""
    started = time.monotonic()
    hits = 0
    while time.monotonic() - started < limit:
        # Two hits in a row: not one lucky worker, the stored page is there for all of them.
        hits = hits + 1 if page_cache_state(url)[1] == "hit" else 0
        if hits == 2:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def redis_outage(command, pages, env, log_dir, options):
    """Run the three phases and print their figures; ``command`` measures and writes."""
    duration, warmup = options["duration"], options["warmup"]
    folder = tempfile.mkdtemp(prefix="newsroom-bench-redis-")
    redis = Redis(free_port(), folder).start()
    server_env = {
        **env,
        "PAGE_CACHE_ENABLED": "1",
        "REDIS_URL": redis.url,
        "CACHE_KEY_PREFIX": f"bench-faults-{os.getpid()}",
        "REDIS_RETRY_SECONDS": str(RETRY_SECONDS),
    }
    results = []
    lines = []
    try:
        with runner.Server(options["port"], server_env, log_dir / "serve-redis-fault.log") as site:
            article = dict(pages)["article"]
            command.stdout.write(f"Redis fault scenario: Redis of its own at {redis.url}")
            runner.fetch(site.base + article)
            results.append(command.measure(site, "article", "up", article, duration, warmup))

            redis.stop()
            stopped = time.monotonic()
            for name, path in pages:
                status, state = page_cache_state(site.base + path)
                lines.append(f"  with Redis stopped, {name}: first answer {status}, cache {state}")
                results.append(command.measure(site, name, "stopped", path, duration, warmup))
            down_for = time.monotonic() - stopped

            redis.start()
            again = wait_until_stored(site.base + article)
            lines.append(
                f"  Redis was down {down_for:.0f} s; started again, the article page was "
                + (
                    f"stored and served from the cache again after {again:.1f} s"
                    if again is not None
                    else "NOT stored again within 30 s  << CHECK"
                )
                + " (no restart of the site)"
            )
            results.append(command.measure(site, "article", "restarted", article, duration, warmup))
        # For comparison: the page made afresh with Redis up (the page cache off), which is what
        # an outage should cost, and no more.
        uncached_env = {**server_env, "PAGE_CACHE_ENABLED": "0"}
        with runner.Server(options["port"], uncached_env, log_dir / "serve-redis-ref.log") as site:
            results.append(command.measure(site, "article", "uncached", article, duration, warmup))
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)

    command.stdout.write("")
    command.stdout.write(runner.format_table(results))
    for line in lines:
        command.stdout.write(line)
    down = [r for r in results if r.mode == "stopped"]
    failed = sum(r.non2xx + r.socket_errors for r in down)
    unmeasured = [r.page for r in down if not r.rps]
    verdict = "yes" if not failed and not unmeasured else "NO  << CHECK"
    command.stdout.write(
        f"  every page answered 200 with Redis down: {verdict} "
        f"({failed} non-200 answers or socket errors"
        + (f"; not answering 200: {', '.join(unmeasured)}" if unmeasured else "")
        + ")"
    )
