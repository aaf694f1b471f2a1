"""A PostgreSQL primary and a streaming replica of it, of the tests' own, each on a free loopback
port (the shared server on 5432 is never touched): ``initdb`` for the primary, ``pg_basebackup
-R`` from it for the replica. A test may pause the replica's replay (so it lags as a busy
replica does), resume it, and stop and start the replica.

PostgreSQL will not run as root: under root (CI) the servers run as the ``postgres`` user, in
folders that user owns.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.browser import tools
from tests.servers import free_port


def _server_programs():
    """The folder of the newest PostgreSQL server programs installed (Debian keeps them out of
    PATH, under /usr/lib/postgresql/<major>/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_basebackup")
    return Path(on_path).parent if on_path else None


BIN = _server_programs()
POSTGRESQL = tools.Tool(
    "PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup)",
    BIN / "initdb" if BIN else None,
    install="install them with `apt-get install -y postgresql`",
)
DATABASE = "newsroom"
# Fast and throwaway: nothing is flushed to disk; WAL for one streaming replica.
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
wal_level = replica
max_wal_senders = 4
fsync = off
full_page_writes = off
max_connections = 60
shared_buffers = 16MB
"""


def _as_owner(command):
    """``command`` run as the ``postgres`` user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command, **kwargs):
    done = subprocess.run(  # noqa: S603
        _as_owner([str(part) for part in command]),
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Server:
    """One PostgreSQL server: its data folder, port and log."""

    def __init__(self, folder, name):
        self.name = name
        self.data = folder / name
        self.log = folder / f"{name}.log"
        self.sockets = folder / "sockets"
        self.port = free_port()

    def url(self, database=DATABASE):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def configure(self):
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(SETTINGS.format(port=self.port, sockets=self.sockets))

    def start(self):
        _run([BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start"])
        return self

    def set(self, name, value):
        """A setting changed in its configuration, and read again if the server runs."""
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"{name} = '{value}'\n")
        if (self.data / "postmaster.pid").exists():
            _run([BIN / "pg_ctl", "-D", self.data, "reload"])

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            _run([BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])

    def query(self, sql, params=None, database=DATABASE):
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchone() if cursor.description else None


class ReplicatedPostgres:
    """A primary, a replica streaming from it, and the database ``newsroom`` on both."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-test-pg-"))
        self.primary = Server(self.folder, "primary")
        self.replica = Server(self.folder, "replica")

    def start(self):
        (self.folder / "sockets").mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.folder / "sockets", "postgres", "postgres")
        _run(
            [BIN / "initdb", "-D", self.primary.data, "-U", "postgres", "-A", "trust"]
            + ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]
        )
        # initdb's pg_hba.conf already trusts replication connections from 127.0.0.1.
        self.primary.configure()
        self.primary.start()
        self.primary.query(f'CREATE DATABASE "{DATABASE}"', database="postgres")
        _run(
            [BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres"]
            + ["-D", self.replica.data, "-R", "-X", "stream", "-c", "fast", "--no-sync"]
        )
        self.replica.configure()  # its own port (the copied settings name the primary's)
        self.replica.start()
        deadline = time.monotonic() + 30
        while self.replica.query("SELECT count(*) FROM pg_stat_wal_receiver")[0] == 0:
            assert time.monotonic() < deadline, self.replica.log.read_text()
            time.sleep(0.05)
        self.caught_up()
        return self

    def stop(self):
        for server in (self.replica, self.primary):
            server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def caught_up(self, seconds=10):
        """Wait until the replica has replayed everything the primary has committed."""
        (position,) = self.primary.query("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + seconds
        while True:
            (replayed,) = self.replica.query(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]
            )
            if replayed:
                return
            assert time.monotonic() < deadline, f"the replica never replayed {position}"
            time.sleep(0.02)

    def pause_replay(self):
        """The replica keeps answering but stops applying changes: it lags from now on."""
        self.replica.query("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 10
        while self.replica.query("SELECT pg_get_wal_replay_pause_state()")[0] != "paused":
            assert time.monotonic() < deadline, "the replica's replay never paused"
            time.sleep(0.02)

    def resume_replay(self):
        self.replica.query("SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def replicated_postgres():
    """A primary and its streaming replica for the test module (started once: a few seconds)."""
    tools.require(POSTGRESQL)
    servers = ReplicatedPostgres()
    try:
        yield servers.start()
    finally:
        servers.stop()
