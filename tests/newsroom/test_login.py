"""An editor who logs in lands on the admin, whatever the login link said."""

import pytest
from django.urls import reverse

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_login_with_an_unsafe_or_missing_next_lands_on_the_admin_index(client, next_url):
    make_editor(password=PASSWORD)
    response = client.post(
        reverse("admin:login"),
        {"username": "desk", "password": PASSWORD, "next": next_url},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("admin:index")
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:index")


def test_login_with_a_safe_next_goes_there(client):
    make_editor(password=PASSWORD)
    target = reverse("admin:articles_article_changelist")
    response = client.post(
        reverse("admin:login"), {"username": "desk", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
