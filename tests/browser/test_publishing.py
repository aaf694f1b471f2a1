"""An editor publishes, schedules and unpublishes by clicking the article form's buttons, and a
reader sees exactly what each one promised."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_editor

from . import tools
from .desk import log_in
from .pages import FOCUS_JS

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Harbour wall repairs to start before the spring tides"


class ConsoleErrors:
    """Console errors and uncaught exceptions on every page the editor opens, until
    ``stop()`` (axe-core, injected by the test, trips the page's CSP itself)."""

    def __init__(self, page):
        self.seen = []
        self.watching = True
        page.on("console", lambda m: m.type == "error" and self.add(m.text, m.location["url"]))
        page.on("pageerror", lambda error: self.add(str(error), ""))

    def add(self, text, url):
        if self.watching:
            self.seen.append((text, url))

    def stop(self):
        self.watching = False


@pytest.fixture
def errors(page):
    console = ConsoleErrors(page)
    yield console
    assert console.seen == []


@pytest.fixture
def editor(page, site, errors):
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)
    return page


@pytest.fixture
def draft(newsroom):
    return make_article(
        headline=HEADLINE,
        published=False,
        section=newsroom.section,
        reporters=[newsroom.reporter],
    )


@pytest.fixture
def reader(browser, site):
    """A reader's browser, not logged in: drafts and scheduled articles are not shown to it.
    Each look is a new visit (a browser keeps a public page for a few seconds, max-age)."""
    contexts = []

    def status_of(article):
        contexts.append(browser.new_context())
        reader_page = contexts[-1].new_page()
        response = reader_page.goto(site(article.get_absolute_url()))
        return response.status, reader_page

    yield status_of
    for context in contexts:
        context.close()


def status_cell(page, headline):
    return page.locator("#result_list tr", has_text=headline).locator("td.field-publication_status")


def test_editor_schedules_a_draft_and_it_appears_when_its_time_comes(editor, site, draft, reader):
    page = editor
    status_of = reader
    page.goto(site(reverse("admin:articles_article_change", args=[draft.pk])))
    picker = page.get_by_label(re.compile(r"^Publish at \("))
    expect(picker).to_be_hidden()
    page.get_by_role("button", name="Schedule…").click()
    expect(picker).to_be_visible()
    expect(picker).to_be_focused()

    due = (timezone.localtime() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    picker.fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(
        f"Scheduled for {date_format(due, 'j F Y, H:i T')}: readers will see it from then."
    )
    expect(status_cell(page, HEADLINE)).to_have_text(
        f"Scheduled for {date_format(due, 'j M Y, H:i T')}"
    )
    article = Article.objects.get(pk=draft.pk)
    assert article.is_scheduled and article.publish_at == due
    assert status_of(article)[0] == 404

    # The clock reaches the publish time.
    publishing.publish(article, at=timezone.now() - timedelta(seconds=1), by=None)
    status, reader_page = status_of(article)
    assert status == 200
    expect(reader_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)


def test_a_past_time_is_refused_beside_the_picker(editor, site, draft):
    page = editor
    page.goto(site(reverse("admin:articles_article_change", args=[draft.pk])))
    page.get_by_role("button", name="Schedule…").click()
    past = timezone.localtime() - timedelta(hours=1)
    picker = page.get_by_label(re.compile(r"^Publish at \("))
    picker.fill(past.strftime("%Y-%m-%dT%H:%M"))
    picker.press("Enter")  # schedules, as the Schedule button does
    panel = page.locator("#publish-schedule")
    expect(panel).to_be_visible()
    expect(panel.locator(".errorlist")).to_have_text(
        f"Choose a time in the future: {date_format(past, 'j F Y, H:i T')} has already passed."
    )
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_editor_publishes_now_then_unpublishes(editor, site, draft, reader):
    page = editor
    status_of = reader
    change = site(reverse("admin:articles_article_change", args=[draft.pk]))
    page.goto(change)
    expect(page.get_by_role("button", name="Unpublish")).to_have_count(0)
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"“{HEADLINE}” — Published now: readers can see it."
    )
    expect(status_cell(page, HEADLINE)).to_contain_text("Published ")
    assert status_of(draft)[0] == 200

    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    page.get_by_role("button", name="Unpublish").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"“{HEADLINE}” — Unpublished: readers can no longer see it."
    )
    expect(status_cell(page, HEADLINE)).to_have_text("Unpublished")
    assert status_of(draft)[0] == 404


def test_the_publishing_buttons_work_by_keyboard_and_pass_axe(
    editor, errors, site, draft, axe_source, pytestconfig
):
    page = editor
    page.goto(site(reverse("admin:articles_article_change", args=[draft.pk])))
    toggle = page.get_by_role("button", name="Schedule…")
    toggle.focus()
    focused = page.evaluate(FOCUS_JS)
    assert focused["visibleFocus"], focused
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label(re.compile(r"^Publish at \("))).to_be_focused()
    page.get_by_role("button", name="Schedule", exact=True).focus()
    focused = page.evaluate(FOCUS_JS)
    assert 'value="Schedule"' in focused["html"] and focused["visibleFocus"], focused

    page.goto(page.url)  # the picker closed again, as the editor finds it
    page.get_by_role("button", name="Schedule…").click()
    assert errors.seen == []
    errors.stop()
    for name, url, parts in [
        ("article form's publishing row, picker open", None, [".submit-row"]),
        (
            "article list's status column and filter",
            reverse("admin:articles_article_changelist"),
            ["#result_list", "#changelist-filter"],
        ),
    ]:
        if url:
            page.goto(site(url))
        # The parts this form and list add: the publishing row, the status column and filter
        # (the rest of the admin is Django's own, checked by its own tests).
        page.evaluate(axe_source)
        results = page.evaluate(
            "([include, tags]) => axe.run({include}, {runOnly: {type: 'tag', values: tags}})",
            [parts, tools.AXE_TAGS],
        )
        assert len(results["passes"]) > 5, "axe-core did not run its rules"
        tools.record(
            pytestconfig,
            "axe-core, WCAG 2.2 A and AA rules",
            f"admin {name}: {len(results['violations'])} violations",
        )
        assert results["violations"] == [], tools.describe_violations(results["violations"])


def test_without_javascript_the_picker_is_there_and_schedules(browser, site, draft):
    make_editor(username="nojs", password=PASSWORD)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site(reverse("admin:articles_article_change", args=[draft.pk])))
    page.get_by_label("Username").fill("nojs")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Schedule…")).to_be_hidden()
    picker = page.get_by_label(re.compile(r"^Publish at \("))
    expect(picker).to_be_visible()
    due = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    picker.fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Scheduled for {date_format(due, 'j F Y, H:i T')}"
    )
    assert Article.objects.get(pk=draft.pk).publish_at == due
    context.close()
