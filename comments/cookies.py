"""The two cookies a commenter may carry, both signed, httponly and SameSite=Lax.

- ``COMMENTS_PENDING_COOKIE``: the ids of the visitor's own comments awaiting moderation, for a
  day, so the article shows them to this visitor only. A page that uses it is marked private.
- ``COMMENTS_AUTHOR_COOKIE``: name, email and website, set only when the commenter ticks "Save
  my name, email, and website in this browser", deleted when they post without the tick.

An anonymous reader without either cookie gets the same page as every other reader.
"""

from django.conf import settings
from django.core import signing

PENDING_SALT = "newsroom.comments.pending"
PENDING_MAX_AGE = 24 * 3600
PENDING_KEEP = 20
AUTHOR_SALT = "newsroom.comments.author"
AUTHOR_MAX_AGE = 365 * 24 * 3600


def _options():
    return {
        "path": "/",
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


def pending_ids(request):
    """The ids of comments this visitor posted that may still await moderation."""
    value = request.get_signed_cookie(
        settings.COMMENTS_PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_MAX_AGE
    )
    return [int(part) for part in value.split(",") if part.isdigit()][-PENDING_KEEP:]


def add_pending(response, request, comment_id):
    ids = [i for i in pending_ids(request) if i != comment_id] + [comment_id]
    response.set_signed_cookie(
        settings.COMMENTS_PENDING_COOKIE,
        ",".join(str(i) for i in ids[-PENDING_KEEP:]),
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE,
        **_options(),
    )


def remembered_commenter(request):
    """Name, email and website the visitor asked us to remember, or None."""
    value = request.COOKIES.get(settings.COMMENTS_AUTHOR_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=AUTHOR_SALT, max_age=AUTHOR_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: str(data.get(key, "")) for key in ("name", "email", "url")}


def remember_commenter(response, request, cleaned_data):
    """Set the author cookie when the consent box was ticked; delete it when it was not."""
    name = settings.COMMENTS_AUTHOR_COOKIE
    if cleaned_data.get("cookies_consent"):
        data = {key: cleaned_data[key] for key in ("name", "email", "url")}
        response.set_cookie(
            name, signing.dumps(data, salt=AUTHOR_SALT), max_age=AUTHOR_MAX_AGE, **_options()
        )
    elif name in request.COOKIES:
        response.delete_cookie(name, path="/", samesite="Lax")
