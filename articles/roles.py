"""Editorial roles as Django groups, kept in step with the permissions after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"

EDITOR_PERMISSIONS = [
    ("articles", f"{action}_{model}")
    for model in (
        *("article", "photo", "reporter", "section", "topic", "block", "byline"),
        *("frontpageslot", "breakingnews"),
    )
    for action in ("add", "change", "delete", "view")
] + [("auth", "view_user")]


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
