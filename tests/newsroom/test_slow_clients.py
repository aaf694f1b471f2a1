"""Readers keep getting pages from `make serve` while clients trickle comment bodies at it.

The site is started as `make serve` starts it (the command from `make serve-command`, the
production settings, its own SQLite database and static files), with a 3-second body deadline.
Eight clients each send a comment body a byte at a time; the article page, already stored by
the page cache, must keep answering, and every trickling post must get 408 after the deadline.
"""

import http.client
import select
import socket
import threading
import time

import pytest

from tests.servers import prepare, production_env, served_site

DEADLINE = 3
TRICKLERS = 8
PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from tests.factories import make_article
print(make_article(headline="Harbour wall repaired").get_absolute_url())
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(port, article path) of the production-like server, stopped after the module."""
    env = production_env(tmp_path_factory.mktemp("served-site"), REQUEST_BODY_TIMEOUT=str(DEADLINE))
    path = prepare(env, PREPARE)
    with served_site(env, path) as port:
        yield port, path


def trickle_comment(port, answers, length=400, gap=0.15):
    """Send a comment post's headers, then its body one byte every ``gap`` seconds, until the
    server answers (or the body is sent); the first line of the answer goes into ``answers``."""
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE + 20) as sock:
        sock.sendall(
            (
                f"POST /comments/post/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n"
                f"Content-Length: {length}\r\n\r\n"
            ).encode()
        )
        stop = time.monotonic() + DEADLINE + 15
        answer = b""
        try:
            while time.monotonic() < stop and not select.select([sock], [], [], 0)[0]:
                sock.sendall(b"a")
                time.sleep(gap)
            answer = sock.recv(200)
        except OSError as exc:
            answer = repr(exc).encode()
    answers.append(answer.split(b"\r\n", 1)[0].decode(errors="replace"))


def test_cached_pages_keep_answering_while_clients_trickle_comments_and_those_get_408(served):
    port, path = served
    hits = 0
    for _ in range(6):  # each worker keeps its own copy; the later answers are stored ones
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        hits += response.getheader("X-Page-Cache") == "hit"
    assert hits

    answers = []
    tricklers = [
        threading.Thread(target=trickle_comment, args=(port, answers), daemon=True)
        for _ in range(TRICKLERS)
    ]
    started = time.monotonic()
    for thread in tricklers:
        thread.start()
    time.sleep(0.5)
    probes = []
    while time.monotonic() - started < DEADLINE - 0.5:
        began = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
        except OSError as exc:
            status = type(exc).__name__
        probes.append((status, round(time.monotonic() - began, 3)))
        time.sleep(0.2)
    for thread in tricklers:
        thread.join(timeout=DEADLINE + 30)

    assert all(status == 200 and took < 2 for status, took in probes), probes
    assert len(probes) >= 4
    assert answers == ["HTTP/1.1 408 Request Timeout"] * TRICKLERS, answers
    assert time.monotonic() - started >= DEADLINE
