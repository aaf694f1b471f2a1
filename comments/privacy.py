"""A commenter's personal data: export it, erase it (like WordPress's personal-data tools).

Erasure keeps the words (a thread must still make sense) and removes the person: the name becomes
"Anonymous", email, website and user agent are blanked, the IP address is masked to its network
(the last octet of IPv4, the last 80 bits of IPv6, as WordPress does), and the submission key,
a fingerprint of name and email, is replaced. Each erased comment gets a history entry.
"""

import ipaddress
import secrets

from django.db import transaction
from django.utils import timezone

from . import signals
from .models import Comment
from .moderation import record_decision

ANONYMOUS = "Anonymous"


def comments_by(email):
    return (
        Comment.objects.filter(email__iexact=email.strip())
        .select_related("article")
        .order_by("created_at", "id")
    )


def export_commenter(email, base_url=""):
    """Every comment by ``email`` with all we hold about it, as JSON-ready dicts."""
    return [
        {
            "id": comment.pk,
            "article": comment.article.headline,
            "article_url": base_url + comment.article.get_absolute_url(),
            "in_reply_to": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "website": comment.url,
            "text": comment.text,
            "status": comment.status,
            "posted": comment.created_at.isoformat(),
            "ip_address": comment.ip_address,
            "user_agent": comment.user_agent,
        }
        for comment in comments_by(email)
    ]


def mask_ip(value):
    if not value:
        return None
    address = ipaddress.ip_address(value)
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def erase_commenter(email, *, actor=None):
    """Anonymise every comment by ``email``; return how many were erased."""
    now = timezone.now()
    with transaction.atomic():
        comments = list(comments_by(email).select_for_update())
        for comment in comments:
            comment.name = ANONYMOUS
            comment.email = ""
            comment.url = ""
            comment.user_agent = ""
            comment.ip_address = mask_ip(comment.ip_address)
            comment.submission_key = f"erased-{secrets.token_hex(16)}"
            comment.save(
                update_fields=["name", "email", "url", "user_agent", "ip_address", "submission_key"]
            )
            record_decision(
                comment,
                from_status=comment.status,
                to_status=comment.status,
                actor=actor,
                at=now,
                note="Personal data erased at the commenter's request.",
            )
        article_ids = {c.article_id for c in comments if c.status == Comment.Status.APPROVED}
        if article_ids:
            transaction.on_commit(
                lambda: signals.thread_changed.send(sender=Comment, article_ids=article_ids)
            )
    return len(comments)
