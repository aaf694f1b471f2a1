"""The whole editing desk, as an editor uses it on a breaking story: a story shaped like the
newsroom's reference article written in the admin by clicking and typing (never HTML), two
photos uploaded from inside the article form, a byline of two reporters, scheduled two minutes
ahead, pinned as the lead, found on the front page once its time comes (no cron job, the page
cache retires by itself), then reopened, corrected by a word and seen "Updated" by readers."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from articles.models import Article, Photo
from tests.factories import image_bytes, make_editor, make_reporter

from .desk import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Storm surge breaches Ravensmouth sea wall as tide peaks"
STANDFIRST = "Families on Quay Street were moved to the leisure centre before dawn."
FIRST = "Water came over the wall at the north end of the harbour shortly after four."
SECOND = "Residents behind the quay can check the council's flood map."
THIRD = "Engineers will inspect the breach on Tuesday once the water has gone down."
SUBHEADING = "Where to find help"
QUOTE = "We heard the wall go, and then the water was at the door."
SAID_BY = "Quay Street resident Mo Adeyemi"
MAP = "https://example.org/ravensmouth-flood-map"
PHOTOS = [
    ("sea-wall.jpg", "Waves break over the sea wall at the north end of the harbour",
     "Waves over the north wall at high tide", "Priya Nair/Coastline Photos"),
    ("quay-street.jpg", "Sandbags stacked outside terraced houses on a flooded street",
     "Sandbags outside homes on Quay Street", "Tom Hale/Ravensmouth Echo"),
]  # fmt: skip


def upload_photo_piece(page, path, alt, caption, credit):
    """A Photo piece, its photo uploaded in the chooser's dialog without leaving the form."""
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Photo", exact=True).click()
    chooser = body.locator("[data-kind=photo]").last.locator("[data-photo-chooser]")
    chooser.get_by_role("button", name="Choose photo…").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Photo file", exact=True).set_input_files(path)
    dialog.get_by_label("Alt text (required)").fill(alt)
    dialog.get_by_label("Caption", exact=True).fill(caption)
    dialog.get_by_label("Credit", exact=True).fill(credit)
    dialog.get_by_role("button", name="Upload and choose").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(chooser.locator(".photo-chooser__caption")).to_have_text(caption)
    expect(chooser).to_contain_text(f"Photograph: {credit}")


def select_words(paragraph, words):
    """Select ``words`` in a paragraph of the rich-text editor, as a drag of the mouse would."""
    paragraph.evaluate(
        """(p, words) => {
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode()) && !node.data.includes(words));
            const range = document.createRange();
            range.setStart(node, node.data.indexOf(words));
            range.setEnd(node, node.data.indexOf(words) + words.length);
            p.closest("[contenteditable]").focus();
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        words,
    )


def test_editor_writes_schedules_pins_and_corrects_a_breaking_story_without_html(
    page, site, newsroom, tmp_path, settings
):
    # "Updated" shows for edits made a while after publication; this test cannot wait the
    # newsroom's ten minutes, so here any edit after publication counts.
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 0
    errors = []
    page.on(
        "console",
        lambda m: errors.append((m.text, m.location["url"])) if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append((str(error), "")))
    make_editor(username="desk", password=PASSWORD)
    second = make_reporter(name="Nadia Okoro", role="Chief Photographer")
    for name, *_ in PHOTOS:
        (tmp_path / name).write_bytes(image_bytes(1200, 800))

    log_in(page, site)
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_role("link", name="Add article").click()

    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill(STANDFIRST)
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    choose(page, "id_bylines-0-reporter", newsroom.reporter.name[:5], newsroom.reporter.name)
    page.get_by_role("button", name="Add another Byline").click()
    choose(page, "id_bylines-1-reporter", "Nadia", second.name)

    # Three paragraphs in the rich-text editor: a word made bold, a link from the toolbar.
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Paragraphs").click()
    text = body.locator("[data-kind=text]")
    editor = text.get_by_role("textbox", name="Paragraphs")
    expect(editor).to_be_focused()
    before, word, after = FIRST.partition("north")
    page.keyboard.type(before)
    page.keyboard.press("Control+b")
    page.keyboard.type(word)
    page.keyboard.press("Control+b")
    page.keyboard.type(after)
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND)
    page.keyboard.press("Enter")
    page.keyboard.type(THIRD)
    select_words(editor.locator("p").nth(1), "flood map")
    text.get_by_role("button", name="Link (Ctrl+K)").click()
    page.get_by_label("URL").fill(MAP)
    page.get_by_role("button", name="Update").click()
    expect(editor.locator(f"a[href='{MAP}']")).to_have_text("flood map")

    body.get_by_role("button", name="Subheading").click()
    expect(body.locator("[data-kind=heading]").get_by_label("Words")).to_be_focused()
    page.keyboard.type(SUBHEADING)
    upload_photo_piece(page, tmp_path / PHOTOS[0][0], *PHOTOS[0][1:])
    body.get_by_role("button", name="Pull quote").click()
    expect(body.locator("[data-kind=quote]").get_by_label("Words")).to_be_focused()
    page.keyboard.type(QUOTE)
    body.locator("[data-kind=quote]").get_by_label("Attribution").fill(SAID_BY)
    upload_photo_piece(page, tmp_path / PHOTOS[1][0], *PHOTOS[1][1:])

    # Scheduled two minutes ahead, in the site's time zone, which the picker names.
    page.get_by_role("button", name="Schedule…").click()
    picker = page.get_by_label(re.compile(r"^Publish at \(Europe/London"))
    due = (timezone.localtime() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    picker.fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Scheduled for {date_format(due, 'j F Y, H:i T')}"
    )
    row = page.locator("#result_list tr", has_text=HEADLINE)
    expect(row.locator("td.field-publication_status")).to_have_text(
        f"Scheduled for {date_format(due, 'j M Y, H:i T')}"
    )
    article = Article.objects.get(headline=HEADLINE)
    assert [b.kind for b in article.blocks.all()] == [
        "text", "heading", "photo", "quote", "photo"
    ]  # fmt: skip
    assert [b.reporter for b in article.bylines.all()] == [newsroom.reporter, second]
    assert Photo.objects.filter(uploaded_by__username="desk").count() == 2

    # The editor's chosen place: the lead, from the moment it is published.
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Pin as lead story")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(HEADLINE)

    reader = page.context.browser.new_page()
    assert reader.goto(site(article.get_absolute_url())).status == 404
    reader.goto(site(reverse("articles:front-page")))
    top = reader.get_by_role("region", name="Top story")
    expect(top).not_to_contain_text(HEADLINE)

    # Its time comes: the front page, stored in the page cache, changes by itself.
    deadline = time.monotonic() + 200
    while HEADLINE not in top.inner_text():
        assert time.monotonic() < deadline, "the scheduled story never reached the front page"
        time.sleep(5)
        reader.reload()
    assert timezone.now() >= due
    top.get_by_role("link", name=HEADLINE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    story = reader.locator(".article__body")
    expect(story.locator("p strong")).to_have_text("north")
    expect(story.locator(f"a[href='{MAP}']")).to_have_text("flood map")
    expect(story.locator("> p")).to_have_text([FIRST, SECOND, THIRD])
    expect(story.locator("h2")).to_have_text(SUBHEADING)
    expect(story.locator(".pull-quote blockquote")).to_have_text(QUOTE)
    expect(story.locator(".pull-quote figcaption")).to_have_text(SAID_BY)
    figures = story.locator("figure.photo")
    expect(figures).to_have_count(2)
    for figure, (_, alt, caption, credit) in zip(figures.all(), PHOTOS, strict=True):
        expect(figure.get_by_role("img", name=alt)).to_be_attached()
        expect(figure.locator("figcaption")).to_contain_text(caption)
        expect(figure.locator("figcaption")).to_contain_text(credit)
    byline = reader.locator(".article__meta .byline")
    expect(byline).to_contain_text(f"{newsroom.reporter.name}")
    expect(byline).to_contain_text(f"{second.name} {second.role}")
    expect(reader.locator(".article__updated")).to_have_count(0)

    # Reopened: the same words, formatted, no markup anywhere in the form.
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    editor = page.locator("#blocks-group [data-kind=text]").get_by_role(
        "textbox", name="Paragraphs"
    )
    expect(editor.locator("p")).to_have_text([FIRST, SECOND, THIRD])
    expect(editor.locator("strong")).to_have_text("north")
    shown = page.locator("#article_form").inner_text()
    assert not re.search(r"<\w|&lt;|&amp;", shown), shown
    expect(page.locator("#blocks-group [data-kind=heading]").get_by_label("Words")).to_have_value(
        SUBHEADING
    )

    # One word corrected, as an editor does it: select it, type over it.
    select_words(editor.locator("p").nth(2), "Tuesday")
    page.keyboard.type("Wednesday")
    expect(editor.locator("p").nth(2)).to_have_text(THIRD.replace("Tuesday", "Wednesday"))
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Changes saved: readers can see them now.")

    assert "Wednesday" in article.blocks.get(kind="text").text
    # A reader arriving now (the earlier reader's browser may keep its copy a few seconds,
    # PAGE_CACHE_BROWSER_MAX_AGE, as the site tells browsers to).
    reader = page.context.browser.new_page()
    reader.goto(site(article.get_absolute_url()))
    expect(reader.locator(".article__body > p").nth(2)).to_have_text(
        THIRD.replace("Tuesday", "Wednesday")
    )
    expect(reader.locator(".article__updated")).to_contain_text("Updated")
    assert errors == []
