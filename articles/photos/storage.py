"""Storing photos: the original, its renditions and their rows, written all or nothing.

A stored file is never changed or renamed, and is kept for as long as its photo exists: a file
the photo no longer shows (a replaced original and its renditions, the crops of an earlier focal
point) is recorded as a ``RetiredFile`` and deleted with the photo (see ``RetiredFile`` for why).
A storage that cannot write (a full disk, a used-up quota, a disk error) stops the change with
``PhotoNotStored``; every file written for it so far is deleted again."""

import errno
import io
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from newsroom.tasks import enqueue_or_run, retried

from ..models import Photo, Rendition, RetiredFile
from .renditions import original_name, plan_for, render
from .uploads import LARGE_PIXELS, prepare, release_memory

logger = logging.getLogger(__name__)

NOT_STORED = {
    errno.ENOSPC: ("disk_full", "the server's disk is full"),
    errno.EDQUOT: ("quota_full", "the server's storage quota is used up"),
}
NOT_STORED_OTHERWISE = ("storage_failed", "the server could not write it to its disk")


class PhotoNotStored(ValidationError):
    """The storage refused a photo's file: what an editor or an importer is told. Nothing of
    the change is kept (no row, no file), so the same upload can simply be tried again later."""

    def __init__(self, error):
        # A photo bucket's error names its own reason (newsroom/bucket_storage.py).
        code, reason = NOT_STORED.get(getattr(error, "errno", None)) or getattr(
            error, "not_stored", NOT_STORED_OTHERWISE
        )
        super().__init__(
            "The photo could not be stored: %(reason)s. Nothing was saved.",
            code=code,
            params={"reason": reason},
        )


class WrittenFiles:
    """The files written during one change, to delete again if it fails."""

    def __init__(self, storage):
        self.storage = storage
        self.names = []

    def save(self, name, data):
        existed = stored(self.storage, name)
        if existed:
            # Names are made from the content's recipe, so the file there has the same bytes
            # (a forced regeneration, or a file left by a change that failed half-way): replace
            # it, and keep it if this change fails.
            try:
                self.storage.delete(name)
            except OSError as exc:
                raise PhotoNotStored(exc) from exc
        try:
            saved = self.storage.save(name, ContentFile(data))
        except OSError as exc:
            # A write that failed half-way may leave the start of the file: remove it too.
            delete_files(self.storage, [name])
            raise PhotoNotStored(exc) from exc
        if not existed or saved != name:
            self.names.append(saved)
        if saved != name:
            raise RuntimeError(f"Storage saved {name!r} as {saved!r}.")
        return saved

    def discard(self, since=0):
        delete_files(self.storage, self.names[since:])
        del self.names[since:]


def stored(storage, name):
    """Whether ``storage`` holds ``name``; a storage that cannot tell (a photo bucket out of
    reach) stops the change as a failed write does."""
    try:
        return storage.exists(name)
    except OSError as exc:
        raise PhotoNotStored(exc) from exc


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
    """Delete ``names``, as many as the storage allows: one that cannot be deleted (the disk
    that just failed a write may fail this too) is logged and the others are still deleted."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the photo file %s.", name, exc_info=True)


def save_photo(photo, prepared=None, *, stored_name=None):
    """Save ``photo`` (new or changed) with its new image ``prepared``, if any, and make the
    renditions its current image and focal point need: files and rows, all or nothing. Only a
    new image makes a new original; editing the caption, credit or alt text writes no file, and
    a new focal point only the crops it moves. Files the photo no longer shows are retired,
    kept until the photo is deleted.

    ``stored_name`` replaces the random server-made name, for photos the site draws itself (the
    demo newsroom): a file already stored under it is the same picture and is kept."""
    storage = _photo_storage()
    old_original = None
    if prepared is not None and photo.pk:
        old_original = Photo.objects.filter(pk=photo.pk).values_list("image", flat=True).first()
    try:
        with atomic_files() as written:
            if prepared is not None:
                if stored_name and stored(storage, stored_name):
                    photo.image.name = stored_name
                else:
                    data, extension = prepared.encode_original()
                    photo.image.name = written.save(stored_name or original_name(extension), data)
                    del data
                photo.width, photo.height = prepared.size
            if not photo.image.name:
                raise ValueError("A photo needs its image.")
            photo.save()
            if renditions_later(photo):
                pk = photo.pk
                transaction.on_commit(lambda: queue_renditions(pk))
            else:
                sync_renditions(photo, prepared.image if prepared is not None else None)
            if old_original and old_original != photo.image.name:
                retire(photo, [old_original])
    finally:
        if prepared is not None:
            # The decoded photo is done with, stored or not: free it now, not when the form or
            # the importer lets go of it.
            large = prepared.is_large
            prepared.image.close()
            if large:
                release_memory()
    return photo


def renditions_later(photo):
    """Whether ``photo``'s missing renditions are made by a background job rather than in the
    request: it is over ``NEWSROOM_RENDITIONS_LATER_PIXELS`` (0: never) and something is
    missing. Pages show the original until the job has made them all."""
    limit = settings.NEWSROOM_RENDITIONS_LATER_PIXELS
    if not limit or photo.width * photo.height <= limit:
        return False
    return plan_for(photo).digest != photo.renditions_digest


def queue_renditions(photo_id):
    """Queue ``make_renditions`` once the photo is committed; a queue that cannot take the job
    (Redis or the database gone) gets the renditions made here and now instead."""
    return enqueue_or_run(make_renditions, photo_id)


def _make_renditions(photo_id):
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted since the job was queued
        return 0
    large = photo.width * photo.height >= LARGE_PIXELS
    try:
        return sync_renditions(photo)
    finally:
        if large:
            release_memory()


@retried
def make_renditions(photo_id):
    """The background job: make the renditions photo ``photo_id`` lacks for its current image
    and focal point; how many were made (0 when the photo has been deleted since)."""
    return _make_renditions(photo_id)


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
    """Make the renditions ``photo`` lacks (all of them with ``force``) and drop the rows of
    those it no longer needs, whose files are retired (kept until the photo is deleted); return
    how many were made. ``source`` is the full image when it is at hand (otherwise the stored
    original is read); it is closed, its memory freed, as soon as the renditions are scaled
    from it."""
    storage = photo.image.storage
    plan = plan_for(photo)
    existing = {r.file.name: r for r in photo.renditions.all()}
    wanted = {spec.name for spec in plan.specs}
    stale = [r for name, r in existing.items() if force or name not in wanted]
    missing = [spec for spec in plan.specs if force or spec.name not in existing]
    unneeded = [r.file.name for r in stale if r.file.name not in wanted]
    # A file already stored under a rendition's name has the same bytes (the name is made from
    # the original's name, the crop and the encoder settings): it is kept, not encoded again.
    kept = [] if force else [spec for spec in missing if stored(storage, spec.name)]
    to_encode = [spec for spec in missing if spec not in kept]
    with atomic_files() as written:
        if stale:
            Rendition.objects.filter(pk__in=[r.pk for r in stale]).delete()
        if kept:
            # Files of an earlier focal point that is back: in use again, no longer retired.
            RetiredFile.objects.filter(name__in=[spec.name for spec in kept]).delete()
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
            for spec, data in render(source, to_encode, close_source=True) if to_encode else ():
                written.save(spec.name, data)
                rows.append(row(spec, len(data)))
            Rendition.objects.bulk_create(rows)
        if photo.renditions_digest != plan.digest:
            photo.renditions_digest = plan.digest
            # Only while the photo still has the image and focal point this plan is for: a
            # background job that finishes after a newer change must not mark the set complete.
            Photo.objects.filter(
                pk=photo.pk,
                image=photo.image.name,
                focal_x=photo.focal_x,
                focal_y=photo.focal_y,
            ).update(renditions_digest=plan.digest)
        if unneeded:
            retire(photo, unneeded)
    return len(missing)


def retire(photo, names):
    """Record files ``photo`` no longer shows, kept until the photo is deleted."""
    RetiredFile.objects.bulk_create(
        [RetiredFile(photo=photo, name=name) for name in names], ignore_conflicts=True
    )


def delete_photo(photo):
    """Delete a photo no article or reporter uses (the database refuses otherwise), then its
    original, renditions and retired files once the deletion is committed."""
    storage = photo.image.storage
    names = [
        photo.image.name,
        *photo.renditions.values_list("file", flat=True),
        *photo.retired_files.values_list("name", flat=True),
    ]
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: delete_files(storage, names))


def import_photo(file, name=None, *, stored_name=None, **fields):
    """Create a photo from a file, through the same checks as an upload (for imports and the
    demo newsroom)."""
    return save_photo(Photo(**fields), prepare(file, name), stored_name=stored_name)
