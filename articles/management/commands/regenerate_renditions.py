"""Make photos' renditions again: after the rendition settings change, or files were lost."""

from django.core.management.base import BaseCommand

from articles.models import Photo
from articles.photos.storage import sync_renditions


class Command(BaseCommand):
    help = (
        "Make the renditions each photo lacks (a changed rendition plan, or rows whose files "
        "are gone) and delete those no longer needed. --force remakes every one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake every rendition.")
        parser.add_argument("photo_ids", nargs="*", type=int, help="Only these photos.")

    def handle(self, *args, force, photo_ids, **options):
        photos = Photo.objects.order_by("pk")
        if photo_ids:
            photos = photos.filter(pk__in=photo_ids)
        changed = files = 0
        for photo in photos.iterator(chunk_size=100):
            if not force:
                storage = photo.image.storage
                # A row whose file is gone is dropped, so the file is made again.
                lost = [r.pk for r in photo.renditions.all() if not storage.exists(r.file.name)]
                photo.renditions.filter(pk__in=lost).delete()
            made = sync_renditions(photo, force=force)
            if made:
                changed += 1
                files += made
                self.stdout.write(f"Photo {photo.pk}: made {made} renditions.")
        self.stdout.write(f"Made {files} renditions for {changed} of {photos.count()} photos.")
