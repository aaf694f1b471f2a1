"""The public pages that every site-wide check visits: security headers, axe-core, the Nu HTML
Checker and the keyboard tests all walk this one list.

A new kind of page joins every check by adding one ``Page`` here. A page that cannot be
checked yet keeps its line with ``pending`` saying why: its checks are reported as skipped with
that reason until the reason is gone.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

SEARCH_URL_NAME = "articles:search"


def submit_reply_form_empty(page):
    """A reader sends the reply form without filling it in, from a browser that does not check
    ``required`` fields itself: the server's error state is what gets checked."""
    form = page.locator("#comments form")
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    return posted.value


@dataclass(frozen=True)
class Page:
    """One public page. ``path`` builds its address from the newsroom the test made
    (``tests.factories.make_demo_newsroom``); ``action``, if given, is what a reader does in the
    browser once the page has loaded (it returns the response whose HTML is then checked)."""

    name: str
    path: Any
    status: int = 200
    action: Any = None
    pending: str = ""

    def url(self, newsroom):
        return self.path(newsroom)


PAGES = [
    Page("front", lambda n: reverse("articles:front-page")),
    Page("front-page-2", lambda n: reverse("articles:front-page") + "?page=2"),
    Page("article", lambda n: n.article.get_absolute_url()),
    Page("article-corrected", lambda n: n.corrected.get_absolute_url()),
    Page("article-retracted", lambda n: n.retracted.get_absolute_url()),
    Page("article-live", lambda n: n.live.get_absolute_url()),
    Page("article-live-older", lambda n: n.live.get_absolute_url() + f"?before={n.live_middle}"),
    Page("corrections", lambda n: reverse("articles:corrections")),
    Page("section", lambda n: n.section.get_absolute_url()),
    Page("topic", lambda n: n.topic.get_absolute_url()),
    Page("reporter", lambda n: n.reporter.get_absolute_url()),
    Page("static-page", lambda n: n.page.get_absolute_url()),
    Page(
        "not-found",
        lambda n: reverse("articles:article-detail", kwargs={"slug": "no-such-article"}),
        status=404,
    ),
    Page(
        "search",
        lambda n: reverse(SEARCH_URL_NAME) + "?" + urlencode({"q": n.article.headline.split()[0]}),
    ),
    Page(
        "search-no-results",
        lambda n: reverse(SEARCH_URL_NAME) + "?" + urlencode({"q": "zzqx"}),
    ),
    Page(
        "article-reply-error",
        lambda n: n.article.get_absolute_url(),
        action=submit_reply_form_empty,
    ),
]

# Pages reached with a plain GET: the ones a test client can check without a browser.
GET_PAGES = [page for page in PAGES if page.action is None]


def page_params(pages=PAGES):
    """``pytest.mark.parametrize`` values, one per page, named by the page; pending pages are
    marked to skip with their reason."""
    return [
        pytest.param(
            page,
            id=page.name,
            marks=[pytest.mark.skip(reason=f"{page.name}: {page.pending}")] if page.pending else [],
        )
        for page in pages
    ]
