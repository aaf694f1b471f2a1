"""`make serve` and `make run` stop everything they started, however they are stopped: Ctrl-C at
the terminal, or a TERM sent to make alone, as a process manager stops a service. Before, a TERM
to make left the app servers and the worker running, holding their ports."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsroom.bench.runner import process_tree
from tests.servers import (
    BASE_DIR,
    SERVED_SECRET_KEY,
    free_port,
    prepare,
    production_env,
    wait_until_serving,
)

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def commands(pids):
    found = []
    for pid in pids:
        try:
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


@pytest.mark.parametrize(
    ("target", "stop"),
    [
        ("serve", "term-make"),
        ("serve", "term-group"),  # as the benchmark stops it: make and its shell, each a TERM
        ("serve", "ctrl-c"),
        ("run", "term-make"),
    ],
)
def test_a_stopped_make_target_leaves_no_server_or_worker_running(tmp_path, target, stop):
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text(SERVED_SECRET_KEY)
    env = production_env(var)
    prepare(
        env,
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
    )
    port = free_port()
    extra = ["APP_SERVERS=2"] if target == "serve" else []
    ports = [port, port + 1] if target == "serve" else [port]
    make = subprocess.Popen(  # noqa: S603
        # Ctrl-C as at a terminal: where the suite runs in the background, SIGINT is ignored from
        # the start, and a shell or make that starts so can neither trap it nor be stopped by it.
        ["env", "--default-signal=INT", "make", "--no-print-directory", "-o", "demo", target]  # noqa: S607
        + [f"PORT={port}", f"VENV={sys.prefix}", *extra],
        cwd=BASE_DIR,
        env=env,
        stdout=(tmp_path / "make.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group, as at a terminal
    )
    started = []
    try:
        for each in ports:
            wait_until_serving(f"http://127.0.0.1:{each}/healthz", make, seconds=90)
        started = process_tree(make.pid)[1:]
        running = " | ".join(commands(started))
        assert "manage.py db_worker" in running
        for each in ports:
            assert f"{each}" in running

        if stop == "term-make":
            os.kill(make.pid, signal.SIGTERM)
        elif stop == "term-group":
            os.killpg(make.pid, signal.SIGTERM)
        else:
            os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=30)
        # make returns once its servers have stopped (a moment for their own children), so the
        # next to start finds their ports free.
        deadline = time.monotonic() + 1
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not commands([pid for pid in started if alive(pid)])
    finally:
        for pid in [make.pid, *started]:  # whatever a failure left
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        make.wait(timeout=10)
