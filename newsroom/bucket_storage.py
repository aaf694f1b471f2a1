"""Photos in an S3-compatible bucket (``MEDIA_STORAGE_URL``, see newsroom/media_storage.py):
django-storages' S3 storage, with what Newsroom's photos need on top.

- Every object is written with its ``Content-Type`` and the ``Cache-Control`` the site's own
  media view gives the same file on disk (a year and ``immutable`` for server-made names), so
  browsers and a CDN keep photos without asking the bucket again.
- A file's address is the public address plus its key, made without signing anything: the
  front page names a hundred files, and the bucket is public for reading.
- A bucket that fails (unreachable, refusing, out of quota) raises ``OSError`` like a failing
  disk, so the photo pipeline (articles/photos/storage.py) stops the change, tells the editor
  and deletes what it wrote, unchanged."""

import mimetypes
from functools import wraps

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .media_storage import cache_control

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".avif": "image/avif",
    ".webp": "image/webp",
}


class BucketError(OSError):
    """The bucket did not do what was asked."""

    # What an editor is told (articles.photos.storage.PhotoNotStored).
    not_stored = ("storage_failed", "the photo storage did not accept it")


def _as_os_error(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (ClientError, BotoCoreError) as error:
            raise BucketError(f"{self.bucket_name}: {error}") from error

    return wrapper


class BucketStorage(S3Storage):
    # Public files, public addresses: no signed URLs, no per-object ACL (the bucket's policy,
    # or the CDN's access to it, makes the files readable).
    querystring_auth = False
    default_acl = None
    # A file's address is base_url and its name, whatever else happens: pages may keep them.
    fixed_addresses = True

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "files_url": "",
            "querystring_auth": False,
            "default_acl": None,
            # Names come from the content, and the pipeline replaces a file on purpose only.
            "file_overwrite": True,
            # A stalled bucket fails an upload within a minute, not never; S3-compatible servers
            # that predate S3's default checksums are still spoken to.
            "client_config": Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                signature_version="s3v4",
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        }

    def __init__(self, **settings):
        addressing_style = settings.pop("addressing_style", None)
        super().__init__(**settings)
        if addressing_style:
            self.client_config = self.client_config.merge(
                Config(s3={"addressing_style": addressing_style})
            )
        self.files_url = self.files_url.rstrip("/")

    @property
    def base_url(self):
        """Every file's address starts with this (articles/templatetags/photos.py keeps the
        addresses it worked out by it)."""
        return f"{self.files_url}/{self.location}/" if self.location else f"{self.files_url}/"

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        extension = name[name.rfind(".") :].lower() if "." in name else ""
        params.setdefault(
            "ContentType",
            CONTENT_TYPES.get(extension)
            or mimetypes.guess_type(name)[0]
            or self.default_content_type,
        )
        params.setdefault("CacheControl", cache_control(name))
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.files_url:
            return super().url(name, parameters, expire, http_method)
        return f"{self.files_url}/{filepath_to_uri(self._normalize_name(clean_name(name)))}"

    _open = _as_os_error(S3Storage._open)
    _save = _as_os_error(S3Storage._save)
    delete = _as_os_error(S3Storage.delete)
    exists = _as_os_error(S3Storage.exists)
    size = _as_os_error(S3Storage.size)
    listdir = _as_os_error(S3Storage.listdir)
