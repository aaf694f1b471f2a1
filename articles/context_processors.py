from django.utils.functional import SimpleLazyObject

from .models import Section


def sections(request):
    """The section navigation on every page, queried only when a template shows it."""
    return {"nav_sections": SimpleLazyObject(lambda: list(Section.objects.all()))}
