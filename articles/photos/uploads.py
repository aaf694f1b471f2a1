"""Checking and decoding an upload: what is stored is re-encoded from pixels we decoded
ourselves, upright, in sRGB and without metadata. Imports no model."""

import ctypes
import ctypes.util
import functools
import io
import threading
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
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

ORIGINAL_JPEG = {"quality": 90, "optimize": True}

# Photos from this size up are "large": once stored, the worker hands their memory back.
LARGE_PIXELS = 4_000_000


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


@dataclass
class PreparedPhoto:
    """A checked upload, decoded and cleaned: RGB or RGBA, upright, sRGB, no metadata."""

    image: Image.Image
    source_format: str

    @property
    def size(self):
        return self.image.size

    @property
    def is_large(self):
        """Big enough that freeing it is worth handing the memory back (``release_memory``)."""
        return self.image.width * self.image.height >= LARGE_PIXELS

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
        large_buffers_from_the_system()
        with _DECODING:
            return PreparedPhoto(_decode(image), source_format)


# Decoding and cleaning a photo holds two full-size copies of it for a moment (about 200 MB for
# 24 megapixels): one upload at a time does that in each worker process, so uploads arriving
# together do not add up to several times that. The others wait a fraction of a second each.
_DECODING = threading.Lock()


def _decode(image):
    try:
        image.seek(0)
        image.load()  # decoded to the end: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels_error(None) from exc
    except Exception as exc:
        raise _corrupt_error() from exc
    try:
        return _normalise(image)
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
    """Upright, sRGB, RGB or RGBA, with no metadata. Takes ``image`` over: it and every step in
    between are closed once the next exists, so no more than two full-size copies are alive at
    once (a 24-megapixel photo is about 100 MB in memory)."""
    icc_profile = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode in {"I", "F"} or image.mode.startswith("I;16"):
        # 16-bit greyscale: scale to 8 bits instead of clipping.
        image = _replace(image, image.convert("I").point(lambda value: value * (1 / 256)))
        image = _replace(image, image.convert("L"))
    target = "RGBA" if image.has_transparency_data else "RGB"
    if icc_profile:
        try:
            if image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
                image = _replace(image, image.convert(target))
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            if image.mode == target:
                # Converted where it is: no second copy of the photo.
                ImageCms.profileToProfile(image, source_profile, _SRGB, inPlace=True)
            else:
                image = _replace(
                    image,
                    ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=target),
                )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            # A profile LittleCMS cannot use: keep the pixel values, treated as sRGB.
            pass
    if image.mode != target:
        image = _replace(image, image.convert(target))
    # A new, plain image: one frame, nothing carried over from the file (info, EXIF, profile).
    clean = Image.new(target, image.size)
    clean.paste(image)
    image.close()
    return clean


def _replace(old, new):
    old.close()
    return new


def _glibc():
    """The C library when it is glibc (whose allocator the functions below tune), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None
    # Only glibc has gnu_get_libc_version; musl or macOS: leave the allocator alone.
    return libc if hasattr(libc, "gnu_get_libc_version") else None


_LIBC = _glibc()
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
LARGE_BUFFER = 1024 * 1024


@functools.cache
def large_buffers_from_the_system():
    """From the first photo on, every buffer of 1 MiB or more this process allocates is mapped
    from the system and handed back when freed. glibc otherwise raises that limit to the largest
    buffer freed so far (up to 32 MB), after which the image memory Pillow takes in 16 MB blocks
    comes from each thread's own heap, is kept there when freed and is not reused by the other
    threads: three 24-megapixel uploads in threads took 850 MB at their peak and a worker
    went on holding 500 MB when idle. With the fixed limit: 400 MB and 65 MB."""
    if _LIBC is not None:
        _LIBC.mallopt(M_MMAP_THRESHOLD, LARGE_BUFFER)


def release_memory():
    """Hand freed memory back to the system after a large photo (``malloc_trim``): what the
    allocator keeps from the smaller buffers of the renditions. Takes a few milliseconds; does
    nothing where the C library is not glibc."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
