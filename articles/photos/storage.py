"""Storing photos: the original, its renditions and their rows, written all or nothing,
and files deleted only once the change that drops them is committed."""

import io
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from ..models import Photo, Rendition
from .renditions import original_name, plan_for, render
from .uploads import prepare


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


def save_photo(photo, prepared=None, *, stored_name=None):
    """Save ``photo`` (new or changed) with its new image ``prepared``, if any, and make the
    renditions its current image and focal point need: files and rows, all or nothing. Files
    the photo no longer needs are deleted once the change is committed.

    ``stored_name`` replaces the random server-made name, for photos the site draws itself (the
    demo newsroom): a file already stored under it is the same picture and is kept."""
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
    return save_photo(Photo(**fields), prepare(file, name), stored_name=stored_name)
