"""The front page the editors arrange: stories pinned to its top places, and the site-wide
"Breaking" banner.

- **Writes**: ``pin``, ``unpin``, ``mark_breaking`` and ``clear_breaking``. The admin's actions
  and screens and the demo newsroom call them; nothing else writes ``FrontPageSlot`` or
  ``BreakingNews``. Each takes ``by``, the user (None: the system), and raises
  ``PermissionDenied`` unless ``by`` may publish (``articles.roles.may_publish``): arranging the
  front page is the editors' alone. Every write saves or deletes rows the page cache watches
  (``articles.signals``), so stored pages are retired at once.
- **Reads**: ``pinned_articles``, ``newest``, ``arrange`` and ``add_bylines`` for the front
  page view; ``current_banner`` for the banner on every page; ``next_change`` tells the page cache
  when a pin or a banner runs out by itself.

Only a published article shows (``Article.objects.published()``): a draft or scheduled story
that is pinned or marked Breaking shows the moment it goes live, never before.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils import timezone

from newsroom.pagecache import remember

from . import cachetags
from .models import Article, BreakingNews, Byline, FrontPageSlot
from .roles import may_publish

LEAD = 1

NOT_AN_EDITOR = "Only editors may pin stories or mark them Breaking."


def check_may_arrange(by):
    if not may_publish(by):
        raise PermissionDenied(NOT_AN_EDITOR)


# Writes


def pin(article, position=LEAD, until=None, *, by):
    """Put ``article`` at ``position`` (1 is the lead) until ``until`` (None: until an editor
    moves it). A story already at that place moves one place down, with the ones right below it;
    ``article``'s own earlier place is given up. Returns the new slot."""
    check_may_arrange(by)
    if position < 1:
        raise ValueError("Front page places start at 1, the lead story.")
    now = timezone.now()
    if until is not None and until <= now:
        raise ValueError("A pin must run until a time still to come.")
    with transaction.atomic():
        # Places whose pin ran out no longer apply: they go rather than take up room.
        FrontPageSlot.objects.filter(pinned_until__lte=now).delete()
        FrontPageSlot.objects.filter(article=article).delete()
        slots = list(FrontPageSlot.objects.select_for_update().order_by("position"))
        taken = {slot.position: slot for slot in slots}
        run = []
        while position + len(run) in taken:
            run.append(taken[position + len(run)])
        # Bottom first, so no two slots share a place at any moment.
        for slot in reversed(run):
            slot.position += 1
            slot.save(update_fields=["position"])
        return FrontPageSlot.objects.create(
            article=article, position=position, pinned_until=until, set_by=by, set_at=now
        )


def unpin(article, *, by):
    """Give up ``article``'s place at the top: it goes back among the newest. Returns whether it
    had one."""
    check_may_arrange(by)
    deleted, _ = FrontPageSlot.objects.filter(article=article).delete()
    return bool(deleted)


def mark_breaking(article, label="", until=None, *, by):
    """Show the site-wide banner "Breaking: <headline>" linking to ``article`` until ``until``
    (None: until cleared). It replaces the banner showing now. Returns the new banner."""
    check_may_arrange(by)
    now = timezone.now()
    if until is not None and until <= now:
        raise ValueError("A banner must run until a time still to come.")
    with transaction.atomic():
        clear_breaking(by=by)
        return BreakingNews.objects.create(
            article=article, label=label.strip(), expires_at=until, set_by=by, set_at=now
        )


def clear_breaking(article=None, *, by):
    """Take the banner down (only if it is on ``article``, when given). The record stays, with
    who cleared it and when. Returns how many banners were cleared."""
    check_may_arrange(by)
    banners = BreakingNews.objects.filter(cleared_at__isnull=True)
    if article is not None:
        banners = banners.filter(article=article)
    now = timezone.now()
    cleared = 0
    with transaction.atomic():
        for banner in banners.select_for_update():
            banner.cleared_at, banner.cleared_by = now, by
            banner.save(update_fields=["cleared_at", "cleared_by"])
            cleared += 1
    return cleared


# Reads


def pinned_articles():
    """The published articles pinned to a place now, lead first, each with ``front_position``:
    one query (with section and lead photo; ``add_bylines`` adds the bylines)."""
    in_force = FrontPageSlot.objects.in_force()
    return list(
        Article.objects.published()
        .filter(front_slot__in=in_force)
        .select_related("section", "lead_photo")
        .annotate(front_position=F("front_slot__position"))
        .order_by("front_position")
    )


def newest(pinned):
    """The published articles newest first, without the ``pinned`` ones (they are shown above)."""
    return (
        Article.objects.published()
        .exclude(pk__in=[article.pk for article in pinned])
        .select_related("section", "lead_photo")
    )


def count_key(pinned):
    """The key the newest articles' count is kept under: it changes with the pinned stories."""
    return "front:" + ",".join(str(article.pk) for article in pinned)


def arrange(pinned, newest):
    """The top of the front page: each pinned story at its place, the newest filling the places
    no editor chose, then the rest of the newest. ``pinned`` are in order of place."""
    stories = []
    rest = iter(newest)
    for article in pinned:
        while len(stories) + 1 < article.front_position:
            following = next(rest, None)
            if following is None:
                break
            stories.append(following)
        stories.append(article)
    stories.extend(rest)
    return stories


def add_bylines(articles):
    """Every article's byline with its reporters, in one query for the whole list (as
    ``ArticleQuerySet.for_listing`` does for one queryset)."""
    prefetch_related_objects(
        articles, Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
    )
    return articles


def _latest_banner():
    """The banner last set and not cleared, as plain data (kept by ``remember``), or {}."""
    banner = BreakingNews.objects.filter(cleared_at__isnull=True).select_related("article").first()
    if banner is None:
        return {}
    article = banner.article
    return {
        "label": banner.banner_label,
        "headline": article.headline,
        "url": article.get_absolute_url(),
        # Starting or ending a story's coverage saves it, which retires this (``site``).
        "live": article.is_live,
        "expires_at": banner.expires_at,
        "article": {"status": article.status, "publish_at": article.publish_at},
    }


def current_banner():
    """What the banner on every page shows now (label, headline, url), or None. One small query
    until the banner changes (``site``); whether it has run out and whether its article is live
    are checked against the clock on every call, so a kept answer never outlives either."""
    banner = remember("breaking-banner", _latest_banner, tags=[cachetags.SITE])
    if not banner:
        return None
    now = timezone.now()
    if banner["expires_at"] is not None and banner["expires_at"] <= now:
        return None
    live = Article(status=banner["article"]["status"], publish_at=banner["article"]["publish_at"])
    if not live.is_published:
        return None
    return banner


def next_change(after=None):
    """When a pin or a banner next runs out by itself after ``after`` (now by default), or None
    (``newsroom.signals.next_scheduled_change``). A pinned or Breaking story that is scheduled
    shows when it goes live, which ``articles.signals.next_publication`` answers already."""
    now = after or timezone.now()
    times = [
        FrontPageSlot.objects.filter(pinned_until__gt=now)
        .order_by("pinned_until")
        .values_list("pinned_until", flat=True)
        .first(),
        BreakingNews.objects.filter(cleared_at__isnull=True, expires_at__gt=now)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first(),
    ]
    times = [when for when in times if when is not None]
    return min(times) if times else None


def describe(article):
    """One line for the article's change form: whether it is pinned, and whether it is Breaking."""
    parts = []
    slot = FrontPageSlot.objects.in_force().filter(article=article).first()
    if slot is not None:
        place = "the lead story" if slot.position == LEAD else f"place {slot.position}"
        until = (
            f" until {timezone.localtime(slot.pinned_until):%d %b %Y, %H:%M}"
            if slot.pinned_until
            else ""
        )
        parts.append(f"Pinned as {place} on the front page{until}.")
    banner = BreakingNews.objects.current().filter(article=article).first()
    if banner is not None:
        until = (
            f" until {timezone.localtime(banner.expires_at):%d %b %Y, %H:%M}"
            if banner.expires_at
            else " until cleared"
        )
        parts.append(f"Shown in the “{banner.banner_label}” banner{until}.")
    if parts and not article.is_published:
        parts.append("Readers see it once it is published.")
    return " ".join(parts) or "Not pinned and not Breaking: it is listed among the newest."
