"""The photo chooser in the article form: its search and upload views answer the editor, and
the form shows the chosen photo where it is used."""

from pathlib import Path

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Photo, Rendition
from tests.articles.test_admin import article_form
from tests.factories import (
    image_upload,
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
)

pytestmark = pytest.mark.django_db

NOT_A_PHOTO = "Upload a photo saved as JPEG, PNG, WebP or AVIF."


@pytest.fixture
def media(settings, tmp_path):
    """An empty media folder of this test's own, so "nothing stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(media):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def search(client, q):
    return client.get(reverse("admin:articles_photo_choose"), {"q": q})


def upload(client, **fields):
    data = {
        "image": image_upload("harbour.jpg", 900, 600),
        "alt_text": "Fishing boats moored three deep along the harbour wall",
        "caption": "The fleet stays in harbour as the storm arrives",
        "credit": "Ana Ruiz/Coast Pictures",
        **fields,
    }
    return client.post(reverse("admin:articles_photo_upload"), data)


def stored_files(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("pier", "storm"),  # the caption
        ("okafor", "market"),  # the credit
        ("umbrellas", "rain"),  # the alt text
    ],
)
def test_search_finds_photos_by_caption_credit_and_alt_text(editor_client, q, found):
    photos = {
        "storm": make_photo(caption="Storm over the pier", credit="Lee/North"),
        "market": make_photo(caption="Market day", credit="Bo Okafor/AP"),
        "rain": make_photo(
            caption="Commuters at the station", alt_text="A crowd of umbrellas in the rain"
        ),
    }
    response = search(editor_client, q)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [photos[found].pk]
    assert results[0]["caption"] == photos[found].caption
    assert results[0]["credit"] == photos[found].credit


def test_search_lists_newest_first_with_thumbnail_addresses(editor_client):
    older = make_photo(caption="Older photo")
    newer = make_photo(caption="Newer photo")
    results = search(editor_client, "").json()["results"]
    assert [r["id"] for r in results] == [newer.pk, older.pk]
    thumbnail = results[0]["thumbnail"]
    assert thumbnail.startswith("/media/photos/") and thumbnail.endswith(".jpg")
    assert Rendition.objects.filter(photo=newer, file=thumbnail.removeprefix("/media/")).exists()


def test_search_refuses_anonymous_visitors(client):
    make_photo(caption="Storm over the pier")
    response = search(client, "pier")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_search_refuses_users_who_are_not_staff(client):
    make_photo(caption="Storm over the pier")
    user = get_user_model().objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client.force_login(user)
    response = search(client, "pier")
    assert response.status_code == 302
    assert b"Storm over the pier" not in response.content


def test_search_refuses_staff_who_may_not_see_photos(client):
    make_photo(caption="Storm over the pier")
    client.force_login(get_user_model().objects.create_user("temp", password="x", is_staff=True))
    response = search(client, "pier")
    assert response.status_code == 403
    assert b"Storm over the pier" not in response.content


def test_upload_stores_the_photo_through_the_pipeline(editor_client, editor):
    response = upload(editor_client)
    assert response.status_code == 201
    answer = response.json()["photo"]
    photo = Photo.objects.get(pk=answer["id"])
    assert photo.uploaded_by == editor
    assert photo.alt_text == "Fishing boats moored three deep along the harbour wall"
    assert photo.credit == "Ana Ruiz/Coast Pictures"
    assert (photo.width, photo.height) == (900, 600)
    assert "harbour" not in photo.image.name  # named by the server
    assert photo.rendition_plan is not None
    assert photo.renditions.filter(format="avif").exists()
    assert photo.renditions.filter(format="jpeg").exists()
    assert answer["caption"] == "The fleet stays in harbour as the storm arrives"
    assert answer["thumbnail"].endswith(".jpg")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"image": ""}, "image", "Choose the photo file to upload."),
        ({"alt_text": ""}, "alt_text", "This field is required."),
        ({"alt_text": "   "}, "alt_text", "This field is required."),
    ],
)
def test_upload_errors_name_their_field_and_store_nothing(
    editor_client, media, fields, field, message
):
    response = upload(editor_client, **fields)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_upload_refuses_a_file_that_is_not_a_photo(editor_client, media):
    fake = SimpleUploadedFile("notes.jpg", b"This is not a photo at all.", "image/jpeg")
    response = upload(editor_client, image=fake)
    assert response.status_code == 400
    assert NOT_A_PHOTO in " ".join(response.json()["errors"]["image"])
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_upload_refuses_staff_who_may_not_add_photos(client, media):
    user = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client.force_login(user)
    assert upload(client).status_code == 403
    assert not Photo.objects.exists()


def test_upload_needs_a_post(editor_client):
    assert editor_client.get(reverse("admin:articles_photo_upload")).status_code == 405


def test_article_form_shows_the_chosen_photos_with_caption_credit_and_thumbnail(editor_client):
    lead = make_photo(caption="Lifeboat at the slipway", credit="Jo Marsh/Harbour Pictures")
    body = make_photo(caption="The crew after the call-out", credit="Sam Lee/North")
    article = make_article(
        lead_photo=lead,
        blocks=[{"kind": "text", "text": "<p>Words.</p>"}, {"kind": "photo", "photo": body}],
    )
    page = lxml.html.fromstring(
        editor_client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).content.decode()
    )
    lead_chooser = page.get_element_by_id("id_lead_photo").xpath(
        "ancestor::div[@data-photo-chooser]"
    )[0]
    assert "Lifeboat at the slipway" in lead_chooser.text_content()
    assert "Photograph: Jo Marsh/Harbour Pictures" in lead_chooser.text_content()
    thumb = lead_chooser.cssselect(".photo-chooser__current img")[0]
    assert thumb.get("src").startswith("/media/photos/") and thumb.get("src").endswith(".jpg")
    assert lead_chooser.cssselect("button[data-chooser-open]")[0].text == "Choose photo…"
    assert page.get_element_by_id("id_lead_photo").get("value") == str(lead.pk)
    # The body piece's chooser shows its own photo; the empty one says so.
    body_chooser = page.get_element_by_id("id_blocks-1-photo").xpath(
        "ancestor::div[@data-photo-chooser]"
    )[0]
    assert "The crew after the call-out" in body_chooser.text_content()
    empty = page.get_element_by_id("id_blocks-0-photo").xpath("ancestor::div[@data-photo-chooser]")[
        0
    ]
    assert "No photo chosen" in empty.text_content()
    # No select2 autocomplete for photos any more.
    assert not page.cssselect("select#id_lead_photo")


def test_article_saved_with_a_photo_number_from_the_chooser(editor_client):
    """The chooser's field is the photo's number: the form works without JavaScript too."""
    lead = make_photo(caption="Lifeboat at the slipway")
    body = make_photo(caption="The crew after the call-out")
    data = article_form(
        make_section(),
        [make_reporter()],
        [{"kind": "photo", "photo": body.pk}],
        lead_photo=str(lead.pk),
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug=data["slug"])
    assert article.lead_photo == lead
    assert [block.photo for block in article.blocks.all()] == [body]


def test_photo_add_page_explains_the_focal_point_before_there_is_a_photo(editor_client):
    add = editor_client.get(reverse("admin:articles_photo_add")).content.decode()
    assert "Click the photo above" not in add
    assert "once the photo is saved you can also click it" in add
    photo = make_photo()
    change = editor_client.get(
        reverse("admin:articles_photo_change", args=[photo.pk])
    ).content.decode()
    assert "Click the photo above to set it" in change


def test_the_article_form_reads_no_photo_per_photo_piece(editor_client):
    """A long photo story opens as fast as a short one: each photo piece's chooser shows the
    photo read with the body, not by a query of its own."""

    def photo_story(count):
        photos = [make_photo(caption=f"Photo number {n}") for n in range(count)]
        return make_article(
            lead_photo=photos[0],
            blocks=[{"kind": "photo", "photo": photo, "caption": ""} for photo in photos],
        )

    def queries_to_open(article):
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(
                reverse("admin:articles_article_change", args=[article.pk])
            )
        assert response.status_code == 200
        assert b"Photo number 0" in response.content
        return len(captured)

    queries_to_open(photo_story(1))  # the first request of a run reads what is then kept
    assert queries_to_open(photo_story(6)) == queries_to_open(photo_story(1))
