"""The photo chooser, as an editor uses it on the article add page: upload a lead photo from
the dialog, choose an existing photo for a body piece by searching its credit, save, and find
both on the public page. The dialog works by keyboard and axe-core finds nothing in it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Photo
from tests.factories import image_bytes, make_editor, make_photo

from . import tools
from .desk import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Keeper hands over the Ravensmouth light after thirty years"
ALT = "A lighthouse keeper stands at the lamp room rail"
CAPTION = "Mary Penrose on her last night at the light"
CREDIT = "Jo Marsh/Harbour Pictures"
EXISTING_CAPTION = "The Ravensmouth light from the harbour wall"
EXISTING_CREDIT = "Ines Duarte/Lighthouse Agency"


def photo_piece(page):
    """A Photo piece added with the body's "Photo" button; the chooser of that piece."""
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Photo", exact=True).click()
    return body.locator("[data-kind=photo]").last.locator("[data-photo-chooser]")


AXE_DONE = "axe-core has finished"


def axe_violations(page, axe_source, selector, errors):
    """axe-core's WCAG 2.2 A and AA violations inside ``selector``. axe adds a <style> of its
    own, which the page's CSP refuses: what the console says while it runs is not the page's."""
    before = len(errors)
    page.evaluate(axe_source)
    results = page.evaluate(
        "([selector, tags]) => axe.run({include: [[selector]]},"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [selector, tools.AXE_TAGS],
    )
    with page.expect_console_message(lambda message: message.text == AXE_DONE):
        page.evaluate("done => console.error(done)", AXE_DONE)
    del errors[before:]
    assert len(results["passes"]) > 3, "axe-core did not run its rules"
    return results["violations"]


def test_editor_uploads_a_lead_photo_and_chooses_a_body_photo_in_the_chooser(
    page, site, newsroom, tmp_path, axe_source
):
    errors = []
    page.on(
        "console",
        lambda m: errors.append((m.text, m.location["url"])) if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append((str(error), "")))
    make_photo(caption=EXISTING_CAPTION, credit=EXISTING_CREDIT, alt_text="A white lighthouse")
    photo_file = tmp_path / "keeper.jpg"
    photo_file.write_bytes(image_bytes(1200, 800))
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)

    page.goto(site(reverse("admin:articles_article_add")))
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill("She kept the lamp lit through 11,000 nights.")
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    choose(page, "id_bylines-0-reporter", newsroom.reporter.name[:5], newsroom.reporter.name)

    # The lead photo: none yet; the dialog opens with the search focused.
    lead = page.locator(".field-lead_photo [data-photo-chooser]")
    expect(lead).to_contain_text("No photo chosen")
    expect(page.locator("#id_lead_photo")).to_be_hidden()
    lead.get_by_role("button", name="Choose photo…").click()
    dialog = page.get_by_role("dialog", name="Choose a photo")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Search photos by caption, credit or alt text")).to_be_focused()
    expect(dialog.get_by_role("list").get_by_role("button").first).to_be_visible()
    violations = axe_violations(page, axe_source, "dialog[open]", errors)
    assert violations == [], tools.describe_violations(violations)

    # Upload: without alt text the message shows by that field and nothing typed is lost.
    dialog.get_by_label("Photo file", exact=True).set_input_files(photo_file)
    dialog.get_by_label("Caption", exact=True).fill(CAPTION)
    dialog.get_by_label("Credit", exact=True).fill(CREDIT)
    dialog.get_by_role("button", name="Upload and choose").click()
    alt_field = dialog.get_by_label("Alt text (required)")
    expect(alt_field).to_have_accessible_description("This field is required.")
    expect(alt_field).to_be_focused()
    expect(dialog.get_by_label("Caption", exact=True)).to_have_value(CAPTION)
    assert not Photo.objects.filter(caption=CAPTION).exists()
    violations = axe_violations(page, axe_source, "dialog[open]", errors)
    assert violations == [], tools.describe_violations(violations)
    alt_field.fill(ALT)
    dialog.get_by_role("button", name="Upload and choose").click()

    # Chosen: the dialog closes, the widget shows it, the focus is back on the button.
    expect(dialog).to_be_hidden()
    expect(lead.locator(".photo-chooser__caption")).to_have_text(CAPTION)
    expect(lead).to_contain_text(f"Photograph: {CREDIT}")
    expect(lead.locator("img")).to_have_js_property("complete", True)
    assert lead.locator("img").evaluate("img => img.naturalWidth") > 0
    expect(lead.get_by_role("button", name="Choose photo…")).to_be_focused()
    uploaded = Photo.objects.get(caption=CAPTION)
    assert page.locator("#id_lead_photo").input_value() == str(uploaded.pk)
    violations = axe_violations(page, axe_source, ".field-lead_photo", errors)
    assert violations == [], tools.describe_violations(violations)

    # A body photo: search by its credit and choose it; Escape closes without choosing.
    piece = photo_piece(page)
    piece.get_by_role("button", name="Choose photo…").click()
    piece_dialog = page.locator("dialog[open]")
    piece_dialog.get_by_label("Search photos by caption, credit or alt text").fill("Duarte")
    results = piece_dialog.locator(".photo-chooser__grid button")
    expect(results).to_have_count(1)
    expect(results).to_contain_text(EXISTING_CREDIT)
    page.keyboard.press("Escape")
    expect(piece_dialog).to_have_count(0)
    expect(piece.get_by_role("button", name="Choose photo…")).to_be_focused()
    expect(piece).to_contain_text("No photo chosen")
    page.keyboard.press("Enter")  # opens it again from the focused button
    piece_dialog = page.locator("dialog[open]")
    piece_dialog.get_by_label("Search photos by caption, credit or alt text").fill("Duarte")
    piece_dialog.get_by_role("button", name=EXISTING_CAPTION).click()
    expect(piece.locator(".photo-chooser__caption")).to_have_text(EXISTING_CAPTION)
    expect(piece).to_contain_text(f"Photograph: {EXISTING_CREDIT}")

    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published now: readers can see it.")
    article = Article.objects.get(headline=HEADLINE)
    assert article.lead_photo == uploaded
    assert uploaded.uploaded_by.username == "desk"

    page.goto(site(article.get_absolute_url()))
    lead_figure = page.locator("article figure.photo--lead")
    expect(lead_figure.get_by_role("img", name=ALT)).to_be_visible()
    expect(lead_figure.locator("figcaption")).to_contain_text(CAPTION)
    body_figure = page.locator(".article__body figure.photo")
    body_figure.scroll_into_view_if_needed()
    expect(body_figure.get_by_role("img", name="A white lighthouse")).to_be_visible()
    expect(body_figure.locator("figcaption")).to_contain_text(EXISTING_CREDIT)
    # The upload without alt text was answered 400, on purpose. Nothing else: no CSP report.
    refused_upload = site(reverse("admin:articles_photo_upload"))
    assert [e for e in errors if e[1] != refused_upload] == []
