"""Two app servers over one database, cache and photo store, as `make serve APP_SERVERS=2`
runs them (and as several machines behind a load balancer do): what an editor does through one
is what the other serves to readers at once.

Both are started as `make serve` starts them, with the production settings, a database of their
own (the suite's vendor: SQLite, or PostgreSQL in the second CI pass) and a Redis of their own.
The editor works in a browser on the first; a reader asks the second, with no cookie. "At
once" is tested without a clock: the reader's very first request after the editor's save
returns (or after a scheduled time passes) must show the change, though the second server had
the page stored.
"""

import json
import re
import time
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import image_bytes
from tests.redis_server import RedisServer
from tests.servers import empty_database, prepare, production_env, served_site

from .desk import PASSWORD, log_in

pytestmark = pytest.mark.browser

PREPARE = f"""
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from tests.factories import make_article, make_comment, make_moderator, make_section
make_moderator(username="desk", password={PASSWORD!r})
news = make_section(name="News", slug="news")
story = make_article(headline="Harbour wall repaired", section=news)
held = make_comment(story, status="pending", name="Ines Duarte", text="Will the car park reopen?")
draft = make_article(headline="Ferry timetable changes", section=news, published=False)
print(json.dumps({{"story": story.pk, "path": story.get_absolute_url(), "draft": draft.pk,
                  "comment": held.pk}}))
"""


def read(url):
    """What a reader with no cookie gets: (status, headers, text)."""
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The two servers' addresses (functions of a path) and what was prepared in their data."""
    var = tmp_path_factory.mktemp("two-app-servers")
    redis = RedisServer().start()
    try:
        with empty_database(var, "two_app_servers") as database_url:
            env = production_env(var, DATABASE_URL=database_url, REDIS_URL=redis.url)
            made = json.loads(prepare(env, PREPARE))
            with (
                served_site(env, made["path"], workers=1) as first,
                served_site(env, made["path"], workers=1) as second,
            ):
                yield (
                    lambda path: f"http://127.0.0.1:{first}{path}",
                    lambda path: f"http://127.0.0.1:{second}{path}",
                    made,
                )
    finally:
        redis.stop()


def stored_on(url):
    """Ask until the server answers ``url`` from its page cache; its text then."""
    for _ in range(5):
        status, headers, body = read(url)
        assert status == 200
        if headers["X-Page-Cache"] == "hit":
            return body.decode()
    raise AssertionError(f"{url} was never answered from the page cache")


def test_an_editor_on_one_app_server_is_what_readers_get_from_the_other(servers, browser, tmp_path):
    first, second, made = servers
    story = made["path"]
    page = browser.new_page()
    log_in(page, first)

    # One session for both: the second server knows the editor (a load balancer may send each
    # request to either).
    page.goto(second(reverse("admin:index")))
    expect(page.get_by_role("heading", name="Newsdesk")).to_be_visible()

    # An edit through the first, over a page the second has stored.
    assert "Harbour wall repaired" in stored_on(second(story))
    page.goto(first(reverse("admin:articles_article_change", args=[made["story"]])))
    page.get_by_label("Headline").fill("Harbour wall repaired in time for the regatta")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Changes saved")
    assert "Harbour wall repaired in time for the regatta" in read(second(story))[2].decode()

    # A comment approved through the first.
    assert "Will the car park reopen?" not in stored_on(second(story))
    page.goto(first(reverse("admin:comments_comment_changelist") + "?status__exact=pending"))
    page.get_by_role("button", name="Approve comment by Ines Duarte").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved Ines Duarte’s comment")
    assert "Will the car park reopen?" in read(second(story))[2].decode()

    # A photo uploaded through the first, served by the second.
    photo_file = tmp_path / "lifeboat.jpg"
    photo_file.write_bytes(image_bytes(1200, 800))
    page.goto(first(reverse("admin:articles_photo_add")))
    page.get_by_label("Photo file").set_input_files(photo_file)
    page.get_by_label("Alt text").fill("The lifeboat crew on the slipway")
    page.get_by_label("Caption").fill("The crew launch at dawn")
    page.get_by_label("Credit").fill("Harbour Office")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.goto(second(reverse("admin:articles_photo_changelist")))
    row = page.locator("#result_list tr", has_text="The crew launch at dawn")
    source = row.locator("img.newsroom-thumb")
    address = re.sub(r"^https?://[^/]+", "", source.get_attribute("src"))
    status, headers, body = read(second(address))
    assert status == 200 and headers["Content-Type"].startswith("image/")
    assert body == read(first(address))[2]

    # A story scheduled through the first goes out on the second when its time comes, though
    # the second has the front page stored from before.
    page.goto(first(reverse("admin:articles_article_change", args=[made["draft"]])))
    page.get_by_role("button", name="Schedule…").click()
    due = timezone.localtime() + timedelta(seconds=25)
    due = (due + timedelta(minutes=1)).replace(second=0, microsecond=0)
    page.get_by_label(re.compile(r"^Publish at")).fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Scheduled for")
    assert "Ferry timetable changes" not in stored_on(second("/"))
    time.sleep(max(0, (due - timezone.now()).total_seconds()))
    assert "Ferry timetable changes" in read(second("/"))[2].decode()
    page.close()
