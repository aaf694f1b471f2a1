"""Editorial roles as Django groups, kept in step with the permissions after every migrate, and
the one question every write that puts a story in front of readers asks (``may_publish``).

- **Editors** edit everything, review, publish, schedule, unpublish, pin and mark Breaking: they
  hold ``articles.publish_article``.
- **Reporters** write and edit their own drafts (``ArticleQuerySet.owned_by``: stories they
  started, or whose byline names them), upload and edit photos, submit stories for review and
  keep editorial notes; they see sections and reporters. They never hold
  ``articles.publish_article``, so the publication services refuse them.
- **Moderators** moderate reader comments (``comments.roles``).

The groups are made by migration ``articles.0007`` and topped up after every migrate
(``ensure_newsdesk_groups``): a permission added to a list here reaches its group at the next
migrate. Permissions an administrator grants a group by hand are left alone.

This module imports no model of the app: ``articles.publishing`` asks ``may_publish``.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
REPORTERS = "Reporters"

PUBLISH_PERMISSION = "articles.publish_article"

EDITOR_PERMISSIONS = [
    ("articles", f"{action}_{model}")
    for model in (
        *("article", "photo", "reporter", "section", "topic", "block", "byline"),
        *("frontpageslot", "breakingnews", "redirect"),
        "page",
    )
    for action in ("add", "change", "delete", "view")
] + [
    ("articles", "publish_article"),
    # Notes and review requests are a record: written, never edited or deleted.
    ("articles", "add_editorialnote"),
    ("articles", "view_editorialnote"),
    ("articles", "view_reviewrequest"),
    ("auth", "view_user"),
    # Corrections are on the record: added and read, never changed or deleted.
    ("articles", "add_correction"),
    ("articles", "view_correction"),
    # Live updates are posted, edited and withdrawn, never deleted (articles.live).
    *(("articles", f"{action}_liveupdate") for action in ("add", "change", "view")),
    *(("articles", f"{action}_updateblock") for action in ("add", "change", "delete", "view")),
]

REPORTER_PERMISSIONS = [
    *(("articles", f"{action}_article") for action in ("add", "change", "view")),
    *(("articles", f"{action}_photo") for action in ("add", "change", "view")),
    # The body and the byline are edited with the article (its inlines).
    *(
        ("articles", f"{action}_{model}")
        for model in ("block", "byline")
        for action in (
            "add",
            "change",
            "delete",
            "view",
        )
    ),
    ("articles", "add_editorialnote"),
    ("articles", "view_editorialnote"),
    ("articles", "view_reviewrequest"),
    ("articles", "view_section"),
    ("articles", "view_reporter"),
    # Updates to the live stories they are on (articles.live.may_post_to).
    *(("articles", f"{action}_liveupdate") for action in ("add", "change", "view")),
    *(("articles", f"{action}_updateblock") for action in ("add", "change", "delete", "view")),
]


def may_publish(user):
    """Whether ``user`` may publish, schedule, unpublish, pin or mark Breaking. ``None`` is the
    system itself (the demo loader, the benchmark's datasets, the test factories): it may."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def ensure_group(name, permissions):
    """Create group ``name`` if needed; grant it ``permissions``, (app_label, codename) pairs."""
    query = Q(pk__in=[])
    for app_label, codename in permissions:
        query |= Q(content_type__app_label=app_label, codename=codename)
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*Permission.objects.filter(query))
    return group


def ensure_editor_group(**kwargs):
    return ensure_group(EDITORS, EDITOR_PERMISSIONS)


def ensure_reporter_group(**kwargs):
    return ensure_group(REPORTERS, REPORTER_PERMISSIONS)


def ensure_newsdesk_groups(**kwargs):
    """The post_migrate receiver: both newsdesk groups, with every permission of their lists."""
    return ensure_editor_group(), ensure_reporter_group()
