"""Servers the tests start in processes of their own (the site as `make serve` runs it, a
Redis they may stop): a free port to give them, a wait until they answer, the site's production
environment and a database of its own."""

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
# A key of the length and variety the production settings ask for (tests/newsroom/test_settings).
SERVED_SECRET_KEY = "k3y-" + "x7Qp9Lm2Vb8Nc4Zr1Ts6Wd0Yf5Gh3Jk" * 2


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


def production_env(var, **extra):
    """The environment `make serve` gives the site (production settings, plain HTTP on
    loopback), with its database, photos and static files under ``var``: never the suite's."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_ENV="production",
        SECRET_KEY=SERVED_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SERVE_MEDIA="1",
        NEWSROOM_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        **extra,
    )
    return env


def prepare(env, script):
    """Run ``script`` (Python, Django set up by it) in the served site's environment; its last
    line of output."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")[-2] if done.stdout.strip() else ""


@contextmanager
def served_site(env, path="/", workers=None):
    """The site started as `make serve` starts it (the command `make serve-command` prints), on
    a free port; yields the port once ``path`` answers, and stops the server after."""
    port = free_port()
    command = subprocess.run(  # noqa: S603
        ["make", "-s", "serve-command", f"VENV={sys.prefix}", f"PORT={port}"]  # noqa: S607
        + ([f"WORKERS={workers}"] if workers else []),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    server = subprocess.Popen(  # noqa: S603
        shlex.split(command),
        cwd=BASE_DIR,
        env={**env, "PORT": str(port)},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}{path}", server, seconds=60)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@contextmanager
def empty_database(tmp_path, purpose="restore"):
    """A DATABASE_URL for a database with nothing in it, of the suite's own vendor."""
    from django.db import connection

    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / f'{purpose}.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"newsroom_{purpose}_test_{os.getpid()}"
    server = psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        yield f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()
