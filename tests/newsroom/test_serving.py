"""What `make serve` relies on: photos with cache lifetimes, plain-HTTP production on loopback."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import image_bytes, make_photo
from tests.newsroom.test_settings import GOOD_KEY, run_django

pytestmark = pytest.mark.django_db


def test_an_uploaded_photo_is_kept_by_browsers_for_a_year(client):
    photo = make_photo()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=31536000", "immutable"}
    assert "Last-Modified" in response


def test_an_uploaded_photo_s_renditions_are_kept_for_a_year_too(client):
    photo = make_photo(width=400, height=300)
    for name in photo.renditions.values_list("file", flat=True):
        response = client.get(default_storage.url(name))
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}, name


def test_a_photo_under_a_fixed_name_is_kept_for_an_hour_and_revalidated(client):
    name = default_storage.save("photos/demo/harbour.jpg", ContentFile(image_bytes()))
    url = default_storage.url(name)
    response = client.get(url)
    assert {d.strip() for d in response["Cache-Control"].split(",")} == {"public", "max-age=3600"}
    again = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["../secret_key", "photos/../../secret_key", "photos/none.jpg"])
def test_nothing_outside_the_photos_or_missing_is_served(client, settings, path):
    response = client.get(settings.MEDIA_URL + path)
    assert response.status_code == 404


@pytest.mark.parametrize(("redirect", "upgrade"), [("0", False), ("1", True)])
def test_plain_http_production_on_loopback_does_not_upgrade_requests(redirect, upgrade):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
        "'upgrade-insecure-requests' in s.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    )
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": redirect,
    }
    result = run_django(env, code)
    assert result.stdout.split() == ["False", str(redirect == "1"), str(upgrade)], result.stderr
