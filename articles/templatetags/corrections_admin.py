"""``{% load corrections_admin %}``: the story's notes on its change page in the admin."""

from django import template

from .. import corrections_admin

register = template.Library()


@register.simple_tag
def note_record(note):
    """Whether readers see ``note``, or who replaced it and when."""
    return corrections_admin.record(note)


@register.simple_tag
def note_add_url(article, supersedes=None):
    """The add form for a note on ``article`` (replacing ``supersedes``)."""
    return corrections_admin.add_url(article, supersedes)
