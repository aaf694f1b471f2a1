"""Where photos are stored: on this machine's disk (the default), or in an S3-compatible bucket
that every app server shares, read from the environment by the settings.

Either of two forms names the bucket (README, "Photos in object storage"):

- ``MEDIA_STORAGE_URL=s3://<bucket>/<prefix>?endpoint_url=…&region=…&addressing_style=…``, one
  value for the whole place (every query parameter optional: no ``endpoint_url`` is Amazon S3);
- or django-storages' own ``AWS_STORAGE_BUCKET_NAME``, ``AWS_LOCATION``, ``AWS_S3_ENDPOINT_URL``,
  ``AWS_S3_REGION_NAME`` and ``AWS_S3_ADDRESSING_STYLE``.

Credentials never go in the URL (it is printed in logs and backup notes): boto3 reads
``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or a profile or instance role, itself.

Readers fetch the files from ``MEDIA_PUBLIC_URL`` (a CDN in front of the bucket,
``https://media.news.example``; django-storages' ``AWS_S3_CUSTOM_DOMAIN`` names a host instead),
or from the bucket's own address. An object's key is found under that address as it is:
``<MEDIA_PUBLIC_URL>/<prefix>/photos/2026/05/….jpg``.

This module imports no storage library, so the settings load as fast with photos on disk; the
storage itself is ``newsroom.bucket_storage.BucketStorage``."""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

# What MEDIA_STORAGE_URL's query may hold, and the AWS_* variable that says the same.
URL_PARAMETERS = {
    "endpoint_url": "AWS_S3_ENDPOINT_URL",
    "region": "AWS_S3_REGION_NAME",
    "addressing_style": "AWS_S3_ADDRESSING_STYLE",
}
ADDRESSING_STYLES = {"path", "virtual"}
# S3's rules for a bucket name, loosely: lower case, digits, dots and hyphens.
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")

# Names the server made from random numbers or from the content's recipe (an upload's original
# ``photos/2026/05/<32 hex digits>.jpg`` and every rendition in its folder) never hold other
# bytes: readers and CDNs may keep them for a year without asking again. A fixed name (the demo
# newsroom's ``photos/demo/harbour.jpg``, drawn again if its drawing changes) is kept an hour.
IMMUTABLE_NAME = re.compile(r"[0-9a-f]{16,}")
IMMUTABLE = "public, max-age=31536000, immutable"
FIXED = "public, max-age=3600"


def cache_control(name):
    """The ``Cache-Control`` a stored photo file is served with."""
    return IMMUTABLE if IMMUTABLE_NAME.search(name) else FIXED


@dataclass(frozen=True)
class ObjectStorage:
    """A bucket for the photos, as the settings read it."""

    bucket: str
    prefix: str = ""
    endpoint_url: str = ""
    region: str = ""
    addressing_style: str = ""
    public_url: str = ""

    def __str__(self):
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    @property
    def bucket_address(self):
        """The bucket's own address for readers, its keys below it."""
        if self.endpoint_url:
            parts = urlsplit(self.endpoint_url)
            if self.addressing_style == "virtual":
                return f"{parts.scheme}://{self.bucket}.{parts.netloc}"
            return f"{self.endpoint_url.rstrip('/')}/{self.bucket}"
        region = f".{self.region}" if self.region and self.region != "us-east-1" else ""
        return f"https://{self.bucket}.s3{region}.amazonaws.com"

    @property
    def files_url(self):
        """Where readers fetch the files: the CDN's or the bucket's address."""
        return (self.public_url or self.bucket_address).rstrip("/")

    @property
    def origin(self):
        """The files' origin, as the Content-Security-Policy names it."""
        parts = urlsplit(self.files_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def media_url(self):
        """``MEDIA_URL``: the address the photos' keys are under."""
        return f"{self.files_url}/{self.prefix}/" if self.prefix else f"{self.files_url}/"

    def storage_backend(self):
        """The ``STORAGES["default"]`` entry."""
        return {
            "BACKEND": "newsroom.bucket_storage.BucketStorage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "location": self.prefix,
                "endpoint_url": self.endpoint_url or None,
                "region_name": self.region or None,
                "addressing_style": self.addressing_style or None,
                "files_url": self.files_url,
            },
        }


def _refuse(message):
    raise ImproperlyConfigured(message)


def _from_url(url):
    parts = urlsplit(url)
    if parts.scheme != "s3":
        _refuse(f"MEDIA_STORAGE_URL must start with s3:// (got {parts.scheme or 'no'} scheme).")
    if parts.username or parts.password:
        _refuse(
            "MEDIA_STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY (or use a profile or instance role)."
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - set(URL_PARAMETERS))
    if unknown:
        _refuse(
            f"MEDIA_STORAGE_URL has unknown parameters ({', '.join(unknown)}); it takes "
            f"{', '.join(sorted(URL_PARAMETERS))}."
        )
    return {
        "bucket": parts.hostname or "",
        "prefix": parts.path.strip("/"),
        **{key: query.get(key, "").strip() for key in URL_PARAMETERS},
    }


def _from_aws_settings(environ):
    return {
        "bucket": environ.get("AWS_STORAGE_BUCKET_NAME", "").strip(),
        "prefix": environ.get("AWS_LOCATION", "").strip().strip("/"),
        **{key: environ.get(name, "").strip() for key, name in URL_PARAMETERS.items()},
    }


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_address(name, url, production):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        _refuse(f"{name} must be an http:// or https:// address (got {url!r}).")
    if parts.query or parts.fragment:
        _refuse(f"{name} must be a plain address, without ? or # (got {url!r}).")
    # On this machine (`make serve` on loopback, a bucket server beside it) plain HTTP goes
    # nowhere a reader or an eavesdropper is.
    if production and parts.scheme != "https" and not _is_loopback(parts.hostname):
        if name == "endpoint_url":
            _refuse(
                "Production sends the bucket's credentials and every photo to endpoint_url: "
                f"it must be https:// unless it is on this machine (got {url!r})."
            )
        _refuse(
            f"Production pages are served over HTTPS: photos from {url!r} would be blocked "
            f"as mixed content or sent in the clear. Give {name} an https:// address."
        )


def from_environ(environ, *, production=False):
    """The bucket the environment names, or ``None`` for photos on disk; refuses (with
    ``ImproperlyConfigured``) a setting that is unclear, mistyped or unsafe in production."""
    url = environ.get("MEDIA_STORAGE_URL", "").strip()
    aws_named = sorted(
        name
        for name in ["AWS_STORAGE_BUCKET_NAME", "AWS_LOCATION", *URL_PARAMETERS.values()]
        if environ.get(name, "").strip()
    )
    if url and aws_named:
        _refuse(
            f"MEDIA_STORAGE_URL and {', '.join(aws_named)} both name the photo bucket: "
            "keep one of the two forms."
        )
    if not url and not aws_named:
        for name in ("MEDIA_PUBLIC_URL", "AWS_S3_CUSTOM_DOMAIN"):
            if environ.get(name, "").strip():
                _refuse(f"{name} is set but no bucket is: set MEDIA_STORAGE_URL too.")
        return None
    found = _from_url(url) if url else _from_aws_settings(environ)
    if not found["bucket"]:
        _refuse(
            "No photo bucket is named: MEDIA_STORAGE_URL=s3://<bucket>/… or "
            "AWS_STORAGE_BUCKET_NAME."
        )
    if not BUCKET_NAME.match(found["bucket"]):
        _refuse(f"{found['bucket']!r} is not a bucket name (lower case, digits, '.' and '-').")
    style = found["addressing_style"]
    if style and style not in ADDRESSING_STYLES:
        _refuse(f"addressing_style must be path or virtual (got {style!r}).")
    if found["endpoint_url"]:
        found["endpoint_url"] = found["endpoint_url"].rstrip("/")
        _check_address("endpoint_url", found["endpoint_url"], production)
    public = environ.get("MEDIA_PUBLIC_URL", "").strip()
    domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    if public and domain:
        _refuse("MEDIA_PUBLIC_URL and AWS_S3_CUSTOM_DOMAIN both name the photos' address.")
    if domain:
        public = f"https://{domain.strip('/')}"
    if public:
        _check_address("MEDIA_PUBLIC_URL", public, production)
    storage = ObjectStorage(**found, public_url=public)
    if not public:
        _check_address("the bucket's address", storage.bucket_address, production)
    return storage


def image_sources(storage):
    """What the Content-Security-Policy's ``img-src`` adds for ``storage``: the files' origin,
    nothing else (nothing for photos on disk, served by the site itself)."""
    return [storage.origin] if storage is not None else []
