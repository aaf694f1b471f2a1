"""Revisions: every save of the article form keeps the whole story; History lists them; Compare
marks word-level changes in each field and body piece; Restore brings a story back, as a new
revision, and leaves comments alone."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions
from articles.models import Article, Block
from articles.revisions import revisions_of, snapshot_of_revision
from comments.models import Comment
from tests.articles.test_admin import inline_management
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old=None, new=None):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return url + f"?old={old.pk}&new={new.pk}" if old and new else url


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def change_form(article, button="_save", *, opened_on=None, pieces=None, bylines=None, **fields):
    """The change form of ``article`` as its page shows it (its byline and body from the
    database), sent with ``button`` pressed; ``pieces`` replaces the body, ``bylines`` the byline
    (each a list of dicts / reporters), ``fields`` the article's fields."""
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "section": str(article.section_id),
        "lead_photo": str(article.lead_photo_id or ""),
        "comments_open": "on" if article.comments_open else "",
        "schedule_at": "",
        button: "pressed",
        "editing_revision": str(
            opened_on
            if opened_on is not None
            else (revisions_of(article).values_list("pk", flat=True).first() or 0)
        ),
    }
    old_bylines = list(article.bylines.all())
    reporters = bylines if bylines is not None else [b.reporter for b in old_bylines]
    data.update(inline_management("bylines", len(reporters), initial=len(old_bylines)))
    for i, reporter in enumerate(reporters):
        data[f"bylines-{i}-reporter"] = str(reporter.pk)
        data[f"bylines-{i}-position"] = str(i + 1)
        data[f"bylines-{i}-article"] = str(article.pk)
        if i < len(old_bylines):
            data[f"bylines-{i}-id"] = str(old_bylines[i].pk)
    for i in range(len(reporters), len(old_bylines)):
        data[f"bylines-{i}-id"] = str(old_bylines[i].pk)
        data[f"bylines-{i}-DELETE"] = "on"
    old_blocks = list(article.blocks.all())
    if pieces is None:
        pieces = [
            {
                key: getattr(b, key) or ""
                for key in ("kind", "text", "words", "caption", "attribution")
            }
            | {"photo": b.photo_id or ""}
            for b in old_blocks
        ]
    total = max(len(pieces), len(old_blocks))
    data.update(inline_management("blocks", total, initial=len(old_blocks)))
    for i in range(total):
        if i < len(old_blocks):
            data[f"blocks-{i}-id"] = str(old_blocks[i].pk)
            data[f"blocks-{i}-article"] = str(article.pk)
        if i < len(pieces):
            for key in ("kind", "text", "words", "photo", "caption", "attribution"):
                data[f"blocks-{i}-{key}"] = str(pieces[i].get(key, "") or "")
            data[f"blocks-{i}-position"] = str(i + 1)
        else:
            # A piece of the old body the editor removed.
            for key in ("kind", "text", "words", "photo", "caption", "attribution"):
                value = getattr(old_blocks[i], f"{key}_id" if key == "photo" else key)
                data[f"blocks-{i}-{key}"] = str(value or "")
            data[f"blocks-{i}-DELETE"] = "on"
    for name, value in fields.items():
        data[name] = str(value)
    return data


def story():
    """A live story with a byline, a lead photo and a body of text, a subheading and a photo."""
    photo = make_photo(caption="Sandbags stacked by the old bridge")
    lead = make_photo(caption="The river at dawn")
    article = make_article(
        headline="River rises above the old quay",
        standfirst="The water reached the steps before dawn.",
        lead_photo=lead,
        reporters=[make_reporter(name="Priya Shah")],
        blocks=[
            {"kind": "text", "text": "<p>The river rose two metres overnight.</p>"},
            {"kind": "heading", "words": "What happens next"},
            {"kind": "photo", "photo": photo},
        ],
    )
    return article, photo, lead


def test_every_save_keeps_the_whole_story_with_who_and_when(html):
    editor = make_editor(first_name="Alex", last_name="Editor")
    article, photo, lead = story()
    client = client_of(editor)
    response = client.post(change_url(article), change_form(article, "_save"))
    assert response.status_code == 302
    other = make_reporter(name="Sam Okafor")
    response = client.post(
        change_url(article),
        change_form(
            article,
            "_continue",
            headline="River rises above the old harbour wall",
            pieces=[
                {"kind": "text", "text": "<p>The river rose three metres overnight.</p>"},
                {"kind": "photo", "photo": photo.pk, "caption": "Sandbags by the bridge at noon"},
            ],
            bylines=[other],
        ),
    )
    assert response.status_code == 302
    newest, first = revisions_of(article)[:2]
    assert newest.revision.user == editor and first.revision.user == editor
    assert newest.revision.get_comment() == "Updated"
    assert newest.revision.date_created >= first.revision.date_created
    kept = snapshot_of_revision(first)
    assert kept["headline"] == "River rises above the old quay"
    assert kept["standfirst"] == "The water reached the steps before dawn."
    assert kept["section"] == article.section_id and kept["lead_photo"] == lead.pk
    assert [piece["kind"] for piece in kept["blocks"]] == ["text", "heading", "photo"]
    assert kept["blocks"][2]["photo"] == photo.pk
    assert kept["blocks"][2]["shown_caption"] == "Sandbags stacked by the old bridge"
    now = snapshot_of_revision(newest)
    assert now["headline"] == "River rises above the old harbour wall"
    assert now["bylines"] == [other.pk]
    assert [piece["kind"] for piece in now["blocks"]] == ["text", "photo"]
    assert now["blocks"][1]["shown_caption"] == "Sandbags by the bridge at noon"

    page = html(client.get(history_url(article)))
    rows = page.cssselect("#revision-list tbody tr")
    assert len(rows) == 2
    assert "Alex Editor" in rows[0].text_content() and "Updated" in rows[0].text_content()
    assert page.cssselect("input[type=radio][name=old]") and page.cssselect(
        "input[type=radio][name=new]"
    )


def test_publishing_from_the_list_and_from_the_form_are_revisions():
    editor = make_editor()
    client = client_of(editor)
    draft = make_article(published=False)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    assert [v.revision.get_comment() for v in revisions_of(draft)] == [
        "Published from the article list"
    ]
    other = make_article(published=False)
    client.post(change_url(other), change_form(other, "_publish"))
    assert [v.revision.get_comment() for v in revisions_of(other)] == ["Published"]


def test_compare_marks_word_changes_in_each_field_and_piece(html):
    editor = make_editor()
    article, photo, _ = story()
    client = client_of(editor)
    client.post(change_url(article), change_form(article, "_continue"))
    client.post(
        change_url(article),
        change_form(
            article,
            "_continue",
            standfirst="The water reached the top steps before <dawn>.",
            pieces=[
                {"kind": "text", "text": "<p>The river rose three metres overnight.</p>"},
                {"kind": "heading", "words": "What happens next"},
                {"kind": "photo", "photo": photo.pk, "caption": "Sandbags stacked at noon"},
            ],
        ),
    )
    new, old = revisions_of(article)[:2]
    page = html(client.get(compare_url(article, old, new)))
    rows = {
        row.cssselect("th")[0].text_content().split(" changed")[0].strip(): row
        for row in page.cssselect(".revision-compare tbody tr")
    }
    standfirst = rows["Standfirst"]
    assert [i.text.strip() for i in standfirst.cssselect("td")[1].cssselect("ins")] == [
        "top",
        "<dawn>.",
    ]
    # Autoescaped: the angle brackets the editor typed are words, not markup.
    assert "<dawn>" in standfirst.cssselect("td")[1].text_content()
    assert not page.cssselect("dawn")
    assert [d.text.strip() for d in standfirst.cssselect("td")[0].cssselect("del")] == ["dawn."]
    text = next(row for label, row in rows.items() if "Paragraphs" in label)
    assert [d.text for d in text.cssselect("del")] == ["two"]
    assert [i.text for i in text.cssselect("ins")] == ["three"]
    photo_row = next(row for label, row in rows.items() if "Photo" in label and "Lead" not in label)
    assert "old bridge" in " ".join(d.text for d in photo_row.cssselect("del"))
    assert "at noon" in " ".join(i.text for i in photo_row.cssselect("ins"))
    heading = next(row for label, row in rows.items() if "Subheading" in label)
    assert not heading.cssselect("ins, del")
    assert rows["Headline"].cssselect("ins, del") == []


def test_restore_brings_back_body_photos_and_byline_as_a_new_revision_without_touching_comments(
    html,
):
    editor = make_editor()
    article, photo, lead = story()
    approved = make_comment(article, text="Stay safe, everyone.")
    held = make_comment(article, text="Is the bridge open?", status=Comment.Status.PENDING)
    client = client_of(editor)
    client.post(change_url(article), change_form(article, "_continue"))
    original = revisions_of(article).first()
    other_photo = make_photo(caption="Pumps at work")
    client.post(
        change_url(article),
        change_form(
            article,
            "_continue",
            headline="Flood waters fall back",
            standfirst="Pumps cleared the quay.",
            section=make_section().pk,
            lead_photo=other_photo.pk,
            bylines=[make_reporter()],
            pieces=[{"kind": "quote", "words": "We were lucky", "attribution": "A neighbour"}],
        ),
    )
    assert Article.objects.get(pk=article.pk).headline == "Flood waters fall back"

    confirm = client.get(restore_url(article, original))
    assert confirm.status_code == 200
    assert html(confirm).cssselect("form[method=post] input[type=submit]")
    assert Article.objects.get(pk=article.pk).headline == "Flood waters fall back"  # GET: nothing
    response = client.post(restore_url(article, original))
    assert response.status_code == 302

    restored = Article.objects.get(pk=article.pk)
    assert restored.headline == "River rises above the old quay"
    assert restored.standfirst == "The water reached the steps before dawn."
    assert restored.section_id == article.section_id and restored.lead_photo_id == lead.pk
    assert [b.reporter.name for b in restored.bylines.all()] == ["Priya Shah"]
    assert [(b.kind, b.photo_id) for b in restored.blocks.all()] == [
        ("text", None),
        ("heading", None),
        ("photo", photo.pk),
    ]
    assert restored.blocks.get(kind="heading").words == "What happens next"
    newest = revisions_of(article).first()
    assert newest.revision.get_comment().startswith("Restored the revision of")
    assert newest.revision.user == editor
    assert revisions_of(article).count() == 3
    # Comments untouched: the same rows, texts and states.
    assert set(Comment.objects.filter(article=article).values_list("pk", "text", "status")) == {
        (approved.pk, "Stay safe, everyone.", approved.status),
        (held.pk, "Is the bridge open?", Comment.Status.PENDING),
    }
    assert client.get(restored.get_absolute_url()).status_code == 200


def test_restore_refuses_a_get_and_a_missing_revision(html):
    editor = make_editor()
    article, _, _ = story()
    client = client_of(editor)
    client.post(change_url(article), change_form(article, "_continue"))
    version = revisions_of(article).first()
    other, _, _ = story()
    assert client.post(restore_url(other, version)).status_code == 404
    assert Block.objects.filter(article=other).count() == 3


def test_history_screen_without_revisions_says_so(html):
    article, _, _ = story()
    page = html(client_of(make_editor()).get(history_url(article)))
    assert "no revisions yet" in page.cssselect("#content-main")[0].text_content()


def test_demo_newsroom_shows_revisions_and_a_pending_change_and_loads_once(
    settings, tmp_path, html
):
    from django.core.management import call_command

    from articles.demo import content
    from articles.models import PendingChange

    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    revised = Article.objects.get(slug=content.REVISED["slug"])
    versions = list(revisions_of(revised))
    assert len(versions) == 3
    assert revised.headline == "Saltby harbour redesign wins port authority backing"
    client = client_of(make_editor())
    page = html(client.get(compare_url(revised, versions[-1], versions[0])))
    changed = [
        row
        for row in page.cssselect(".revision-compare tbody tr")
        if row.cssselect("ins") or row.cssselect("del")
    ]
    labels = [row.cssselect("th")[0].text_content() for row in changed]
    assert any(label.startswith("Headline") for label in labels)
    assert any(label.startswith("Standfirst") for label in labels)
    photo_row = next(row for row in changed if "Photo" in row.cssselect("th")[0].text_content())
    assert "boatyard would go" in photo_row.cssselect("ins")[0].text_content()

    live = Article.objects.get(slug=content.PENDING["slug"])
    pending = PendingChange.objects.get(article=live)
    assert pending.data["standfirst"] == content.PENDING["standfirst"]
    assert live.standfirst != content.PENDING["standfirst"]
    assert "not run before Friday" not in Client().get(live.get_absolute_url()).content.decode()

    counts = (revisions.revision_count(), PendingChange.objects.count())
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    assert (revisions.revision_count(), PendingChange.objects.count()) == counts
    assert PendingChange.objects.get(article=live).saved_at == pending.saved_at


def test_a_revision_of_a_long_photo_story_costs_no_more_queries_than_a_short_one():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_record(count):
        photos = [make_photo() for _ in range(count)]
        article = make_article(
            lead_photo=photos[0], blocks=[{"kind": "photo", "photo": p} for p in photos]
        )
        with CaptureQueriesContext(connection) as captured:
            revisions.record(article, comment="Updated")
        return len(captured)

    queries_to_record(1)  # the first revision of a run reads what is then kept
    assert queries_to_record(6) == queries_to_record(1)
