"""`make bench`: the site under load on loopback, with and without the page cache.

Every step is bounded in time: the server gets ``START_TIMEOUT`` seconds to answer, each wrk run
its duration plus a margin (``timeout``), comment posting ``POST_TIME_LIMIT`` seconds, and the
server is stopped (its whole process group) whatever happens.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings

START_TIMEOUT = 240
POST_TIME_LIMIT = 180
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    page: str
    mode: str
    url: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0
    non2xx: int = 0
    socket_errors: int = 0
    bytes: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)


def fetch(url, *, method="GET", body=None, headers=None, timeout=10):
    """One request on a fresh connection: (status, headers with lower-case names, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def fetch_headers(url, *, headers=None, timeout=10):
    """The headers of one answer as sent: [(name, value)], repeated names kept."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.getheaders()
    finally:
        connection.close()


def _ms(value, unit):
    return float(value) * UNITS[unit]


def run_wrk(
    url, *, duration, warmup, connections=16, threads=2, script=None, printed=None, headers=None
):
    """wrk at ``connections`` connections: (req/s, p50 ms, p99 ms, non-2xx, socket errors,
    requests). ``script``: a wrk Lua script choosing each request's path; ``printed``, a list
    wrk's whole output is added to (for what the script prints); ``headers``, sent with each
    request."""
    base = ["wrk", f"-t{threads}", f"-c{connections}", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        base += ["-H", f"{name}: {value}"]
    if script is not None:
        base += ["-s", str(script)]
    if warmup:
        subprocess.run(  # noqa: S603
            [*base, f"-d{warmup}s", url], capture_output=True, timeout=warmup + 30, check=False
        )
    output = subprocess.run(  # noqa: S603
        [*base, f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    ).stdout
    if printed is not None:
        printed.append(output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rps and p50 and p99):
        raise RuntimeError(f"wrk printed no result for {url}:\n{output}")
    return (
        float(rps.group(1)),
        _ms(*p50.groups()),
        _ms(*p99.groups()),
        int(non2xx.group(1)) if non2xx else 0,
        sum(int(n) for n in errors.groups()) if errors else 0,
        int(requests.group(1)) if requests else 0,
    )


def process_tree(root):
    """``root`` and every process descended from it."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def tree_cpu_seconds(root):
    """CPU time (user and system) used by ``root`` and its descendants, finished children
    too."""
    ticks = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


class PortTaken(RuntimeError):
    """Another server already answers on a port the benchmark was to start one on."""


def port_taken(port):
    """Whether something already accepts connections on loopback ``port``."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Process:
    """A server the benchmark starts in a process group of its own, on ``port``, and stops with
    the group (``with``)."""

    port = None
    process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, command, log_path, probe, what, *, timeout=START_TIMEOUT, **popen):
        """Start ``command``, its output in ``log_path``, and wait until ``probe`` (a path)
        answers 200, for at most ``timeout`` seconds; stopped again if it does not. Refused if
        another server already answers on the port: its pages would be measured instead."""
        if port_taken(self.port):
            raise PortTaken(
                f"port {self.port} is taken by another server, so {what} cannot be measured "
                f"there: pick free ports with BENCH_PORT (it uses that one and the next two)"
            )
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603
            command,
            stdout=log_path.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{what} stopped; see {log_path}")
                try:
                    if fetch(self.base + probe, timeout=2)[0] == 200:
                        return self
                except OSError:
                    pass
                if time.monotonic() >= deadline:
                    raise RuntimeError(f"{what} did not answer in {timeout} s; see {log_path}")
                time.sleep(0.25)
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            # `make serve` starts its servers in process groups of their own and stops them on
            # a TERM; a KILL, which it cannot pass on, is sent to each process it started and
            # to the group each leads, and they are waited for, so that their ports are free.
            targets = process_tree(self.process.pid)[1:] if sig == signal.SIGKILL else []
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            for pid in targets:
                with contextlib.suppress(ProcessLookupError):
                    if os.getpgid(pid) == pid:
                        os.killpg(pid, sig)
                    os.kill(pid, sig)
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            deadline = time.monotonic() + wait
            while any(Path(f"/proc/{pid}").exists() for pid in targets):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            return

    def cpu_seconds(self):
        """CPU time (user and system) the server's processes have used, finished children too:
        per request, far less sensitive than req/s to other load on the machine."""
        return tree_cpu_seconds(self.process.pid)


class Server(Process):
    """`make serve` on ``port`` with extra environment, in its own process group."""

    def __init__(self, port, env, log_path):
        self.port = port
        self.env = {**os.environ, **env, "PORT": str(port)}
        self.log_path = Path(log_path)

    def __enter__(self):
        return self.start(
            ["make", "--no-print-directory", "serve", f"PORT={self.port}"],
            self.log_path,
            "/bench/floor/",
            "`make serve`",
            cwd=settings.BASE_DIR,
            env=self.env,
        )

    def workers(self):
        """(pid, resident MB, command) of each server worker: Python processes whose parent
        is the server's own Python process."""
        children, info = {}, {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            rss = re.search(r"VmRSS:\s+(\d+) kB", status)
            children.setdefault(ppid, []).append(int(entry.name))
            info[int(entry.name)] = (cmdline, int(rss.group(1)) / 1024 if rss else 0.0)
        tree, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        pythonic = {
            pid
            for pid in tree
            if "python" in info.get(pid, ("", 0))[0]
            or "granian" in info.get(pid, ("", 0))[0]
            or "gunicorn" in info.get(pid, ("", 0))[0]
        }
        workers = []
        for pid in tree:
            parent = next((p for p, kids in children.items() if pid in kids), None)
            if pid in pythonic and parent in pythonic:
                workers.append((pid, round(info[pid][1], 1), info[pid][0][:80]))
        return workers


class FormFinder(HTMLParser):
    """The fields of the form that posts to ``action``, as a browser would send them."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields = []
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and urlsplit(attrs.get("action") or "").path == self.action:
            self.inside = self.found = True
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self.fields.append([attrs["name"], attrs.get("value") or "", kind])
        elif self.inside and tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], "", "textarea"]
            self.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def comment_fields(page_html, action):
    finder = FormFinder(action)
    finder.feed(page_html)
    if not finder.found:
        raise RuntimeError(f"no form posting to {action} on the article page")
    return finder.fields


def fill(fields, number, run):
    """The form as reader ``number`` of this run fills it in: name, email and the comment; every
    other field (the form token, a honeypot left empty) as the page gave it."""
    data = []
    for name, value, kind in fields:
        lowered = name.lower()
        if kind == "textarea":
            value = f"Bench comment {run} {number}: the harbour wall needs repairing properly."
        elif kind == "email" or "email" in lowered:
            value = f"reader{number}.{run}@example.com"
        elif lowered in {"name", "author", "your_name"} or lowered.endswith("-name"):
            value = f"Bench Reader {number}"
        data.append((name, value))
    return urlencode(data)


def post_comments(base, article_path, action, *, total=500, clients=16):
    """``total`` comment posts from ``clients`` concurrent readers, each with the form fields
    from the article page: statuses, time taken and the run's marker."""
    status, _, page = fetch(base + article_path)
    if status != 200:
        raise RuntimeError(f"article page answered {status}")
    fields = comment_fields(page.decode(), action)
    run = f"{int(time.time())}{os.getpid() % 1000}"
    host = urlsplit(base).netloc
    statuses = Counter()
    failures = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + POST_TIME_LIMIT

    def reader(index):
        connection = http.client.HTTPConnection(host, timeout=15)
        for number in range(index, total, clients):
            if time.monotonic() > deadline:
                break
            body = fill(fields, number, run)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": base,
                "Sec-Fetch-Site": "same-origin",
                "Referer": base + article_path,
            }
            try:
                connection.request("POST", action, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                code = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(host, timeout=15)
                with lock:
                    failures[type(exc).__name__] += 1
                continue
            with lock:
                statuses[code] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 20))
    return {
        "run": run,
        "seconds": time.monotonic() - started,
        "statuses": dict(statuses),
        "failures": dict(failures),
        "sent": sum(statuses.values()) + sum(failures.values()),
    }


def format_table(results):
    lines = [
        f"{'page':<10} {'mode':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'cpu ms/req':>10} {'non-2xx':>8} {'sock err':>8}  note",
        "-" * 92,
    ]
    for r in results:
        lines.append(
            f"{r.page:<10} {r.mode:<9} {r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} "
            f"{r.cpu_ms:>10.2f} {r.non2xx:>8} {r.socket_errors:>8}  {r.note}"
        )
    return "\n".join(lines)
