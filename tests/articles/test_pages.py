"""Static pages (About, Contact, policies): at their own address, in the footer of every page and
in the sitemap, edited in the admin, never clashing with the site's own addresses."""

import re

import pytest
from django.urls import path, reverse
from lxml import etree

from articles.demo import content
from articles.demo.loader import load_pages
from articles.models import Page
from articles.pages import free_address
from newsroom import urls as site_urls
from tests.factories import log_in, make_article, make_editor, make_page, make_photo

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FOOTER = re.compile(r'<nav class="footer-pages"[^>]*>(.*?)</nav>', re.S)

# A URLconf with an address the site does not have today (tests of addresses added later).
urlpatterns = [path("topics/", lambda request: None, name="topics"), *site_urls.urlpatterns]


def footer_links(html):
    """The footer's page links as (address, text), in order; [] when it has none."""
    found = FOOTER.search(html)
    if found is None:
        return []
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', found.group(1))


def page_form(**fields):
    data = {
        "title": "About us",
        "slug": "about",
        "body": "<p>Who we are.</p>",
        "published": "on",
        "in_footer": "on",
        "footer_order": "1",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def editor_client(client):
    make_editor(username="desk", password=PASSWORD)
    assert log_in(client, "desk", PASSWORD)
    return client


def test_page_shows_at_its_address_with_its_title_sanitised_body_and_last_update(client):
    page = make_page(
        slug="about",
        title="About us",
        body=(
            '<p>We are <strong>independent</strong>. <a href="https://example.org/">More</a></p>'
            '<ul><li>Checked</li></ul><script>alert("x")</script>'
            '<p onclick="steal()">Read <a href="javascript:alert(1)">this</a>'
            '<img src="x" onerror="steal()"></p>'
        ),
    )
    assert page.get_absolute_url() == "/about/"
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="static-page__title">About us</h1>' in html
    assert "<title>About us – " in html
    assert "We are <strong>independent</strong>." in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">More</a>' in html
    assert "<li>Checked</li>" in html
    for unsafe in ("<script>alert", "onclick", "javascript:", "onerror", '<img src="x"'):
        assert unsafe not in html
    assert re.search(r'Last updated <time datetime="\d{4}-\d\d-\d\dT[\d:]{8}[+-]\d\d:\d\d">', html)
    assert '<meta name="description" content="We are independent. More Checked' in html


def test_draft_page_is_not_found_for_readers(client):
    make_page(slug="contact", title="Contact", published=False)
    assert client.get("/contact/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_draft_page_is_shown_to_staff_as_a_preview_that_is_never_cached(editor_client):
    make_page(slug="contact", title="Contact us", published=False)
    response = editor_client.get("/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contact us</h1>" in html
    assert "Preview: this page is not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_footer_links_every_published_footer_page_in_the_editors_order(client):
    make_page(slug="contact", title="Contact", in_footer=True, footer_order=2)
    make_page(slug="about", title="About us", in_footer=True, footer_order=1)
    make_page(slug="policy", title="Corrections policy", in_footer=True, footer_order=3)
    make_page(slug="ethics", title="Ethics draft", in_footer=True, published=False)
    make_page(slug="jobs", title="Jobs", in_footer=False)
    article = make_article()
    expected = [
        ("/about/", "About us"),
        ("/contact/", "Contact"),
        ("/policy/", "Corrections policy"),
    ]
    for url in (reverse("articles:front-page"), article.get_absolute_url(), "/jobs/"):
        assert footer_links(client.get(url).content.decode()) == expected, url
    # The page readers are on is marked in the footer.
    html = client.get("/contact/").content.decode()
    assert '<a href="/contact/" aria-current="page">Contact</a>' in FOOTER.search(html).group(1)


def test_footer_has_no_page_list_when_no_page_is_in_it(client):
    make_page(slug="jobs", title="Jobs", in_footer=False)
    html = client.get(reverse("articles:front-page")).content.decode()
    assert 'class="footer-pages"' not in html


def test_a_page_edit_retires_the_stored_pages(client):
    page = make_page(slug="about", title="About us", body="<p>First words.</p>", in_footer=True)
    front = reverse("articles:front-page")
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    client.get(front)
    assert client.get(front)["X-Page-Cache"] == "hit"

    page.title = "Who we are"
    page.body = "<p>Second words.</p>"
    page.save()

    about = client.get("/about/")
    assert about["X-Page-Cache"] == "miss"
    assert "Second words." in about.content.decode()
    assert footer_links(client.get(front).content.decode()) == [("/about/", "Who we are")]

    page.published = False
    page.save()
    assert client.get("/about/").status_code == 404
    assert footer_links(client.get(front).content.decode()) == []


def test_sitemap_lists_published_pages_only(client):
    page = make_page(slug="about", title="About us")
    make_page(slug="draft-policy", title="Draft", published=False)
    index = etree.fromstring(client.get(reverse("articles:sitemap")).content)
    pages_sitemap = reverse("articles:sitemap-section", kwargs={"section": "static-pages"})
    assert "http://testserver" + pages_sitemap in [
        loc.text for loc in index.findall("sm:sitemap/sm:loc", SM)
    ]
    tree = etree.fromstring(client.get(pages_sitemap).content)
    urls = tree.findall("sm:url", SM)
    assert [url.findtext("sm:loc", namespaces=SM) for url in urls] == ["http://testserver/about/"]
    assert (
        urls[0]
        .findtext("sm:lastmod", namespaces=SM)
        .startswith(page.updated_at.strftime("%Y-%m-%d"))
    )


@pytest.mark.parametrize(
    "slug",
    [
        "news",
        "section",
        "reporters",
        "search",
        "feed",
        "preview",
        "admin",
        "comments",
        "static",
        "media",
        "healthz",
        "sitemap",
        "robots",
        "favicon",
        "Admin",
    ],
)
def test_admin_refuses_a_slug_the_site_already_uses(editor_client, slug):
    response = editor_client.post(reverse("admin:articles_page_add"), page_form(slug=slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"The site already uses /{slug}/ for its own pages." in html
    assert not Page.objects.exists()


def test_an_address_the_site_gains_later_is_refused_without_a_list_to_update(
    editor_client, settings
):
    settings.ROOT_URLCONF = __name__
    response = editor_client.post(reverse("admin:articles_page_add"), page_form(slug="topics"))
    assert "The site already uses /topics/ for its own pages." in response.content.decode()
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    ("wanted", "given"), [("about", "about"), ("search", "search-page"), ("Feed", "Feed-page")]
)
def test_pages_made_outside_the_admin_get_a_free_address(wanted, given):
    assert free_address(wanted) == given


def test_editor_writes_a_page_in_the_admin_and_readers_see_it(editor_client, client):
    add = editor_client.get(reverse("admin:articles_page_add")).content.decode()
    # The body is written in the same rich-text editor as an article's paragraphs.
    assert "data-rich-text" in add and "articles/admin/body-text.js" in add
    body = '<p>Write to <a href="mailto:desk@example.org">the desk</a>.</p><script>x()</script>'
    response = editor_client.post(
        reverse("admin:articles_page_add"), page_form(slug="contact", title="Contact", body=body)
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="contact")
    assert "<script" not in page.body

    change = editor_client.get(reverse("admin:articles_page_change", args=[page.pk]))
    assert "View on site" in change.content.decode()
    listing = editor_client.get(reverse("admin:articles_page_changelist")).content.decode()
    assert '<a href="/contact/">/contact/</a>' in listing

    editor_client.logout()
    html = client.get("/contact/").content.decode()
    assert '<a href="mailto:desk@example.org" rel="noopener noreferrer">the desk</a>' in html
    assert footer_links(html) == [("/contact/", "Contact")]


def test_two_pages_cannot_share_an_address(editor_client):
    make_page(slug="about")
    response = editor_client.post(reverse("admin:articles_page_add"), page_form(slug="about"))
    assert "Page with this Slug already exists." in response.content.decode()
    assert Page.objects.count() == 1


@pytest.mark.parametrize("pages", [1, 12])
def test_page_queries_do_not_grow_with_footer_pages(client, django_assert_num_queries, pages):
    for n in range(pages):
        make_page(slug=f"page-{n}", in_footer=True, footer_order=n)
    # the page; the sections nav with the footer's pages (one query for both); the Breaking
    # banner
    with django_assert_num_queries(3):
        assert client.get("/page-0/").status_code == 200


@pytest.mark.parametrize("pages", [0, 12])
def test_footer_pages_cost_the_front_page_no_query(client, django_assert_num_queries, pages):
    make_article(lead_photo=make_photo())
    for n in range(pages):
        make_page(slug=f"page-{n}", in_footer=True, footer_order=n)
    # As tests/articles/test_queries.py counts it without any page in the footer.
    with django_assert_num_queries(7):
        html = client.get(reverse("articles:front-page")).content.decode()
    assert len(footer_links(html)) == pages


def test_demo_pages_load_once_and_keep_the_editors_changes(client):
    assert load_pages() == len(content.PAGES)
    about = Page.objects.get(slug="about")
    about.title = "About the newsroom"
    about.save()
    assert load_pages() == 0
    assert Page.objects.count() == len(content.PAGES)
    assert Page.objects.get(slug="about").title == "About the newsroom"
    html = client.get(reverse("articles:front-page")).content.decode()
    assert footer_links(html) == [
        ("/about/", "About the newsroom"),
        ("/contact/", "Contact"),
        ("/corrections-policy/", "Corrections policy"),
    ]
