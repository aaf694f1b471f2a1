"""Review before publication: the round trip from a reporter's "Submit for review" through the
editors' email, the queue on the admin index, "Send back" with a note and publication; and
editorial notes, which the desk sees and readers never do."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing, review
from articles.models import Article, EditorialNote, ReviewRequest
from tests.articles.test_publishing_actions import existing_article, messages_of
from tests.factories import make_article, make_editor, make_reporter_login

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
LIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reporter():
    return make_reporter_login(first_name="Rosa", last_name="Reporter")


@pytest.fixture
def editors():
    return [
        make_editor("desk", email="desk@example.com", first_name="Dana", last_name="Desk"),
        make_editor("night", email="night@example.com"),
    ]


def queue_on_index(client, html):
    return [
        " ".join(li.text_content().split())
        for li in html(client.get(INDEX)).cssselect("#review-queue li")
    ]


def text(response, html, selector):
    return " ".join(
        " ".join(node.text_content().split()) for node in html(response).cssselect(selector)
    )


def test_review_round_trip_from_submission_to_publication(
    reporter, editors, html, client, django_capture_on_commit_callbacks
):
    reporters_desk, editors_desk = logged_in(reporter), logged_in(editors[0])
    draft = make_article(
        published=False, reporters=[reporter.reporter], headline="Ferry timetable cut"
    )

    # The reporter submits: the story waits in the queue and every editor is emailed.
    with django_capture_on_commit_callbacks(execute=True):
        response = reporters_desk.post(
            change_url(draft), existing_article(draft, "_submit_review"), follow=True
        )
    assert messages_of(response, html) == [
        "“Ferry timetable cut” — Submitted for review: the editors have been emailed. "
        "Readers cannot see it."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["desk@example.com", "night@example.com"]
    message = mail.outbox[0]
    assert "Ferry timetable cut" in message.subject
    assert f"http://testserver{change_url(draft)}" in message.body
    assert "Rosa Reporter submitted “Ferry timetable cut” for review." in message.body
    assert client.get(draft.get_absolute_url()).status_code == 404

    [entry] = queue_on_index(editors_desk, html)
    assert entry.startswith("Ferry timetable cut submitted by Rosa Reporter")
    listed = editors_desk.get(LIST, {"review": "needs_review"})
    assert text(listed, html, "#result_list tbody th a") == "Ferry timetable cut"
    assert "Draft · Needs review" in text(listed, html, "#result_list tbody td")
    # The reporter cannot submit it twice; they are told it waits.
    page = reporters_desk.get(change_url(draft))
    assert "Submit for review" not in text(page, html, ".submit-row")
    assert "Waiting for an editor’s review." in text(page, html, ".submit-row")

    # The editor sends it back: a note is required.
    refused = editors_desk.post(change_url(draft), existing_article(draft, "_send_back"))
    assert refused.status_code == 200
    assert "Write a note to send it back" in text(refused, html, ".errorlist")
    assert review.current(draft) is not None
    response = editors_desk.post(
        change_url(draft),
        existing_article(draft, "_send_back", review_note="Name the council's spokesperson."),
        follow=True,
    )
    assert messages_of(response, html) == [
        "“Ferry timetable cut” — Sent back to the reporter with your note. Readers cannot see it."
    ]
    assert queue_on_index(editors_desk, html) == []

    # The reporter reads the note on the story's form, and sees it sent back on the index.
    page = reporters_desk.get(change_url(draft))
    assert "Name the council's spokesperson." in text(page, html, ".review-history")
    assert "Sent back by Dana Desk" in text(page, html, ".review-history")
    assert "Sent back to you" in text(reporters_desk.get(INDEX), html, "#review-queue")

    # Resubmitted, then published by the editor: out of the queue, the round closed.
    with django_capture_on_commit_callbacks(execute=True):
        reporters_desk.post(change_url(draft), existing_article(draft, "_submit_review"))
    assert [e.split(" submitted")[0] for e in queue_on_index(editors_desk, html)] == [
        "Ferry timetable cut"
    ]
    editors_desk.post(change_url(draft), existing_article(draft, "_publish"))
    assert Article.objects.published().filter(pk=draft.pk).exists()
    assert queue_on_index(editors_desk, html) == []
    rounds = list(ReviewRequest.objects.filter(article=draft).order_by("submitted_at", "id"))
    assert [(r.outcome, r.submitted_by, r.decided_by) for r in rounds] == [
        (ReviewRequest.Outcome.SENT_BACK, reporter, editors[0]),
        (ReviewRequest.Outcome.PUBLISHED, reporter, editors[0]),
    ]
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_editors_email_is_not_sent_when_the_story_was_decided_first(reporter, editors):
    draft = make_article(published=False, reporters=[reporter.reporter])
    request = review.submit(draft, by=reporter)
    review.send_back(draft, by=editors[0], note="Too long.")
    assert review.email_editors.call(request.pk) == 0


def test_a_reporter_cannot_send_a_story_back_nor_submit_a_live_one(reporter):
    draft = make_article(published=False, reporters=[reporter.reporter])
    review.submit(draft, by=reporter)
    with pytest.raises(review.PermissionDenied):
        review.send_back(draft, by=reporter, note="Approved by me.")
    with pytest.raises(review.ReviewRefused):
        review.submit(make_article(), by=reporter)
    with pytest.raises(review.ReviewRefused):
        review.submit(draft, by=reporter)  # already waiting


def test_scheduling_a_story_in_review_closes_its_request(reporter, editors):
    draft = make_article(published=False, reporters=[reporter.reporter])
    review.submit(draft, by=reporter)
    publishing.schedule(draft, timezone.now() + timedelta(hours=3), by=editors[0])
    assert review.current(draft) is None
    assert draft.review_requests.get().outcome == ReviewRequest.Outcome.PUBLISHED


# Editorial notes.

SECRET_WORD = "Quillfeather"


def test_editorial_notes_show_on_the_form_and_never_reach_readers(
    reporter, editors, html, client, settings
):
    settings.NEWSROOM_FEED_FULL_TEXT = True
    story = make_article(
        published=False, reporters=[reporter.reporter], headline="Harbour wall repairs"
    )
    logged_in(reporter).post(
        change_url(story),
        existing_article(story, "_draft", editorial_note=f"Source is {SECRET_WORD}, keep quiet."),
    )
    editors_desk = logged_in(editors[0])
    editors_desk.post(
        change_url(story),
        existing_article(story, "_publish", editorial_note="Checked with the harbour master."),
    )
    assert Article.objects.published().filter(pk=story.pk).exists()
    notes = list(EditorialNote.objects.order_by("created_at", "id"))
    assert [(n.author, n.text) for n in notes] == [
        (reporter, f"Source is {SECRET_WORD}, keep quiet."),
        (editors[0], "Checked with the harbour master."),
    ]
    page = editors_desk.get(change_url(story))
    thread = text(page, html, ".editorial-notes")
    assert "Rosa Reporter, " in thread and SECRET_WORD in thread
    assert "Dana Desk, " in thread and "harbour master" in thread

    public = [
        story.get_absolute_url(),
        reverse("articles:front-page"),
        story.section.get_absolute_url(),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:sitemap"),
        reverse("articles:sitemap-section", kwargs={"section": "articles"}),
        reverse("articles:sitemap-news"),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert SECRET_WORD.lower() not in body.decode().lower(), url
        assert "harbour master" not in body.decode(), url
    found = client.get(reverse("articles:search"), {"q": SECRET_WORD})
    assert "Harbour wall repairs" not in found.content.decode()
    assert (
        client.get(reverse("articles:search"), {"q": "Harbour wall"})
        .content.decode()
        .count("Harbour wall repairs")
    )


def test_a_reporter_cannot_see_notes_on_another_reporters_story(reporter):
    theirs = make_article(published=False, headline="Not yours")
    EditorialNote.objects.create(article=theirs, text=f"{SECRET_WORD} says hello")
    response = logged_in(reporter).get(change_url(theirs), follow=True)
    assert SECRET_WORD not in response.content.decode()
