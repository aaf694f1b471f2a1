"""The site's icon: every page names it, so browsers never ask for /favicon.ico; clients that
ask anyway are sent to it."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

ICON = static("img/favicon.svg")


@pytest.mark.parametrize(
    ("name", "logged_in"),
    [("admin:login", False), ("admin:index", True), ("admin:articles_article_add", True)],
)
def test_admin_pages_name_the_sites_icon(client, html, name, logged_in):
    if logged_in:
        client.force_login(make_editor())
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = html(response)
    assert [link.get("href") for link in page.cssselect("link[rel=icon]")] == [ICON]
    assert finders.find("img/favicon.svg")


def test_admin_pages_use_the_same_icon_as_the_public_site(client, html):
    public = html(client.get(reverse("articles:front-page")))
    admin = html(client.get(reverse("admin:login")))
    assert public.cssselect("link[rel=icon]")[0].get("href") == ICON
    assert admin.cssselect("link[rel=icon]")[0].get("type") == "image/svg+xml"


def test_favicon_ico_redirects_to_the_icon_and_may_be_kept(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == ICON
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
