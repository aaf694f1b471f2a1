"""The photo pipeline: every photo the newsroom stores comes through here.

The Photo admin form and every import (the demo newsroom included) call the same functions:

1. ``prepare(file, name)`` checks the upload and decodes it once. The format is decided from the
   file's content, opened with an explicit allowlist (JPEG, PNG, WebP, AVIF); a file name whose
   extension does not match the content is refused (not corrected), as are empty files, files over
   10 MiB, images over 40 megapixels (width × height × frames for animations; Pillow's
   decompression-bomb warning counts as an error) and files that cannot be decoded to the end.
   The result is upright (EXIF orientation applied), in sRGB (converted through its embedded ICC
   profile) and carries no metadata at all: EXIF, GPS, XMP, comments and profiles are dropped.
   Animations keep their first frame.
2. ``save_photo(photo, prepared)`` stores a re-encoded original under a server-made name in a
   dated folder (the uploader's file name is never used), the renditions, and the rows, all or
   nothing: if a database write fails, every file written is deleted again.

Renditions are several widths of the whole photo and of two crops (16:9 for teasers, 1:1 for
portraits) that keep the focal point, each as AVIF plus a JPEG fallback. Their names are
deterministic: made from the original's unique name, the crop box and the encoder settings, so a
name never changes its content (safe to serve with far-future cache headers) and public pages
compute every ``srcset`` from the photo row alone, without a query or a storage call. A
``Rendition`` row records each file; ``Photo.renditions_digest`` says the set for the current plan
is complete (otherwise pages fall back to the original).
"""

import hashlib
import io
import unicodedata
import uuid
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow format name -> (name editors know, file name extensions).
ACCEPTED = {
    "JPEG": ("JPEG", (".jpg", ".jpeg")),
    "PNG": ("PNG", (".png",)),
    "WEBP": ("WebP", (".webp",)),
    "AVIF": ("AVIF", (".avif",)),
}
SUPPORTED_TEXT = "JPEG, PNG, WebP or AVIF"

# Renditions. Bump RENDITION_VERSION when the way files are made changes in a way the settings
# below do not show (e.g. a new resampling filter): every name changes, `regenerate_renditions`
# makes the new set.
RENDITION_VERSION = 1
CROPS = {
    # crop: (aspect ratio or None for the whole photo, widths)
    "full": (None, (320, 640, 960, 1280, 1920)),
    "16:9": ((16, 9), (320, 640, 960, 1280)),
    "1:1": ((1, 1), (160, 320, 480)),
}
# Measured on the demo photos (1280 px wide, 2 shared cores): AVIF quality 60 at speed 9 is about
# 40 % smaller than WebP at the same PSNR and as fast; speeds 6-8 give the same bytes 2-4 times
# slower. The JPEG fallback serves browsers without AVIF.
ENCODINGS = {
    "avif": ("AVIF", "image/avif", {"quality": 60, "speed": 9}),
    "jpeg": ("JPEG", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
}
ORIGINAL_JPEG = {"quality": 90, "optimize": True}


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


# --- 1. Checking and decoding an upload -------------------------------------------------------


@dataclass
class PreparedPhoto:
    """A checked upload, decoded and cleaned: RGB or RGBA, upright, sRGB, no metadata."""

    image: Image.Image
    source_format: str

    @property
    def size(self):
        return self.image.size

    def encode_original(self):
        """The stored original: PNG when it has transparency or came as PNG, JPEG otherwise."""
        buffer = io.BytesIO()
        if self.image.mode == "RGBA" or self.source_format == "PNG":
            self.image.save(buffer, "PNG")
            return buffer.getvalue(), ".png"
        self.image.save(buffer, "JPEG", **ORIGINAL_JPEG)
        return buffer.getvalue(), ".jpg"


def clean_file_name_suffix(name):
    """The extension of an uploaded file's name, lower-cased, ignoring folders (either slash),
    invisible formatting characters (bidi controls) and surrounding spaces."""
    name = "".join(ch for ch in str(name) if unicodedata.category(ch) not in {"Cf", "Cc"})
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return PurePosixPath(base).suffix.lower()


def _read_limited(file):
    if isinstance(file, bytes | bytearray):
        return bytes(file), len(file)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    size = getattr(file, "size", None)
    return data, size if isinstance(size, int) else len(data)


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f}" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f}"


def prepare(file, name=None):
    """Check an upload and decode it: a ``PreparedPhoto`` or a ``ValidationError`` that tells
    the editor what to do. ``name`` is the uploaded file's name, used only for its extension."""
    data, size = _read_limited(file)
    if size == 0 or not data:
        raise _error("The file is empty. Choose the photo again and upload it.", "empty")
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise _error(
            "This file is %(size)s MB; a photo may be at most 10 MB. "
            "Export it as a JPEG of at most 10 MB and upload that.",
            "too_big",
            size=f"{max(size, len(data)) / 1024 / 1024:.1f}",
        )
    with warnings.catch_warnings():
        # Pillow warns of a "decompression bomb" only far above our limit; here it is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
        except Image.DecompressionBombWarning as exc:
            raise _too_many_pixels_error(_dimensions(data)) from exc
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels_error(None) from exc
        except UnidentifiedImageError as exc:
            raise _error(
                "This file is not an image Newsroom accepts. "
                f"Upload a photo saved as {SUPPORTED_TEXT}.",
                "unsupported",
            ) from exc
        except Exception as exc:  # any other failure to read the header: a damaged file
            raise _corrupt_error() from exc
        source_format = "JPEG" if image.format == "MPO" else image.format
        _check_name(source_format, name)
        width, height = image.size
        # Phone photos (MPO) carry a depth map or preview as a second picture, not an animation.
        frames = 1 if image.format == "MPO" else getattr(image, "n_frames", 1)
        if width * height * frames > MAX_PIXELS:
            raise _too_many_pixels_error((width, height, frames))
        try:
            image.seek(0)
            image.load()  # decoded to the end: a truncated or corrupt file fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels_error(None) from exc
        except Exception as exc:
            raise _corrupt_error() from exc
    try:
        return PreparedPhoto(_normalise(image), source_format)
    except (OSError, ValueError) as exc:  # pixel data Pillow cannot convert
        raise _corrupt_error() from exc


def _dimensions(data):
    """Width, height and frames from the header alone (nothing is decoded), for the message."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
            return (*image.size, getattr(image, "n_frames", 1))
        except Exception:
            return None


def _check_name(source_format, name):
    if name is None:
        return
    label, extensions = ACCEPTED[source_format]
    if clean_file_name_suffix(name) not in extensions:
        raise _error(
            "This file is a %(format)s image, but its name does not end in %(extensions)s. "
            "Rename it and upload it again.",
            "extension_mismatch",
            format=label,
            extensions=" or ".join(extensions),
        )


def _too_many_pixels_error(dimensions):
    if dimensions is None:
        return _error(
            "This image has far more than 40 megapixels. "
            "Export it smaller (6000 × 4000 pixels is plenty) and upload that.",
            "too_many_pixels",
        )
    width, height, frames = dimensions
    if frames > 1:
        return _error(
            "This animation has %(frames)s frames of %(width)s × %(height)s pixels, "
            "%(megapixels)s megapixels in all; at most 40 megapixels are accepted.",
            "too_many_pixels",
            frames=frames,
            width=width,
            height=height,
            megapixels=_megapixels(width * height * frames),
        )
    return _error(
        "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); at most "
        "40 megapixels are accepted. Export it smaller (6000 × 4000 pixels is plenty).",
        "too_many_pixels",
        width=width,
        height=height,
        megapixels=_megapixels(width * height),
    )


def _corrupt_error():
    return _error(
        "This file is damaged or incomplete: it could not be read to the end. "
        "Export the photo again and upload the new file.",
        "corrupt",
    )


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _normalise(image):
    """Upright, sRGB, RGB or RGBA, with no metadata."""
    icc_profile = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode in {"I", "F"} or image.mode.startswith("I;16"):
        # 16-bit greyscale: scale to 8 bits instead of clipping.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    target = "RGBA" if image.has_transparency_data else "RGB"
    if icc_profile:
        try:
            if image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
                image = image.convert(target)
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                _SRGB,
                outputMode=target,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            # A profile LittleCMS cannot use: keep the pixel values, treated as sRGB.
            pass
    if image.mode != target:
        image = image.convert(target)
    # A new, plain image: one frame, nothing carried over from the file (info, EXIF, profile).
    clean = Image.new(target, image.size)
    clean.paste(image)
    return clean


# --- 2. Renditions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RenditionSpec:
    crop: str
    width: int
    height: int
    format: str  # a key of ENCODINGS
    box: tuple[int, int, int, int]
    name: str

    @property
    def mime_type(self):
        return ENCODINGS[self.format][1]


@dataclass(frozen=True)
class RenditionPlan:
    specs: tuple[RenditionSpec, ...]
    digest: str

    def for_crop(self, crop):
        return [spec for spec in self.specs if spec.crop == crop]


def crop_box(width, height, ratio, focal_x=None, focal_y=None):
    """The largest box of ``ratio`` inside the photo, centred on the focal point as far as the
    edges allow (the centre when no focal point is set)."""
    if ratio is None:
        return (0, 0, width, height)
    rw, rh = ratio
    fx = 0.5 if focal_x is None else focal_x
    fy = 0.5 if focal_y is None else focal_y
    if width * rh > height * rw:  # wider than the ratio: cut the sides
        box_w, box_h = max(1, round(height * rw / rh)), height
    else:
        box_w, box_h = width, max(1, round(width * rh / rw))
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def rendition_widths(available, standard):
    """The standard widths that fit (never upscaled), plus the photo's own width when the
    largest of those would lose more than a quarter of it (a 500 px photo is not cut to 320)."""
    widths = [w for w in standard if w <= available]
    if available < standard[-1] and (not widths or widths[-1] < 0.75 * available):
        widths.append(available)
    return widths


@lru_cache(maxsize=4096)
def rendition_plan(image_name, width, height, focal_x=None, focal_y=None):
    """Every rendition a photo has: a pure function of the photo row, so pages need no query."""
    if not image_name or not width or not height:
        return RenditionPlan((), "")
    stem = PurePosixPath(image_name).with_suffix("")
    specs = []
    for crop, (ratio, standard) in CROPS.items():
        box = crop_box(width, height, ratio, focal_x, focal_y)
        box_w, box_h = box[2] - box[0], box[3] - box[1]
        for fmt, (_, _, options) in ENCODINGS.items():
            key = f"{image_name}|{crop}|{box}|{fmt}|{sorted(options.items())}|{RENDITION_VERSION}"
            digest = hashlib.sha256(key.encode()).hexdigest()[:10]
            extension = "jpg" if fmt == "jpeg" else fmt
            for w in rendition_widths(box_w, standard):
                h = max(1, round(w * box_h / box_w))
                name = f"{stem}/{crop.replace(':', 'x')}-{digest}-{w}.{extension}"
                specs.append(RenditionSpec(crop, w, h, fmt, box, name))
    digest = hashlib.sha256("\n".join(spec.name for spec in specs).encode()).hexdigest()[:16]
    return RenditionPlan(tuple(specs), digest)


def plan_for(photo):
    return rendition_plan(photo.image.name, photo.width, photo.height, photo.focal_x, photo.focal_y)


def encode(image, fmt):
    pillow_format, _, options = ENCODINGS[fmt]
    if pillow_format == "JPEG" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def render(image, specs: Iterable[RenditionSpec]) -> Iterator[tuple[RenditionSpec, bytes]]:
    """Encode ``specs`` from the full-size ``image``. Each crop is scaled once to its largest
    width; the smaller widths are scaled from that, which is several times faster on big photos
    and indistinguishable."""
    by_crop = {}
    for spec in specs:
        by_crop.setdefault((spec.crop, spec.box), {}).setdefault(
            (spec.width, spec.height), []
        ).append(spec)
    for (_, box), sizes in by_crop.items():
        region = image if box == (0, 0, *image.size) else image.crop(box)
        base = None
        for size in sorted(sizes, reverse=True):
            source = base or region
            scaled = (
                source
                if size == source.size
                else source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
            base = base or scaled
            for spec in sizes[size]:
                yield spec, encode(scaled, spec.format)


# --- 3. Storing: files and rows, all or nothing -----------------------------------------------


class WrittenFiles:
    """The files written during one change, to delete again if it fails."""

    def __init__(self, storage):
        self.storage = storage
        self.names = []

    def save(self, name, data):
        existed = self.storage.exists(name)
        if existed:
            # Names are made from the content's recipe, so the file there has the same bytes
            # (a forced regeneration, or a file left by a change that failed half-way): replace
            # it, and keep it if this change fails.
            self.storage.delete(name)
        saved = self.storage.save(name, ContentFile(data))
        if not existed or saved != name:
            self.names.append(saved)
        if saved != name:
            raise RuntimeError(f"Storage saved {name!r} as {saved!r}.")
        return saved

    def discard(self, since=0):
        delete_files(self.storage, self.names[since:])
        del self.names[since:]


_written_files = ContextVar("photo_files_written", default=None)


def _photo_storage():
    from .models import Photo

    return Photo._meta.get_field("image").storage


@contextmanager
def atomic_files():
    """``transaction.atomic`` for photo files too: if the block fails, every file written in it
    is deleted again. Nested blocks join the outermost one, so wrapping a larger change (the
    admin's whole form, an import) also cleans up after a failure that comes after the photo
    was saved, when the database rolls the photo's rows back."""
    written = _written_files.get()
    if written is not None:
        since = len(written.names)
        try:
            with transaction.atomic():
                yield written
        except BaseException:
            written.discard(since)
            raise
        return
    written = WrittenFiles(_photo_storage())
    token = _written_files.set(written)
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        written.discard()
        raise
    finally:
        _written_files.reset(token)


def delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


def original_name(extension):
    """A server-made name under a dated folder: ``photos/2026/05/<random>.jpg``."""
    return timezone.now().strftime(f"photos/%Y/%m/{uuid.uuid4().hex}{extension}")


def save_photo(photo, prepared=None, *, stored_name=None):
    """Save ``photo`` (new or changed) with its new image ``prepared``, if any, and make the
    renditions its current image and focal point need: files and rows, all or nothing. Files
    the photo no longer needs are deleted once the change is committed.

    ``stored_name`` replaces the random server-made name, for photos the site draws itself (the
    demo newsroom): a file already stored under it is the same picture and is kept."""
    from .models import Photo

    storage = _photo_storage()
    old_original = None
    if prepared is not None and photo.pk:
        old_original = Photo.objects.filter(pk=photo.pk).values_list("image", flat=True).first()
    with atomic_files() as written:
        if prepared is not None:
            if stored_name and storage.exists(stored_name):
                photo.image.name = stored_name
            else:
                data, extension = prepared.encode_original()
                photo.image.name = written.save(stored_name or original_name(extension), data)
            photo.width, photo.height = prepared.size
        if not photo.image.name:
            raise ValueError("A photo needs its image.")
        photo.save()
        sync_renditions(photo, prepared.image if prepared is not None else None)
        if old_original and old_original != photo.image.name:
            transaction.on_commit(lambda: delete_files(storage, [old_original]))
    return photo


def stored_size(photo):
    """The stored original's width and height, read from its header."""
    with photo.image.storage.open(photo.image.name) as file, Image.open(file) as image:
        return image.size


def open_original(photo):
    with photo.image.storage.open(photo.image.name) as file:
        image = Image.open(io.BytesIO(file.read()), formats=["JPEG", "PNG"])
        image.load()
    return image


def sync_renditions(photo, source=None, *, force=False):
    """Make the renditions ``photo`` lacks (all of them with ``force``) and drop those it no
    longer needs, whose files are deleted once the change is committed; return how many were
    made. ``source`` is the full image when it is at hand (otherwise the stored original is
    read)."""
    from .models import Photo, Rendition

    storage = photo.image.storage
    plan = plan_for(photo)
    existing = {r.file.name: r for r in photo.renditions.all()}
    wanted = {spec.name for spec in plan.specs}
    stale = [r for name, r in existing.items() if force or name not in wanted]
    missing = [spec for spec in plan.specs if force or spec.name not in existing]
    unneeded = [r.file.name for r in stale if r.file.name not in wanted]
    # A file already stored under a rendition's name has the same bytes (the name is made from
    # the original's name, the crop and the encoder settings): it is kept, not encoded again.
    kept = [] if force else [spec for spec in missing if storage.exists(spec.name)]
    to_encode = [spec for spec in missing if spec not in kept]
    with atomic_files() as written:
        if stale:
            Rendition.objects.filter(pk__in=[r.pk for r in stale]).delete()
        if missing:

            def row(spec, size):
                return Rendition(
                    photo=photo,
                    crop=spec.crop,
                    width=spec.width,
                    height=spec.height,
                    format=spec.format,
                    file=spec.name,
                    size=size,
                )

            rows = [row(spec, storage.size(spec.name)) for spec in kept]
            if to_encode and source is None:
                source = open_original(photo)
            for spec, data in render(source, to_encode) if to_encode else ():
                written.save(spec.name, data)
                rows.append(row(spec, len(data)))
            Rendition.objects.bulk_create(rows)
        if photo.renditions_digest != plan.digest:
            photo.renditions_digest = plan.digest
            Photo.objects.filter(pk=photo.pk).update(renditions_digest=plan.digest)
        if unneeded:
            transaction.on_commit(lambda: delete_files(storage, unneeded))
    return len(missing)


def delete_photo(photo):
    """Delete a photo no article or reporter uses (the database refuses otherwise), then its
    original and renditions once the deletion is committed."""
    storage = photo.image.storage
    names = [photo.image.name, *photo.renditions.values_list("file", flat=True)]
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: delete_files(storage, names))


def import_photo(file, name=None, *, stored_name=None, **fields):
    """Create a photo from a file, through the same checks as an upload (for imports and the
    demo newsroom)."""
    from .models import Photo

    return save_photo(Photo(**fields), prepare(file, name), stored_name=stored_name)
