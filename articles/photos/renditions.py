"""What is made from each photo, and under which names: pure functions of the photo row
(its image name, size and focal point) that import no model, so pages and models can use them
without a query. ``original_name`` alone reads the clock and a random number: it names a new
upload."""

import hashlib
import io
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from django.utils import timezone
from PIL import Image

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


def render(
    image, specs: Iterable[RenditionSpec], *, close_source=False
) -> Iterator[tuple[RenditionSpec, bytes]]:
    """Encode ``specs`` from the full-size ``image``.

    Each crop is scaled once, straight from the full image to its largest width (``resize`` with
    the crop's box: no full-size copy of the crop is made); the smaller widths are scaled from
    that, which is several times faster on big photos and indistinguishable. Those largest
    scalings are all made first, so with ``close_source`` the full image (about 100 MB for 24
    megapixels) is freed before the first of the slow encodings, not after the last."""
    by_crop = {}
    for spec in specs:
        by_crop.setdefault((spec.crop, spec.box), {}).setdefault(
            (spec.width, spec.height), []
        ).append(spec)
    bases = {key: _scaled(image, key[1], max(sizes)) for key, sizes in by_crop.items()}
    if close_source and all(base is not image for base in bases.values()):
        image.close()
    for key, sizes in by_crop.items():
        base = bases[key]
        for size in sorted(sizes, reverse=True):
            scaled = (
                base
                if size == base.size
                else base.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
            for spec in sizes[size]:
                yield spec, encode(scaled, spec.format)


def _scaled(image, box, size):
    """The ``box`` of ``image`` at ``size``."""
    left, top, right, bottom = box
    if size == (right - left, bottom - top):
        return image if box == (0, 0, *image.size) else image.crop(box)
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def original_name(extension):
    """A server-made name under a dated folder: ``photos/2026/05/<random>.jpg``."""
    return timezone.now().strftime(f"photos/%Y/%m/{uuid.uuid4().hex}{extension}")
