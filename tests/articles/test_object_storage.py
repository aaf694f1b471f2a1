"""Photos in an S3-compatible bucket (``MEDIA_STORAGE_URL``), as editors and readers meet them:
an upload puts the original and every rendition in the bucket with the headers browsers and
CDNs keep them by, pages link to the bucket, and replacing, deleting, regenerating and the demo
newsroom work as they do on disk. The bucket is moto's S3 server on loopback
(tests/s3_server.py): the pipeline talks HTTP to it as it would to a real one."""

import dataclasses
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from articles.models import Photo, Rendition, RetiredFile
from articles.photos.storage import delete_photo
from newsroom.media_storage import IMMUTABLE
from tests.articles.test_photo_files import edit, photo_jpeg, stored_photo
from tests.factories import make_article, make_editor
from tests.s3_server import point_settings_at
from tests.servers import free_port

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {"jpg": "image/jpeg", "avif": "image/avif", "png": "image/png"}


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


@pytest.fixture
def disk(settings, tmp_path):
    """The machine's media folder: with a bucket, nothing may land in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on(disk):
    return sorted(p for p in Path(disk).rglob("*") if p.is_file())


def photo_files(photo):
    return {photo.image.name, *photo.renditions.values_list("file", flat=True)}


def upload(client, name="harbour.jpg", data=None, **fields):
    data = data or photo_jpeg()
    return client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "alt_text": "Boats in the harbour",
            "caption": "Boats wait out the storm",
            "credit": "Sam Lee/Northern Pictures",
            "focal_x": "",
            "focal_y": "",
            **fields,
        },
    )


# --- Uploads --------------------------------------------------------------------------------


def test_an_editors_upload_puts_the_original_and_every_rendition_in_the_bucket(
    editor_client, photo_bucket, disk
):
    response = upload(editor_client)
    assert response.status_code == 302
    photo = Photo.objects.get()
    names = photo_files(photo)
    # The original, and every width of every crop in AVIF and JPEG.
    assert names == {photo.image.name, *(spec.name for spec in photo.rendition_plan.specs)}
    assert len(names) > 10
    assert photo_bucket.names() == names
    for name in names:
        head = photo_bucket.head(name)
        assert head["CacheControl"] == IMMUTABLE, name
        assert head["ContentType"] == CONTENT_TYPES[name.rsplit(".", 1)[1]], name
    for rendition in photo.renditions.all():
        assert photo_bucket.head(rendition.file.name)["ContentLength"] == rendition.size
    assert files_on(disk) == []


@pytest.mark.parametrize("failure", ["bucket gone", "server unreachable"])
def test_a_bucket_that_fails_the_upload_tells_the_editor_and_keeps_nothing(
    editor_client, photo_bucket, disk, settings, failure
):
    if failure == "bucket gone":
        photo_bucket.client.delete_bucket(Bucket=photo_bucket.name)
    else:
        closed = f"http://127.0.0.1:{free_port()}"
        point_settings_at(settings, dataclasses.replace(photo_bucket.storage, endpoint_url=closed))
    response = upload(editor_client)
    assert response.status_code == 200
    message = (
        "The photo could not be stored: the photo storage did not accept it. Nothing was saved."
    )
    assert response.context["adminform"].form.errors["image"] == [message]
    assert escape(message) in response.content.decode()
    assert not Photo.objects.exists() and not Rendition.objects.exists()


def test_a_large_photo_s_renditions_made_by_the_background_job_go_to_the_bucket(
    settings, photo_bucket, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_RENDITIONS_LATER_PIXELS = 100 * 100
    with django_capture_on_commit_callbacks(execute=True):
        photo = stored_photo()
        assert photo_bucket.names() == {photo.image.name}  # the job runs after the commit
    photo.refresh_from_db()
    assert photo.rendition_plan is not None
    assert photo_bucket.names() == photo_files(photo)


# --- Pages ----------------------------------------------------------------------------------


def test_the_article_page_links_its_photos_to_the_bucket_and_readers_get_them(
    client, html, photo_bucket
):
    photo = stored_photo()
    article = make_article(lead_photo=photo)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    figure = page.cssselect("figure")[0]
    addresses = [img.get("src") for img in figure.cssselect("img")]
    for element in figure.cssselect("img[srcset], source[srcset]"):
        addresses += [entry.split()[0] for entry in element.get("srcset").split(",")]
    assert len(addresses) > 5
    media_url = photo_bucket.storage.media_url
    assert media_url.startswith("http://127.0.0.1:")
    for address in addresses:
        assert address.startswith(media_url), address
        name = address.removeprefix(media_url)
        body, headers = photo_bucket.fetch(address)
        assert body == photo_bucket.read(name)
        assert headers["Content-Type"] == CONTENT_TYPES[name.rsplit(".", 1)[1]]
        assert headers["Cache-Control"] == IMMUTABLE
    # The browser is allowed to show them: the bucket's origin, and no other, joins img-src.
    directives = [d.split() for d in response["Content-Security-Policy"].split(";")]
    policy = {words[0]: words[1:] for words in directives if words}
    assert policy["img-src"] == ["'self'", "data:", photo_bucket.storage.origin]


def test_photos_on_a_cdn_are_linked_at_the_cdn_s_address(client, html, photo_bucket, settings):
    storage = dataclasses.replace(photo_bucket.storage, public_url="https://media.news.example")
    point_settings_at(settings, storage)
    article = make_article(lead_photo=stored_photo())
    page = html(client.get(article.get_absolute_url()))
    src = page.cssselect("figure img")[0].get("src")
    assert src.startswith("https://media.news.example/site/photos/")
    assert photo_bucket.head(src.removeprefix("https://media.news.example/site/"))


# --- Replacing and deleting -----------------------------------------------------------------


def test_replacing_a_photo_keeps_its_old_files_in_the_bucket(editor_client, photo_bucket):
    photo = stored_photo()
    before = photo_files(photo)
    replacement = SimpleUploadedFile("new.jpg", photo_jpeg(640, 480), content_type="image/jpeg")
    assert edit(editor_client, photo, image=replacement).status_code == 302
    photo.refresh_from_db()
    now = photo_files(photo)
    assert not before & now
    # Pages already out show the old files: kept, and recorded as retired.
    assert photo_bucket.names() == before | now
    assert set(RetiredFile.objects.values_list("name", flat=True)) == before


def test_deleting_a_photo_removes_all_its_objects_after_the_commit_and_none_on_rollback(
    editor_client, photo_bucket, django_capture_on_commit_callbacks
):
    photo = stored_photo()
    edit(editor_client, photo, focal_x="0.9", focal_y="0.2")
    photo.refresh_from_db()
    replacement = SimpleUploadedFile("new.jpg", photo_jpeg(640, 480), content_type="image/jpeg")
    edit(editor_client, photo, image=replacement)
    photo.refresh_from_db()
    every_file = photo_bucket.names()
    assert len(every_file) > len(photo_files(photo))  # retired crops and the old original

    pk = photo.pk

    class Undone(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        delete_photo(photo)
        assert photo_bucket.names() == every_file  # not before the commit
        raise Undone
    photo = Photo.objects.get(pk=pk)  # still there
    assert photo_bucket.names() == every_file

    with django_capture_on_commit_callbacks(execute=True):
        delete_photo(photo)
    assert photo_bucket.names() == set()
    assert not RetiredFile.objects.exists()


# --- Regenerating and the demo --------------------------------------------------------------


def test_regenerate_renditions_remakes_lost_objects_in_the_bucket(photo_bucket):
    photo = stored_photo()
    lost = photo.renditions.filter(format="avif").order_by("width").first().file.name
    photo_bucket.client.delete_object(Bucket=photo_bucket.name, Key=photo_bucket.key(lost))
    assert lost not in photo_bucket.names()

    out = io.StringIO()
    call_command("regenerate_renditions", stdout=out)
    assert "Made 1 renditions for 1 of 1 photos." in out.getvalue()
    assert photo_bucket.names() == photo_files(photo)
    assert photo_bucket.head(lost)["ContentType"] == "image/avif"
    assert photo_bucket.head(lost)["CacheControl"] == IMMUTABLE

    out = io.StringIO()
    call_command("regenerate_renditions", "--force", stdout=out)
    made = photo.renditions.count()
    assert f"Made {made} renditions for 1 of 1 photos." in out.getvalue()
    assert photo_bucket.names() == photo_files(photo)
    for rendition in photo.renditions.all():
        head = photo_bucket.head(rendition.file.name)
        assert head["ContentLength"] == rendition.size
        assert head["CacheControl"] == IMMUTABLE


def test_the_demo_newsroom_loads_into_the_bucket(client, html, photo_bucket, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    photos = list(Photo.objects.all())
    assert photos and all(photo.rendition_plan is not None for photo in photos)
    stored = photo_bucket.names()
    assert set().union(*(photo_files(photo) for photo in photos)) <= stored
    # The demo's drawn photos keep fixed names: an hour, not a year.
    assert photo_bucket.head("photos/demo/flood-bridge.jpg")["CacheControl"] == (
        "public, max-age=3600"
    )
    front = html(client.get(reverse("articles:front-page")))
    sources = [img.get("src") for img in front.cssselect("main img")]
    assert sources and all(s.startswith(photo_bucket.storage.media_url) for s in sources)

    # Loading again finds every photo in place: nothing new is written.
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    assert photo_bucket.names() == stored
