"""The article body in the admin, in a real browser: pieces added with buttons named for what
they are, paragraphs written in the rich-text editor with its toolbar, a piece moved with the
keyboard, and what the editor wrote coming back as formatted text, never as markup."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, make_editor

from . import tools
from .desk import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Harbour wall repairs begin before the spring tides"
STANDFIRST = "Engineers have six weeks to close the breach left by the winter storms."
SUBHEADING = "What happens next & why"
QUOTE = "We have one chance to get this right before the tides."
SAID_BY = "Harbourmaster Lee Tan"
LINK = "https://example.org/harbour-report"


def watch_console(page):
    """Console errors (CSP violations are logged as "Refused to …" errors) and page errors."""
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text} ({m.location['url']})")
            if m.type == "error" or "Refused to" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    # Which file and statement a blocked style or script came from.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation:', e.violatedDirective, e.sourceFile, e.lineNumber, e.sample,"
        " location.pathname))"
    )
    return problems


def piece(page, kind):
    return page.locator(f"#blocks-group [data-body-piece][data-kind={kind}]")


def test_editor_builds_a_body_with_buttons_formats_text_moves_a_piece_and_gets_it_back(
    page, site, newsroom, axe_source, pytestconfig
):
    problems = watch_console(page)
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)
    page.goto(site(reverse("admin:articles_article_add")))
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill(STANDFIRST)
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    choose(page, "id_bylines-0-reporter", newsroom.reporter.name[:5], newsroom.reporter.name)

    body = page.locator("#blocks-group")
    expect(body.get_by_text("The body has no pieces yet.")).to_be_visible()
    expect(body.locator("select, input[type=number]").filter(visible=True)).to_have_count(0)

    # Paragraphs: a word made bold with the toolbar's button, a link through its link control.
    body.get_by_role("button", name="Paragraphs").click()
    text = piece(page, "text")
    expect(text.get_by_role("heading", name="Paragraphs")).to_be_visible()
    editor = text.get_by_role("textbox", name="Paragraphs")
    expect(editor).to_be_focused()
    page.keyboard.type("The crew is ")
    text.get_by_role("button", name="Bold (Ctrl+B)").click()
    expect(text.get_by_role("button", name="Bold (Ctrl+B)")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.type("ready")
    text.get_by_role("button", name="Bold (Ctrl+B)").click()
    page.keyboard.type(" for the first pour.")
    page.keyboard.press("Enter")
    page.keyboard.type("Read the engineers' report")
    page.keyboard.press("Control+Shift+ArrowLeft")
    text.get_by_role("button", name="Link (Ctrl+K)").click()
    page.get_by_label("URL").fill(LINK)
    page.get_by_role("button", name="Update").click()
    expect(editor.locator(f"a[href='{LINK}']")).to_have_text("report")

    # A subheading and a pull quote, plain words.
    body.get_by_role("button", name="Subheading").click()
    heading = piece(page, "heading")
    expect(heading.get_by_label("Words")).to_be_focused()
    page.keyboard.type(SUBHEADING)
    body.get_by_role("button", name="Pull quote").click()
    quote = piece(page, "quote")
    expect(quote.get_by_label("Words")).to_be_focused()
    page.keyboard.type(QUOTE)
    quote.get_by_label("Attribution").fill(SAID_BY)
    expect(quote.locator(".field-photo")).to_be_hidden()
    expect(quote.locator(".field-text")).to_be_hidden()

    # The subheading goes first, moved with the keyboard alone: focus stays on it.
    move_up = heading.get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(body.locator("[data-body-status]")).to_have_text("Moved to position 1 of 3")
    expect(move_up).to_be_focused()
    expect(body.locator("[data-body-piece]:not(.empty-form) [data-body-title]")).to_have_text(
        ["Subheading", "Paragraphs", "Pull quote"]
    )

    # So far the page has logged no error and broken no rule of its Content-Security-Policy.
    assert problems == [], "\n".join(problems)

    # Nothing inside the body editor that axe-core can find; the rest of the page is reported.
    page.evaluate(axe_source)
    found = page.evaluate(
        "tags => axe.run('#blocks-group', {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        tools.AXE_TAGS,
    )
    assert found["violations"] == [], tools.describe_violations(found["violations"])
    elsewhere = tools.axe_results(page, axe_source)["violations"]
    tools.record(
        pytestconfig,
        "axe-core on the article add page (WCAG 2.2 A/AA), outside the body editor",
        tools.describe_violations(elsewhere) or "no violations",
    )
    problems.clear()  # axe-core's own <style> elements are refused by the page's CSP

    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published now: readers can see it.")

    # Back in the form: formatted text, never markup; the words exactly as typed.
    article = Article.objects.get(headline=HEADLINE)
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    assert [b.kind for b in article.blocks.all()] == ["heading", "text", "quote"]
    text = piece(page, "text")
    editor = text.get_by_role("textbox", name="Paragraphs")
    expect(editor.locator("strong")).to_have_text("ready")
    expect(editor.locator("p")).to_have_count(2)
    expect(editor.locator(f"a[href='{LINK}']")).to_have_text("report")
    expect(piece(page, "heading").get_by_label("Words")).to_have_value(SUBHEADING)
    expect(piece(page, "quote").get_by_label("Words")).to_have_value(QUOTE)
    shown = page.locator("#article_form").inner_text()
    assert "<p>" not in shown and "&lt;" not in shown and "<strong>" not in shown
    expect(page.locator("#blocks-group [data-body-piece]:not(.empty-form)")).to_have_count(3)

    # Readers get the pieces in the chosen order, with the bold word and the link.
    page.goto(site(article.get_absolute_url()))
    pieces = page.locator(".article__body > *")
    expect(page.locator(".article__body h2")).to_have_text(SUBHEADING)
    tags = pieces.evaluate_all("els => els.map(el => el.tagName.toLowerCase())")
    assert tags[:4] == ["h2", "p", "p", "figure"], tags
    expect(page.locator(".article__body p strong")).to_have_text("ready")
    expect(page.locator(f".article__body a[href='{LINK}']")).to_have_text("report")
    expect(page.locator(".article__body .pull-quote blockquote")).to_have_text(QUOTE)
    expect(page.locator(".article__body .pull-quote figcaption")).to_have_text(SAID_BY)

    assert problems == [], "\n".join(problems)


def test_editor_drags_a_piece_by_its_handle_to_a_new_place(page, site, newsroom):
    problems = watch_console(page)
    article = make_article(
        blocks=[
            {"kind": "text", "text": "<p>First words.</p>"},
            {"kind": "heading", "words": "Middle heading"},
            {"kind": "quote", "words": "Last words.", "attribution": "Someone"},
        ]
    )
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    titles = page.locator("#blocks-group [data-body-piece]:not(.empty-form) [data-body-title]")
    expect(titles).to_have_text(["Paragraphs", "Subheading", "Pull quote"])

    # Both pieces in view, then the mouse: press on the handle, drag, drop on the top edge.
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.locator("#blocks-group").scroll_into_view_if_needed()
    handle = piece(page, "quote").locator("[data-body-handle]").bounding_box()
    target = piece(page, "text").bounding_box()
    page.mouse.move(handle["x"] + 5, handle["y"] + 5)
    page.mouse.down()
    page.mouse.move(handle["x"] + 5, handle["y"] - 20, steps=4)
    page.mouse.move(target["x"] + 40, target["y"] + 6, steps=8)
    page.mouse.up()
    expect(titles).to_have_text(["Pull quote", "Paragraphs", "Subheading"])
    expect(page.locator("#blocks-group [data-body-status]")).to_have_text(
        "Moved to position 1 of 3"
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes saved")
    assert [b.kind for b in article.blocks.all()] == ["quote", "text", "heading"]
    assert problems == [], "\n".join(problems)


# What a word processor or web app puts on the clipboard: paragraphs, emphasis (as tags and as
# styles) and a link the editor keeps, inside a wrapper styled "normal", styling, a heading, a
# table, an image and a script it drops.
PASTED = """<html><body><!--StartFragment--><b style="font-weight:normal" id="docs-internal-guid-7">
<h1 style="color:red">Flood warning</h1>
<p class="MsoNormal" style="font-family:Calibri"><span style="font-size:14pt">The river
<b>rose</b> <i>fast</i> overnight.</span></p>
<p><a href="https://example.org/levels" onclick="steal()">River levels</a> are
<span style="font-weight:700">online</span>.</p>
<table><tr><td>Gauge</td><td>4.2 m</td></tr></table>
<img src="https://tracker.example/pixel.gif" alt="">
<script>alert(1)</script>
</b><!--EndFragment--></body></html>"""


def test_pasting_from_a_word_processor_keeps_paragraphs_links_and_emphasis_only(
    page, site, newsroom
):
    problems = watch_console(page)
    article = make_article(blocks=[{"kind": "text", "text": "<p>Before the paste.</p>"}])
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    editor = piece(page, "text").get_by_role("textbox", name="Paragraphs")
    editor.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    # The browser's paste event, with the clipboard a word processor leaves.
    editor.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Flood warning The river rose fast overnight.");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                          cancelable: true}));
        }""",
        PASTED,
    )
    expect(editor.locator("strong")).to_have_text(["rose", "online"])
    expect(editor.locator("em")).to_have_text("fast")
    expect(editor.locator("a[href='https://example.org/levels']")).to_have_text("River levels")
    expect(editor.locator("img, table, h1, script, [style], [class^=Mso]")).to_have_count(0)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes saved")

    stored = article.blocks.get().text
    for kept in ("<strong>rose</strong>", "<em>fast</em>", 'href="https://example.org/levels"'):
        assert kept in stored, stored
    for dropped in ("<h1", "<table", "<img", "<script", "style=", "onclick", "Mso", "tracker"):
        assert dropped not in stored, stored
    assert "Before the paste." in stored and "Flood warning" in stored
    assert problems == [], "\n".join(problems)
