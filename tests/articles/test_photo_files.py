"""A photo's stored files, as editors and readers meet them: editing the words about a photo
never touches its files, a new focal point makes new crops and keeps the old ones (their
addresses are out), and a storage that cannot write leaves nothing behind and tells the editor."""

import errno
import io
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from articles.models import Photo, Rendition, RetiredFile
from articles.photos.storage import PhotoNotStored, delete_photo, import_photo
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

DISK_FULL = "The photo could not be stored: the server's disk is full. Nothing was saved."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def files_under(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in Path(folder).rglob("*")
        if p.is_file()
    }


def photo_jpeg(width=900, height=600):
    """A photo-like JPEG (gradient and noise), where re-encoding would show in the bytes."""
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(gradient, noise, 0.3).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def stored_photo():
    return import_photo(photo_jpeg(), "harbour.jpg", alt_text="Boats in the harbour")


def rendition_names(photo):
    return dict(photo.renditions.values_list("file", "crop"))


def edit(client, photo, **fields):
    data = {
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "focal_x": "" if photo.focal_x is None else photo.focal_x,
        "focal_y": "" if photo.focal_y is None else photo.focal_y,
        "_save": "Save",
        **fields,
    }
    return client.post(reverse("admin:articles_photo_change", args=[photo.pk]), data)


# --- Edits keep the original ---------------------------------------------------------------


def test_editing_caption_credit_and_alt_text_keeps_every_file_as_it_is(editor_client, media):
    photo = stored_photo()
    before = files_under(media)
    renditions = rendition_names(photo)
    response = edit(
        editor_client,
        photo,
        caption="Boats wait out the storm in the harbour",
        credit="Sam Lee/Northern Pictures",
        alt_text="Fishing boats moored close together",
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Boats wait out the storm in the harbour"
    assert photo.image.name in before
    assert rendition_names(photo) == renditions
    assert files_under(media) == before


def test_ten_caption_saves_leave_the_original_s_bytes_identical(editor_client, media):
    photo = stored_photo()
    name, original = photo.image.name, Path(media, photo.image.name).read_bytes()
    for number in range(10):
        assert edit(editor_client, photo, caption=f"Version {number}").status_code == 302
        photo.refresh_from_db()
    assert photo.image.name == name
    assert Path(media, name).read_bytes() == original


def test_new_focal_point_renames_the_moved_crops_and_keeps_the_old_files(editor_client, media):
    photo = stored_photo()
    before = rendition_names(photo)
    original = Path(media, photo.image.name).read_bytes()
    assert edit(editor_client, photo, focal_x="0.9", focal_y="0.2").status_code == 302
    photo.refresh_from_db()
    after = rendition_names(photo)
    full = {name for name, crop in before.items() if crop == "full"}
    crops = {name for name, crop in before.items() if crop != "full"}
    assert full <= set(after)  # the whole photo did not move
    assert crops and not crops & set(after)  # every crop has new names
    stored = files_under(media)
    assert crops <= set(stored)  # the old crops are still served to pages already out
    assert stored[photo.image.name] == original
    assert set(RetiredFile.objects.values_list("name", flat=True)) == crops


def test_focal_point_moved_back_uses_the_kept_crops_again(editor_client, media):
    photo = stored_photo()
    before = rendition_names(photo)
    edit(editor_client, photo, focal_x="0.9", focal_y="0.2")
    photo.refresh_from_db()
    edit(editor_client, photo, focal_x="", focal_y="")
    photo.refresh_from_db()
    assert rendition_names(photo) == before
    assert not set(before) & set(RetiredFile.objects.values_list("name", flat=True))


def test_a_new_file_makes_a_new_original_and_keeps_the_old_files(editor_client, media):
    photo = stored_photo()
    before = files_under(media)
    replacement = SimpleUploadedFile("new.jpg", photo_jpeg(640, 480), content_type="image/jpeg")
    assert edit(editor_client, photo, image=replacement).status_code == 302
    photo.refresh_from_db()
    assert photo.image.name not in before and (photo.width, photo.height) == (640, 480)
    stored = files_under(media)
    assert {name: stored.get(name) for name in before} == before
    assert set(stored) == set(before) | {photo.image.name, *rendition_names(photo)}


def test_deleting_the_photo_deletes_its_old_files_too(
    editor_client, media, django_capture_on_commit_callbacks
):
    photo = stored_photo()
    edit(editor_client, photo, focal_x="0.9", focal_y="0.2")
    replacement = SimpleUploadedFile("new.jpg", photo_jpeg(640, 480), content_type="image/jpeg")
    photo.refresh_from_db()
    edit(editor_client, photo, image=replacement)
    photo.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        delete_photo(photo)
    assert files_under(media) == {}
    assert not RetiredFile.objects.exists()


# --- A storage that cannot write -------------------------------------------------------------


@pytest.fixture
def fail_write(monkeypatch):
    """``fail_write(n, code)``: the storage's ``n``-th write gets half its bytes onto the disk
    and then fails with ``OSError(code)``, as a disk that fills up part-way does."""
    real_save = FileSystemStorage._save
    writes = []

    def arm(n, code=errno.ENOSPC):
        def failing_save(storage, name, content):
            writes.append(name)
            if len(writes) != n:
                return real_save(storage, name, content)
            path = Path(storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.read()
            path.write_bytes(data[: len(data) // 2])
            raise OSError(code, "No space left on device")

        monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
        return writes

    return arm


# The original is the first write, then the renditions; 900 × 600 makes 18 of them.
STAGES = [
    pytest.param(1, id="original"),
    pytest.param(2, id="first-rendition"),
    pytest.param(10, id="a-crop"),
    pytest.param(19, id="last-rendition"),
]


def test_the_photo_makes_the_writes_the_stages_count_on(media, fail_write):
    writes = fail_write(0)
    stored_photo()
    assert len(writes) == 19


@pytest.mark.parametrize("nth", STAGES)
def test_full_disk_in_the_admin_form_keeps_the_input_and_stores_nothing(
    editor_client, media, fail_write, nth
):
    media.mkdir(parents=True)
    before = files_under(media)
    writes = fail_write(nth)
    upload = SimpleUploadedFile("harbour.jpg", photo_jpeg(), content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload,
            "alt_text": "Boats in the harbour",
            "caption": "Boats wait out the storm",
            "credit": "Sam Lee/Northern Pictures",
            "focal_x": "0.3",
            "focal_y": "0.6",
        },
    )
    assert len(writes) == nth
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["image"] == [DISK_FULL]
    assert escape(DISK_FULL) in response.content.decode()
    assert form["caption"].value() == "Boats wait out the storm"
    assert form["alt_text"].value() == "Boats in the harbour"
    assert form["focal_x"].value() == "0.3"
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert files_under(media) == before


@pytest.mark.parametrize("nth", STAGES)
def test_full_disk_in_the_chooser_upload_answers_with_the_reason_and_stores_nothing(
    editor_client, media, fail_write, nth
):
    fail_write(nth)
    upload = SimpleUploadedFile("harbour.jpg", photo_jpeg(), content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_photo_upload"),
        {"image": upload, "alt_text": "Boats in the harbour", "caption": "", "credit": ""},
    )
    assert response.status_code == 507
    assert response.json() == {"errors": {"image": [DISK_FULL]}}
    assert not Photo.objects.exists() and files_under(media) == {}


@pytest.mark.parametrize(
    "code, message",
    [
        (errno.ENOSPC, DISK_FULL),
        (
            errno.EDQUOT,
            "The photo could not be stored: the server's storage quota is used up. "
            "Nothing was saved.",
        ),
        (
            errno.EIO,
            "The photo could not be stored: the server could not write it to its disk. "
            "Nothing was saved.",
        ),
    ],
)
@pytest.mark.parametrize("nth", STAGES)
def test_importing_on_a_failing_disk_raises_a_clear_error_and_stores_nothing(
    media, fail_write, nth, code, message
):
    fail_write(nth, code)
    with pytest.raises(PhotoNotStored) as raised:
        stored_photo()
    assert raised.value.messages == [message]
    assert not Photo.objects.exists() and files_under(media) == {}


def test_a_failed_replacement_keeps_the_photo_as_it_was(editor_client, media, fail_write):
    photo = stored_photo()
    before = files_under(media)
    fail_write(5)
    replacement = SimpleUploadedFile("new.jpg", photo_jpeg(640, 480), content_type="image/jpeg")
    response = edit(editor_client, photo, image=replacement, caption="A new caption")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [DISK_FULL]
    assert response.context["adminform"].form["caption"].value() == "A new caption"
    kept = Photo.objects.get()
    assert (kept.image.name, kept.caption) == (photo.image.name, photo.caption)
    assert files_under(media) == before
