"""`make bench` through Varnish: its app server runs as `make serve-edge` runs one, and nginx,
the yardstick, serves the bytes Varnish serves, with the same headers."""

import gzip
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsroom.bench import churn, edge, runner
from tests.servers import BASE_DIR


def test_the_app_server_behind_the_benchmark_s_varnish_runs_as_make_serve_edge_runs_it():
    makefile = (BASE_DIR / "Makefile").read_text().replace("\\\n", " ")
    line = re.search(r"^EDGE_ENV = (.*)$", makefile, re.M)[1]
    settings = dict(pair.split("=", 1) for pair in line.split())
    expected = {name: value.replace("$(PORT)", "8183") for name, value in settings.items()}
    given = edge.edge_env(8183)
    assert {name: given[name] for name in expected} == expected
    assert f"WORKER_INTERVAL={given['WORKER_INTERVAL']}" in makefile  # serve-edge's worker


def test_nginx_sends_the_gzip_file_with_the_headers_varnish_sends(tmp_path):
    headers = [
        ("content-security-policy", "default-src 'none'; script-src 'self'"),
        ("x-odd", 'a "quoted" \\ value'),
    ]
    conf = edge.Nginx(8185, tmp_path / "www", tmp_path, headers, probe="/news/a/").config()
    assert "listen 127.0.0.1:8185;" in conf
    assert "gzip_static on;" in conf
    csp = "add_header content-security-policy \"default-src 'none'; script-src 'self'\" always;"
    assert csp in conf
    assert 'add_header x-odd "a \\"quoted\\" \\\\ value" always;' in conf
    assert "access_log off;" in conf and "daemon" not in conf  # daemon off is given at start


def test_the_page_nginx_serves_is_the_gzip_body_varnish_stored(tmp_path):
    page = b"<!doctype html><title>Harbour wall</title>" * 20
    body = gzip.compress(page)
    edge.publish_page(tmp_path, "/news/harbour-wall/", body)
    folder = tmp_path / "news" / "harbour-wall"
    assert (folder / "index.html.gz").read_bytes() == body
    assert (folder / "index.html").read_bytes() == page
    assert (folder / "index.html.gz").stat().st_mode & 0o004  # nginx's workers may read it


def test_the_churn_script_through_varnish_counts_varnish_s_misses(tmp_path):
    script = churn.write_script(["/news/a/"], tmp_path, "X-Edge-Cache").read_text()
    assert 'headers["X-Edge-Cache"] or headers["x-edge-cache"]' in script


def test_the_slow_app_relay_answers_pages_late_and_varnish_s_probe_on_time():
    class App(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = self.path.encode()
            self.send_response(200)
            self.send_header("Cache-Control", "public, max-age=60")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    app = ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        with edge.SlowRelay(app.server_address[1], delay=0.4) as relay:
            base = f"http://127.0.0.1:{relay.port}"
            started = time.monotonic()
            status, headers, body = runner.fetch(base + "/news/a/")
            late = time.monotonic() - started
            assert (status, body) == (200, b"/news/a/")
            assert headers["cache-control"] == "public, max-age=60"
            assert late >= 0.4
            started = time.monotonic()
            assert runner.fetch(base + "/healthz")[0] == 200
            assert time.monotonic() - started < 0.4
            assert relay.answered == 1  # the page, not the probe
    finally:
        app.shutdown()
        app.server_close()
