"""Changes of a live story saved for later: readers keep the published version on every public
surface (page, listings, feeds, sitemaps, search) until an editor presses "Publish changes";
staff preview them; "Update" still goes out in one step."""

import re
from unittest import mock

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, PendingChange
from articles.revisions import BASELINE, revisions_of
from tests.articles.test_revisions import change_form, change_url, client_of, story
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

NEW_HEADLINE = "Quayside zephyrine flood defences approved"
NEW_WORDS = "The council approved xylofenders along the quay."


def public_urls(client, article):
    """Every public address that shows ``article`` or lists it, the sitemaps each one names."""
    reporter = article.bylines.first().reporter
    urls = [
        article.get_absolute_url(),
        reverse("articles:front-page"),
        article.section.get_absolute_url(),
        reporter.get_absolute_url(),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:section-feed-rss", kwargs={"slug": article.section.slug}),
        reverse("articles:section-feed-atom", kwargs={"slug": article.section.slug}),
        reverse("articles:reporter-feed-rss", kwargs={"slug": reporter.slug}),
        reverse("articles:reporter-feed-atom", kwargs={"slug": reporter.slug}),
        reverse("articles:search") + "?q=zephyrine",
        reverse("articles:search") + "?q=xylofenders",
        reverse("articles:sitemap"),
        reverse("articles:sitemap-news"),
    ]
    index = client.get(reverse("articles:sitemap")).content.decode()
    urls += [
        re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)
    ]
    return urls


def shown(response, url):
    """What a response shows a reader: for search, the results only (the page repeats the
    words searched for)."""
    text = response.content.decode()
    if url.startswith(reverse("articles:search")):
        results = lxml.html.fromstring(text).cssselect(".search-results")
        return results[0].text_content() if results else ""
    return text


def readers_see(article, words):
    """The public addresses (an anonymous reader's client) whose response shows ``words``."""
    reader = Client()
    return [url for url in public_urls(reader, article) if words in shown(reader.get(url), url)]


def save_for_later(client, article, **changes):
    photo = article.blocks.get(kind="photo").photo
    return client.post(
        change_url(article),
        change_form(
            article,
            "_later",
            headline=NEW_HEADLINE,
            pieces=[
                {"kind": "text", "text": f"<p>{NEW_WORDS}</p>"},
                {"kind": "photo", "photo": photo.pk, "caption": "Engineers at the quay"},
            ],
            **changes,
        ),
        follow=True,
    )


def test_changes_saved_for_later_never_reach_readers_until_published(settings, html):
    settings.NEWSROOM_FEED_FULL_TEXT = True  # feeds carry the whole body: the body is checked too
    editor = make_editor(first_name="Alex", last_name="Editor")
    article, _, _ = story()
    client = client_of(editor)

    response = save_for_later(client, article)
    assert response.redirect_chain[-1][0] == change_url(article)
    said = " ".join(html(response).cssselect(".messagelist")[0].text_content().split())
    assert "Changes saved for later: readers still see the published version" in said
    live = Article.objects.get(pk=article.pk)
    assert live.headline == "River rises above the old quay"
    assert [b.kind for b in live.blocks.all()] == ["text", "heading", "photo"]
    assert PendingChange.objects.get(article=article).saved_by == editor
    # Saving for later is no revision (the one kept is the story as the editor opened it).
    assert [v.revision.get_comment() for v in revisions_of(article)] == [BASELINE]

    assert readers_see(article, "zephyrine") == []
    assert readers_see(article, "xylofenders") == []
    assert (
        "River rises above the old quay"
        in Client().get(article.get_absolute_url()).content.decode()
    )

    # The form says so, with the preview and the buttons.
    page = html(client.get(change_url(article)))
    notice = page.cssselect(".edit-notice--pending")[0]
    assert "Alex Editor saved changes to this story for later" in notice.text_content()
    preview_url = notice.cssselect("a")[0].get("href")
    assert preview_url == reverse("articles:article-pending-preview", args=[article.pk])

    preview = client.get(preview_url)
    assert (
        preview["Cache-Control"].startswith("max-age=0") or "no-cache" in preview["Cache-Control"]
    )
    shown = html(preview)
    assert shown.cssselect("h1")[0].text_content() == NEW_HEADLINE
    assert NEW_WORDS in shown.cssselect(".article__body")[0].text_content()
    assert "Engineers at the quay" in shown.cssselect(".article__body figcaption")[0].text_content()
    assert shown.cssselect("meta[name=robots][content*=noindex]")
    assert (
        "Readers still see the published version"
        in shown.cssselect(".preview-banner")[0].text_content()
    )
    # Readers cannot open the preview.
    assert Client().get(preview_url).status_code == 302

    response = client.post(notice.cssselect("form")[0].get("action"), follow=True)
    assert response.redirect_chain[-1][0] == change_url(article)
    live = Article.objects.get(pk=article.pk)
    assert live.headline == NEW_HEADLINE
    assert [b.kind for b in live.blocks.all()] == ["text", "photo"]
    assert not PendingChange.objects.filter(article=article).exists()
    revision, _ = revisions_of(article)
    assert revision.revision.get_comment().startswith("Published the changes saved for later")
    assert revision.revision.user == editor

    reached = readers_see(article, "zephyrine")
    for expected in (
        article.get_absolute_url(),
        reverse("articles:front-page"),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:search") + "?q=zephyrine",
    ):
        assert expected in reached
    assert reverse("articles:sitemap-news") in reached
    assert reverse("articles:search") + "?q=xylofenders" in readers_see(article, "xylofenders")


def test_update_still_goes_out_in_one_step():
    article, _, _ = story()
    client = client_of(make_editor())
    client.post(change_url(article), change_form(article, "_save", headline="A typo fixed"))
    assert Client().get(article.get_absolute_url()).content.decode().count("A typo fixed") >= 1


def test_save_for_later_needs_what_publishing_requires(html):
    article, _, _ = story()
    client = client_of(make_editor())
    response = client.post(change_url(article), change_form(article, "_later", standfirst=""))
    assert response.status_code == 200
    assert "Write a standfirst before publishing." in response.content.decode()
    assert not PendingChange.objects.exists()


def test_discard_drops_the_changes_and_leaves_the_story():
    article, _, _ = story()
    client = client_of(make_editor())
    save_for_later(client, article)
    client.post(reverse("admin:articles_article_discard_changes", args=[article.pk]))
    assert not PendingChange.objects.exists()
    assert Article.objects.get(pk=article.pk).headline == "River rises above the old quay"


def test_who_may_not_publish_gets_save_for_later_only(html):
    """``may_publish`` decides "Update" and "Publish changes" (the review workflow's publish
    permission will take its place)."""
    article, _, _ = story()
    client = client_of(make_editor())
    save_for_later(client, article)
    with mock.patch("articles.revisions.may_publish", return_value=False):
        page = html(client.get(change_url(article)))
        buttons = [b.get("value") for b in page.cssselect(".submit-row input[type=submit]")]
        assert "Update" not in buttons and "Save for later" in buttons
        assert not page.cssselect(".edit-notice--pending form[action$='/changes/publish/']")
        response = client.post(change_url(article), change_form(article, "_save", headline="X"))
        assert response.status_code == 200
        assert (
            "Save for later"
            in html(response).cssselect(".errornote + ul, .errorlist")[0].text_content()
        )
        refused = client.post(reverse("admin:articles_article_publish_changes", args=[article.pk]))
        assert refused.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "River rises above the old quay"
    assert PendingChange.objects.filter(article=article).exists()
