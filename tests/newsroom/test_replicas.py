"""Reads from a PostgreSQL read replica (newsroom/dbrouter.py), against a primary and a real
streaming replica the tests start (tests/pg_replica.py), with the site served as `make serve`
serves it and ``DATABASE_REPLICA_URL`` naming the replica.

Where a read went is seen in what it returns: with the replica's replay paused, a change made on
the primary is on the primary only, so a page that shows it was read from the primary and a page
that does not was read from the replica.
"""

import json
import threading
import time

import lxml.html
import pytest

from tests.newsroom.test_edge import Client
from tests.newsroom.test_settings import run_django
from tests.pg_replica import replicated_postgres  # noqa: F401  (a fixture)
from tests.servers import prepare, production_env, served_site

PASSWORD = "correct horse battery staple"
PIN_SECONDS = 3

PREPARE = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from tests.factories import make_article, make_editor, make_section
make_editor(username="desk", password="correct horse battery staple")
news = make_section(name="Harbour", slug="harbour")
story = make_article(headline="Ferry returns to the island", section=news)
print(json.dumps({"story": story.get_absolute_url(), "slug": story.slug,
                  "section": news.get_absolute_url(), "section_id": news.pk}))
"""

# Where the router sends reads outside a request and inside one, each read's server told by
# PostgreSQL itself.
WHERE = """
import json
import django
django.setup()
from django.db import connections, router, transaction
from articles.models import Article, Section
from newsroom import dbrouter

def server(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return "replica" if cursor.fetchone()[0] else "primary"

found = {"outside a request": server(router.db_for_read(Article))}
found["an article loaded outside a request"] = server(Article.objects.first()._state.db)
with dbrouter.reads_from_replicas():
    found["a public page's read"] = server(router.db_for_read(Article))
    found["an article loaded by a public page"] = server(Article.objects.first()._state.db)
    with transaction.atomic():
        found["a read in a transaction"] = server(router.db_for_read(Article))
    found["a write"] = server(router.db_for_write(Section))
    found["a read after the request wrote"] = server(router.db_for_read(Article))
found["migrations on the primary"] = router.allow_migrate("default", "articles")
found["migrations on the replica"] = router.allow_migrate("replica", "articles")
print(json.dumps(found))
"""


SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "aliases": sorted(s.DATABASES),
    "routers": s.DATABASE_ROUTERS,
    "first middleware": s.MIDDLEWARE[0],
    "personal cookies": s.PAGE_CACHE_PERSONAL_COOKIES,
    "replica": {key: s.DATABASES["replica"][key] for key in ("HOST", "PORT", "NAME")}
    if "replica" in s.DATABASES else None,
    "mirror": s.DATABASES.get("replica", {}).get("TEST", {}).get("MIRROR"),
    "connect timeout": s.DATABASES.get("replica_2", {}).get("OPTIONS", {}).get("connect_timeout"),
}))
"""


def test_without_a_replica_there_is_no_router_and_nothing_changes():
    found = json.loads(run_django({"DATABASE_REPLICA_URL": ""}, SHOW_SETTINGS).stdout)
    assert found["aliases"] == ["default"]
    assert found["routers"] == []
    assert found["first middleware"] != "newsroom.dbrouter.ReplicaReadsMiddleware"
    assert "newsroom_primary" not in found["personal cookies"]


def test_replica_urls_become_aliases_with_the_router_and_the_own_writes_cookie():
    env = {
        "DATABASE_URL": "postgres://news@db1:5432/newsroom",
        "DATABASE_REPLICA_URL": "postgres://news@db2:5433/newsroom, postgres://news@db3/newsroom",
        # A list set by hand still keeps the own-writes cookie personal (the page cache, Varnish).
        "PAGE_CACHE_PERSONAL_COOKIES": "sessionid,csrftoken",
    }
    result = run_django(env, SHOW_SETTINGS)
    found = json.loads(result.stdout or result.stderr)
    assert found["aliases"] == ["default", "replica", "replica_2"]
    assert found["routers"] == ["newsroom.dbrouter.ReplicaRouter"]
    assert found["first middleware"] == "newsroom.dbrouter.ReplicaReadsMiddleware"
    assert found["personal cookies"] == ["sessionid", "csrftoken", "newsroom_primary"]
    assert found["replica"] == {"HOST": "db2", "PORT": 5433, "NAME": "newsroom"}
    assert found["mirror"] == "default"  # a test run reads its own database through it
    assert found["connect timeout"] == 2


def test_replicas_of_an_sqlite_database_are_refused():
    result = run_django(
        {"DATABASE_URL": "", "DATABASE_REPLICA_URL": "postgres://news@db2/newsroom"},
        SHOW_SETTINGS,
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs PostgreSQL" in result.stderr


@pytest.fixture(scope="module")
def site(replicated_postgres, tmp_path_factory):  # noqa: F811
    """(the servers, the site's port, what was prepared, the site's environment)."""
    servers = replicated_postgres
    env = production_env(
        tmp_path_factory.mktemp("replicas"),
        DATABASE_URL=servers.primary.url(),
        DATABASE_REPLICA_URL=servers.replica.url(),
        DATABASE_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
        DATABASE_REPLICA_RETRY_SECONDS="1",
        DATABASE_REPLICA_MAX_LAG="1",
        COMMENTS_MIN_SUBMIT_SECONDS="0",
        # Every answer made afresh from the database it was sent to, never a stored page.
        PAGE_CACHE_ENABLED="0",
    )
    made = json.loads(prepare(env, PREPARE))
    servers.caught_up()
    with served_site(env, made["story"], workers=1) as port:
        yield servers, port, made, env


@pytest.fixture
def lagging(site):
    """The replica stops replaying for the test, and catches up after it."""
    servers = site[0]
    servers.pause_replay()
    yield servers
    servers.resume_replay()
    servers.caught_up()


def set_headline(servers, slug, headline):
    """An edit committed on the primary (as another app server saves it)."""
    servers.primary.query(
        "UPDATE articles_article SET headline = %s WHERE slug = %s", [headline, slug]
    )


def log_in(port):
    editor = Client(port)
    _, form = editor.request("GET", "/admin/login/")
    token = lxml.html.fromstring(form).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    response, _ = editor.request(
        "POST",
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "desk", "password": PASSWORD},
        headers={"Referer": f"http://127.0.0.1:{port}/admin/login/"},
    )
    assert response.status == 302 and "sessionid" in editor.cookies
    return editor


def test_the_router_reads_public_pages_from_the_replica_and_everything_else_from_the_primary(
    site,
):
    _, _, _, env = site
    found = json.loads(prepare(env, WHERE))
    assert found == {
        "outside a request": "primary",  # the background worker, management commands
        "an article loaded outside a request": "primary",
        "a public page's read": "replica",
        "an article loaded by a public page": "replica",
        "a read in a transaction": "primary",
        "a write": "primary",
        "a read after the request wrote": "primary",
        "migrations on the primary": True,
        "migrations on the replica": False,
    }


APPROVE = """
import django
django.setup()
from articles.models import Article
from tests.factories import make_comment
make_comment(Article.objects.get(slug={slug!r}), text="Is the ramp fixed yet?")
print("approved")
"""


def test_readers_pages_come_from_the_replica_and_the_admin_reads_the_primary(site, lagging):
    servers, port, made, env = site
    set_headline(servers, made["slug"], "Ferry returns to the island for the summer")
    prepare(env, APPROVE.format(slug=made["slug"]))  # the comment thread (plain SQL) too

    response, text = Client(port).request("GET", made["story"])
    assert response.status == 200
    assert "Ferry returns to the island" in text
    assert "for the summer" not in text  # the replica has not replayed the edit
    assert "Is the ramp fixed yet?" not in text
    assert "newsroom_primary" not in (response.headers.get("Set-Cookie") or "")  # read only

    editor = log_in(port)
    _, text = editor.request("GET", "/admin/articles/article/")
    assert "Ferry returns to the island for the summer" in text
    # Logged in, the public page is read from the primary too.
    _, text = editor.request("GET", made["story"])
    assert "Ferry returns to the island for the summer" in text
    assert "Is the ramp fixed yet?" in text

    servers.resume_replay()
    servers.caught_up()
    _, text = Client(port).request("GET", made["story"])
    assert "Ferry returns to the island for the summer" in text


def test_a_reader_who_commented_reads_the_primary_for_a_few_seconds(site, lagging):
    servers, port, made, _ = site
    writer = Client(port)
    _, page = writer.request("GET", made["story"])
    set_headline(servers, made["slug"], "Ferry timetable changes on Monday")
    form = lxml.html.fromstring(page).xpath("//form[contains(@action, '/comments/post/')]")[0]
    data = dict(form.form_values())
    data.update(comment="Will the evening sailing run in winter?", name="Ana", email="a@x.org")

    response, _ = writer.request("POST", form.get("action"), data)
    assert response.status in {302, 303}
    pin = next(
        header
        for header in response.headers.get_all("Set-Cookie")
        if header.startswith("newsroom_primary=")
    )
    assert f"Max-Age={PIN_SECONDS}" in pin and "HttpOnly" in pin

    # The writer's own comment, and the primary's headline, though the replica has neither.
    _, text = writer.request("GET", made["story"])
    assert "Will the evening sailing run in winter?" in text
    assert "Ferry timetable changes on Monday" in text
    _, text = Client(port).request("GET", made["story"])
    assert "Ferry timetable changes on Monday" not in text  # another reader: the replica
    forger = Client(port)
    forger.cookies["newsroom_primary"] = "1"  # not signed by the site: worth nothing
    _, text = forger.request("GET", made["story"])
    assert "Ferry timetable changes on Monday" not in text

    # Once the window has passed, the writer is a reader like any other.
    time.sleep(PIN_SECONDS + 0.5)
    _, text = writer.request("GET", made["story"])
    assert "Ferry timetable changes on Monday" not in text


def heading(text):
    return lxml.html.fromstring(text).findtext(".//h1").strip()


def rename_section(editor, made, name):
    """The editor renames the section through the admin's form."""
    change = f"/admin/articles/section/{made['section_id']}/change/"
    _, page = editor.request("GET", change)
    form = lxml.html.fromstring(page).xpath("//form[@id='section_form']")[0]
    data = dict(form.form_values())
    data.update(name=name, _save="Save")
    response, _ = editor.request("POST", change, data, headers={"Referer": change})
    assert response.status == 302, response.status


def test_an_editor_s_save_shows_at_once_and_a_replica_that_cannot_replay_it_is_left_alone(
    site, lagging
):
    servers, port, made, _ = site
    editor = log_in(port)
    started = time.monotonic()
    rename_section(editor, made, "Harbour and ferries")
    # The save waited for the replica to replay it, for DATABASE_REPLICA_MAX_LAG (1 s here).
    assert time.monotonic() - started >= 1

    _, text = editor.request("GET", made["section"])
    assert heading(text) == "Harbour and ferries"
    # The replica, still behind the save, is not read: readers get the primary's page.
    _, text = Client(port).request("GET", made["section"])
    assert heading(text) == "Harbour and ferries"
    assert servers.replica.query("SELECT name FROM articles_section WHERE slug = 'harbour'") == (
        "Harbour",
    )
    response, text = Client(port).request("GET", "/healthz")
    assert response.status == 200 and json.loads(text)["replicas"] == {"replica": "behind"}

    # Once it has replayed the save, it is read again (after its retry time, 1 s here).
    servers.resume_replay()
    servers.caught_up()
    time.sleep(1.2)
    servers.pause_replay()
    set_headline(servers, made["slug"], "Ferry fares frozen for a year")
    _, text = Client(port).request("GET", made["story"])
    assert "Ferry fares frozen for a year" not in text


def test_a_page_stored_from_a_replica_behind_a_change_is_retired_once_it_replays(site):
    """With the page cache on: a reader asking while the replica is behind an edit gets, and
    stores, the page as the replica has it; once the replica has replayed the edit, or has been
    found too far behind it, that page is retired and readers get the edit."""
    servers, _, made, env = site
    with served_site({**env, "PAGE_CACHE_ENABLED": "1"}, made["section"], workers=1) as port:
        editor = log_in(port)
        for name, replays_in_time in [("Harbour and quays", True), ("Quays", False)]:
            time.sleep(1.2)  # the replica's retry time, should the last round have left it
            for _ in range(2):
                response, text = Client(port).request("GET", made["section"])
            assert response.headers["X-Page-Cache"] == "hit"
            before = heading(text)
            assert before != name

            servers.pause_replay()
            try:
                saving = threading.Thread(target=rename_section, args=(editor, made, name))
                saving.start()
                time.sleep(0.3)  # committed on the primary; the save waits for the replica
                response, text = Client(port).request("GET", made["section"])
                assert heading(text) == before  # made from the replica, not there yet
                response, text = Client(port).request("GET", made["section"])
                assert response.headers["X-Page-Cache"] == "hit" and heading(text) == before
                if replays_in_time:  # within DATABASE_REPLICA_MAX_LAG (1 s) of the commit
                    servers.resume_replay()
                saving.join(timeout=20)
            finally:
                servers.resume_replay()
                servers.caught_up()

            for _ in range(2):
                response, text = Client(port).request("GET", made["section"])
                assert heading(text) == name, (name, replays_in_time)
            assert response.headers["X-Page-Cache"] == "hit"


def test_readers_are_served_from_the_primary_while_the_replica_is_down(site):
    servers, port, made, _ = site
    set_headline(servers, made["slug"], "Ferry crew rescue two kayakers")
    servers.caught_up()
    servers.replica.stop()
    try:
        for _ in range(3):
            response, text = Client(port).request("GET", made["story"])
            assert response.status == 200
            assert "Ferry crew rescue two kayakers" in text
        response, text = Client(port).request("GET", "/healthz")
        assert response.status == 200  # the site still serves: from the primary
        assert json.loads(text)["replicas"] == {"replica": "unreachable"}
    finally:
        servers.replica.start()
        servers.caught_up()

    # Back up, it is read from again, once its retry time (1 s here) has passed.
    time.sleep(1.2)
    _, text = Client(port).request("GET", "/healthz")
    assert json.loads(text)["replicas"] == {"replica": "ok"}
    servers.pause_replay()
    try:
        set_headline(servers, made["slug"], "Ferry crew honoured for kayak rescue")
        _, text = Client(port).request("GET", made["story"])
        assert "Ferry crew rescue two kayakers" in text
    finally:
        servers.resume_replay()
        servers.caught_up()


def test_a_replica_back_from_an_outage_is_read_only_once_it_has_caught_up(site):
    servers, port, made, _ = site
    servers.replica.stop()
    try:
        set_headline(servers, made["slug"], "Ferry back on the winter timetable")
        _, text = Client(port).request("GET", made["story"])
        assert "Ferry back on the winter timetable" in text  # from the primary
        # It comes back holding the edit, unapplied: it answers, but is behind.
        servers.replica.set("recovery_min_apply_delay", "1h")
        servers.replica.start()
        time.sleep(1.2)  # its retry time
        _, text = Client(port).request("GET", made["story"])
        assert "Ferry back on the winter timetable" in text
        _, text = Client(port).request("GET", "/healthz")
        assert json.loads(text)["replicas"] == {"replica": "behind"}
    finally:
        servers.replica.set("recovery_min_apply_delay", "0")
        servers.caught_up()
    time.sleep(1.2)
    _, text = Client(port).request("GET", "/healthz")
    assert json.loads(text)["replicas"] == {"replica": "ok"}
