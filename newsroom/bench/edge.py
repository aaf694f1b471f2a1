"""`make bench` through Varnish: the churn scenario with Varnish in front of an app server, as
`make serve-edge` runs them, the cached article page through Varnish beside nginx serving
the same gzip bytes from a file, and readers of one page through Varnish while the app server
answers late (``slow_app``).

The app server gets `make serve-edge`'s settings (``EDGE_ENV``): pages tagged for xkey and kept
a day by Varnish (``s-maxage``), every change purged by tag through the background worker, which
looks for jobs four times a second. Varnish is Debian's, with the site's VCL
(newsroom/edge/newsroom.vcl and the part ``manage.py edge_config`` writes), its working folder and
the nginx configuration under the benchmark's var dir; both are stopped whatever happens.

nginx is the yardstick for "a stored page": the article page Varnish holds, its gzip body
written to ``index.html.gz`` (served by ``gzip_static`` to a client that accepts gzip) with
Newsroom's own headers added, so that both send about the same bytes.
"""

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.core.management import call_command

from . import runner

START_TIMEOUT = 60
# Varnish's own parameters for the run (varnishd -p). Default thread pools (2 of 100 to 5,000
# threads) are kept: the machine has 2 cores.
VARNISH_PARAMS = []
# Headers each server sets for itself; every other header of Varnish's answer nginx adds too.
OWN_HEADERS = {
    "date",
    "age",
    "via",
    "x-varnish",
    "x-edge-cache",
    "content-length",
    "content-type",
    "content-encoding",
    "connection",
    "accept-ranges",
    "etag",
    "last-modified",
    "server",
    "transfer-encoding",
}
GZIP = {"Accept-Encoding": "gzip"}


def edge_env(varnish_port):
    """`make serve-edge`'s settings for an app server behind Varnish on ``varnish_port``
    (the Makefile's EDGE_ENV), and the worker's interval it gives."""
    return {
        "COMMENTS_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "PAGE_CACHE_TAG_HEADERS": "xkey",
        "PAGE_CACHE_PURGE": "varnish",
        "PAGE_CACHE_PURGE_VARNISH_URLS": f"http://127.0.0.1:{varnish_port}",
        "PAGE_CACHE_SHARED_MAX_AGE": "86400",
        "WORKER_INTERVAL": "0.25",
    }


def tool(name):
    """The path of ``name`` from the make target (BENCH_VARNISHD, BENCH_NGINX) or PATH."""
    found = os.environ.get(f"BENCH_{name.upper()}") or shutil.which(name) or f"/usr/sbin/{name}"
    return found if Path(found).exists() else None


class Varnish(runner.Process):
    """varnishd on ``port`` in front of the app server on ``backend_port``."""

    def __init__(self, port, backend_port, folder):
        self.port, self.backend_port = port, backend_port
        self.folder = Path(folder).resolve()

    @property
    def workdir(self):
        return self.folder / "varnishd"

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        call_command(
            "edge_config",
            backend=[f"127.0.0.1:{self.backend_port}"],
            out=str(self.folder / "edge-site.vcl"),
            verbosity=0,
        )
        edge = Path(__file__).resolve().parent.parent / "edge"
        log_path = self.folder / "varnishd.log"
        command = [
            tool("varnishd"),
            "-F",
            "-a",
            f"127.0.0.1:{self.port}",
            "-f",
            str(edge / "newsroom.vcl"),
            "-p",
            f"vcl_path={self.folder}:{edge}",
            "-n",
            str(self.workdir),
            "-s",
            "malloc,256m",
        ]
        for param in VARNISH_PARAMS:
            command += ["-p", param]
        return self.start(command, log_path, "/bench/floor/", "varnishd", timeout=START_TIMEOUT)

    def counters(self, *names):
        """varnishstat's counters ``names`` (MAIN.cache_hit, ...), as integers."""
        output = subprocess.run(  # noqa: S603
            [shutil.which("varnishstat") or "/usr/bin/varnishstat", "-1", "-n", str(self.workdir)]
            + [arg for name in names for arg in ("-f", name)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        found = dict(re.findall(r"^(\S+)\s+(\d+)", output, re.M))
        return {name: int(found.get(name, 0)) for name in names}


class Edge:
    """Varnish and the app server behind it, as one server for the churn scenario: its address
    is Varnish's, its CPU time both's."""

    def __init__(self, varnish, app):
        self.varnish, self.app = varnish, app
        self.base = varnish.base

    def cpu_seconds(self):
        return self.varnish.cpu_seconds() + self.app.cpu_seconds()


class Nginx(runner.Process):
    """nginx on ``port`` serving ``root`` (gzip_static, Newsroom's headers added), with its
    configuration, pid and temporary files under ``folder``."""

    def __init__(self, port, root, folder, headers, probe="/"):
        self.port, self.root, self.folder = port, Path(root).resolve(), Path(folder).resolve()
        self.probe = probe
        self.headers = headers

    def config(self):
        added = "\n".join(
            f"            add_header {name} {quote(value)} always;" for name, value in self.headers
        )
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes auto;\n"
            f"pid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            "    default_type text/html;\n"
            "    access_log off;\n"
            "    sendfile on;\n"
            "    tcp_nopush on;\n"
            "    keepalive_requests 1000000;\n"
            "    open_file_cache max=100;\n"
            "    server_tokens off;\n"
            f"    client_body_temp_path {self.folder / 'body'};\n"
            f"    proxy_temp_path {self.folder / 'proxy'};\n"
            f"    fastcgi_temp_path {self.folder / 'fastcgi'};\n"
            f"    uwsgi_temp_path {self.folder / 'uwsgi'};\n"
            f"    scgi_temp_path {self.folder / 'scgi'};\n"
            "    server {\n"
            f"        listen 127.0.0.1:{self.port};\n"
            f"        root {self.root};\n"
            "        location / {\n"
            "            index index.html;\n"
            "            gzip_static on;\n"
            "            gzip_vary off;\n"
            f"{added}\n"
            "        }\n"
            "    }\n"
            "}\n"
        )

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config())
        log_path = self.folder / "nginx.log"
        command = [tool("nginx"), "-c", str(conf), "-p", str(self.folder), "-e", "stderr"]
        return self.start(
            [*command, "-g", "daemon off;"], log_path, self.probe, "nginx", timeout=START_TIMEOUT
        )


def quote(value):
    """``value`` as an nginx string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def raw_response(base, path, headers):
    """(header bytes, body bytes, headers) of one answer, as they come on the wire."""
    host, port = base.removeprefix("http://").split(":")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    parsed = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return len(head) + 4, len(body), parsed


def publish_page(root, path, body):
    """``body`` (gzip bytes) at ``path`` under ``root``: index.html.gz, and index.html beside
    it (nginx's index module looks for the plain file), readable by nginx's workers."""
    folder = Path(root) / path.strip("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html.gz").write_bytes(body)
    (folder / "index.html").write_bytes(zlib.decompress(body, 16 + zlib.MAX_WBITS))
    for part in [Path(root), *Path(root).rglob("*")]:
        part.chmod(0o755 if part.is_dir() else 0o644)


def versus_nginx(varnish, path, folder, *, port, duration, warmup, rounds=3):
    """The cached article page through Varnish and through nginx at 16 connections, gzip, in
    turn for ``rounds`` rounds: the report's lines."""
    url = varnish.base + path
    for _ in range(2):
        status, headers, body = runner.fetch(url, headers=GZIP)
    if status != 200 or headers.get("content-encoding") != "gzip":
        raise RuntimeError(f"{url} answered {status}, {headers.get('content-encoding')}")
    if headers.get("x-edge-cache") != "hit":
        raise RuntimeError(f"{url} is not stored by Varnish: {headers}")
    root = Path(folder) / "www"
    shutil.rmtree(root, ignore_errors=True)
    publish_page(root, path, body)
    added = [
        (name, value)
        for name, value in runner.fetch_headers(url, headers=GZIP)
        if name.lower() not in OWN_HEADERS
    ]
    lines = []
    with Nginx(port, root, folder, added, probe=path) as nginx:
        servers = {"Varnish": varnish, "nginx": nginx}
        wire = {name: raw_response(s.base, path, GZIP) for name, s in servers.items()}
        if wire["nginx"][2].get("content-encoding") != "gzip":
            raise RuntimeError(f"nginx did not send the gzip file: {wire['nginx'][2]}")
        served = runner.fetch(nginx.base + path, headers=GZIP)[2]
        if served != body:
            raise RuntimeError("nginx sent other bytes than Varnish")
        wrk = {"headers": GZIP, "connections": 16, "threads": 2, "warmup": 0}
        for server in servers.values():
            if warmup:
                runner.run_wrk(server.base + path, duration=warmup, **wrk)
        samples = {name: [] for name in servers}
        counted = varnish.counters("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.client_req")
        for number in range(max(1, rounds)):
            order = list(servers) if number % 2 == 0 else list(servers)[::-1]
            for name in order:
                server = servers[name]
                cpu_before = server.cpu_seconds()
                rps, p50, p99, non2xx, errors, requests = runner.run_wrk(
                    server.base + path, duration=duration, **wrk
                )
                cpu = (server.cpu_seconds() - cpu_before) * 1000 / max(requests, 1)
                samples[name].append((rps, p50, p99, cpu, non2xx + errors))
        after = varnish.counters("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.client_req")
    age = runner.fetch(url, headers=GZIP)[1]
    gone = {name: after[name] - counted[name] for name in after}

    def median(name, column):
        return statistics.median(sample[column] for sample in samples[name])

    lines.append(
        f"cached article page, Varnish and nginx serving the same {len(body):,} gzip bytes "
        f"(16 connections, Accept-Encoding: gzip; {duration} s runs, medians of "
        f"{max(1, rounds)} rounds in turn)"
    )
    for name in servers:
        head, size, _ = wire[name]
        failed = sum(sample[4] for sample in samples[name])
        lines.append(
            f"  {name:<8} {median(name, 0):9.1f} req/s  p50 {median(name, 1):.2f} ms  "
            f"p99 {median(name, 2):.2f} ms  cpu {median(name, 3):.3f} ms/req  "
            f"{head} header + {size} body bytes a response, non-2xx or errors {failed}"
        )
    ratio = median("Varnish", 0) / median("nginx", 0)
    verdict = "(target ≥ 0.50×)" if ratio >= 0.5 else "<< below the 0.50× target"
    lines.append(f"  Varnish / nginx: {ratio:.2f}×  {verdict}")
    lines.append(
        f"  Varnish during the runs: {gone['MAIN.cache_hit']:,} hits, "
        f"{gone['MAIN.cache_miss']:,} misses of {gone['MAIN.client_req']:,} requests; "
        f"after them X-Edge-Cache {age.get('x-edge-cache')}, Age {age.get('age')} s"
    )
    lines.append(
        "  headers both send: "
        + ", ".join(name for name, _ in added)
        + "; Varnish adds Age, Via, X-Varnish, X-Edge-Cache, nginx Last-Modified"
    )
    return "\n".join(lines)


class QuietServer(ThreadingHTTPServer):
    """Says nothing of a connection Varnish closed while an answer was on its way (as it does
    when it stops at the end of a run)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SlowRelay:
    """An HTTP relay on a free loopback port in front of the app server on ``app_port`` that
    gives each answer ``delay`` seconds late, as an app server does on the day of a big story
    (Varnish's health probe and the benchmark's floor page excepted), and counts them."""

    ON_TIME = ("/healthz", "/bench/floor/")
    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}

    def __init__(self, app_port, delay):
        self.app_port, self.delay, self.answered = app_port, delay, 0
        self.lock = threading.Lock()

    def __enter__(self):
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in relay.HOP_BY_HOP
                }
                app = http.client.HTTPConnection("127.0.0.1", relay.app_port, timeout=30)
                try:
                    app.request(self.command, self.path, headers=headers)
                    answer = app.getresponse()
                    content = answer.read()
                finally:
                    app.close()
                if not self.path.startswith(relay.ON_TIME):
                    with relay.lock:
                        relay.answered += 1
                    time.sleep(relay.delay)
                self.send_response_only(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in relay.HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def slow_app(app, path, folder, *, port, delay, duration, connections=50):
    """Readers of ``path`` through a Varnish of its own on ``port``, in front of ``app``
    answering ``delay`` seconds late: the report's lines. A page whose fetch took that long may
    have been made before a change that both its purges missed, so Varnish keeps it only a
    moment (``manage.py edge_config``): every reader waiting for it must still be given it."""
    with (
        SlowRelay(app.port, delay) as relay,
        Varnish(port, relay.port, Path(folder)) as varnish,
    ):
        answered = relay.answered
        rps, p50, p99, non2xx, errors, requests = runner.run_wrk(
            varnish.base + path, duration=duration, connections=connections, warmup=0
        )
        fetched = relay.answered - answered
    return "\n".join(
        [
            f"slow app server behind Varnish: each page {delay:.2f} s late from the app, "
            f"{connections} readers of the article page ({duration} s, from cold)",
            f"  {rps:9.1f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms  "
            f"non-2xx or errors {non2xx + errors}",
            f"  the app was asked for the page {fetched} times; readers served by each of its "
            f"answers: {requests / max(fetched, 1):,.0f} (were the page kept for no time, "
            "Varnish would give it to none of the readers waiting, and they would fetch it one "
            "after another)",
        ]
    )
