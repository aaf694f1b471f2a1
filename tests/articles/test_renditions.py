"""Renditions: the sizes and crops every photo gets, how pages use them, and that files and rows
never part ways."""

import io
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.db.models import ProtectedError
from django.urls import reverse
from PIL import Image

from articles.models import Photo, Rendition
from articles.photos.renditions import crop_box
from articles.photos.storage import PhotoNotStored, delete_photo, import_photo, save_photo
from tests.factories import make_article, make_editor, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())


def two_tone(width, height, top=(30, 60, 200), bottom=(210, 30, 30)):
    """Blue above, red below: which half a crop kept shows in its middle pixel."""
    image = Image.new("RGB", (width, height), top)
    image.paste(bottom, (0, height // 2, width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def widths(photo, crop, fmt):
    return list(
        photo.renditions.filter(crop=crop, format=fmt)
        .order_by("width")
        .values_list("width", flat=True)
    )


def test_every_photo_gets_avif_and_jpeg_widths_never_upscaled(media):
    photo = import_photo(two_tone(2400, 1500), "flood.png", alt_text="Flood")
    for fmt in ("avif", "jpeg"):
        assert widths(photo, "full", fmt) == [320, 640, 960, 1280, 1920]
        assert widths(photo, "16:9", fmt) == [320, 640, 960, 1280]
        assert widths(photo, "1:1", fmt) == [160, 320, 480]
    small = import_photo(two_tone(500, 300), "small.png", alt_text="Small")
    assert widths(small, "full", "avif") == [320, 500]
    assert widths(small, "16:9", "jpeg") == [320, 500]
    assert widths(small, "1:1", "jpeg") == [160, 300]
    # The largest standard width that fits is close enough: the photo's own width is not added.
    close = import_photo(two_tone(1600, 1000), "close.png", alt_text="Close")
    assert widths(close, "full", "avif") == [320, 640, 960, 1280]
    for rendition in Rendition.objects.all():
        assert rendition.file.name in files_under(media)
        stored = Image.open(rendition.file.open("rb"))
        assert stored.size == (rendition.width, rendition.height)
        assert stored.format == rendition.format.upper()
        assert rendition.size == rendition.file.size
    # Every file has its row and every row its file.
    names = {photo.image.name, small.image.name, close.image.name}
    names |= set(Rendition.objects.values_list("file", flat=True))
    assert names == set(files_under(media))


def test_crops_keep_the_focal_point(media):
    photo = import_photo(two_tone(800, 800), "square.png", alt_text="Halves")

    def middle_of_wide_crop():
        rendition = photo.renditions.get(crop="16:9", format="jpeg", width=640)
        image = Image.open(rendition.file.open("rb")).convert("RGB")
        return image.getpixel((320, 180))

    photo.focal_x, photo.focal_y = 0.5, 0.95
    save_photo(photo)
    red, _, blue = middle_of_wide_crop()
    assert red > 180 and blue < 80
    photo.focal_x, photo.focal_y = 0.5, 0.05
    save_photo(photo)
    red, _, blue = middle_of_wide_crop()
    assert blue > 150 and red < 80


def test_crop_box_stays_inside_the_photo():
    assert crop_box(1600, 1000, (16, 9)) == (0, 50, 1600, 950)
    assert crop_box(1600, 1000, (16, 9), 0.5, 0.0) == (0, 0, 1600, 900)
    assert crop_box(1600, 1000, (1, 1), 1.0, 0.5) == (600, 0, 1600, 1000)
    assert crop_box(1000, 1250, (1, 1), 0.5, 0.3) == (0, 0, 1000, 1000)


def test_new_focal_point_remakes_only_the_crops_and_keeps_the_old_files(
    media, django_capture_on_commit_callbacks
):
    photo = import_photo(two_tone(1200, 800), "harbour.png", alt_text="Harbour")
    before = dict(photo.renditions.values_list("file", "crop"))
    photo.focal_x, photo.focal_y = 0.9, 0.2
    with django_capture_on_commit_callbacks(execute=True):
        save_photo(photo)
    after = dict(photo.renditions.values_list("file", "crop"))
    kept = {name for name, crop in before.items() if crop == "full"}
    assert kept <= set(after)
    assert not {name for name, crop in before.items() if crop != "full"} & set(after)
    # The old crops' addresses went out on pages already published: their files stay.
    assert set(files_under(media)) == set(after) | set(before) | {photo.image.name}


def test_a_failed_database_write_leaves_no_files_and_no_rows(media):
    with (
        mock.patch.object(Rendition.objects, "bulk_create", side_effect=DatabaseError("down")),
        pytest.raises(DatabaseError),
    ):
        import_photo(two_tone(700, 500), "photo.png", alt_text="A photo")
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert files_under(media) == []


def test_admin_failing_after_the_photo_was_saved_leaves_no_files_and_no_rows(editor_client, media):
    from django.contrib.admin import ModelAdmin
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("photo.png", two_tone(700, 500), content_type="image/png")
    with (
        mock.patch.object(ModelAdmin, "log_addition", side_effect=DatabaseError("log full")),
        pytest.raises(DatabaseError),
    ):
        editor_client.post(
            reverse("admin:articles_photo_add"),
            {"image": upload, "alt_text": "A photo", "caption": "", "credit": ""},
        )
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert files_under(media) == []


def test_storage_failing_half_way_leaves_no_files_and_no_rows(media):
    storage = Photo._meta.get_field("image").storage
    real_save = storage.save
    calls = []

    def flaky_save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 6:
            raise OSError("disk full")
        return real_save(name, content, *args, **kwargs)

    with mock.patch.object(storage, "save", flaky_save), pytest.raises(PhotoNotStored):
        import_photo(two_tone(700, 500), "photo.png", alt_text="A photo")
    assert len(calls) == 6
    assert not Photo.objects.exists() and files_under(media) == []


def test_regenerate_command_remakes_lost_files_and_everything_with_force(media):
    photo = make_photo(width=900, height=600)
    lost = photo.renditions.get(crop="full", format="avif", width=640)
    Path(media, lost.file.name).unlink()
    out = io.StringIO()
    call_command("regenerate_renditions", stdout=out)
    assert "Made 1 renditions for 1 of 1 photos." in out.getvalue()
    assert lost.file.name in files_under(media)

    out = io.StringIO()
    call_command("regenerate_renditions", "--force", stdout=out)
    assert f"Made {photo.renditions.count()} renditions for 1 of 1 photos." in out.getvalue()
    assert set(files_under(media)) == set(Rendition.objects.values_list("file", flat=True)) | {
        photo.image.name
    }


def test_deleting_an_unused_photo_deletes_its_files_a_used_one_is_kept(
    media, django_capture_on_commit_callbacks
):
    used = make_photo()
    make_article(lead_photo=used)
    with pytest.raises(ProtectedError):
        delete_photo(used)
    portrait = make_photo()
    make_reporter(portrait=portrait)
    with pytest.raises(ProtectedError):
        delete_photo(portrait)
    unused = make_photo()
    unused_files = {unused.image.name, *unused.renditions.values_list("file", flat=True)}
    with django_capture_on_commit_callbacks(execute=True):
        delete_photo(unused)
    assert not unused_files & set(files_under(media))
    assert used.image.name in files_under(media) and portrait.image.name in files_under(media)


# --- Pages ------------------------------------------------------------------------------------


def urls_in(srcset):
    return [item.strip().split(" ")[0] for item in srcset.split(",")]


def assert_stored(settings, url):
    assert url.startswith(settings.MEDIA_URL), url
    name = url.removeprefix(settings.MEDIA_URL)
    assert Path(settings.MEDIA_ROOT, name).is_file(), name


def test_article_page_serves_pictures_with_avif_jpeg_and_dimensions(client, html, media, settings):
    lead = import_photo(two_tone(1600, 1000), "lead.png", alt_text="Flooded street")
    body_photo = import_photo(two_tone(900, 600), "body.png", alt_text="Sandbags")
    article = make_article(
        lead_photo=lead, blocks=[{"kind": "photo", "photo": body_photo, "caption": "Sandbags"}]
    )
    page = html(client.get(article.get_absolute_url()))
    lead_picture = page.cssselect("figure.photo--lead picture")[0]
    source = lead_picture.cssselect("source")[0]
    assert source.get("type") == "image/avif"
    assert source.get("sizes")
    assert [url.rsplit("-", 1)[1] for url in urls_in(source.get("srcset"))] == [
        "320.avif",
        "640.avif",
        "960.avif",
        "1280.avif",
    ]
    img = lead_picture.cssselect("img")[0]
    assert (img.get("width"), img.get("height")) == ("1280", "800")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("alt") == "Flooded street"
    assert img.get("src").endswith("-640.jpg")
    assert re.search(r"-1280\.jpg 1280w$", img.get("srcset"))
    for url in [img.get("src"), *urls_in(img.get("srcset")), *urls_in(source.get("srcset"))]:
        assert_stored(settings, url)

    body_img = page.cssselect(".article__body figure.photo picture img")[0]
    assert body_img.get("loading") == "lazy" and body_img.get("fetchpriority") is None
    assert (body_img.get("width"), body_img.get("height")) == ("900", "600")


def test_teasers_use_the_wide_crop_and_portraits_the_square_one(client, html, media, settings):
    reporter = make_reporter(
        portrait=import_photo(two_tone(800, 1000), "face.png", alt_text="Ann Lee")
    )
    section = make_section()
    for n in range(3):
        photo = import_photo(two_tone(1200, 800), f"p{n}.png", alt_text=f"Scene {n}")
        make_article(section=section, lead_photo=photo, reporters=[reporter])

    front = html(client.get(reverse("articles:front-page")))
    lead_img = front.cssselect(".teaser--lead .teaser__photo img")[0]
    assert lead_img.get("fetchpriority") == "high" and lead_img.get("alt") == "Scene 2"
    teaser_imgs = front.cssselect(".teaser-grid .teaser__photo img")
    assert len(teaser_imgs) == 2
    for img in teaser_imgs:
        assert img.get("alt") == "" and img.get("loading") == "lazy"
        assert (img.get("width"), img.get("height")) == ("960", "540")
        assert all("/16x9-" in url for url in urls_in(img.get("srcset")))
        sources = img.xpath("ancestor::picture")[0].cssselect("source")
        wide = [source for source in sources if not source.get("media")][0]
        for url in urls_in(wide.get("srcset")):
            assert "/16x9-" in url and url.endswith(".avif")
            assert_stored(settings, url)
        # Phones get the square crop as a small thumbnail beside the headline, AVIF first.
        narrow = [source for source in sources if source.get("media")]
        assert [source.get("type") for source in narrow] == ["image/avif", "image/jpeg"]
        for source in narrow:
            assert source.get("media") == "(max-width: 37.5rem)" and source.get("sizes") == "6rem"
            for url in urls_in(source.get("srcset")):
                assert "/1x1-" in url
                assert_stored(settings, url)

    page = html(client.get(reporter.get_absolute_url()))
    portrait = page.cssselect("img.reporter__portrait")[0]
    assert portrait.get("alt") == "Ann Lee"
    assert (portrait.get("width"), portrait.get("height")) == ("480", "480")
    assert all("/1x1-" in url for url in urls_in(portrait.get("srcset")))
    assert portrait.xpath("ancestor::picture")


def test_photo_without_renditions_yet_falls_back_to_the_original(client, html, media):
    photo = make_photo(width=300, height=200)
    Photo.objects.filter(pk=photo.pk).update(renditions_digest="")
    article = make_article(lead_photo=photo)
    img = html(client.get(article.get_absolute_url())).cssselect("figure.photo--lead img")[0]
    assert img.get("src") == photo.image.url
    assert img.get("srcset") is None
    assert (img.get("width"), img.get("height")) == ("300", "200")


# --- The Photo admin --------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_photo_list_shows_thumbnail_size_credit_and_uses(editor_client, html, media):
    photo = make_photo(width=800, height=500, credit="Priya Shah/Agency North")
    make_article(lead_photo=photo)
    make_photo(caption="Never used")
    page = html(editor_client.get(reverse("admin:articles_photo_changelist")))
    row = next(
        r for r in page.cssselect("#result_list tbody tr") if "Agency North" in r.text_content()
    )
    thumb = row.cssselect("img")[0]
    assert "/full-" in thumb.get("src") and thumb.get("src").endswith("-320.jpg")
    assert "800 × 500" in row.text_content()
    assert row.cssselect("td.field-uses")[0].text_content() == "1"


def test_photo_page_links_every_use_and_sets_the_focal_point(editor_client, html, media):
    photo = make_photo(width=800, height=500)
    lead_of = make_article(headline="Storm hits the coast", lead_photo=photo)
    in_body = make_article(headline="Clean-up begins", blocks=[{"kind": "photo", "photo": photo}])
    reporter = make_reporter(name="Ann Lee", portrait=photo)
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    page = html(editor_client.get(url))
    uses = {a.text_content(): a.get("href") for a in page.cssselect(".photo-uses a")}
    assert uses == {
        "Storm hits the coast": reverse("admin:articles_article_change", args=[lead_of.pk]),
        "Clean-up begins": reverse("admin:articles_article_change", args=[in_body.pk]),
        "Ann Lee": reverse("admin:articles_reporter_change", args=[reporter.pk]),
    }
    assert page.cssselect("[data-focal-picker] img")
    assert not page.cssselect("[style]"), "no inline style under the CSP"

    old_crops = set(photo.renditions.filter(crop="16:9").values_list("file", flat=True))
    response = editor_client.post(
        url,
        {
            "alt_text": photo.alt_text,
            "caption": "New caption",
            "credit": photo.credit,
            "focal_x": "0.8",
            "focal_y": "0.25",
        },
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y, photo.caption) == (0.8, 0.25, "New caption")
    new_crops = set(photo.renditions.filter(crop="16:9").values_list("file", flat=True))
    assert new_crops and not new_crops & old_crops


@pytest.mark.parametrize(
    ("focal_x", "focal_y", "message"),
    [
        ("0.5", "", "Give both numbers of the focal point"),
        ("1.5", "0.5", "less than or equal to 1"),
        ("-0.1", "0.5", "greater than or equal to 0"),
    ],
)
def test_focal_point_out_of_range_or_half_given_is_refused(
    editor_client, html, media, focal_x, focal_y, message
):
    photo = make_photo()
    response = editor_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {"alt_text": "A", "caption": "", "credit": "", "focal_x": focal_x, "focal_y": focal_y},
    )
    assert response.status_code == 200
    assert message in " ".join(e.text_content() for e in html(response).cssselect(".errorlist"))
    photo.refresh_from_db()
    assert photo.focal_x is None


def test_replacing_the_file_stores_a_new_original_and_keeps_the_old_files(
    editor_client, media, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = make_photo(width=400, height=300)
    old = set(files_under(media))
    replacement = SimpleUploadedFile("new.png", two_tone(640, 480), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_photo_change", args=[photo.pk]),
            {"image": replacement, "alt_text": "A", "caption": "", "credit": ""},
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (640, 480) and photo.image.name.endswith(".png")
    now = set(files_under(media))
    assert photo.image.name not in old
    # Pages already out show the old files: they stay until the photo is deleted.
    assert now == set(photo.renditions.values_list("file", flat=True)) | {photo.image.name} | old


def test_demo_photos_come_through_the_pipeline_and_the_lead_is_light(media):
    from articles.demo import loader as demo

    lead = demo.demo_photo("flood-bridge")
    # Drawn by the site itself, under a name the server chose, never an uploader's.
    assert lead.image.name == "photos/demo/flood-bridge.jpg"
    assert lead.rendition_plan is not None
    modern = lead.renditions.get(crop="full", format="avif", width=1280)
    assert modern.size <= 150 * 1024, modern.size
    assert demo.demo_photo("flood-bridge") == lead  # loaded once
    portrait = demo.demo_photo("portrait-amara")
    assert (portrait.focal_x, portrait.focal_y) == (0.5, 0.3)


def test_demo_photos_loaded_into_a_new_database_reuse_the_files_on_disk(media):
    """``make run`` after the database was deleted, or a second database sharing the media
    folder: the pictures already drawn are reused, with their sizes and renditions."""
    from articles.demo import loader as demo
    from articles.models import Photo, Rendition

    first = demo.demo_photo("flood-bridge")
    size, renditions = (first.width, first.height), first.renditions.count()
    files = files_under(media)
    Rendition.objects.all().delete()
    Photo.objects.all().delete()  # the rows go; the files stay, as with a new database

    again = demo.demo_photo("flood-bridge")
    assert (again.width, again.height) == size
    assert again.rendition_plan is not None
    assert again.renditions.count() == renditions
    assert files_under(media) == files


def test_loading_the_demo_repairs_demo_photos_stored_without_their_size(media):
    from articles.demo import loader as demo
    from articles.models import Photo

    photo = demo.demo_photo("flood-bridge")
    Photo.objects.filter(pk=photo.pk).update(width=0, height=0, renditions_digest="")
    assert demo.ensure_renditions() == 1
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1600, 1000)
    assert photo.rendition_plan is not None


def test_picture_addresses_follow_the_media_address_and_the_focal_point(media, settings):
    from articles.templatetags.photos import picture

    photo = make_photo(width=900, height=600)
    first = picture(photo, crop="1:1")
    assert first["src"].startswith("/media/photos/")
    settings.MEDIA_URL = "https://media.example.org/files/"
    moved = picture(photo, crop="1:1")
    assert moved["src"] == first["src"].replace("/media/", "https://media.example.org/files/")
    assert moved["sources"][0]["srcset"].startswith("https://media.example.org/files/")

    photo.focal_x, photo.focal_y = 0.1, 0.5
    save_photo(photo)
    refocused = picture(photo, crop="1:1")
    assert refocused["src"] != moved["src"]
    assert refocused["src"] in {r.file.url for r in photo.renditions.all()}


def test_a_demo_photo_can_be_a_photograph_of_the_newsroom_s_own(media, tmp_path, monkeypatch):
    """README, "Demo newsroom": an entry with a ``file`` is imported from that photograph
    (checked and cleaned like an upload) instead of being drawn."""
    from articles.demo import content
    from articles.demo import loader as demo

    photograph = tmp_path / "quay.png"
    photograph.write_bytes(two_tone(1200, 800))
    monkeypatch.setitem(
        content.PHOTOS,
        "flood-bridge",
        {**content.PHOTOS["flood-bridge"], "file": str(photograph)},
    )
    photo = demo.demo_photo("flood-bridge")
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.image.name.startswith("photos/") and "demo" not in photo.image.name
    assert photo.alt_text == content.PHOTOS["flood-bridge"]["alt"]
    assert photo.rendition_plan is not None
    assert demo.demo_photo("flood-bridge") == photo  # loaded once


# --- Memory -----------------------------------------------------------------------------------


def test_renditions_free_the_full_size_photo_before_the_first_encoding():
    """The full image of a 24-megapixel photo is about 100 MB: it is freed once each crop is
    scaled from it, not held through the slow encodings (``make images-bench`` measures it)."""
    from articles.photos import renditions

    image = Image.open(io.BytesIO(two_tone(1600, 1200)))
    image.load()
    plan = renditions.rendition_plan("photos/t/harbour.png", 1600, 1200)
    open_at_first_encoding = []
    real_encode = renditions.encode

    def watching_encode(scaled, fmt):
        if not open_at_first_encoding:
            open_at_first_encoding.append(is_open(image))
        return real_encode(scaled, fmt)

    with mock.patch.object(renditions, "encode", watching_encode):
        made = list(renditions.render(image, plan.specs, close_source=True))
    assert {spec for spec, _ in made} == set(plan.specs)
    assert open_at_first_encoding == [False]


def test_saving_a_photo_frees_its_decoded_image(media):
    from articles.photos.uploads import prepare

    prepared = prepare(two_tone(900, 600), "harbour.png")
    save_photo(Photo(alt_text="Harbour"), prepared)
    assert not is_open(prepared.image)


def is_open(image):
    try:
        image.getbbox()
    except ValueError:  # "Operation on closed image"
        return False
    return True
