"""A moderator works through the queue on a laptop screen: every row's buttons are on screen, one
click (or Tab and Enter) approves a held comment, the queue says so, readers see the comment and
the history keeps who decided."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import make_comment, make_moderator

from .desk import log_in
from .pages import FOCUS_JS, TABBABLE_JS, start_keyboard_at_the_top

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
WORDS = "Will the footbridge at Mill Lane reopen before the weekend?"


def press_tab_until(page, locator):
    """Tab from the top of the page until ``locator`` has the focus; what the focus showed."""
    start_keyboard_at_the_top(page)
    for _ in range(len(page.evaluate(TABBABLE_JS))):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return page.evaluate(FOCUS_JS)
    raise AssertionError("Tab never reached the button")


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_moderator_approves_a_held_comment_from_the_queue_in_one_step(
    page, site, newsroom, browser, how
):
    moderator = make_moderator(username="nightdesk", password=PASSWORD)
    article = newsroom.article
    comment = make_comment(article, status="pending", name="Sam Okafor", text=WORDS)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, site, "nightdesk", PASSWORD)
    queue = site(reverse("admin:comments_comment_changelist") + "?status__exact=pending")
    page.goto(queue)

    # The whole table fits its box: nothing to scroll sideways for.
    widths = page.locator("#result_list").evaluate(
        "t => [t.scrollWidth, t.closest('.results').clientWidth]"
    )
    assert widths[0] <= widths[1], f"the queue is {widths[0]} px wide in a {widths[1]} px box"
    row = page.locator("#result_list tbody tr", has_text=WORDS)
    approve = row.get_by_role("button", name="Approve comment by Sam Okafor")
    box = approve.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    expect(row.get_by_role("button", name="Spam comment by Sam Okafor")).to_be_visible()
    expect(row.get_by_role("button", name="Remove comment by Sam Okafor")).to_be_visible()

    if how == "click":
        approve.click()
    else:
        focused = press_tab_until(page, approve)
        assert focused["visibleFocus"] and focused["onScreen"], focused
        page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_have_text(
        f"Approved Sam Okafor’s comment on “{article.headline}”."
    )
    assert page.url == queue  # the same queue, still held comments only
    expect(page.locator("#result_list tbody tr", has_text=WORDS)).to_have_count(0)

    reader = browser.new_page()
    reader.goto(site(article.get_absolute_url()))
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text(WORDS)
    reader.close()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    event = comment.events.order_by("-at").first()
    assert (event.actor, event.from_status, event.to_status) == (
        moderator,
        "pending",
        "approved",
    )
