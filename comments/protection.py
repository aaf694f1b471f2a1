"""How a comment post proves it came from our own form, without a cookie.

Django's usual CSRF defence puts a per-visitor secret in a cookie and in every form. That makes
each article page personal, so no cache could share it between readers. The reply form does
without it, and the post view checks two things instead:

1. **Where the post comes from.** Every current browser sends ``Origin`` on a cross-origin POST
   (and ``Sec-Fetch-Site`` says whether the page that sent it was ours). A post whose
   ``Sec-Fetch-Site`` is present and not ``same-origin``, or whose ``Origin`` is present and
   neither this site's own scheme and host nor listed in ``CSRF_TRUSTED_ORIGINS``, is refused.
   A forged form on another site can therefore not make a visitor's browser post a comment.
2. **That the form was ours, for this article, and recent.** The form carries a token signed
   with the site's secret key (its own salt), holding the article's id and the time the form was
   made. A missing or tampered token, one for another article, or one older than
   ``COMMENTS_FORM_MAX_AGE_SECONDS`` (7 days), is refused.

How long the reader took to write (``too_soon``) is told by the reader's own browser when it runs
the page's script: ``static/js/comments.js`` puts its clock's time into the ``shown`` field when
the form is shown and into ``sent`` when it is sent, so the difference does not depend on the
browser's clock agreeing with ours, and a page that sat in a cache for minutes counts from when
this reader got it, not from when the page was made. Without the script the signed timestamp
counts instead. A post quicker than ``COMMENTS_MIN_SUBMIT_SECONDS`` gets the form back with
everything in it: a person reads the message and sends it again; a bot that posts at once
stores nothing.

Both refusals are the same 403 page. What the cookie token added on top of these, protection for
browsers that send neither header, no longer matters for commenting: such browsers are out of
support, and a comment is a public, moderated, unprivileged write.
"""

import ipaddress
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.utils.http import is_same_domain

TOKEN_SALT = "newsroom.comments.form-token"  # noqa: S105 (a salt, not a secret)

# Servers' clocks may differ a little: a form made "in the future" by this much is still fine.
CLOCK_SKEW_SECONDS = 300


class BadToken(Exception):
    """The form token is missing, tampered with, too old, or for another article."""


def make_form_token(article_id, now=None):
    """A signed token for a reply form under article ``article_id``, stamped with ``now``."""
    stamp = int(time.time() if now is None else now)
    return signing.dumps({"a": article_id, "t": stamp}, salt=TOKEN_SALT)


def read_form_token(token, article_id):
    """The time the form was made, if ``token`` is a valid token for ``article_id``."""
    if not token or len(token) > 200:
        raise BadToken("No form token.")
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise BadToken("The form token is not ours.") from exc
    if not isinstance(payload, dict) or payload.get("a") != article_id:
        raise BadToken("The form token is for another article.")
    stamp = payload.get("t")
    if not isinstance(stamp, int):
        raise BadToken("The form token has no time.")
    age = time.time() - stamp
    if age > settings.COMMENTS_FORM_MAX_AGE_SECONDS or age < -CLOCK_SKEW_SECONDS:
        raise BadToken("The form token has expired.")
    return stamp


def _millis(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 16 else None


def seconds_to_write(stamp, shown, sent, now=None):
    """How long the reader had the form before sending it: from the browser's ``shown`` and
    ``sent`` times (milliseconds on its own clock) when both are there and in order, otherwise
    from the form token's ``stamp`` to ``now``."""
    shown, sent = _millis(shown), _millis(sent)
    if shown is not None and sent is not None and sent >= shown:
        return (sent - shown) / 1000
    return (time.time() if now is None else now) - stamp


def too_soon(stamp, shown, sent, now=None):
    """Whether a post came quicker than a person writes (``COMMENTS_MIN_SUBMIT_SECONDS``)."""
    return seconds_to_write(stamp, shown, sent, now) < settings.COMMENTS_MIN_SUBMIT_SECONDS


def _trusted(origin):
    """Whether ``origin`` matches CSRF_TRUSTED_ORIGINS (exactly, or a ``*.`` subdomain rule)."""
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if origin == trusted:
            return True
        if "*" in trusted:
            want, got = urlsplit(trusted), urlsplit(origin)
            if (
                want.scheme == got.scheme
                and got.netloc
                and is_same_domain(got.netloc, want.netloc.replace("*", "", 1))
            ):
                return True
    return False


def cross_site_reason(request):
    """Why ``request`` looks like a post from another site, or None if it does not."""
    origin = request.headers.get("Origin")
    if origin is not None and _trusted(origin):
        return None
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return f"Sec-Fetch-Site is {fetch_site!r}."
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}":
        return f"Origin {origin!r} is not this site."
    return None


def client_ip(request):
    """The commenter's IP address: REMOTE_ADDR, or the right-most entry of the header named by
    COMMENTS_CLIENT_IP_HEADER (the one a trusted proxy appended). None if it is not an IP."""
    value = request.META.get("REMOTE_ADDR", "")
    header = settings.COMMENTS_CLIENT_IP_HEADER
    if header and request.META.get(header):
        value = request.META[header].split(",")[-1]
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
