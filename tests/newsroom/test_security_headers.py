"""Every page carries the security headers a reader's browser enforces."""

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls():
    article = make_article()
    return [
        reverse("articles:front-page"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/no-such-page/",
    ]


def test_public_pages_send_strict_security_headers(client, urls):
    for url in urls:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
        assert directives["default-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
