"""An editor's path through the admin, by clicking and typing: log in, upload a photo with its
alt text, caption and credit, write an article with that photo as lead, a text piece and a pull
quote, publish it and find it on the front page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Photo
from tests.factories import image_bytes, make_editor

from .desk import choose

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ALT = "A lifeboat crew hauls a dinghy up the slipway at dusk"
CAPTION = "The Ravensmouth lifeboat returns after the evening call-out"
CREDIT = "Jo Marsh/Harbour Pictures"
HEADLINE = "Lifeboat crew rescues three from capsized dinghy off Ravensmouth"
STANDFIRST = "Volunteers launched within six minutes of the call and reached the boat in twenty."
PARAGRAPH = "The dinghy overturned a mile off the harbour wall shortly after seven o'clock."
QUOTE = "We train for nights like this one, and tonight the training paid off."
SAID_BY = "Helm Ana Ferreira"


def test_editor_uploads_a_photo_writes_publishes_and_sees_the_article_live(
    page, site, newsroom, tmp_path
):
    errors = []
    page.on(
        "console",
        lambda m: errors.append((m.text, m.location["url"])) if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    make_editor(username="desk", password=PASSWORD)
    photo_file = tmp_path / "lifeboat.jpg"
    photo_file.write_bytes(image_bytes(1200, 800))

    page.goto(site(reverse("admin:index")))
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Newsdesk")).to_be_visible()

    # A photo, with the words that go with it.
    page.get_by_role("link", name="Photos").first.click()
    page.get_by_role("link", name="Add photo").click()
    page.get_by_label("Photo file").set_input_files(photo_file)
    page.get_by_label("Alt text").fill(ALT)
    page.get_by_label("Caption").fill(CAPTION)
    page.get_by_label("Credit").fill(CREDIT)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The article: headline, standfirst, section, lead photo, byline, a text piece and a quote.
    page.goto(site(reverse("admin:articles_article_add")))
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill(STANDFIRST)
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    page.locator(".field-lead_photo").get_by_role("button", name="Choose photo…").click()
    page.locator("dialog[open]").get_by_role("searchbox").fill("lifeboat")
    page.locator("dialog[open]").get_by_role("button", name=CAPTION).click()
    expect(page.locator(".field-lead_photo")).to_contain_text(CAPTION)
    choose(page, "id_bylines-0-reporter", newsroom.reporter.name[:5], newsroom.reporter.name)
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Paragraphs").click()
    body.locator("[data-kind=text]").get_by_role("textbox", name="Paragraphs").click()
    page.keyboard.type(PARAGRAPH)
    body.get_by_role("button", name="Pull quote").click()
    quote = body.locator("[data-kind=quote]")
    quote.get_by_label("Words").fill(QUOTE)
    quote.get_by_label("Attribution").fill(SAID_BY)
    expect(quote.locator("select[name$='-photo']")).to_be_hidden()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published now: readers can see it.")

    article = Article.objects.published().get(headline=HEADLINE)
    assert article.lead_photo == Photo.objects.get(alt_text=ALT)

    # Live: the top story on the front page, and the article page a reader gets.
    page.goto(site(reverse("articles:front-page")))
    page.get_by_role("region", name="Top story").get_by_role("link", name=HEADLINE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    lead = page.locator("article figure.photo--lead")
    expect(lead.get_by_role("img", name=ALT)).to_be_visible()
    # The browser picked one of the photo's renditions and decoded it.
    loaded = lead.locator("img").evaluate(
        "img => img.complete && img.naturalWidth > 0 ? img.currentSrc : ''"
    )
    assert "/media/photos/" in loaded and loaded.endswith((".avif", ".jpg"))
    expect(lead.locator("figcaption")).to_contain_text(CAPTION)
    expect(lead.locator("figcaption")).to_contain_text(CREDIT)
    expect(page.locator(".article__body")).to_contain_text(PARAGRAPH)
    expect(page.locator(".article__body blockquote")).to_have_text(QUOTE)
    expect(page.locator(".article__body .pull-quote figcaption")).to_have_text(SAID_BY)
    expect(page.locator(".article__meta .byline")).to_contain_text(newsroom.reporter.name)
    assert errors == []
