"""A database outage answers 503 in the site's design with Retry-After, never a 500; stored
pages are still served; a comment or an edit sent during it says it was not saved and shows the
words back. The outage is real: the connection is pointed at a closed port (PostgreSQL) or at a
file that cannot be opened (SQLite)."""

import logging

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from newsroom import outages
from tests.factories import comment_data, make_article, make_editor
from tests.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


class Outage:
    """``cut()`` takes the database away, ``restore()`` brings it back (done after the test)."""

    def __init__(self):
        self.saved = dict(connection.settings_dict)

    def cut(self):
        connection.close()
        if connection.vendor == "postgresql":
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
        else:
            connection.settings_dict["NAME"] = "/nonexistent-newsroom-folder/db.sqlite3"

    def restore(self):
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(self.saved)


@pytest.fixture
def outage(transactional_db):
    outage = Outage()
    yield outage
    outage.restore()


@pytest.fixture
def article():
    return make_article(
        headline="Ferry services resume after strike",
        blocks=[{"text": "<p>The first sailing left at six.</p>"}],
    )


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = lxml.html.fromstring(response.content.decode())
    assert page.get("lang") == "en-GB"
    assert page.cssselect("link[rel=stylesheet]"), "not in the site's design"
    assert page.cssselect(".masthead__title a")[0].text_content() == "The Newsroom"
    assert page.cssselect("a.skip-link[href='#main']") and page.cssselect("main#main")
    assert len(page.cssselect("h1")) == 1
    return page


def shown_back(page):
    """The text boxes of the outage page, by their label."""
    return {
        page.cssselect(f"label[for={box.get('id')}]")[0].text_content(): box.text_content()
        for box in page.cssselect("textarea")
    }


def test_every_page_during_a_database_outage_is_a_503_in_the_sites_design(client, article, outage):
    urls = [
        reverse("articles:front-page"),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:search") + "?q=ferry",
    ]
    outage.cut()
    for url in urls:
        page = assert_outage_page(client.get(url))
        assert "try again in a minute" in page.cssselect("main")[0].text_content()
        assert not page.cssselect("textarea")
    outage.restore()
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_page_already_stored_is_still_served_during_the_outage(client, article, outage):
    url = article.get_absolute_url()
    stored = client.get(url)
    assert stored["X-Page-Cache"] == "miss"
    outage.cut()
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == stored.content


def test_a_comment_posted_during_the_outage_is_said_unsaved_and_shown_back(client, article, outage):
    words = 'Tickets were <b>refunded</b> & the "late" fee waived.\nThanks to the crew.'
    data = comment_data(article, comment=words)
    outage.cut()
    response = client.post(reverse("comments:post"), data, **SAME_ORIGIN)
    page = assert_outage_page(response)
    assert page.cssselect("h1")[0].text_content() == "Your comment was not saved"
    assert "copy them" in page.cssselect("main")[0].text_content()
    assert shown_back(page) == {"Your comment": words, "Your name": "Jo Reader"}
    assert "<b>refunded</b>" not in response.content.decode(), "the words must be escaped"
    assert data["token"] not in response.content.decode()
    outage.restore()
    assert not Comment.objects.filter(text=words).exists(), "the page said nothing was saved"


def test_a_one_word_comment_is_shown_back_too(client, article, outage):
    data = comment_data(article, comment="Agreed.")
    outage.cut()
    page = assert_outage_page(client.post(reverse("comments:post"), data, **SAME_ORIGIN))
    assert shown_back(page)["Your comment"] == "Agreed."


def test_the_admin_during_the_outage_is_the_same_503_and_keeps_the_editors_words(
    client, article, outage
):
    client.force_login(make_editor())
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    outage.cut()
    assert_outage_page(client.get(reverse("admin:index")))
    response = client.post(
        change_url,
        {"headline": "Ferry strike ends after talks", "slug": article.slug, "_save": "Save"},
    )
    page = assert_outage_page(response)
    assert page.cssselect("h1")[0].text_content() == "Nothing was saved"
    assert shown_back(page) == {"headline": "Ferry strike ends after talks"}


def test_an_admin_login_during_the_outage_never_shows_the_password(outage, transactional_db):
    client = Client()
    client.get(reverse("admin:login"))
    outage.cut()
    response = client.post(
        reverse("admin:login"),
        {"username": "desk", "password": "correct horse battery staple"},
    )
    assert_outage_page(response)
    assert b"correct horse" not in response.content


@pytest.mark.urls("tests.newsroom.outage_urls")
def test_a_fault_after_the_view_when_the_session_is_saved_is_a_503_too(outage):
    client = Client(raise_request_exception=False)
    outage.cut()
    assert_outage_page(client.get(reverse("test-remember")))


def test_an_outage_logs_one_warning_not_one_a_request(client, article, outage, caplog, monkeypatch):
    monkeypatch.setattr(outages, "_last_warning", float("-inf"))  # earlier tests' outages
    url = article.get_absolute_url()
    outage.cut()
    caplog.set_level(logging.WARNING, logger="newsroom.outages")
    for _ in range(5):
        assert client.get(url).status_code == 503
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "database is unreachable" in warnings[0].getMessage()
