"""A WordPress post's comments brought in with it (``manage.py import_wordpress``), in their
threads at any depth, with author, email, website, IP address, time and status.

Connected to ``articles.wordpress.importer.post_imported``: it runs inside the post's own
transaction, so a post and its comments come in together or not at all. Statuses: approved
stays approved, pending stays held (in the moderation queue with "imported" as its reason),
spam stays spam, trash becomes removed. Pingbacks and trackbacks are left out and counted. A
comment keeps its WordPress id (its ``submission_key`` is made from the site and the id), so a
second run creates none twice and updates those whose status or words changed.

WordPress stores a comment as HTML with a few tags; Newsroom keeps what the commenter typed as
text: tags are taken out, a link's address kept after its words when they differ.
"""

import hashlib
import html as html_lib
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_ipv46_address

from articles.wordpress.importer import parse_time

from . import counts, formatting
from .models import Comment, CommentCount
from .posting import build_comment

STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
IMPORTED = "imported"
LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)
BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")


def key(site, wp_id):
    return hashlib.sha256(f"wordpress\x1f{site}\x1f{wp_id}".encode()).hexdigest()


def as_text(content):
    """A WordPress comment's HTML as the text its writer typed."""

    def link(match):
        address, words = match[1], TAG.sub("", match[2]).strip()
        return words if words in {address, ""} or address in words else f"{words} ({address})"

    text = LINK.sub(link, content or "")
    text = BREAK.sub("\n", text)
    text = TAG.sub("", text)
    text = html_lib.unescape(text)
    return formatting.normalise_newlines(text).strip()


WEBSITE = URLValidator(schemes=["http", "https"])


def _website(url):
    url = (url or "").strip()
    if not url or url in {"http://", "https://"}:
        return ""
    try:
        WEBSITE(url)
    except ValidationError:
        return ""
    return url[:200]


def _ip(value):
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value


def import_comments(sender, importer, item, article, changed, created=False, **kwargs):
    """Bring ``item``'s comments onto ``article``: new ones created, changed ones updated."""
    if not changed:  # the post's digest covers its comments: none of them changed either
        return
    report, site = importer.report, importer.site_key
    wanted = []
    for comment in item.comments:
        if comment.type in {"pingback", "trackback"}:
            report.count("pingback", "skipped")
            continue
        wanted.append(comment)
    if not wanted:
        return
    keys = {c.id: key(site, c.id) for c in wanted}
    existing = {
        c.submission_key: c for c in Comment.objects.filter(submission_key__in=keys.values())
    }
    by_id = {}
    # Parents first: a thread is written level by level, each level in one query.
    levels, depth_of = [], {}
    known = {c.id for c in wanted}
    remaining = list(wanted)
    while remaining:
        level = [
            c for c in remaining if not c.parent or c.parent not in known or c.parent in depth_of
        ]
        if not level:  # a loop of parents: the rest are read as top-level comments
            level = remaining
        for c in level:
            depth_of[c.id] = (
                0 if not c.parent or c.parent not in depth_of else depth_of[c.parent] + 1
            )
        levels.append(level)
        chosen = {c.id for c in level}
        remaining = [c for c in remaining if c.id not in chosen]
    touched, approved = False, 0
    for level in levels:
        new, updated = [], []
        for source in level:
            status = STATUSES.get(source.approved)
            if status is None:
                status = Comment.Status.PENDING
                report.warn(
                    importer.where(item),
                    f"comment {source.id} had the status “{source.approved}”: held.",
                )
            text = as_text(source.content)
            parent = by_id.get(source.parent)
            if source.parent and parent is None:
                report.warn(
                    importer.where(item),
                    f"comment {source.id} replies to {source.parent}, which is not in the "
                    "export: shown as a comment of its own.",
                )
            found = existing.get(keys[source.id])
            if found is not None:
                if found.moderated_at is not None and found.status != status:
                    # A moderator here decided since the last run: their decision stands.
                    report.warn(
                        importer.where(item),
                        f"comment {source.id} is {found.get_status_display().lower()} here "
                        f"since a moderator's decision; WordPress has it "
                        f"{status.label.lower()}: kept as the moderator left it.",
                    )
                    status = found.status
                if (found.status, found.text) != (status, text):
                    found.status, found.text = status, text
                    found.text_html = formatting.render_text(text)
                    if status == Comment.Status.PENDING and IMPORTED not in found.reasons:
                        found.reasons = [*found.reasons, IMPORTED]
                    updated.append(found)
                else:
                    report.count("comment", "unchanged")
                by_id[source.id] = found
                continue
            comment = build_comment(
                article,
                parent,
                text=text,
                submission_key=keys[source.id],
                name=(source.author or "Anonymous")[:245],
                email=source.email[:100],
                url=_website(source.url),
                ip_address=_ip(source.ip),
                status=status,
                reasons=[IMPORTED] if status == Comment.Status.PENDING else [],
                created_at=parse_time(source.date_gmt, source.date) or article.publish_at,
            )
            new.append(comment)
            by_id[source.id] = comment
            approved += status == Comment.Status.APPROVED
        if new:
            Comment.objects.bulk_create(new, batch_size=500)
            report.count("comment", "created", len(new))
            touched = True
        if updated:
            Comment.objects.bulk_update(updated, ["status", "text", "text_html", "reasons"])
            report.count("comment", "updated", len(updated))
            touched = True
    if created:
        # Counted as they were made: the story had no comments before.
        CommentCount.objects.create(article=article, approved=approved)
    elif touched:
        counts.recount([article.pk])


def connect():
    from articles.wordpress.importer import post_imported

    post_imported.connect(import_comments, dispatch_uid="comments-wordpress")
