"""The site behind Varnish, as `make serve-edge` runs it (newsroom/edge/newsroom.vcl and the
part `manage.py edge_config` writes): Varnish stores the pages the app marks public and serves
them again, never anything made for one person (a session, a pending comment, a preview), and
takes purges from the site's own addresses only.

The app server is started as `make serve` starts it, with its own SQLite database; Varnish is
Debian's, with the xkey module (`make varnish` installs both).
"""

import http.client
import json
import subprocess
import sys
import time
from urllib.parse import urlencode

import lxml.html
import pytest

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
print(json.dumps({"story": story.get_absolute_url(), "other": other.get_absolute_url(),
                  "draft": draft.pk}))
"""


PASSWORD = "correct horse battery staple"


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
    """(Varnish's port, what was prepared): Varnish in front of one app server."""
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
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "edge_config", "--backend", f"127.0.0.1:{app_port}"]
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
            yield port, made, env
        finally:
            varnish.terminate()
            varnish.wait(timeout=20)
            worker.terminate()
            worker.wait(timeout=20)


def test_public_pages_are_stored_by_varnish_and_served_again(edge):
    port, made, _ = edge
    reader = Client(port)
    reader.request("GET", made["other"])
    response, text = reader.request("GET", made["other"])
    assert response.status == 200 and "Library opens on Sundays" in text
    assert response.headers["X-Edge-Cache"] == "hit"
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
    reader.request("GET", made["other"])
    assert reader.request("GET", made["other"])[0].headers["X-Edge-Cache"] == "hit"
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
    for path in (made["story"], made["other"]):
        reader.request("GET", path)
    response, _ = reader.request("GET", made["other"])
    assert response.headers["X-Edge-Cache"] == "hit"
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
