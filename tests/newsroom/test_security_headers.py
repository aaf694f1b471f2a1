"""Every page carries the security headers a reader's browser enforces."""

import pytest
from django.urls import reverse

from tests.factories import make_demo_newsroom, make_photo
from tests.public_pages import GET_PAGES, page_params

pytestmark = pytest.mark.django_db


def assert_strict_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["default-src"] == ["'none'"]
    for needed in ("img-src", "font-src", "connect-src", "form-action"):
        assert "'self'" in directives[needed], needed
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("page", page_params(GET_PAGES))
def test_public_pages_send_strict_security_headers(client, page):
    response = client.get(page.url(make_demo_newsroom()))
    assert response.status_code == page.status
    assert_strict_security_headers(response)


@pytest.mark.parametrize("url_name", ["admin:login", "admin:index", "admin:articles_article_add"])
def test_admin_pages_send_them_too(client, url_name):
    response = client.get(reverse(url_name))
    assert_strict_security_headers(response)


def test_address_outside_every_pattern_sends_them_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict_security_headers(response)


def test_photos_are_for_this_site_only(client):
    """Another site cannot embed our photos (Cross-Origin-Resource-Policy); static files are
    checked in production, where WhiteNoise serves them (test_settings.py)."""
    photo = client.get(make_photo().image.url)
    assert photo.status_code == 200
    assert photo["Cross-Origin-Resource-Policy"] == "same-origin"
