"""The site behind Varnish, as `make serve-edge` runs it (newsroom/edge/newsroom.vcl and the
part `manage.py edge_config` writes): Varnish stores the pages the app marks public and serves
them again, never anything made for one person (a session, a pending comment, a preview), and
takes purges from the site's own addresses only.

The app server is started as `make serve` starts it, with its own SQLite database; Varnish is
Debian's, with the xkey module (`make varnish` installs both). Between the two, a relay of the
test's own passes every request on as it is, and can hold one page's answer from the app on its
way to Varnish, as a busy network or app server would.
"""

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import lxml.html
import pytest

from newsroom.management.commands import edge_config
from tests.browser import tools
from tests.servers import BASE_DIR, free_port, prepare, production_env, served_site

PREPARE = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from tests.factories import make_article, make_editor, make_section
make_editor(username="desk", password="correct horse battery staple")
news = make_section(name="News", slug="news")
story = make_article(headline="Ferry returns to the island", section=news)
town = make_section(name="Town", slug="town")  # its page shows nothing of the story
other = make_article(headline="Library opens on Sundays", section=town)
draft = make_article(headline="Budget embargoed until noon", section=news, published=False)
crane = make_article(headline="Harbour crane inspected", section=town)
tide = make_article(headline="Tide tables", section=town)
weather = make_section(name="Weather", slug="weather")
gale = make_article(headline="Gale warning for the coast", section=weather)
print(json.dumps({"story": story.get_absolute_url(), "other": other.get_absolute_url(),
                  "draft": draft.pk, "crane": crane.get_absolute_url(),
                  "tide": tide.get_absolute_url(), "gale": gale.get_absolute_url()}))
"""

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "content-length"}


class Relay:
    """An HTTP relay on a free loopback port in front of the app server on ``app_port``: each
    request goes on to the app as it came, and its answer back, except that the answer for a
    path given to ``hold`` waits, once it has come from the app, until it is released, and each
    answer for a path in ``slow`` waits that many seconds. ``fetches`` counts requests by path."""

    def __init__(self, app_port):
        self.holds = {}
        self.slow = {}
        self.fetches = Counter()
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def relay(self):
                relay.fetches[self.path] += 1
                if self.path in relay.holds:
                    relay.holds[self.path]["started"] = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                app = http.client.HTTPConnection("127.0.0.1", app_port, timeout=30)
                try:
                    app.request(self.command, self.path, body=body, headers=headers)
                    answer = app.getresponse()
                    content = answer.read()
                finally:
                    app.close()
                time.sleep(relay.slow.get(self.path, 0))
                hold = relay.holds.pop(self.path, None)
                if hold is not None:
                    hold["answered"].set()
                    hold["release"].wait(30)
                self.send_response_only(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_HEAD = do_POST = relay

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold(self, path):
        """Hold the next answer for ``path``: events set when it came from the app
        (``answered``) and to let it go on (``release``)."""
        self.holds[path] = {"answered": threading.Event(), "release": threading.Event()}
        return self.holds[path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


PASSWORD = "correct horse battery staple"
RELAYS = {}  # Varnish's port: the relay between it and the app server


class Client:
    """Requests to one address, keeping the cookies a browser would keep (or none)."""

    def __init__(self, port, source="127.0.0.1"):
        self.port, self.source, self.cookies = port, source, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.source, 0)
        )
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response, text


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """(Varnish's port, what was prepared, the app's environment): Varnish in front of one app
    server, through the relay ``RELAYS[port]``."""
    tools.require(tools.VARNISH)
    var = tmp_path_factory.mktemp("edge")
    port = free_port()
    env = production_env(
        var,
        COMMENTS_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        COMMENTS_MIN_SUBMIT_SECONDS="0",
        # As `make serve-edge` runs the app: pages tagged for Varnish and kept until purged.
        PAGE_CACHE_TAG_HEADERS="xkey",
        PAGE_CACHE_PURGE="varnish",
        PAGE_CACHE_PURGE_VARNISH_URLS=f"http://127.0.0.1:{port}",
        PAGE_CACHE_SHARED_MAX_AGE="86400",
    )
    made = json.loads(prepare(env, PREPARE))
    worker = subprocess.Popen(  # noqa: S603 - the background worker `make serve` starts
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.25"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with served_site(env, made["story"], workers=1) as app_port:
        relay = Relay(app_port)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "edge_config", "--backend", f"127.0.0.1:{relay.port}"]
            + ["--out", str(var / "edge-site.vcl")],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        varnish = subprocess.Popen(  # noqa: S603
            [str(tools.VARNISH.path), "-F", "-a", f"127.0.0.1:{port}"]
            + ["-f", str(BASE_DIR / "newsroom" / "edge" / "newsroom.vcl")]
            + ["-p", f"vcl_path={var}:{BASE_DIR / 'newsroom' / 'edge'}"]
            + ["-n", str(var / "varnishd"), "-s", "malloc,64m"]
            # No separate unprivileged user: the test's folders are its own to read.
            + ["-j", "none"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert varnish.poll() is None, varnish.stderr.read()
                try:
                    if Client(port).request("GET", made["story"])[0].status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "Varnish never answered"
                time.sleep(0.25)
            RELAYS[port] = relay
            yield port, made, env
        finally:
            RELAYS.pop(port, None)
            relay.close()
            varnish.terminate()
            varnish.wait(timeout=20)
            worker.terminate()
            worker.wait(timeout=20)


def stored(client, path, tries=3):
    """Fetch ``path`` until Varnish answers it from store: the answer. Varnish keeps a page
    whose fetch from the app took over half a second (a page made before an edit may be in it)
    for a moment only, so on a busy machine the first fetch of a page may be gone before the
    next request and the next one kept."""
    for _ in range(tries):
        response, text = client.request("GET", path)
        if response.headers.get("X-Edge-Cache") == "hit":
            return response, text
    raise AssertionError(f"Varnish never kept {path}: {response.status} {dict(response.headers)}")


def test_public_pages_are_stored_by_varnish_and_served_again(edge):
    port, made, _ = edge
    reader = Client(port)
    response, text = stored(reader, made["other"])
    assert response.status == 200 and "Library opens on Sundays" in text
    first_age = int(response.headers["Age"])
    time.sleep(1.2)
    response, _ = reader.request("GET", made["other"])
    assert response.headers["X-Edge-Cache"] == "hit"
    assert int(response.headers["Age"]) > first_age  # the same stored copy, older
    assert "xkey" not in response.headers  # what a page shows is Varnish's business


def test_a_logged_in_editor_is_never_served_or_stored_by_varnish(edge):
    port, made, _ = edge
    editor = Client(port)
    _, form = editor.request("GET", "/admin/login/")
    token = lxml.html.fromstring(form).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    response, _ = editor.request(
        "POST",
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": "desk",
            "password": "correct horse battery staple",
        },
        headers={"Referer": f"http://127.0.0.1:{port}/admin/login/"},
    )
    assert response.status == 302 and "sessionid" in editor.cookies
    for _ in range(2):
        response, text = editor.request("GET", made["story"])
        assert response.headers["X-Edge-Cache"] == "miss"  # passed to the app, every time
    # The draft's preview: the editor sees it; a reader gets nothing of it, then or later.
    response, text = editor.request("GET", f"/preview/{made['draft']}/")
    assert response.status == 200 and "Budget embargoed until noon" in text
    for _ in range(2):
        response, text = Client(port).request("GET", f"/preview/{made['draft']}/")
        assert "Budget embargoed until noon" not in text
        assert response.headers["X-Edge-Cache"] == "miss"
    _, text = Client(port).request("GET", made["story"])
    assert "desk" not in lxml.html.fromstring(text).text_content().split()


def test_a_pending_comment_is_shown_to_its_writer_only(edge):
    port, made, _ = edge
    writer = Client(port)
    _, page = writer.request("GET", made["story"])
    form = lxml.html.fromstring(page).xpath("//form[contains(@action, '/comments/post/')]")[0]
    data = dict(form.form_values())
    data.update(
        comment="Will the evening sailing run in winter too?",
        name="Ana Reader",
        email="ana@example.com",
    )
    response, _ = writer.request("POST", form.get("action"), data)
    assert response.status in {302, 303}, response.status
    response, text = writer.request("GET", made["story"])
    assert "Will the evening sailing run in winter too?" in text
    assert response.headers["X-Edge-Cache"] == "miss"
    for _ in range(2):
        response, text = Client(port).request("GET", made["story"])
        assert "Will the evening sailing run in winter too?" not in text


def test_purges_are_taken_from_the_site_s_own_addresses_only(edge):
    port, made, _ = edge
    reader = Client(port)
    stored(reader, made["other"])
    # Another address on this machine is not the site's.
    response, _ = Client(port, source="127.0.0.3").request("PURGE", made["other"])
    assert response.status == 405
    assert reader.request("GET", made["other"])[0].headers["X-Edge-Cache"] == "hit"
    response, _ = reader.request("PURGE", made["other"])
    assert response.status == 200
    assert reader.request("GET", made["other"])[0].headers["X-Edge-Cache"] == "miss"


def shown_within(client, path, words, seconds=2):
    """Ask Varnish for ``path`` until ``words`` show (True), for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if words in client.request("GET", path)[1]:
            return True
        time.sleep(0.05)
    return False


def test_an_edit_and_a_comment_approval_reach_readers_through_varnish_and_nothing_else_goes(edge):
    port, made, env = edge
    reader = Client(port)
    stored(reader, made["story"])
    response, _ = stored(reader, made["other"])
    other_age = int(response.headers["Age"])
    time.sleep(1.1)

    # An editor's save, as the admin makes it (committed when the script ends): the purge goes
    # to Varnish from the app's background worker.
    prepare(
        env,
        "import django; django.setup()\n"
        "from articles.models import Article\n"
        f"story = Article.objects.get(slug={made['story'].strip('/').split('/')[-1]!r})\n"
        "story.headline = 'Ferry returns to the island for the summer'\n"
        "story.save()\n"
        "print('saved')\n",
    )
    assert shown_within(reader, made["story"], "Ferry returns to the island for the summer")
    response, _ = reader.request("GET", made["other"])
    assert response.headers["X-Edge-Cache"] == "hit"  # a page the edit does not touch
    assert int(response.headers["Age"]) > other_age  # the same copy, kept all along

    # A moderator approves a reader's comment.
    prepare(
        env,
        "import django; django.setup()\n"
        "from articles.models import Article\n"
        "from comments import moderation\n"
        "from tests.factories import make_comment, make_moderator\n"
        f"story = Article.objects.get(slug={made['story'].strip('/').split('/')[-1]!r})\n"
        "held = make_comment(story, status='pending', text='Is the ramp fixed yet?')\n"
        "moderation.approve(held, actor=make_moderator(username='night'))\n"
        "print('approved')\n",
    )
    assert shown_within(reader, made["story"], "Is the ramp fixed yet?")


EDITOR = """
import sys
import time
import django
django.setup()
from articles.models import Article
story = Article.objects.get(slug={slug!r})
print(story.pk, flush=True)
sys.stdin.readline()
before_commit = time.time()
story.headline = {headline!r}
story.save()
print(before_commit, flush=True)
"""


def purges_taken(env, tag):
    """How many purges of ``tag`` Varnish has taken so far (its log, read from the start)."""
    log = subprocess.run(  # noqa: S603
        ["varnishlog", "-d", "-g", "raw", "-i", "ReqHeader"]  # noqa: S607
        + ["-n", str(Path(env["NEWSROOM_VAR_DIR"]) / "varnishd")],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    return sum(
        tag in line.lower().partition("xkey-purge:")[2].split()
        for line in log.splitlines()
        if "xkey-purge:" in line.lower()
    )


def kept_fetch_limit(env):
    """The longest fetch from the app whose page Varnish keeps, as edge_config wrote it."""
    vcl = (Path(env["NEWSROOM_VAR_DIR"]) / "edge-site.vcl").read_text()
    return float(re.search(r"now - bereq.time > ([0-9.]+)s", vcl)[1])


@pytest.mark.parametrize(
    ("purges_missed", "path_name", "new"),
    [
        # The second purge, a second after the commit, retires the stale page stored after the
        # first.
        (1, "crane", "Harbour crane passes its inspection"),
        # A fetch that outlasts both purges is kept only until 2 s after the commit.
        (2, "tide", "Tide tables for the winter are out"),
    ],
)
def test_a_page_on_its_way_to_varnish_when_an_edit_commits_is_not_kept_stale(
    edge, purges_missed, path_name, new
):
    """The race: Varnish is fetching a page the app made before the edit committed, the edit's
    purge reaches Varnish first and finds nothing, and the stale page arrives after it. The
    reader sees the edit within 2 s of the commit all the same."""
    port, made, env = edge
    path = made[path_name]
    editor = subprocess.Popen(  # noqa: S603 - an editor with Django loaded, saving on a word
        [sys.executable, "-c", EDITOR.format(slug=path.strip("/").split("/")[-1], headline=new)],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    hold = RELAYS[port].hold(path)
    try:
        tag = f"article-{int(editor.stdout.readline())}"  # the editor is ready
        first = []
        reader = threading.Thread(target=lambda: first.extend(Client(port).request("GET", path)))
        reader.start()
        assert hold["answered"].wait(20)  # the app made the page, from the data before the edit
        purges = purges_taken(env, tag)
        editor.stdin.write("save\n")
        editor.stdin.flush()
        committed = float(editor.stdout.readline())
        deadline = time.monotonic() + 5
        while purges_taken(env, tag) < purges + purges_missed:  # reaching Varnish, finding nothing
            assert time.monotonic() < deadline, "no purge reached Varnish"
            time.sleep(0.02)
        hold["release"].set()  # and now the page made before the edit reaches Varnish
        fetched_for = time.monotonic() - hold["started"]
        reader.join(20)
        assert new not in first[1] and "<h1" in first[1]
        if purges_missed == 1:
            # Varnish keeps the page if its fetch took less than the limit edge_config wrote
            # (on a busy machine the first purge may take longer than that to arrive, and the
            # page is then kept only briefly, as when both purges miss it).
            limit = kept_fetch_limit(env)
            response, text = Client(port).request("GET", path)
            if fetched_for < limit - 0.1:
                assert response.headers["X-Edge-Cache"] == "hit"  # stored after the purge: stale
                assert new not in text

        budget = committed + 2 - time.time()
        assert shown_within(Client(port), path, new, seconds=budget)
    finally:
        hold["release"].set()
        editor.kill()
        editor.wait(timeout=10)


def test_readers_waiting_for_a_slow_page_all_get_its_one_fetch_and_it_is_kept_only_briefly(edge):
    """An app server slower than the kept-fetch limit, as on the day of a big story: every
    reader waiting for the page is given the one answer Varnish fetched. Were it kept for no
    time, Varnish would hand it to none of them, and they would fetch it one after another,
    each waiting for all before. It is kept only until 2 s after the earliest change it may
    have missed."""
    port, made, env = edge
    path, relay = made["gale"], RELAYS[port]
    limit = kept_fetch_limit(env)
    delay = limit + 0.3
    relay.slow[path] = delay
    try:
        answers = []

        def read():
            started = time.monotonic()
            response, text = Client(port).request("GET", path)
            answers.append((response.status, "Gale warning" in text, time.monotonic() - started))

        readers = [threading.Thread(target=read) for _ in range(12)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(60)
        assert [(status, shown) for status, shown, _ in answers] == [(200, True)] * 12
        assert relay.fetches[path] <= 3  # one fetch for all, not one each
        assert max(took for *_, took in answers) < 2 * delay + 1  # not 12 × delay

        # 2 s after the fetch began: past the 2 s of any change it may have missed.
        time.sleep(edge_config.STALE_LIMIT - delay)
        fetches = relay.fetches[path]
        response, _ = Client(port).request("GET", path)
        assert response.headers["X-Edge-Cache"] == "miss"
        assert relay.fetches[path] == fetches + 1
    finally:
        relay.slow.pop(path, None)
