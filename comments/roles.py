"""The Moderators group: people who may approve, mark as spam, remove and restore comments."""

from articles.roles import ensure_group

MODERATORS = "Moderators"

MODERATOR_PERMISSIONS = [
    ("comments", "can_moderate"),
    ("comments", "view_comment"),
    ("comments", "view_moderationevent"),
]


def ensure_moderator_group(**kwargs):
    return ensure_group(MODERATORS, MODERATOR_PERMISSIONS)
