"""The publishing buttons of the admin's article form, the list's status column and filter, and
the bulk actions: what each does, what the editor is told, and what publishing requires."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.articles.test_admin import article_form, inline_management
from tests.factories import make_article, make_editor, make_reporter, make_section

pytestmark = pytest.mark.django_db

SITE_ZONE = ZoneInfo(settings.TIME_ZONE)
ADD = reverse("admin:articles_article_add")
LIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def new_article(button, *, reporters=None, **fields):
    """The add form as an editor fills it, sent with ``button`` pressed."""
    reporters = [make_reporter()] if reporters is None else reporters
    section = fields.pop("section", None) if "section" in fields else None
    no_section = section == ""
    section = section or make_section()
    data = article_form(
        section, reporters, [{"kind": "text", "text": "Body."}], button=button, **fields
    )
    if no_section:
        data["section"] = ""
    return data


def existing_article(article, button, *, keep_byline=True, **fields):
    """The change form of ``article`` as the page shows it, sent with ``button`` pressed."""
    byline = article.bylines.get()
    data = article_form(
        article.section,
        [],
        [],
        button=button,
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        **inline_management("bylines", 1, initial=1),
        **inline_management("blocks", 0),
    )
    data.update(
        {
            "bylines-0-id": str(byline.pk),
            "bylines-0-article": str(article.pk),
            "bylines-0-reporter": str(byline.reporter_id),
            "bylines-0-position": "1",
        }
    )
    if not keep_byline:
        data["bylines-0-DELETE"] = "on"
    data.update(fields)
    return data


def messages_of(response, html):
    return [
        " ".join(li.text_content().split()) for li in html(response).cssselect(".messagelist li")
    ]


def picker(when):
    return when.strftime("%Y-%m-%dT%H:%M")


# The buttons: what each one does and says.


def test_save_draft_keeps_it_from_readers_and_stays_on_the_page(editor_client, client, html):
    response = editor_client.post(ADD, new_article("_draft"), follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == change_url(article)
    assert article.status == Article.Status.DRAFT and article.first_published_at is None
    [message] = messages_of(response, html)
    assert message == f"“{article.headline}” — Saved as a draft: readers cannot see it."
    link = html(response).cssselect(".messagelist a")[0]
    assert link.get("href") == change_url(article)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publish_now_puts_it_before_readers_at_once(editor_client, client, html):
    response = editor_client.post(ADD, new_article("_publish"), follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == LIST
    assert messages_of(response, html) == [
        f"“{article.headline}” — Published now: readers can see it."
    ]
    assert article.is_published
    assert timezone.now() - article.publish_at < timedelta(minutes=1)
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("local", "said", "listed"),
    [
        (
            datetime(2099, 12, 2, 6, 0),
            "Scheduled for 2 December 2099, 06:00 GMT",
            "Scheduled for 2 Dec 2099, 06:00 GMT",
        ),
        (
            datetime(2099, 7, 14, 18, 30),
            "Scheduled for 14 July 2099, 18:30 BST",
            "Scheduled for 14 Jul 2099, 18:30 BST",
        ),
    ],
)
def test_schedule_takes_the_picker_time_in_the_site_zone_and_says_so(
    editor_client, client, html, local, said, listed
):
    response = editor_client.post(
        ADD, new_article("_schedule", schedule_at=picker(local)), follow=True
    )
    article = Article.objects.get()
    assert messages_of(response, html) == [
        f"“{article.headline}” — {said}: readers will see it from then."
    ]
    assert article.publish_at == local.replace(tzinfo=SITE_ZONE)
    assert article.is_scheduled
    assert client.get(article.get_absolute_url()).status_code == 404
    cell = html(response).cssselect("td.field-publication_status")[0]
    assert cell.text_content() == listed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("past", "Choose a time in the future: {} has already passed."),
        ("", "Choose the date and time to publish it."),
        ("next tuesday", "Enter a valid date/time."),
    ],
)
def test_schedule_refuses_a_missing_or_past_time_by_the_picker(editor_client, html, value, message):
    past = timezone.localtime() - timedelta(minutes=5)
    if value == "past":
        value = picker(past)
        message = message.format(past.strftime("%-d %B %Y, %H:%M ") + past.tzname())
    response = editor_client.post(ADD, new_article("_schedule", schedule_at=value))
    assert response.status_code == 200
    panel = html(response).cssselect("#publish-schedule")[0]
    assert [e.text_content() for e in panel.cssselect(".errorlist li")] == [message]
    assert panel.cssselect("input[type=datetime-local]")[0].get("value") == value
    assert not Article.objects.exists()


def test_unpublish_takes_it_off_the_site_and_the_list_says_unpublished(editor_client, client, html):
    article = make_article()
    response = editor_client.post(
        change_url(article), existing_article(article, "_unpublish"), follow=True
    )
    assert messages_of(response, html) == [
        f"“{article.headline}” — Unpublished: readers can no longer see it."
    ]
    assert client.get(article.get_absolute_url()).status_code == 404
    cell = html(response).cssselect("td.field-publication_status")[0]
    assert cell.text_content() == "Unpublished"


def test_update_keeps_a_live_article_live_at_its_time(editor_client, html):
    article = make_article(publish_at=timezone.now() - timedelta(days=2))
    response = editor_client.post(
        change_url(article),
        existing_article(article, "_save", headline="A corrected headline"),
        follow=True,
    )
    assert messages_of(response, html) == [
        "“A corrected headline” — Changes saved: readers can see them now."
    ]
    fresh = Article.objects.get()
    assert fresh.is_published and fresh.publish_at == article.publish_at


def test_saving_a_scheduled_article_keeps_its_time(editor_client, html):
    at = datetime(2099, 12, 2, 6, 0, tzinfo=SITE_ZONE)
    article = make_article(publish_at=at)
    response = editor_client.post(
        change_url(article), existing_article(article, "_continue"), follow=True
    )
    assert response.redirect_chain[-1][0] == change_url(article)
    assert messages_of(response, html) == [
        f"“{article.headline}” — Changes saved. Still scheduled for 2 December 2099, 06:00 GMT: "
        "readers cannot see it yet."
    ]
    assert Article.objects.get().publish_at == at


def test_publish_now_brings_a_scheduled_article_forward(editor_client):
    article = make_article(publish_at=timezone.now() + timedelta(days=3))
    editor_client.post(change_url(article), existing_article(article, "_publish"))
    article.refresh_from_db()
    assert article.is_published


# What the form offers in each state.


def buttons(response, html):
    form = html(response).cssselect("#article_form")[0]
    return [
        b.get("value") or b.text_content()
        for b in form.cssselect(".submit-row input[type=submit], .submit-row input[type=button]")
    ]


def test_a_new_article_offers_draft_publish_and_schedule_with_the_zone_named(editor_client, html):
    response = editor_client.get(ADD)
    assert buttons(response, html) == [
        "Save draft",
        "Publish now",
        "Schedule…",
        "Submit for review",
        "Schedule",
    ]
    page = html(response)
    label = page.cssselect("label[for=id_schedule_at]")[0].text_content()
    assert label == f"Publish at ({settings.TIME_ZONE}, {timezone.localtime().tzname()})"
    assert page.cssselect("#id_schedule_at")[0].get("type") == "datetime-local"
    assert not page.cssselect("#id_status") and not page.cssselect("#id_publish_at_0")
    # Without JavaScript the picker is there to use; the script folds it behind "Schedule…".
    assert page.cssselect("#publish-schedule")[0].get("hidden") is None
    assert page.cssselect("[data-schedule-toggle]")[0].get("hidden") is not None


@pytest.mark.parametrize(
    ("when", "offered", "status"),
    [
        (
            "published",
            ["Update", "Save and continue editing", "Save for later", "Unpublish"],
            "Status: Published {}: readers can see it.",
        ),
        (
            "scheduled",
            ["Save changes", "Publish now", "Reschedule…", "Unpublish", "Schedule"],
            "Status: Scheduled for {}: readers cannot see it yet.",
        ),
        (
            "unpublished",
            ["Save draft", "Publish now", "Schedule…", "Submit for review", "Schedule"],
            "Status: Unpublished: readers cannot see it.",
        ),
    ],
)
def test_the_buttons_follow_the_article_state(editor_client, html, when, offered, status):
    at = timezone.now() + timedelta(days={"scheduled": 2}.get(when, -2))
    article = make_article(publish_at=at)
    if when == "unpublished":
        publishing.unpublish(article, by=None)
    response = editor_client.get(change_url(article))
    assert buttons(response, html) == offered
    said = html(response).cssselect(".publish-row__state")[0].text_content()
    assert said == status.format(
        timezone.localtime(at).strftime("%-d %B %Y, %H:%M ") + timezone.localtime(at).tzname()
    )
    if when == "scheduled":
        value = html(response).cssselect("#id_schedule_at")[0].get("value")
        assert value == picker(timezone.localtime(at))


# What publishing requires.


@pytest.mark.parametrize("button", ["_publish", "_schedule"])
@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"standfirst": ""}, ".field-standfirst", "Write a standfirst before publishing."),
        ({"standfirst": "   "}, ".field-standfirst", "Write a standfirst before publishing."),
        ({"section": ""}, ".field-section", "Choose a section before publishing."),
        ({"headline": ""}, ".field-headline", "Write a headline before publishing."),
        (
            {"reporters": []},
            "#bylines-group",
            "Add at least one reporter to the byline before publishing.",
        ),
    ],
)
def test_publishing_refuses_what_readers_would_miss_by_the_field(
    editor_client, html, button, change, where, message
):
    change = dict(change)
    data = new_article(
        button,
        reporters=change.pop("reporters", None),
        schedule_at=picker(timezone.localtime() + timedelta(days=1)),
    )
    data.update(change)
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    errors = html(response).cssselect(f"{where} .errorlist li")
    assert [e.text_content() for e in errors] == [message]
    assert not Article.objects.exists()


def test_a_draft_may_wait_for_its_standfirst_and_byline(editor_client, html):
    response = editor_client.post(ADD, new_article("_draft", reporters=[], standfirst=""))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and not article.bylines.exists()


def test_a_draft_still_needs_its_headline_and_section(editor_client, html):
    response = editor_client.post(ADD, new_article("_draft", headline="", section=""))
    assert response.status_code == 200
    for field in ("headline", "section"):
        errors = html(response).cssselect(f".field-{field} .errorlist li")
        assert [e.text_content() for e in errors] == ["This field is required."]


def test_a_live_article_cannot_lose_its_whole_byline(editor_client, html):
    article = make_article()
    response = editor_client.post(
        change_url(article), existing_article(article, "_save", keep_byline=False)
    )
    assert response.status_code == 200
    errors = html(response).cssselect("#bylines-group .errorlist li")
    assert [e.text_content() for e in errors] == [
        "Add at least one reporter to the byline before publishing."
    ]
    assert article.bylines.count() == 1


def test_unpublishing_needs_nothing(editor_client):
    article = make_article()
    data = existing_article(article, "_unpublish", keep_byline=False, standfirst="")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.bylines.exists()


# The list.


@pytest.fixture
def four_states():
    now = timezone.now()
    draft = make_article(headline="A draft", published=False)
    scheduled = make_article(
        headline="A scheduled one", publish_at=datetime(2099, 12, 2, 6, 0, tzinfo=SITE_ZONE)
    )
    live = make_article(
        headline="A live one", publish_at=datetime(2026, 3, 1, 9, 30, tzinfo=SITE_ZONE)
    )
    gone = make_article(headline="An unpublished one", publish_at=now - timedelta(days=1))
    publishing.unpublish(gone, by=None)
    return {"draft": draft, "scheduled": scheduled, "published": live, "unpublished": gone}


def test_the_list_says_where_each_article_stands(editor_client, html, four_states):
    page = html(editor_client.get(LIST))
    rows = {
        row.cssselect("th.field-headline")[0].text_content(): row.cssselect(
            "td.field-publication_status"
        )[0].text_content()
        for row in page.cssselect("#result_list tbody tr")
    }
    assert rows == {
        "A draft": "Draft",
        "A scheduled one": "Scheduled for 2 Dec 2099, 06:00 GMT",
        "A live one": "Published 1 Mar 2026, 09:30 GMT",
        "An unpublished one": "Unpublished",
    }
    headers = [th.text_content().strip() for th in page.cssselect("#result_list thead th")]
    assert "Status" in headers and "Live" not in headers


@pytest.mark.parametrize("state", ["draft", "scheduled", "published", "unpublished"])
def test_the_status_filter_lists_exactly_that_state(editor_client, html, four_states, state):
    page = html(editor_client.get(LIST, {"status": state}))
    shown = [th.text_content() for th in page.cssselect("#result_list th.field-headline")]
    assert shown == [four_states[state].headline]


def test_the_status_filter_offers_the_four_states_once(editor_client, html, four_states):
    page = html(editor_client.get(LIST))
    filters = [h.text_content().strip() for h in page.cssselect("#changelist-filter summary")]
    assert filters.count("By status") == 1
    choices = page.cssselect("#changelist-filter details[data-filter-title=status] li a")
    assert [a.text_content() for a in choices] == [
        "All",
        "Draft",
        "Scheduled",
        "Published",
        "Unpublished",
    ]


# Bulk actions.


def test_bulk_publish_skips_articles_missing_what_publishing_requires(editor_client, html):
    ready = make_article(headline="Ready to go", published=False)
    no_byline = make_article(headline="Nobody wrote this", published=False)
    no_byline.bylines.all().delete()
    no_standfirst = make_article(headline="No summary yet", published=False, standfirst="")
    response = editor_client.post(
        LIST,
        {
            "action": "publish_selected",
            "_selected_action": [ready.pk, no_byline.pk, no_standfirst.pk],
        },
        follow=True,
    )
    said = messages_of(response, html)
    assert said[0] == "Published 1 article(s)."
    assert said[1].startswith("Not published, missing what publishing requires: ")
    assert "“Nobody wrote this” (byline)" in said[1]
    assert "“No summary yet” (standfirst)" in said[1]
    assert list(Article.objects.published()) == [Article.objects.get(pk=ready.pk)]


# The "Updated" rule, said where the time is shown.


def test_the_form_explains_when_readers_see_updated(editor_client, html, settings):
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 25
    article = make_article()
    page = html(editor_client.get(change_url(article)))
    help_text = page.cssselect(".field-updated_at .help")[0].text_content().strip()
    assert help_text == (
        'Readers see "Updated" with this time when the article is saved more than 25 minutes '
        "after it was published (setting NEWSROOM_UPDATED_AFTER_MINUTES)."
    )


def test_readme_lists_every_newsroom_setting():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    names = set(
        re.findall(
            r"^(NEWSROOM_[A-Z_]+) =",
            (Path(settings.BASE_DIR) / "newsroom" / "settings.py").read_text(),
            re.M,
        )
    )
    assert "NEWSROOM_UPDATED_AFTER_MINUTES" in names
    for name in names:
        assert f"`{name}`" in readme, name


# The public page.


def test_an_article_without_a_byline_shows_no_empty_byline(client, html):
    article = make_article()
    article.bylines.all().delete()
    page = html(client.get(article.get_absolute_url()))
    assert page.cssselect(".byline") == []
