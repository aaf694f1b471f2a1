"""The slow-clients scenario counts how each trickling post ended and never calls a run in which
no page came back a success."""

import socket
import threading
import time
from collections import Counter

from newsroom.bench import slow_clients


def test_a_trickling_post_answered_408_is_counted_as_cut_off():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_after_headers_and_a_few_bytes():
        connection, _ = listener.accept()
        with connection:
            received = b""
            while b"\r\n\r\n" not in received or len(received.split(b"\r\n\r\n", 1)[1]) < 3:
                received += connection.recv(100)
            assert received.startswith(b"POST /comments/post/ HTTP/1.1\r\nHost: 127.0.0.1:")
            connection.sendall(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")

    server = threading.Thread(target=answer_after_headers_and_a_few_bytes, daemon=True)
    server.start()
    outcomes = Counter()
    stop_at = time.monotonic() + 3
    slow_clients.trickle(
        "127.0.0.1", port, "/comments/post/", 300, stop_at, outcomes, threading.Lock()
    )
    listener.close()
    assert outcomes["408"] == 1
    assert sum(outcomes.values()) >= 1


def test_a_run_where_no_page_answered_misses_the_target():
    result = {
        "clients": 50,
        "length": 260,
        "rps": 0.0,
        "p50_ms": 10000.0,
        "p99_ms": 10000.0,
        "non2xx": 0,
        "socket_errors": 0,
        "requests": 0,
        "outcomes": {"still sending": 50},
    }
    lines = slow_clients.report(result)
    assert "target p99 < 50 ms: NOT met" in lines
    assert "cut off with 408: 0 of 50" in lines
    result.update(rps=3900.0, p50_ms=3.4, p99_ms=19.8, requests=39000, outcomes={"408": 50})
    assert "target p99 < 50 ms: met" in slow_clients.report(result)
