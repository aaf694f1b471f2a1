from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import remember

from .models import Section


def sections(request):
    """The section navigation on every page: it changes seldom, so it is queried once per
    version of the content, and only when a template shows it."""
    return {
        "nav_sections": SimpleLazyObject(
            lambda: remember("nav-sections", lambda: list(Section.objects.all()))
        )
    }
