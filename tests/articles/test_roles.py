"""Roles on the newsdesk: what a reporter may and may not do, through the admin as they use it
and in the publication services themselves; what an editor may."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import frontpage, publishing
from articles.models import Article, BreakingNews, FrontPageSlot
from articles.roles import EDITORS, REPORTERS, may_publish
from tests.articles.test_admin import article_form
from tests.articles.test_publishing_actions import existing_article, messages_of
from tests.factories import (
    make_article,
    make_editor,
    make_reporter,
    make_reporter_login,
    make_section,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
LIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def reporter():
    return make_reporter_login(first_name="Rosa", last_name="Reporter")


@pytest.fixture
def reporter_client(reporter):
    client = Client()
    client.force_login(reporter)
    return client


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def buttons(response, html):
    return [
        button.get("value") for button in html(response).cssselect(".submit-row input[type=submit]")
    ]


def own_draft(reporter, **fields):
    return make_article(published=False, reporters=[reporter.reporter], **fields)


def snapshot(article):
    row = Article.objects.get(pk=article.pk)
    return (row.headline, row.status, row.publish_at, row.first_published_at, row.updated_at)


# The groups.


def test_migrate_makes_the_three_groups_and_only_editors_may_publish():
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, REPORTERS, "Moderators"} <= names
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    reporters = set(
        Group.objects.get(name=REPORTERS).permissions.values_list("codename", flat=True)
    )
    assert "publish_article" in editors and "publish_article" not in reporters
    assert {"add_article", "change_article", "add_photo", "change_photo"} <= reporters
    assert {"view_section", "view_reporter"} <= reporters
    assert not {"delete_article", "change_frontpageslot", "add_breakingnews"} & reporters


def test_may_publish_is_true_for_the_system_and_editors_only(reporter, editor):
    assert may_publish(None) is True
    assert may_publish(editor) is True
    assert may_publish(reporter) is False


# The services refuse a reporter, whatever called them.

REFUSED_WRITES = {
    "publish": lambda a, by: publishing.publish(a, by=by),
    "schedule": lambda a, by: publishing.schedule(a, timezone.now() + timedelta(hours=2), by=by),
    "unpublish": lambda a, by: publishing.unpublish(a, by=by),
    "publish_many": lambda a, by: publishing.publish_many(Article.objects.all(), by=by),
    "unpublish_many": lambda a, by: publishing.unpublish_many(Article.objects.all(), by=by),
    "pin": lambda a, by: frontpage.pin(a, by=by),
    "unpin": lambda a, by: frontpage.unpin(a, by=by),
    "mark_breaking": lambda a, by: frontpage.mark_breaking(a, by=by),
    "clear_breaking": lambda a, by: frontpage.clear_breaking(by=by),
}


@pytest.mark.parametrize("write", REFUSED_WRITES.values(), ids=REFUSED_WRITES.keys())
def test_every_publishing_and_front_page_write_refuses_a_reporter(reporter, write):
    draft = own_draft(reporter)
    live = make_article()
    frontpage.pin(live, by=None)
    frontpage.mark_breaking(live, by=None)
    before = [snapshot(draft), snapshot(live)]
    for article in (draft, live):
        with pytest.raises(PermissionDenied):
            write(Article.objects.get(pk=article.pk), reporter)
    assert [snapshot(draft), snapshot(live)] == before
    assert FrontPageSlot.objects.get().article == live
    assert BreakingNews.objects.current().get().article == live


def test_an_editor_publishes_schedules_pins_and_marks_breaking(editor):
    story = make_article(published=False)
    publishing.publish(story, by=editor)
    assert Article.objects.published().filter(pk=story.pk).exists()
    frontpage.pin(story, by=editor)
    frontpage.mark_breaking(story, by=editor)
    assert FrontPageSlot.objects.get().set_by == editor
    later = make_article(published=False)
    publishing.schedule(later, timezone.now() + timedelta(hours=1), by=editor)
    assert Article.objects.scheduled().filter(pk=later.pk).exists()


# Through the admin: the reporter's buttons and forged posts.


def test_a_reporter_is_offered_save_draft_and_submit_for_review_only(reporter_client, html):
    response = reporter_client.get(ADD)
    assert buttons(response, html) == ["Save draft", "Submit for review"]
    page = html(response)
    assert not page.cssselect("#id_schedule_at")


def test_a_reporters_new_story_is_theirs_and_a_draft(reporter, reporter_client):
    data = article_form(make_section(), [reporter.reporter], [{"kind": "text", "text": "Body."}])
    data.pop("_publish")
    data["_draft"] = "Save draft"
    response = reporter_client.post(ADD, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.created_by == reporter
    assert article.status == Article.Status.DRAFT


def test_a_reporters_forged_publish_now_on_a_new_story_is_refused_and_saves_nothing(
    reporter, reporter_client, html, client
):
    data = article_form(make_section(), [reporter.reporter], [{"kind": "text", "text": "Body."}])
    response = reporter_client.post(ADD, data)  # "_publish": the button they were not shown
    assert response.status_code == 200
    errors = " ".join(html(response).cssselect(".errornote, .errorlist")[-1].text_content().split())
    assert "Only editors may publish" in errors
    assert not Article.objects.exists()
    assert client.get("/").status_code == 200  # and nothing reached the front page
    assert "Council votes" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("button", "extra"),
    [
        ("_publish", {}),
        ("_schedule", {"schedule_at": "2099-01-01T09:00"}),
        ("_unpublish", {}),
        ("_send_back", {"review_note": "Looks fine to me."}),
    ],
)
def test_a_reporters_forged_editor_button_on_their_draft_changes_nothing(
    reporter, reporter_client, html, button, extra
):
    draft = own_draft(reporter)
    before = snapshot(draft)
    data = existing_article(draft, button, headline="A headline the reporter changed", **extra)
    response = reporter_client.post(change_url(draft), data)
    assert response.status_code == 200
    page = " ".join(html(response).text_content().split())
    assert "Only editors may publish, schedule, unpublish or send back a story." in page
    assert snapshot(draft) == before


def test_a_reporter_is_not_offered_bulk_publishing_or_front_page_actions(
    reporter, reporter_client, html
):
    own_draft(reporter)
    response = reporter_client.get(LIST)
    actions = {o.get("value") for o in html(response).cssselect("select[name=action] option")}
    assert not actions & {
        "publish_selected",
        "unpublish_selected",
        "pin_as_lead",
        "mark_as_breaking",
        "clear_breaking",
    }


@pytest.mark.parametrize("action", ["publish_selected", "pin_as_lead", "mark_as_breaking"])
def test_a_reporters_forged_bulk_action_does_nothing(reporter, reporter_client, action):
    draft = own_draft(reporter)
    before = snapshot(draft)
    reporter_client.post(
        LIST, {"action": action, "_selected_action": [str(draft.pk)], "index": "0"}
    )
    assert snapshot(draft) == before
    assert not FrontPageSlot.objects.exists() and not BreakingNews.objects.exists()


def test_a_reporter_lists_only_their_own_stories(reporter, reporter_client, html):
    mine = own_draft(reporter, headline="My own draft")
    started = make_article(published=False, headline="A draft I started", created_by=reporter)
    make_article(headline="Someone else's live story")
    make_article(published=False, headline="Someone else's draft")
    response = reporter_client.get(LIST)
    listed = {a.text_content() for a in html(response).cssselect("#result_list tbody th a")}
    assert listed == {mine.headline, started.headline}


@pytest.mark.parametrize("published", [True, False], ids=["published", "draft"])
def test_a_reporter_cannot_open_or_change_another_reporters_story(reporter_client, published):
    theirs = make_article(published=published, headline="Another reporter's story")
    before = snapshot(theirs)
    response = reporter_client.get(change_url(theirs))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    data = existing_article(theirs, "_draft", headline="Changed by the wrong reporter")
    reporter_client.post(change_url(theirs), data)
    assert snapshot(theirs) == before


def test_a_reporters_own_published_story_opens_read_only_and_a_post_is_refused(
    reporter, reporter_client, html
):
    live = make_article(reporters=[reporter.reporter], headline="My published story")
    before = snapshot(live)
    response = reporter_client.get(change_url(live))
    assert response.status_code == 200
    assert buttons(response, html) == []
    assert not html(response).cssselect("input[name=headline]")
    data = existing_article(live, "_save", headline="Changed after it went out")
    assert reporter_client.post(change_url(live), data).status_code == 403
    assert snapshot(live) == before


def test_a_reporter_in_the_byline_edits_a_draft_someone_else_started(
    reporter, reporter_client, html
):
    draft = own_draft(reporter, headline="Started by the desk")
    data = existing_article(draft, "_draft", headline="Rewritten by its reporter")
    response = reporter_client.post(change_url(draft), data, follow=True)
    assert messages_of(response, html) == [
        "“Rewritten by its reporter” — Saved as a draft: readers cannot see it."
    ]
    assert Article.objects.get(pk=draft.pk).headline == "Rewritten by its reporter"


def test_an_editor_opens_and_edits_any_reporters_published_story(editor_client, reporter):
    live = make_article(reporters=[reporter.reporter, make_reporter()][:1])
    data = existing_article(live, "_save", headline="Corrected by the editor")
    response = editor_client.post(change_url(live), data)
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.headline == "Corrected by the editor" and live.is_published


def test_an_editors_publish_now_through_the_admin_still_works(editor_client, reporter):
    draft = own_draft(reporter)
    response = editor_client.post(change_url(draft), existing_article(draft, "_publish"))
    assert response.status_code == 302
    assert Article.objects.published().filter(pk=draft.pk).exists()
