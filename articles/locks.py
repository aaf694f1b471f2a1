"""Edit locks: who has an article's change form open, and since when.

Opening the form takes the lock unless someone else holds one still in force; the form's
script (``articles/static/articles/admin/edit-lock.js``) refreshes it while the page is open,
and a lock nobody refreshed for ``NEWSROOM_EDIT_LOCK_MINUTES`` has run out by itself. A lock
warns; it does not stop a save: the stale-save check in the form refuses saving over a newer
revision someone else made (``articles.revisions_admin``).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import EditLock


def lock_minutes():
    return settings.NEWSROOM_EDIT_LOCK_MINUTES


def in_force(lock, now=None):
    now = now or timezone.now()
    return lock.refreshed_at > now - timedelta(minutes=lock_minutes())


def held_by_other(article, user):
    """The lock in force someone other than ``user`` holds on ``article``, or None."""
    lock = EditLock.objects.select_related("user").filter(article=article).first()
    if lock is not None and lock.user_id != user.pk and in_force(lock):
        return lock
    return None


@transaction.atomic
def take(article, user):
    """Take or refresh ``user``'s lock on ``article``; return the lock someone else holds
    instead, or None when ``user`` now holds it."""
    now = timezone.now()
    lock = (
        EditLock.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(article=article)
    )
    lock = lock.first()
    if lock is not None and lock.user_id != user.pk and in_force(lock, now):
        return lock
    if lock is not None and lock.user_id == user.pk and in_force(lock, now):
        EditLock.objects.filter(pk=lock.pk).update(refreshed_at=now)
        return None
    EditLock.objects.update_or_create(
        article=article, defaults={"user": user, "since": now, "refreshed_at": now}
    )
    return None


def release(article, user):
    """``user`` is done with the form (saved and left): the lock goes at once."""
    EditLock.objects.filter(article=article, user=user).delete()
