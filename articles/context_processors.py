from django.db.models import CharField, F, Value
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import remember

from . import cachetags
from .models import Page, Section


def site_links():
    """The section navigation and the footer's pages, each with its address worked out once
    rather than on every page.

    Both show on every page and change seldom, so they are read together, in one query (a
    UNION of the two tables), and remembered together: the footer costs a page nothing more
    than the navigation did before it had links."""
    sections = (
        Section.objects.order_by()
        .annotate(kind=Value("section", output_field=CharField()))
        .values_list("kind", "pk", "name", "slug", "order")
    )
    pages = (
        Page.objects.in_footer()
        .order_by()
        .annotate(
            kind=Value("page", output_field=CharField()),
            name=F("title"),
            order=F("footer_order"),
        )
        .values_list("kind", "pk", "name", "slug", "order")
    )
    links = {"sections": [], "pages": []}
    for kind, pk, name, slug, order in sections.union(pages, all=True).order_by(
        "kind", "order", "name", "pk"
    ):
        if kind == "section":
            item = Section(pk=pk, name=name, slug=slug, order=order)
            links["sections"].append(item)
        else:
            item = Page(pk=pk, title=name, slug=slug, footer_order=order)
            links["pages"].append(item)
        item.url = item.get_absolute_url()
    return links


def sections(request):
    """The section navigation and the footer's pages on every page: queried once until a
    section or a page changes (``site``), and only when a template shows them."""
    links = SimpleLazyObject(lambda: remember("site-links", site_links, tags=[cachetags.SITE]))
    return {
        "nav_sections": SimpleLazyObject(lambda: links["sections"]),
        "footer_pages": SimpleLazyObject(lambda: links["pages"]),
    }
