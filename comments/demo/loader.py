"""The demo newsroom's reader comments: approved threads, and a few held with their reasons.

Loading is idempotent: each demo comment has a fixed submission key ("demo:<article>:<key>"),
so a comment already there (whatever a moderator has done with it since) is left alone.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.demo.loader import default_password_file, ensure_demo_login
from articles.models import Article

from .. import counts
from ..models import Comment
from ..moderation import record_decision
from ..posting import build_comment
from ..roles import ensure_moderator_group
from .content import COMMENTS

DEMO_MODERATOR_USERNAME = "moderator"


def _demo_ip(email):
    """A stable address from the documentation range (192.0.2.0/24) for each demo commenter."""
    return f"192.0.2.{int(hashlib.sha256(email.encode()).hexdigest(), 16) % 254 + 1}"


@transaction.atomic
def load_comments(now=None):
    """Create whatever demo comments are missing; return the count of new ones."""
    now = now or timezone.now()
    created = 0
    for slug, specs in COMMENTS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        made = {}
        for spec in specs:
            key = f"demo:{slug}:{spec['key']}"
            comment = Comment.objects.filter(submission_key=key).first()
            if comment is None:
                parent = made.get(spec["parent"]) if spec["parent"] else None
                created_at = now + timedelta(hours=spec["hours"])
                comment = build_comment(
                    article,
                    parent,
                    name=spec["name"],
                    email=spec["email"],
                    url=spec["url"],
                    text=spec["text"],
                    status=spec["status"],
                    reasons=spec.get("reasons", []),
                    ip_address=_demo_ip(spec["email"]),
                    user_agent="Mozilla/5.0 (demo)",
                    submission_key=key,
                    created_at=created_at,
                    moderated_at=created_at + timedelta(minutes=10)
                    if spec["status"] != Comment.Status.PENDING
                    else None,
                )
                comment.save()
                record_decision(
                    comment,
                    to_status=Comment.Status.PENDING,
                    at=created_at,
                    note="Posted by a reader (demo). "
                    + " ".join(f"{r}." for r in spec.get("reasons", [])),
                )
                if comment.status != Comment.Status.PENDING:
                    record_decision(
                        comment,
                        from_status=Comment.Status.PENDING,
                        to_status=comment.status,
                        at=comment.moderated_at,
                        note="Moderated before the demo began.",
                    )
                created += 1
            made[spec["key"]] = comment
    # Written without moderation, so without the recount moderation sends for.
    articles = Article.objects.filter(slug__in=COMMENTS)
    counts.recount(articles.values_list("pk", flat=True))
    return created


def load(demo):
    """The comments app's part of ``manage.py load_demo`` (``newsroom.demo``), after the
    articles app's: the comments, the demo editor among the moderators, and the demo
    moderator's login (a moderator only: no article permissions)."""
    created = load_comments(demo.now)
    demo.count(f"{Comment.objects.count()} comments ({created} new)")
    editor = demo.users.get("editor")
    if editor is None:
        raise RuntimeError(
            "The comments demo makes the articles demo's editor a moderator: list 'articles' "
            "before 'comments' in INSTALLED_APPS."
        )
    ensure_demo_moderator(editor)
    moderator, password = ensure_demo_login(
        DEMO_MODERATOR_USERNAME,
        ("Demo", "Moderator"),
        default_password_file("moderator"),
        ensure_moderator_group(),
    )
    demo.login("demo moderator", moderator, password, role="moderator")


def ensure_demo_moderator(user):
    """The demo editor moderates comments too."""
    user.groups.add(ensure_moderator_group())
