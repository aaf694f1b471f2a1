"""`make run` loads the demo newsroom: complete, idempotent, with a login for the admin."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Page, Photo, Reporter, Section
from tests.factories import log_in

pytestmark = pytest.mark.django_db


def load(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--port", "8123", stdout=out)
    return out.getvalue()


def test_demo_newsroom_is_complete_and_loads_once(settings, tmp_path, client):
    output = load(settings, tmp_path)
    counts = (Section.objects.count(), Reporter.objects.count(), Article.objects.count())
    assert counts[0] >= 3 and counts[1] >= 4
    assert Article.objects.published().count() >= 12
    assert Article.objects.filter(status="draft").count() == 2
    assert Article.objects.needing_review().count() == 1
    assert Article.objects.scheduled().count() == 1
    footer = [page.slug for page in Page.objects.in_footer()]
    assert footer == ["about", "contact", "corrections-policy"]

    username = re.search(r"^username: (\S+)$", output, re.M).group(1)
    password = re.search(r"^password: (\S+)$", output, re.M).group(1)
    assert "Site:  http://127.0.0.1:8123/" in output
    assert "http://127.0.0.1:8123/admin/" in output
    assert ":8000" not in output
    assert log_in(client, username, password)
    assert client.get("/admin/").status_code == 200

    photos = Photo.objects.count()
    again = load(settings, tmp_path)
    assert (Section.objects.count(), Reporter.objects.count(), Article.objects.count()) == counts
    assert Photo.objects.count() == photos
    assert "3 pages (0 new)" in again and Page.objects.count() == len(footer)
    assert re.search(r"^password: (\S+)$", again, re.M).group(1) == password


def test_flagship_article_has_the_shape_of_a_breaking_story(settings, tmp_path, client, html):
    load(settings, tmp_path)
    flagship = Article.objects.published().order_by("-publish_at").filter(blocks__kind="quote")
    article = next(a for a in flagship if a.blocks.filter(kind="photo").exists() and a.lead_photo)
    page = html(client.get(article.get_absolute_url()))
    assert page.cssselect("h1")[0].text_content() == article.headline
    assert len(page.cssselect("article figure.photo figcaption")) >= 2
    assert page.cssselect("article blockquote")
    assert "News Reporter" in page.cssselect(".byline")[0].text_content()


def test_demo_refuses_production(settings, tmp_path):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="local runs only"):
        load(settings, tmp_path)
    assert not Article.objects.exists()


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
@pytest.mark.parametrize("port", ["8000", "8123"])
def test_make_demo_prints_the_address_of_the_port_it_serves(port):
    """`PORT=8123 make run` serves on 8123: the login it prints must name that port too."""
    planned = subprocess.run(  # noqa: S603
        ["make", "-n", "demo", f"PORT={port}"],  # noqa: S607
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [command] = [line for line in planned.splitlines() if "manage.py load_demo" in line]
    assert command.endswith(f"load_demo --port {port}")


def test_demo_front_page_has_a_pinned_lead_a_breaking_banner_and_a_scheduled_story(
    settings, tmp_path, client, html
):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import BreakingNews, FrontPageSlot

    load(settings, tmp_path)
    tree = html(client.get("/"))
    lead = tree.cssselect(".lead-story .teaser__headline a")[0]
    pinned = FrontPageSlot.objects.get(position=1).article
    newest = Article.objects.published().first()
    assert lead.text_content() == pinned.headline != newest.headline
    banner = tree.cssselect(".breaking a")[0]
    current = BreakingNews.objects.current().get()
    assert banner.get("href") == current.article.get_absolute_url()
    assert timezone.now() < current.expires_at < timezone.now() + timedelta(hours=12)
    assert Article.objects.scheduled().count() == 1

    # Loading again leaves an editor's front page as it is.
    assert BreakingNews.objects.update(cleared_at=timezone.now()) == 1
    load(settings, tmp_path)
    assert FrontPageSlot.objects.count() == 1
    assert not BreakingNews.objects.current().exists()


def test_demo_has_a_reporter_an_editor_and_a_moderator_login_and_a_story_in_review(
    settings, tmp_path, client
):
    from django.contrib.auth import get_user_model

    from articles.models import EditorialNote, ReviewRequest
    from articles.roles import may_publish
    from comments.moderation import can_moderate

    output = load(settings, tmp_path)
    logins = dict(
        zip(
            re.findall(r"^Admin: .*\((demo \w+) login\)$", output, re.M),
            zip(
                re.findall(r"^username: (\S+)$", output, re.M),
                re.findall(r"^password: (\S+)$", output, re.M),
                strict=True,
            ),
            strict=True,
        )
    )
    assert set(logins) == {"demo editor", "demo reporter", "demo moderator"}
    users = {label: get_user_model().objects.get(username=u) for label, (u, _) in logins.items()}
    assert may_publish(users["demo editor"]) and not may_publish(users["demo reporter"])
    assert not may_publish(users["demo moderator"]) and can_moderate(users["demo moderator"])
    for username, password in logins.values():
        assert log_in(client, username, password)
        client.logout()

    [waiting] = ReviewRequest.objects.pending()
    assert waiting.submitted_by == users["demo reporter"]
    assert waiting.article.bylines.get().reporter.user == users["demo reporter"]
    assert EditorialNote.objects.filter(article=waiting.article).count() == 1

    again = load(settings, tmp_path)
    assert ReviewRequest.objects.count() == 1 and EditorialNote.objects.count() == 1
    assert re.findall(r"^password: (\S+)$", again, re.M) == [p for _, p in logins.values()]
