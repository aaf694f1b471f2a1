"""A reader's view of an article: every element of the reference article, in semantic HTML."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    lead = make_photo(caption="Water covers the market square", credit="Sam Lee/Northern Pictures")
    inline = make_photo(caption="Original caption", credit="Priya Shah/Agency North")
    return make_article(
        headline="River bursts its banks as storm hits the city",
        standfirst="Hundreds of homes evacuated overnight.",
        section=make_section(name="UK News", slug="uk"),
        reporters=[make_reporter(name="Kieran Walsh", role="News Reporter", slug="kieran-walsh")],
        lead_photo=lead,
        blocks=[
            {
                "kind": "text",
                "text": "<p>First paragraph with <a href='https://example.org/'>a link</a>.</p>",
            },
            {"kind": "heading", "words": "What happens next"},
            {"kind": "photo", "photo": inline, "caption": "Caption told differently here"},
            {
                "kind": "quote",
                "words": "We will not leave anyone behind.",
                "attribution": "Fire chief",
            },
            {"kind": "text", "text": "Last paragraph."},
        ],
    )


def test_article_page_has_every_element_of_a_news_article(client, html, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    body = page.cssselect("main article")[0]

    assert [h.text_content() for h in page.cssselect("h1")] == [article.headline]
    assert body.cssselect(".article__standfirst")[0].text_content() == article.standfirst

    lead = body.cssselect("figure.photo--lead")[0]
    img = lead.cssselect("img")[0]
    assert img.get("alt") == article.lead_photo.alt_text
    assert img.get("width") and img.get("height")
    assert img.get("fetchpriority") == "high"
    caption = lead.cssselect("figcaption")[0].text_content()
    assert "Water covers the market square" in caption
    assert "Photograph: Sam Lee/Northern Pictures" in caption

    inline = body.cssselect(".article__body figure.photo")[0]
    assert "Caption told differently here" in inline.text_content()
    assert "Original caption" not in inline.text_content()
    assert "Photograph: Priya Shah/Agency North" in inline.text_content()
    assert inline.cssselect("img")[0].get("loading") == "lazy"

    assert body.cssselect(".article__body h2")[0].text_content() == "What happens next"
    quote = body.cssselect(".article__body blockquote")[0]
    assert quote.text_content().strip() == "We will not leave anyone behind."
    assert body.cssselect(".article__body a[href='https://example.org/']")

    byline = body.cssselect(".byline")[0]
    link = byline.cssselect("a")[0]
    assert link.get("href") == reverse("articles:reporter-detail", kwargs={"slug": "kieran-walsh"})
    assert " ".join(byline.text_content().split()) == "Kieran Walsh News Reporter"

    published = body.cssselect(".article__dates time")[0]
    assert published.get("datetime").startswith(article.publish_at.date().isoformat()[:4])
    assert (
        body.cssselect(".article__section a")[0].get("href") == article.section.get_absolute_url()
    )


def test_share_block_offers_plain_links_to_the_article(client, html, article):
    page = html(client.get(article.get_absolute_url()))
    share = page.cssselect(".share")[0]
    assert share.cssselect("h2")[0].text_content() == "Share this:"
    hrefs = {a.text_content().split(" (")[0]: a.get("href") for a in share.cssselect("a")}
    url = "http://testserver" + article.get_absolute_url()
    assert set(hrefs) == {"Facebook", "X", "LinkedIn", "WhatsApp", "Email", "Copy link"}
    assert hrefs["Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    assert hrefs["X"].startswith("https://x.com/intent/post?")
    assert hrefs["Copy link"] == url
    assert "testserver" in hrefs["Email"] and hrefs["Email"].startswith("mailto:?subject=")
    inline = page.cssselect("script:not([src])")
    assert all(script.get("type") == "application/ld+json" for script in inline), (
        "no inline script on the page: only JSON-LD data blocks, which browsers never run"
    )
    assert all(s.get("src").startswith("/static/") for s in page.cssselect("script[src]")), (
        "scripts only from our own origin"
    )


def test_updated_time_shows_only_for_later_changes(client, html, article):
    from datetime import timedelta

    from articles.models import Article
    from newsroom.signals import content_changed

    page = html(client.get(article.get_absolute_url()))
    assert not page.cssselect(".article__updated")
    Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at + timedelta(hours=2))
    # QuerySet.update() sends no model signal: code that writes this way says so itself.
    content_changed.send(sender=Article)
    page = html(client.get(article.get_absolute_url()))
    assert page.cssselect(".article__updated time")[0].text_content()


def test_closed_comments_say_so(client, article):
    article.comments_open = False
    article.save()
    assert b"Comments are closed." in client.get(article.get_absolute_url()).content


def test_front_section_and_reporter_pages_list_the_article(client, html, article):
    reporter = article.bylines.get().reporter
    for url in (
        reverse("articles:front-page"),
        article.section.get_absolute_url(),
        reporter.get_absolute_url(),
    ):
        page = html(client.get(url))
        links = [a.get("href") for a in page.cssselect("main a")]
        assert article.get_absolute_url() in links, url


def test_front_page_leads_with_the_latest_story_and_paginates(client, html, settings):
    settings.NEWSROOM_PAGE_SIZE = 3
    section = make_section()
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    articles = [
        make_article(section=section, publish_at=now - timedelta(hours=n), headline=f"Story {n}")
        for n in range(1, 6)
    ]
    page = html(client.get(reverse("articles:front-page")))
    assert page.cssselect(".lead-story h2")[0].text_content().strip() == "Story 1"
    assert page.cssselect("nav.sections-nav a")[1].text_content() == section.name
    page2 = html(client.get(reverse("articles:front-page") + "?page=2"))
    assert [h.text_content().strip() for h in page2.cssselect(".teaser__headline")] == [
        "Story 4",
        "Story 5",
    ]
    assert client.get(reverse("articles:front-page") + "?page=9").status_code == 404
    assert len(articles) == 5


def test_unknown_pages_get_the_site_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to content" in response.content


def test_server_errors_get_the_site_500_page(rf):
    from newsroom.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"/static/css/site.css" in response.content
