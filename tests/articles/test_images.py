"""The photo desk's upload pipeline, as an editor meets it in the admin: what is refused (with a
clear error, nothing stored) and, for what is accepted, what is actually stored."""

import io
import re
import struct
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Photo, Rendition
from articles.photos.storage import import_photo
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

SERVER_NAME = re.compile(r"^photos/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png)$")


@pytest.fixture
def media(settings, tmp_path):
    """An empty media folder of this test's own, so "nothing stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def upload(client, filename, data, content_type="application/octet-stream", **fields):
    """POST the Photo admin's add form as a browser does, with the file name exactly as given
    (the test client would tidy it first)."""
    boundary = "----newsroom-test-boundary"
    fields = {
        "alt_text": "Volunteers pass sandbags along a line",
        "caption": "Volunteers fill sandbags by the river",
        "credit": "Sam Lee/Northern Pictures",
        "focal_x": "",
        "focal_y": "",
        "_save": "Save",
        **fields,
    }
    body = b""
    for key, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        ).encode()
    body += (
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="image"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
    ).encode() + data
    body += f"\r\n--{boundary}--\r\n".encode()
    return client.generic(
        "POST",
        reverse("admin:articles_photo_add"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


# --- Fixtures, made here in code -------------------------------------------------------------


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_like(width=600, height=400):
    """A JPEG-friendly picture with detail: a gradient with noise, so it compresses like one."""
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(gradient, noise, 0.3)


def jpeg(width=120, height=80, **options):
    return encoded(photo_like(width, height), "JPEG", quality=90, **options)


def psd(width=8, height=6):
    """A minimal Photoshop file (Pillow reads these, so only the allowlist refuses it)."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)
    sections = struct.pack(">III", 0, 0, 0)  # colour mode data, resources, layers: empty
    pixels = struct.pack(">H", 0) + b"".join(bytes([v]) * width * height for v in (200, 60, 40))
    return header + sections + pixels


def animated_webp(frames, width, height):
    images = [Image.new("RGB", (width, height), (20 * i, 80, 120)) for i in range(frames)]
    return encoded(images[0], "WEBP", save_all=True, append_images=images[1:], lossless=True)


def gps_jpeg():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    data = jpeg(exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "fixture must carry GPS"
    return data


def rotated_jpeg():
    """Stored sideways with EXIF orientation 6 (turn 90° clockwise to view): 60 × 40 as
    stored, red on the left, blue on the right; upright it is 40 × 60, red on top."""
    image = Image.new("RGB", (60, 40), (220, 20, 20))
    image.paste((20, 20, 220), (30, 0, 60, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    return encoded(image, "JPEG", quality=95, exif=exif)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def swapped_primaries_profile():
    """An ICC RGB profile whose red and green primaries are sRGB's green and red: pure red
    in it is pure green in sRGB, so a converted pixel shows the conversion happened."""
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(2.2 * 256)) + bytes(2)
    text = b"Swapped\0"
    tags = [
        (b"desc", b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(8 + 3 + 67)),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*green)),
        (b"gXYZ", _xyz(*red)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = data = b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + data


UNSUPPORTED = "Upload a photo saved as JPEG, PNG, WebP or AVIF."

BAD_UPLOADS = [
    ("empty file", "photo.jpg", lambda: b"", "The file is empty."),
    ("text renamed .jpg", "photo.jpg", lambda: b"Notes from the council meeting.\n", UNSUPPORTED),
    (
        "SVG with a script",
        "chart.svg",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(document.cookie)</script></svg>"
        ),
        UNSUPPORTED,
    ),
    (
        "SVG with a script, named .jpg",
        "chart.jpg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        UNSUPPORTED,
    ),
    (
        "HTML page",
        "page.html",
        lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        UNSUPPORTED,
    ),
    ("PHP script", "shell.php", lambda: b"<?php system($_GET['c']); ?>", UNSUPPORTED),
    (
        "PHP script named .jpg",
        "shell.php.jpg",
        lambda: b"<?php system($_GET['c']); ?>",
        UNSUPPORTED,
    ),
    (
        "Windows program",
        "setup.exe",
        lambda: b"MZ\x90\x00\x03" + bytes(59) + b"PE\x00\x00" + bytes(200),
        UNSUPPORTED,
    ),
    (
        "JPEG bytes named .png",
        "photo.png",
        jpeg,
        "This file is a JPEG image, but its name does not end in .jpg or .jpeg.",
    ),
    (
        "JPEG bytes named .php",
        "photo.jpg.php",
        jpeg,
        "This file is a JPEG image, but its name does not end in .jpg or .jpeg.",
    ),
    (
        "JPEG hiding .exe behind a bidi override",
        "holiday\u202egpj.exe",
        jpeg,
        "This file is a JPEG image, but its name does not end in .jpg or .jpeg.",
    ),
    ("TIFF", "scan.tif", lambda: encoded(photo_like(64, 40), "TIFF"), UNSUPPORTED),
    ("TIFF named .jpg", "scan.jpg", lambda: encoded(photo_like(64, 40), "TIFF"), UNSUPPORTED),
    ("BMP", "photo.bmp", lambda: encoded(photo_like(64, 40), "BMP"), UNSUPPORTED),
    ("Photoshop PSD", "layout.psd", psd, UNSUPPORTED),
    ("Windows icon", "favicon.ico", lambda: encoded(photo_like(32, 32), "ICO"), UNSUPPORTED),
    ("GIF", "photo.gif", lambda: encoded(photo_like(64, 40), "GIF"), UNSUPPORTED),
    (
        "truncated JPEG",
        "photo.jpg",
        lambda: jpeg(400, 300)[: len(jpeg(400, 300)) // 2],
        "This file is damaged or incomplete",
    ),
    (
        "100-megapixel PNG, tiny on disk",
        "poster.png",
        lambda: encoded(Image.new("1", (10000, 10000)), "PNG"),
        "This image is 10000 × 10000 pixels (100 megapixels); at most 40 megapixels",
    ),
    (
        "50-megapixel palette PNG (over our limit, under Pillow's)",
        "poster.png",
        lambda: encoded(Image.new("P", (8000, 6250)), "PNG"),
        "This image is 8000 × 6250 pixels (50 megapixels); at most 40 megapixels",
    ),
    (
        "file over 10 MiB",
        "photo.jpg",
        lambda: jpeg() + bytes(10 * 1024 * 1024),
        "a photo may be at most 10 MB",
    ),
    (
        "animation whose frames add up past the limit",
        "loop.webp",
        lambda: animated_webp(11, 2000, 2000),
        "This animation has 11 frames of 2000 × 2000 pixels, 44 megapixels in all",
    ),
]


@pytest.mark.parametrize(
    ("filename", "make_bytes", "message"),
    [row[1:] for row in BAD_UPLOADS],
    ids=[row[0] for row in BAD_UPLOADS],
)
def test_bad_upload_gets_a_clear_error_and_nothing_is_stored(
    editor_client, media, html, filename, make_bytes, message
):
    response = upload(editor_client, filename, make_bytes())
    assert response.status_code == 200
    errors = " ".join(e.text_content() for e in html(response).cssselect(".errorlist"))
    assert message in errors
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert files_under(media) == []


@pytest.mark.parametrize(
    "filename",
    [
        "../../../../etc/cron.d/photo.jpg",
        "..\\..\\Windows\\System32\\photo.jpg",
        "flood/../../../photo.jpg",
        "a" * 296 + ".jpg",
        "\u202eflood\u202c.jpg",
        "\u0635\u0648\u0631\u0629 \u200fflood.jpg",
        "<img src=x onerror=alert(1)>.jpg",
    ],
    ids=[
        "dot-dot slash",
        "backslashes",
        "mixed",
        "300 characters",
        "bidi override",
        "rtl mark",
        "markup",
    ],
)
def test_tricky_names_are_accepted_under_a_safe_server_made_name(editor_client, media, filename):
    response = upload(editor_client, filename, jpeg(), content_type="image/jpeg")
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    assert SERVER_NAME.match(photo.image.name), photo.image.name
    stored = files_under(media)
    assert Path(media) / photo.image.name in stored
    for path in stored:
        relative = path.relative_to(media).as_posix()
        assert re.fullmatch(r"photos/\d{4}/\d{2}/[0-9a-f]{32}(/[0-9a-z-]+)?\.(jpg|avif)", relative)


def stored_bytes(photo):
    with photo.image.open("rb") as file:
        return file.read()


def every_stored_file(media):
    return [path.read_bytes() for path in files_under(media)]


def test_png_with_html_appended_is_stored_without_the_trailing_bytes(editor_client, media):
    trailer = b"<html><body><script>alert(document.cookie)</script></body></html>"
    data = encoded(photo_like(90, 60), "PNG") + trailer
    assert upload(editor_client, "diagram.png", data).status_code == 302
    photo = Photo.objects.get()
    original = stored_bytes(photo)
    assert photo.image.name.endswith(".png")
    assert original.endswith(b"IEND\xaeB`\x82")
    assert all(b"<script>" not in content for content in every_stored_file(media))


def test_gps_and_camera_details_are_not_stored(editor_client, media):
    assert upload(editor_client, "IMG_0001.jpg", gps_jpeg()).status_code == 302
    photo = Photo.objects.get()
    stored = Image.open(photo.image.open("rb"))
    assert not stored.getexif()
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    for content in every_stored_file(media):
        assert b"PhoneMaker" not in content and b"Exif\x00\x00" not in content


def test_sideways_jpeg_is_stored_upright(editor_client, media):
    assert upload(editor_client, "sideways.jpg", rotated_jpeg()).status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (40, 60)
    stored = Image.open(photo.image.open("rb")).convert("RGB")
    assert stored.size == (40, 60)
    top, bottom = stored.getpixel((20, 10)), stored.getpixel((20, 50))
    assert top[0] > 150 and top[2] < 100, top  # red on top
    assert bottom[2] > 150 and bottom[0] < 100, bottom  # blue below
    assert not stored.getexif()


def test_colours_are_converted_to_srgb_through_the_embedded_profile(editor_client, media):
    data = encoded(
        Image.new("RGB", (64, 40), (255, 0, 0)),
        "JPEG",
        quality=95,
        icc_profile=swapped_primaries_profile(),
    )
    assert upload(editor_client, "wide-gamut.jpg", data).status_code == 302
    stored = Image.open(Photo.objects.get().image.open("rb"))
    assert "icc_profile" not in stored.info
    red, green, blue = stored.convert("RGB").getpixel((32, 20))
    assert green > 200 and red < 60 and blue < 60, (red, green, blue)


def test_small_animation_is_accepted_as_its_first_frame(editor_client, media):
    assert upload(editor_client, "loop.webp", animated_webp(3, 80, 50)).status_code == 302
    photo = Photo.objects.get()
    stored = Image.open(photo.image.open("rb"))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    assert (photo.width, photo.height) == (80, 50)


def test_transparent_png_keeps_its_transparency_and_gets_a_white_jpeg_fallback(
    editor_client, media
):
    image = Image.new("RGBA", (80, 50), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (0, 0, 40, 50))
    assert upload(editor_client, "logo.png", encoded(image, "PNG")).status_code == 302
    photo = Photo.objects.get()
    assert Image.open(photo.image.open("rb")).mode == "RGBA"
    fallback = photo.renditions.get(crop="full", format="jpeg")
    pixel = Image.open(fallback.file.open("rb")).convert("RGB").getpixel((70, 25))
    assert min(pixel) > 240, pixel  # transparent parts are white, not black


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_every_supported_format_is_accepted(editor_client, media, fmt):
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}[fmt]
    data = encoded(photo_like(120, 80), fmt)
    assert upload(editor_client, f"photo.{extension.upper()}", data).status_code == 302
    photo = Photo.objects.get()
    assert SERVER_NAME.match(photo.image.name)
    assert (photo.width, photo.height) == (120, 80)


@pytest.mark.parametrize(
    "filename",
    [
        "../../../../etc/cron.d/photo.jpg",
        "..\\..\\Windows\\System32\\photo.jpg",
        "/var/www/html/photo.jpg",
        "a" * 296 + ".jpg",
        "\u202eflood\u202c.jpg",
        "photo.jpg\u200f",
        " photo.JPG ",
    ],
)
def test_imports_with_raw_names_get_server_made_names_too(media, filename):
    """The admin's upload parser tidies names first; imports hand the pipeline whatever name
    they have, and it is never used either."""
    photo = import_photo(jpeg(), filename, alt_text="A photo")
    assert SERVER_NAME.match(photo.image.name), photo.image.name
    assert all(
        path.relative_to(media).as_posix().startswith("photos/") for path in files_under(media)
    )
