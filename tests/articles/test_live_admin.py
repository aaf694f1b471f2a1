"""Live coverage in the admin (issue 16): an editor starts it from the story's page, posts updates
through a short form that opens with the cursor in its text, edits and withdraws them with a note,
and ends the coverage with a summary; reporters post to the live stories they are on, and only
editors start or end coverage."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import live
from articles.models import LiveUpdate
from tests.factories import (
    make_article,
    make_editor,
    make_live_article,
    make_reporter_login,
    make_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def update_form(article, pieces, **fields):
    """The POST the update form sends with ``pieces`` (dicts of a piece's fields)."""
    data = {
        "article": str(article.pk),
        "title": "",
        "reporter": "",
        **management("pieces", len(pieces)),
        **fields,
    }
    for i, piece in enumerate(pieces):
        for key in ("kind", "text", "words", "photo", "caption", "attribution", "position"):
            data[f"pieces-{i}-{key}"] = str(piece.get(key, ""))
        if "id" in piece:
            data[f"pieces-{i}-id"] = str(piece["id"])
            data[f"pieces-{i}-update"] = str(piece["update"])
    return data


def change_page(client, article, html):
    return html(client.get(reverse("admin:articles_article_change", args=[article.pk])))


def test_an_editor_starts_coverage_posts_an_update_and_readers_see_it(editor_client, client, html):
    story = make_article(headline="Storm Maren reaches the coast")
    page = change_page(editor_client, story, html)
    (start,) = page.cssselect("#live-coverage a.live-desk__start")
    assert editor_client.get(start.get("href")).status_code == 200
    assert editor_client.post(start.get("href")).status_code == 302
    story.refresh_from_db()
    assert story.is_live

    page = change_page(editor_client, story, html)
    (post_link,) = page.cssselect("#live-coverage a.live-desk__post")
    assert text_of(post_link) == "Post an update"
    form = html(editor_client.get(post_link.get("href")))
    # One paragraphs piece, and the cursor starts in it.
    (textarea,) = form.cssselect("textarea[autofocus]")
    assert textarea.get("name") == "pieces-0-text"
    assert form.cssselect('input[name="pieces-0-kind"]')[0].get("value") == "text"

    response = editor_client.post(
        post_link.get("href"),
        update_form(
            story,
            [{"kind": "text", "text": "<p>Waves over the sea wall at Saltby.</p>"}],
            title="Sea wall overtopped",
            key_event="on",
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("admin:articles_article_change", args=[story.pk]) + "#live-coverage"
    )
    update = LiveUpdate.objects.get()
    assert update.key_event and update.title == "Sea wall overtopped"
    reader = client.get(story.get_absolute_url()).content.decode()
    assert "Waves over the sea wall at Saltby." in reader
    assert f'href="#update-{update.pk}"' in reader  # in Key events

    rows = change_page(editor_client, story, html).cssselect("#live-coverage tbody tr")
    assert len(rows) == 1 and "Sea wall overtopped" in text_of(rows[0])


def text_of(node):
    return " ".join(node.text_content().split())


def test_an_update_without_words_or_a_key_event_without_a_title_is_refused(editor_client, html):
    story = make_live_article()
    url = reverse("admin:articles_liveupdate_add") + f"?article={story.pk}"
    empty = editor_client.post(url, update_form(story, []))
    assert empty.status_code == 200
    assert "Write the update: its body has no pieces." in empty.content.decode()
    untitled = editor_client.post(
        url, update_form(story, [{"kind": "text", "text": "<p>Words.</p>"}], key_event="on")
    )
    assert live.TITLE_NEEDED in untitled.content.decode()
    assert not LiveUpdate.objects.exists()


def test_an_editor_edits_an_update_and_readers_see_it_marked_edited(editor_client, client):
    story = make_live_article()
    update = make_update(story, "<p>Two hundred homes evacuated.</p>")
    piece = update.pieces.get()
    url = reverse("admin:articles_liveupdate_change", args=[update.pk])
    assert editor_client.get(url).status_code == 200
    data = update_form(
        story,
        [
            {
                "id": piece.pk,
                "update": update.pk,
                "kind": "text",
                "text": "<p>Four hundred homes evacuated.</p>",
                "position": 1,
            }
        ],
        title="Evacuation doubled",
    )
    data.update(management("pieces", 1, initial=1))
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    update.refresh_from_db()
    assert update.edited_at is not None and update.title == "Evacuation doubled"
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Four hundred homes evacuated." in page and "Two hundred" not in page
    assert "Edited" in page


def test_withdrawing_asks_for_the_note_readers_see(editor_client, client):
    story = make_live_article()
    update = make_update(story, "<p>The bridge has collapsed.</p>")
    url = reverse("admin:articles_liveupdate_withdraw", args=[update.pk])
    assert "The bridge has collapsed." in editor_client.get(url).content.decode()
    refused = editor_client.post(url, {"note": " "})
    assert refused.status_code == 200
    assert live.NOTE_NEEDED in refused.content.decode()
    assert editor_client.post(url, {"note": "The bridge is damaged, not down."}).status_code == 302
    page = client.get(story.get_absolute_url()).content.decode()
    assert "The bridge is damaged, not down." in page
    assert "The bridge has collapsed." not in page
    # Withdrawn: no longer edited.
    change = editor_client.get(reverse("admin:articles_liveupdate_change", args=[update.pk]))
    assert b'name="title"' not in change.content


def test_an_editor_ends_the_coverage_with_a_summary(editor_client, client):
    story = make_live_article()
    make_update(story)
    url = reverse("admin:articles_live_end", args=[story.pk])
    refused = editor_client.post(url, {"summary": ""})
    assert live.SUMMARY_NEEDED in refused.content.decode()
    assert editor_client.post(url, {"summary": "The river fell overnight."}).status_code == 302
    story.refresh_from_db()
    assert story.live_ended_at is not None and not story.is_live
    assert "The river fell overnight." in client.get(story.get_absolute_url()).content.decode()


def test_reporters_post_to_live_stories_they_are_on_and_editors_run_the_coverage(client, html):
    amara = make_reporter_login("amara")
    theirs = make_live_article(reporters=[amara.reporter])
    others = make_live_article(publish_at=timezone.now() - timedelta(hours=2))
    make_update(others, "<p>Not theirs.</p>")
    client.force_login(amara)

    page = change_page(client, theirs, html)
    assert page.cssselect("#live-coverage a.live-desk__post")
    assert not page.cssselect("#live-coverage a.live-desk__end")
    url = reverse("admin:articles_liveupdate_add") + f"?article={theirs.pk}"
    response = client.post(url, update_form(theirs, [{"kind": "text", "text": "<p>On it.</p>"}]))
    assert response.status_code == 302
    mine = LiveUpdate.objects.get(article=theirs)
    assert mine.reporter == amara.reporter and mine.posted_by == amara

    elsewhere = reverse("admin:articles_liveupdate_add") + f"?article={others.pk}"
    assert client.get(elsewhere).status_code == 403
    forged = client.post(elsewhere, update_form(others, [{"kind": "text", "text": "<p>x</p>"}]))
    assert forged.status_code == 403
    not_mine = LiveUpdate.objects.get(article=others)
    assert (
        client.post(
            reverse("admin:articles_liveupdate_withdraw", args=[not_mine.pk]), {"note": "x"}
        ).status_code
        == 403
    )
    ending = client.post(reverse("admin:articles_live_end", args=[theirs.pk]), {"summary": "x"})
    assert ending.status_code == 403
    theirs.refresh_from_db()
    assert theirs.is_live
    assert (
        client.post(reverse("admin:articles_live_start", args=[make_article().pk])).status_code
        == 403
    )
    # Their list of updates holds only their stories'.
    listing = client.get(reverse("admin:articles_liveupdate_changelist")).content.decode()
    assert "Not theirs" not in listing
