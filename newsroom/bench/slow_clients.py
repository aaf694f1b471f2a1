"""`make bench` fault scenario: clients trickling comment bodies while readers load the article.

Each slow client opens a raw socket, sends a comment post's headers (same-origin, with the
length of a real reply form's body) and then the body one byte every 100-200 ms: a full post
would take a minute. When the server answers (408 once the body deadline passes) or drops the
connection, the client starts over, so ``clients`` posts are in flight for the whole run. While
they are, wrk loads the cached article page; the target is its p99 under ``TARGET_P99_MS``.
"""

import random
import select
import socket
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from newsroom.bench import runner

TARGET_P99_MS = 50
GAP_SECONDS = (0.1, 0.2)


def trickle(host, port, action, length, stop_at, outcomes, lock):
    """Slow posts one after another until ``stop_at``; each outcome is counted: the status the
    server answered with, "dropped" (connection closed without an answer), "still sending" (the
    run ended first) or "no answer" (the body was sent, no answer came before the run ended)."""
    head = (
        f"POST {action} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Origin: http://{host}:{port}\r\nSec-Fetch-Site: same-origin\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    while time.monotonic() < stop_at:
        outcome = "still sending"
        try:
            with socket.create_connection((host, port), timeout=5) as sock:
                sock.sendall(head)
                sent = 0
                while time.monotonic() < stop_at and sent < length:
                    if select.select([sock], [], [], 0)[0]:
                        break
                    sock.sendall(b"a")
                    sent += 1
                    time.sleep(random.uniform(*GAP_SECONDS))  # noqa: S311
                if time.monotonic() < stop_at:
                    sock.settimeout(max(0.1, stop_at - time.monotonic()))
                    status_line = sock.recv(200).split(b"\r\n", 1)[0].split()
                    outcome = status_line[1].decode() if len(status_line) > 1 else "dropped"
        except TimeoutError:
            outcome = "no answer"
        except OSError:
            outcome = "dropped"
            time.sleep(GAP_SECONDS[0])  # a server that refuses connections is not hammered
        with lock:
            outcomes[outcome] += 1


def run(base, article_path, action, *, clients=50, duration=10):
    """wrk on the cached article for ``duration`` seconds while ``clients`` slow posts are in
    flight: a dict of wrk's figures and the slow posts' outcomes."""
    status, _, page = runner.fetch(base + article_path)
    if status != 200:
        raise RuntimeError(f"article page answered {status}")
    for _ in range(8):  # every worker stores the page before the measurement
        runner.fetch(base + article_path)
    length = len(runner.fill(runner.comment_fields(page.decode(), action), 0, "slow"))
    parts = urlsplit(base)
    outcomes, lock = Counter(), threading.Lock()
    stop_at = time.monotonic() + 1 + duration
    threads = [
        threading.Thread(
            target=trickle,
            args=(parts.hostname, parts.port, action, length, stop_at, outcomes, lock),
            daemon=True,
        )
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every slow post is under way before readers are measured
    rps, p50, p99, non2xx, errors, requests = runner.run_wrk(
        base + article_path, duration=duration, warmup=0
    )
    for thread in threads:
        thread.join(timeout=max(1.0, stop_at - time.monotonic() + 10))
    if not requests:
        # Not one page came back within the run: wrk reports no latency at all.
        p50 = p99 = duration * 1000.0
    return {
        "clients": clients,
        "length": length,
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non2xx": non2xx,
        "socket_errors": errors,
        "requests": requests,
        "outcomes": dict(outcomes),
    }


def report(result):
    """The scenario's lines for the benchmark's output."""
    outcomes = result["outcomes"]
    cut = outcomes.get("408", 0)
    answered = result["requests"] > 0 and not result["socket_errors"]
    verdict = "met" if answered and result["p99_ms"] < TARGET_P99_MS else "NOT met"
    return (
        f"slow clients: {result['clients']} clients trickling {result['length']}-byte comment "
        f"bodies (1 byte every {GAP_SECONDS[0] * 1000:.0f}-{GAP_SECONDS[1] * 1000:.0f} ms)\n"
        f"  article (cached) meanwhile: {result['rps']:.1f} req/s, p50 {result['p50_ms']:.2f} ms, "
        f"p99 {result['p99_ms']:.2f} ms ({result['requests']} answered), non-2xx "
        f"{result['non2xx']}, socket errors "
        f"{result['socket_errors']}; target p99 < {TARGET_P99_MS} ms: {verdict}\n"
        f"  slow posts cut off with 408: {cut} of {sum(outcomes.values())} "
        f"(all outcomes {dict(sorted(outcomes.items()))})"
    )
