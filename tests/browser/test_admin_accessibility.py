"""The admin pages editors and moderators use, in a real browser: no WCAG 2.2 A or AA violation
that axe-core can find, logged in as the demo newsroom's people would be."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.factories import make_moderator

from . import tools

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def admin_pages(newsroom):
    """(name, address) of each page, in the order an editor meets them after logging in."""
    article = Article.objects.filter(blocks__isnull=False, bylines__isnull=False).first()
    held = Comment.objects.filter(status=Comment.Status.PENDING, reasons__len__gt=0).first()
    held = held or Comment.objects.filter(status=Comment.Status.PENDING).first()
    return [
        ("index", reverse("admin:index")),
        ("article list", reverse("admin:articles_article_changelist")),
        ("article add", reverse("admin:articles_article_add")),
        ("article change", reverse("admin:articles_article_change", args=[article.pk])),
        ("photo add", reverse("admin:articles_photo_add")),
        (
            "corrected story",
            reverse("admin:articles_article_change", args=[newsroom.corrected.pk]),
        ),
        (
            "correction add",
            reverse("admin:articles_correction_add") + f"?article={newsroom.corrected.pk}",
        ),
        ("corrections record", reverse("admin:articles_correction_changelist")),
        ("live story", reverse("admin:articles_article_change", args=[newsroom.live.pk])),
        (
            "live update add",
            reverse("admin:articles_liveupdate_add") + f"?article={newsroom.live.pk}",
        ),
        (
            "live update change",
            reverse(
                "admin:articles_liveupdate_change", args=[newsroom.live.live_updates.first().pk]
            ),
        ),
        (
            "live update withdraw",
            reverse(
                "admin:articles_liveupdate_withdraw", args=[newsroom.live.live_updates.first().pk]
            ),
        ),
        ("live coverage end", reverse("admin:articles_live_end", args=[newsroom.live.pk])),
        ("static page change", reverse("admin:articles_page_change", args=[newsroom.page.pk])),
        ("topic list", reverse("admin:articles_topic_changelist")),
        ("topic change", reverse("admin:articles_topic_change", args=[newsroom.topic.pk])),
        ("comment queue", reverse("admin:comments_comment_changelist")),
        ("comment detail", reverse("admin:comments_comment_change", args=[held.pk])),
    ]


def check(page, axe_source, pytestconfig, name, found):
    results = tools.axe_results(page, axe_source)
    assert len(results["passes"]) > 10, f"{name}: axe-core did not run its rules"
    tools.record(
        pytestconfig,
        "axe-core, WCAG 2.2 A and AA rules, admin",
        f"{name}: {len(results['violations'])} violations, {len(results['passes'])} rules passed",
    )
    if results["violations"]:
        found[name] = tools.describe_violations(results["violations"])


def test_axe_finds_no_wcag_violations_on_the_admin_pages(
    page, site, newsroom, axe_source, pytestconfig
):
    make_moderator(username="desk-a11y", password=PASSWORD)  # an editor who also moderates
    page.set_viewport_size({"width": 1280, "height": 800})
    found = {}

    page.goto(site(reverse("admin:login")))
    check(page, axe_source, pytestconfig, "login", found)
    page.get_by_label("Username").fill("desk-a11y")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Newsdesk")).to_be_visible()

    for name, path in admin_pages(newsroom):
        response = page.goto(site(path))
        assert response.status == 200, f"{name}: {response.status}"
        page.wait_for_load_state("load")
        check(page, axe_source, pytestconfig, name, found)

    # Last, in a browser of its own: guessing the password until the login is refused (this
    # also shuts the address out, so no login may follow).
    guesser = page.context.browser.new_page()
    guesser.goto(site(reverse("admin:login")))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.get_by_label("Username").fill("desk-a11y")
        guesser.get_by_label("Password").fill("not the password")
        with guesser.expect_response(lambda r: r.request.method == "POST") as posted:
            guesser.get_by_role("button", name="Log in").click()
    assert posted.value.status == 429
    expect(guesser.get_by_role("alert")).to_contain_text(
        "Too many failed logins for this account. Try again after"
    )
    check(guesser, axe_source, pytestconfig, "login refused", found)
    guesser.close()

    assert found == {}, "\n".join(f"{name}:\n{text}" for name, text in found.items())
