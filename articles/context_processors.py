from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import remember

from .models import Section


def navigation():
    """The sections, each with its address worked out once rather than on every page."""
    sections = list(Section.objects.all())
    for section in sections:
        section.url = section.get_absolute_url()
    return sections


def sections(request):
    """The section navigation on every page: it changes seldom, so it is queried once per
    version of the content, and only when a template shows it."""
    return {"nav_sections": SimpleLazyObject(lambda: remember("nav-sections", navigation))}
