"""Corrections on the record (issue 13): shown on the story (a retraction above it, the others at
its foot) with their time, never deleted but superseded, moving the story's "Updated" time, listed
newest first on /corrections/ with its RSS and Atom feeds, and carried in the NewsArticle data."""

import io
import json
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.corrections import add_correction
from articles.models import Article, Correction
from tests.factories import log_in, make_article, make_editor, make_photo, make_reporter

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NS = {"atom": "http://www.w3.org/2005/Atom"}


def day_ago():
    return timezone.now() - timedelta(days=1)


@pytest.fixture
def story():
    return make_article(
        headline="Harbour bridge to reopen in March",
        reporters=[make_reporter(name="Amara Okafor")],
        lead_photo=make_photo(),
        publish_at=day_ago(),
    )


@pytest.fixture
def editor_client(client):
    make_editor()
    assert log_in(client, "desk", PASSWORD)
    return client


def texts(page, selector):
    return [" ".join(node.text_content().split()) for node in page.cssselect(selector)]


def json_ld(page):
    nodes = []
    for script in page.cssselect('script[type="application/ld+json"]'):
        data = json.loads(script.text)
        assert data["@context"] == "https://schema.org"
        nodes += data["@graph"]
    return {node["@type"]: node for node in nodes}


# On the story


def test_a_correction_shows_at_the_foot_of_the_story_with_its_kind_and_time(client, html, story):
    at = timezone.now() - timedelta(hours=2)
    note = add_correction(story, "correction", "The bridge reopens in March, not May.", at=at)
    add_correction(story, "editors_note", "The writer lives near the bridge.")
    page = html(client.get(story.get_absolute_url()))

    (foot,) = page.cssselect(".article__body ~ section.corrections")
    assert texts(foot, "h2") == ["Corrections and clarifications"]
    items = foot.cssselect("ol > li.correction")
    assert [texts(item, "h3")[0] for item in items] == ["Correction", "Editor’s note"]
    first = items[0]
    assert first.get("id") == f"correction-{note.pk}"
    assert texts(first, ".correction__text") == ["The bridge reopens in March, not May."]
    (time,) = first.cssselect("time")
    assert datetime.fromisoformat(time.get("datetime")) == at.replace(microsecond=0)
    assert time.text == timezone.localtime(at).strftime("%-d %B %Y, %H:%M")
    assert not page.cssselect(".article__header ~ section.correction--retraction")


def test_a_retraction_shows_above_the_story_which_stays_at_its_address(client, html, story):
    add_correction(story, "correction", "A small slip.")
    add_correction(story, "retraction", "The bridge is not reopening.\n\nWe withdraw the story.")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    article = page.cssselect("article.article")[0]
    children = [child.get("class", "") for child in article]
    retraction = children.index("correction correction--retraction")
    assert children.index("article__header") < retraction < children.index("article__meta")
    (notice,) = article.cssselect("section.correction--retraction")
    assert notice.get("aria-labelledby") == notice.cssselect("h2")[0].get("id")
    assert texts(notice, "h2") == ["Retraction"]
    assert texts(notice, ".correction__text p") == [
        "The bridge is not reopening.",
        "We withdraw the story.",
    ]
    # The story is still there, whole, and the other note is still at its foot.
    assert texts(page, "h1") == ["Harbour bridge to reopen in March"]
    assert texts(page, "section.corrections h3") == ["Correction"]


def test_a_note_shows_exactly_as_typed(client, story):
    add_correction(story, "clarification", 'The "<b>Old</b>" bridge & <script>x()</script>')
    content = client.get(story.get_absolute_url()).content.decode()
    assert "&quot;&lt;b&gt;Old&lt;/b&gt;&quot; bridge &amp; &lt;script&gt;x()&lt;/script&gt;" in (
        content
    )
    assert "<script>x()" not in content


def test_adding_a_correction_moves_the_story_updated_time(client, html, story):
    Article.objects.filter(pk=story.pk).update(updated_at=story.publish_at)
    page = html(client.get(story.get_absolute_url()))
    assert not page.cssselect(".article__updated")

    note = add_correction(story, "correction", "The bridge reopens in March, not May.")
    story.refresh_from_db()
    assert story.updated_at == note.published_at
    page = html(client.get(story.get_absolute_url()))
    (updated,) = page.cssselect(".article__updated time")
    assert datetime.fromisoformat(updated.get("datetime")) == note.published_at.replace(
        microsecond=0
    )
    news = json_ld(page)["NewsArticle"]
    assert abs(datetime.fromisoformat(news["dateModified"]) - note.published_at).seconds < 1


def test_superseding_hides_the_old_note_and_keeps_it_on_the_record(
    client, editor_client, html, story
):
    old = add_correction(story, "correction", "The bridge reopens in May.")
    editor = get_user_model().objects.get(username="desk")
    new = add_correction(
        story, "correction", "The bridge reopens in March.", supersedes=old, by=editor
    )
    page = html(client.get(story.get_absolute_url()))
    assert texts(page, ".corrections .correction__text") == ["The bridge reopens in March."]

    old.refresh_from_db()
    assert old.text == "The bridge reopens in May." and old.superseded_by == new
    assert new.supersedes == old and new.created_by == editor
    listing = editor_client.get(reverse("admin:articles_correction_changelist"))
    rows = texts(html(listing), "#result_list tbody tr")
    assert len(rows) == 2
    assert "Shown on the story" in rows[0]
    when = timezone.localtime(new.published_at).strftime("%-d %b %Y, %H:%M")
    assert f"Replaced by a later correction, added {when} by desk; kept on the record" in rows[1]
    record = editor_client.get(reverse("admin:articles_correction_change", args=[old.pk]))
    assert record.status_code == 200
    content = record.content.decode()
    assert "The bridge reopens in May." in content and "kept on the record" in content
    assert 'name="text"' not in content, "a note on the record is only viewed"


def test_a_note_can_be_superseded_only_once_and_only_on_its_own_story(story):
    old = add_correction(story, "correction", "First.")
    add_correction(story, "correction", "Second.", supersedes=old)
    with pytest.raises(ValidationError, match="replaced already"):
        add_correction(story, "correction", "Third.", supersedes=old)
    other = add_correction(make_article(), "correction", "Elsewhere.")
    with pytest.raises(ValidationError, match="same story"):
        add_correction(story, "correction", "Across.", supersedes=other)
    assert Correction.objects.count() == 3


def test_a_draft_that_never_went_out_gets_no_correction():
    draft = make_article(published=False)
    with pytest.raises(ValidationError, match="never been published"):
        add_correction(draft, "correction", "Nothing to correct yet.")
    assert not Correction.objects.exists()


def test_corrections_cannot_be_deleted_by_anyone(admin_client, story):
    note = add_correction(story, "correction", "On the record.")
    with pytest.raises(ProtectedError):
        note.delete()
    with pytest.raises(ProtectedError):
        Correction.objects.all().delete()
    with pytest.raises(ProtectedError):
        story.delete()  # the story keeps its notes: it cannot go while it has them
    # Not even a superuser, in the admin: no delete page, no delete action, no change form.
    delete_url = reverse("admin:articles_correction_delete", args=[note.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    listing = admin_client.get(reverse("admin:articles_correction_changelist")).content.decode()
    assert "delete_selected" not in listing
    change = admin_client.post(
        reverse("admin:articles_correction_change", args=[note.pk]),
        {"article": story.pk, "kind": "correction", "text": "Rewritten."},
    )
    assert change.status_code == 403
    note.refresh_from_db()
    assert note.text == "On the record."
    assert Correction.objects.count() == 1
    assert not Permission.objects.filter(
        content_type__app_label="articles", codename__in=["change_correction", "delete_correction"]
    ).exists()


# In the admin


def test_an_editor_adds_a_correction_from_the_story_and_readers_see_it(
    client, editor_client, html, story
):
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    page = html(editor_client.get(change_url))
    (add,) = page.xpath('//a[normalize-space()="Add a correction"]')
    form = html(editor_client.get(add.get("href")))
    assert form.cssselect(f'#id_article option[value="{story.pk}"][selected]')
    odd = reverse("admin:articles_correction_add") + f"?article={story.pk}&supersedes=%27"
    assert editor_client.get(odd).status_code == 200
    response = editor_client.post(
        add.get("href"),
        {"article": story.pk, "kind": "clarification", "text": "The bridge is the old one."},
    )
    assert response.status_code == 302 and response["Location"] == change_url
    note = Correction.objects.get()
    assert (note.kind, note.created_by.username) == ("clarification", "desk")

    page = html(editor_client.get(change_url))
    assert "The bridge is the old one." in texts(page, "#corrections-group td")
    (supersede,) = page.xpath('//a[normalize-space()="Supersede"]')
    form = html(editor_client.get(supersede.get("href")))
    assert form.cssselect(f'#id_supersedes option[value="{note.pk}"][selected]')
    editor_client.post(
        supersede.get("href"),
        {
            "article": story.pk,
            "kind": "clarification",
            "text": "The bridge is the new one.",
            "supersedes": note.pk,
        },
    )
    reader = html(client.get(story.get_absolute_url()))
    assert texts(reader, ".corrections .correction__text") == ["The bridge is the new one."]


def test_saving_the_story_leaves_its_notes_alone(editor_client, story):
    note = add_correction(story, "correction", "Kept.")
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        {
            "headline": "Harbour bridge reopens",
            "slug": story.slug,
            "standfirst": story.standfirst,
            "section": story.section_id,
            "comments_open": "on",
            "_save": "Update",
            **{f"bylines-{key}": value for key, value in management(1).items()},
            "bylines-0-id": story.bylines.get().pk,
            "bylines-0-article": story.pk,
            "bylines-0-reporter": story.bylines.get().reporter_id,
            "bylines-0-position": 1,
            **{f"blocks-{key}": value for key, value in management(0).items()},
            # Whatever is posted for the notes is ignored: they are only shown.
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "1",
            "corrections-0-id": note.pk,
            "corrections-0-text": "Tampered.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    note.refresh_from_db()
    assert story.headline == "Harbour bridge reopens"
    assert (Correction.objects.count(), note.text) == (1, "Kept.")


def management(initial):
    return {
        "TOTAL_FORMS": str(initial),
        "INITIAL_FORMS": str(initial),
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "   "}, "text", "This field is required"),
        ({"kind": "apology"}, "kind", "Select a valid choice"),
        ({"draft": True}, "article", "never been published"),
        ({"replaced": True}, "supersedes", "Select a valid choice"),
    ],
    ids=["empty text", "unknown kind", "draft story", "note replaced already"],
)
def test_the_add_form_refuses_what_cannot_go_on_the_record(
    editor_client, html, story, data, field, message
):
    article = make_article(published=False) if data.get("draft") else story
    old = add_correction(story, "correction", "Old.")
    if data.get("replaced"):
        add_correction(story, "correction", "Newer.", supersedes=old)
    post = {
        "article": article.pk,
        "kind": data.get("kind", "correction"),
        "text": data.get("text", "Fixed."),
        "supersedes": old.pk if data.get("replaced") else "",
    }
    before = Correction.objects.count()
    response = editor_client.post(reverse("admin:articles_correction_add"), post)
    assert response.status_code == 200
    errors = texts(html(response), f".field-{field} .errorlist")
    assert errors and message in errors[0]
    assert Correction.objects.count() == before


def test_a_reporter_without_add_correction_cannot_add_one(client, html, story):
    reporter = get_user_model().objects.create_user("reporter", password=PASSWORD, is_staff=True)
    reporter.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            # Enough to open and publish any story (articles.roles), not to add a correction.
            codename__in=["view_article", "change_article", "publish_article", "view_correction"],
        )
    )
    assert log_in(client, "reporter", PASSWORD)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert page.status_code == 200
    assert "Add a correction" not in page.content.decode()
    add_url = reverse("admin:articles_correction_add") + f"?article={story.pk}"
    assert client.get(add_url).status_code == 403
    response = client.post(add_url, {"article": story.pk, "kind": "retraction", "text": "No."})
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_editors_may_add_and_read_corrections():
    editor = make_editor()
    assert editor.has_perm("articles.add_correction")
    assert editor.has_perm("articles.view_correction")


# /corrections/, its feeds, the sitemap, the structured data


def test_corrections_page_lists_what_readers_see_newest_first_with_links(client, html, story):
    now = timezone.now()
    old = add_correction(story, "correction", "Replaced.", at=now - timedelta(hours=5))
    add_correction(story, "correction", "Replacing.", supersedes=old, at=now - timedelta(hours=4))
    other = make_article(headline="Library hours extended", publish_at=day_ago())
    add_correction(other, "retraction", "Withdrawn.", at=now - timedelta(hours=1))
    gone = make_article(publish_at=day_ago())
    add_correction(gone, "correction", "On a story taken down.", at=now)
    gone.status = Article.Status.DRAFT
    gone.save()

    page = html(client.get(reverse("articles:corrections")))
    assert texts(page, "h1") == ["Corrections and clarifications"]
    entries = page.cssselect("ol.correction-list > li")
    assert [texts(entry, ".correction__text")[0] for entry in entries] == [
        "Withdrawn.",
        "Replacing.",
    ]
    assert [texts(entry, ".correction-entry__kind")[0] for entry in entries] == [
        "Retraction",
        "Correction",
    ]
    links = [entry.cssselect("h2 a")[0] for entry in entries]
    assert [link.text for link in links] == ["Library hours extended", story.headline]
    note = Correction.objects.get(text="Replacing.")
    assert links[1].get("href") == f"{story.get_absolute_url()}#correction-{note.pk}"
    assert entries[0].cssselect("time[datetime]")


def test_corrections_page_is_paginated(client, html, settings, story):
    settings.NEWSROOM_PAGE_SIZE = 2
    now = timezone.now()
    for n in range(5):
        add_correction(story, "correction", f"Note {n}.", at=now - timedelta(minutes=10 - n))
    url = reverse("articles:corrections")
    first = html(client.get(url))
    assert texts(first, ".correction__text") == ["Note 4.", "Note 3."]
    assert texts(first, ".pagination [aria-current=page]") == ["Page 1 of 3"]
    (older,) = first.cssselect('.pagination a[rel="next"]')
    assert older.text == "Older corrections"
    last = html(client.get(url + "?page=3"))
    assert texts(last, ".correction__text") == ["Note 0."]
    assert client.get(url + "?page=4").status_code == 404


def test_corrections_page_is_stored_for_readers_and_a_new_note_retires_it(client, story):
    url = reverse("articles:corrections")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    add_correction(story, "correction", "Fresh.")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Fresh." in response.content.decode()


def test_every_page_links_to_the_corrections_from_its_footer(client, html, story):
    for url in (reverse("articles:front-page"), story.get_absolute_url()):
        (link,) = html(client.get(url)).cssselect(".site-footer a")
        assert link.get("href") == reverse("articles:corrections")


def test_corrections_feeds_carry_each_note_with_its_story(client, story):
    at = timezone.now() - timedelta(hours=1)
    note = add_correction(story, "correction", "The bridge reopens in March & not May.", at=at)
    link = f"http://testserver{story.get_absolute_url()}#correction-{note.pk}"

    rss = etree.fromstring(client.get(reverse("articles:corrections-feed-rss")).content)
    assert rss.findtext("channel/link") == "http://testserver/corrections/"
    (item,) = rss.findall("channel/item")
    assert item.findtext("title") == "Correction: Harbour bridge to reopen in March"
    assert item.findtext("link") == link
    assert item.findtext("guid") == link
    assert item.findtext("description") == "The bridge reopens in March &amp; not May."
    assert item.findtext("category") == "Correction"
    assert item.findtext("pubDate") == at.strftime("%a, %d %b %Y %H:%M:%S +0000")

    atom = etree.fromstring(client.get(reverse("articles:corrections-feed-atom")).content)
    (entry,) = atom.findall("atom:entry", NS)
    assert entry.findtext("atom:title", namespaces=NS) == (
        "Correction: Harbour bridge to reopen in March"
    )
    assert entry.find("atom:link", NS).get("href") == link
    assert entry.findtext("atom:id", namespaces=NS) == link
    updated = datetime.fromisoformat(entry.findtext("atom:updated", namespaces=NS))
    assert abs((updated - at).total_seconds()) < 1
    assert atom.find("atom:author/atom:name", NS) is not None

    page = client.get(reverse("articles:corrections")).content.decode()
    assert 'type="application/rss+xml"' in page and 'href="/corrections/feed/"' in page
    assert 'href="/corrections/feed/atom/"' in page


def test_the_sitemap_lists_the_corrections_page_with_its_latest_note(client, story):
    note = add_correction(story, "correction", "Mapped.")
    tree = etree.fromstring(
        client.get(reverse("articles:sitemap-section", kwargs={"section": "pages"})).content
    )
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("sm:loc", namespaces=ns): url.findtext("sm:lastmod", namespaces=ns)
        for url in tree.findall("sm:url", ns)
    }
    lastmod = entries["http://testserver/corrections/"]
    assert abs((datetime.fromisoformat(lastmod) - note.published_at).total_seconds()) < 1


def test_news_article_data_carries_the_notes_as_correction_comments(client, html, story):
    first = add_correction(story, "correction", "March, not May.")
    add_correction(story, "retraction", "Withdrawn.")
    replaced = add_correction(story, "clarification", "Replaced.")
    add_correction(story, "clarification", "Replacing.", supersedes=replaced)
    news = json_ld(html(client.get(story.get_absolute_url())))["NewsArticle"]
    # What Google needs of a NewsArticle is still there.
    for required in ("headline", "datePublished", "dateModified", "author", "image"):
        assert news[required]
    comments = news["correction"]
    assert [c["@type"] for c in comments] == ["CorrectionComment"] * 3
    assert [c["text"] for c in comments] == ["March, not May.", "Withdrawn.", "Replacing."]
    assert [c["name"] for c in comments] == ["Correction", "Retraction", "Clarification"]
    published = datetime.fromisoformat(comments[0]["datePublished"])
    assert published.tzinfo is not None
    assert abs((published - first.published_at).total_seconds()) < 1
    assert (
        comments[0]["url"] == f"http://testserver{story.get_absolute_url()}#correction-{first.pk}"
    )


def test_a_story_without_notes_has_no_correction_in_its_data(client, html, story):
    assert "correction" not in json_ld(html(client.get(story.get_absolute_url())))["NewsArticle"]


# The demo newsroom


def test_demo_newsroom_shows_corrections_and_loading_twice_changes_nothing(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    notes = list(Correction.objects.order_by("pk").values_list("pk", "kind", "supersedes"))
    bus = Article.objects.get(slug="rural-bus-funding-review-slips-again")
    shown = Correction.objects.shown().filter(article=bus)
    assert sorted(shown.values_list("kind", flat=True)) == ["clarification", "correction"]
    assert bus.corrections.count() == 3 and bus.corrections.filter(supersedes__isnull=False)
    assert all(note.created_by.username == "editor" for note in bus.corrections.all())
    assert Correction.objects.filter(
        kind="retraction", article__slug="holloways-biscuits-national-supermarket-deal"
    ).exists()
    bus_updated = bus.updated_at

    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    assert list(Correction.objects.order_by("pk").values_list("pk", "kind", "supersedes")) == (
        notes
    )
    bus.refresh_from_db()
    assert bus.updated_at == bus_updated
