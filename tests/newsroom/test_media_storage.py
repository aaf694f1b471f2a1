"""The photo bucket's settings (``MEDIA_STORAGE_URL`` or django-storages' ``AWS_*``): the
addresses pages link to, the Content-Security-Policy that lets browsers show them, and refusals
of a setting that is unclear, mistyped or unsafe in production."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.media_storage import from_environ
from tests.newsroom.test_settings import GOOD_KEY, run_django

PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "news.example"}


@pytest.mark.parametrize(
    ("environ", "media_url", "origin"),
    [
        # Amazon S3: the bucket's own virtual-host address, in its region.
        (
            {"MEDIA_STORAGE_URL": "s3://newsroom-photos/site?region=eu-west-2"},
            "https://newsroom-photos.s3.eu-west-2.amazonaws.com/site/",
            "https://newsroom-photos.s3.eu-west-2.amazonaws.com",
        ),
        # An S3-compatible server: path-style addresses under its endpoint.
        (
            {"MEDIA_STORAGE_URL": "s3://photos?endpoint_url=https://minio.example:9000/"},
            "https://minio.example:9000/photos/",
            "https://minio.example:9000",
        ),
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos?endpoint_url=https://r2.example"
                "&addressing_style=virtual"
            },
            "https://photos.r2.example/",
            "https://photos.r2.example",
        ),
        # A CDN in front: pages link to it, keys below it.
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos/site",
                "MEDIA_PUBLIC_URL": "https://media.news.example/",
            },
            "https://media.news.example/site/",
            "https://media.news.example",
        ),
        # The same through django-storages' own settings.
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "photos",
                "AWS_LOCATION": "/site/",
                "AWS_S3_ENDPOINT_URL": "https://minio.example",
                "AWS_S3_CUSTOM_DOMAIN": "cdn.news.example",
            },
            "https://cdn.news.example/site/",
            "https://cdn.news.example",
        ),
    ],
)
def test_the_bucket_s_settings_give_the_addresses_pages_link_to(environ, media_url, origin):
    storage = from_environ(environ, production=True)
    assert storage.media_url == media_url
    assert storage.origin == origin


def test_no_bucket_named_keeps_photos_on_disk():
    assert from_environ({}) is None


@pytest.mark.parametrize(
    ("environ", "production", "message"),
    [
        ({"MEDIA_STORAGE_URL": "https://photos/"}, False, "must start with s3://"),
        ({"MEDIA_STORAGE_URL": "s3:///site"}, False, "No photo bucket is named"),
        ({"MEDIA_STORAGE_URL": "s3://Photos_2026"}, False, "is not a bucket name"),
        (
            {"MEDIA_STORAGE_URL": "s3://AKIA:secret@photos"},
            False,
            "must not hold credentials: set AWS_ACCESS_KEY_ID",
        ),
        ({"MEDIA_STORAGE_URL": "s3://photos?endpoint=http://x"}, False, "unknown parameters"),
        ({"MEDIA_STORAGE_URL": "s3://photos?addressing_style=vhost"}, False, "path or virtual"),
        ({"MEDIA_STORAGE_URL": "s3://photos?endpoint_url=minio:9000"}, False, "http:// or https"),
        (
            {"MEDIA_STORAGE_URL": "s3://photos", "AWS_STORAGE_BUCKET_NAME": "other"},
            False,
            "keep one of the two forms",
        ),
        ({"AWS_S3_ENDPOINT_URL": "https://minio.example"}, False, "No photo bucket is named"),
        ({"MEDIA_PUBLIC_URL": "https://media.news.example"}, False, "no bucket is"),
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos",
                "MEDIA_PUBLIC_URL": "https://a.example",
                "AWS_S3_CUSTOM_DOMAIN": "b.example",
            },
            False,
            "both name the photos' address",
        ),
        # Production: readers' pages are HTTPS, and so is the way to the bucket.
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos",
                "MEDIA_PUBLIC_URL": "http://media.news.example",
            },
            True,
            "mixed content",
        ),
        (
            {"MEDIA_STORAGE_URL": "s3://photos?endpoint_url=http://minio.example:9000"},
            True,
            "it must be https:// unless it is on this machine",
        ),
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos?endpoint_url=http://minio.example&addressing_style=virtual",
                "MEDIA_PUBLIC_URL": "https://media.news.example",
            },
            True,
            "it must be https:// unless it is on this machine",
        ),
    ],
)
def test_an_unclear_or_unsafe_bucket_setting_is_refused(environ, production, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(")):
        from_environ(environ, production=production)


@pytest.mark.parametrize(
    ("environ", "media_url"),
    [
        (
            {
                "MEDIA_STORAGE_URL": "s3://photos?endpoint_url=http://127.0.0.1:9000",
                "MEDIA_PUBLIC_URL": "https://media.news.example",
            },
            "https://media.news.example/",
        ),
        # `make serve` on loopback with a bucket server beside it.
        (
            {"MEDIA_STORAGE_URL": "s3://photos?endpoint_url=http://localhost:9000"},
            "http://localhost:9000/photos/",
        ),
    ],
)
def test_production_reaches_a_bucket_on_this_machine_over_plain_http(environ, media_url):
    assert from_environ(environ, production=True).media_url == media_url


SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from django.core.files.storage import storages; d = storages['default']; "
    "print(json.dumps([s.MEDIA_URL, s.SERVE_MEDIA, s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
    "['img-src'], type(d).__name__, d.url('photos/a b.jpg')]))"
)


def test_a_site_with_a_bucket_links_photos_there_and_lets_only_that_origin_show_images():
    env = {
        **PRODUCTION,
        "MEDIA_STORAGE_URL": "s3://newsroom-photos/site?region=eu-west-2",
        "MEDIA_PUBLIC_URL": "https://media.news.example",
        "SERVE_MEDIA": "1",
    }
    result = run_django(env, SHOW)
    assert result.returncode == 0, result.stderr
    media_url, serve_media, img_src, backend, url = json.loads(result.stdout)
    assert media_url == "https://media.news.example/site/"
    assert serve_media is False  # the site never serves what is in the bucket
    assert img_src == ["'self'", "data:", "https://media.news.example"]
    assert backend == "BucketStorage"
    assert url == "https://media.news.example/site/photos/a%20b.jpg"


def test_a_site_without_a_bucket_serves_its_photos_and_shows_images_only_from_itself():
    result = run_django({"SERVE_MEDIA": "1"}, SHOW)
    assert result.returncode == 0, result.stderr
    media_url, serve_media, img_src, backend, url = json.loads(result.stdout)
    assert (media_url, serve_media, img_src) == ("/media/", True, ["'self'", "data:"])
    assert backend == "FileSystemStorage" and url == "/media/photos/a%20b.jpg"


def test_production_refuses_to_start_with_photos_at_a_plain_http_address():
    env = {
        **PRODUCTION,
        "MEDIA_STORAGE_URL": "s3://photos",
        "MEDIA_PUBLIC_URL": "http://media.news.example",
    }
    result = run_django(env)
    assert result.returncode != 0
    assert "Give MEDIA_PUBLIC_URL an https:// address" in result.stderr
    assert "started" not in result.stdout
