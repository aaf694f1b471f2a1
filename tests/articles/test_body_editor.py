"""The article body in the admin, without a browser: what each piece shows back in the form, what
saving it again keeps, and the migration that gave subheadings and pull quotes their plain words."""

import lxml.html
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.models import Block
from articles.richtext import clean
from tests.factories import make_article, make_editor, make_photo

PASTED = (
    '<p style="color:red">Crews <b onclick="steal()">worked</b> through the night, '
    '<a href="https://example.org/tides" target="_blank">the tide tables</a> say.</p>'
    "<p>Second <em>paragraph</em>.<script>steal()</script></p>"
)


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_editor())
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def change_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).get_element_by_id("article_form")


def submitted(form):
    """What the browser sends for ``form`` as it stands, without the save buttons."""
    data = {}
    for field in form.xpath(".//input | .//textarea | .//select"):
        name, kind = field.get("name"), (field.get("type") or "").lower()
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.tag == "select" and field.get("multiple") is not None:
            # Every chosen option (an article's topics); nothing at all when none is.
            chosen = field.xpath(".//option[@selected]/@value")
            if chosen:
                data[name] = chosen
        elif field.tag == "select":
            chosen = field.xpath(".//option[@selected]/@value")
            data[name] = chosen[0] if chosen else ""
        elif field.tag == "textarea":
            data[name] = field.text_content().removeprefix("\n")
        else:
            data[name] = field.get("value", "")
    return data


def piece_values(form, index):
    return {
        name.split("-", 2)[2]: value
        for name, value in submitted(form).items()
        if name.startswith(f"blocks-{index}-")
    }


def test_subheadings_and_pull_quotes_come_back_exactly_as_typed(editor_client):
    heading = "Fish & chips <b>at</b> the quay"
    quote = "“We rowed <all> night,” she said.\nThen we slept."
    article = make_article(blocks=[{"kind": "text", "text": "<p>Start.</p>"}])
    data = submitted(change_form(editor_client, article))
    data.update(
        {
            "blocks-TOTAL_FORMS": "3",
            "blocks-1-kind": "heading",
            "blocks-1-words": heading,
            "blocks-1-text": "<p>stray words from another kind</p>",
            "blocks-1-position": "2",
            "blocks-2-kind": "quote",
            "blocks-2-words": quote,
            "blocks-2-attribution": "Coxswain <Morag> Reid",
            "blocks-2-position": "3",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    saved = {b.kind: b for b in article.blocks.all()}
    assert (saved["heading"].words, saved["heading"].text) == (heading, "")
    assert (saved["quote"].words, saved["quote"].attribution) == (quote, "Coxswain <Morag> Reid")
    form = change_form(editor_client, article)
    assert piece_values(form, 1)["words"] == heading
    assert piece_values(form, 2)["words"] == quote
    assert piece_values(form, 2)["attribution"] == "Coxswain <Morag> Reid"


def test_text_piece_comes_back_as_the_editors_sanitised_value_and_saving_again_keeps_it(
    editor_client,
):
    article = make_article(blocks=[{"kind": "text", "text": PASTED}])
    stored = article.blocks.get().text
    assert stored == clean(PASTED)
    assert "steal" not in stored and "style" not in stored and "target" not in stored

    form = change_form(editor_client, article)
    textarea = form.cssselect("textarea[name='blocks-0-text']")[0]
    # The editor (articles/static/articles/admin/body-text.js) starts from this value.
    assert textarea.get("data-body-text") == ""
    assert piece_values(form, 0)["text"] == stored
    for _ in range(2):
        response = editor_client.post(change_url(article), submitted(form))
        assert response.status_code == 302, response.content.decode()[:2000]
        form = change_form(editor_client, article)
    assert article.blocks.get().text == stored
    assert piece_values(form, 0)["text"] == stored
    assert article.blocks.count() == 1


def test_the_form_shows_each_piece_as_what_it_is_with_no_empty_extra_pieces(editor_client):
    article = make_article(
        blocks=[
            {"kind": "text", "text": "<p>One.</p>"},
            {"kind": "heading", "words": "Two"},
            {"kind": "photo", "photo": make_photo()},
            {"kind": "quote", "words": "Three.", "attribution": "Four"},
        ]
    )
    form = change_form(editor_client, article)
    assert form.cssselect("#id_blocks-TOTAL_FORMS")[0].get("value") == "4"
    pieces = form.cssselect("#blocks-group [data-body-piece]:not(.empty-form)")
    titles = [p.cssselect("[data-body-title]")[0].text_content() for p in pieces]
    assert titles == ["Paragraphs", "Subheading", "Photo", "Pull quote"]
    assert [p.get("data-kind") for p in pieces] == ["text", "heading", "photo", "quote"]
    # The kind is set by the button that added the piece: no dropdown to operate.
    assert form.cssselect("[name$='-kind']")[0].get("type") == "hidden"
    assert not form.cssselect("select[name$='-kind']")
    # The buttons that add pieces, and the one template they copy.
    buttons = [b.text_content() for b in form.cssselect("[data-body-add] button")]
    assert buttons == ["Paragraphs", "Photo", "Subheading", "Pull quote"]
    assert len(form.cssselect("#blocks-empty")) == 1

    add = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    add_form = lxml.html.fromstring(add).get_element_by_id("article_form")
    assert add_form.cssselect("#id_blocks-TOTAL_FORMS")[0].get("value") == "0"
    assert "The body has no pieces yet." in add


def test_a_piece_marked_remove_is_not_kept_saved_or_new(editor_client):
    article = make_article(
        blocks=[{"kind": "text", "text": "<p>Keep.</p>"}, {"kind": "heading", "words": "Go"}]
    )
    data = submitted(change_form(editor_client, article))
    data.update(
        {
            "blocks-1-DELETE": "on",
            "blocks-TOTAL_FORMS": "3",
            # Added, then removed before saving: its words need not even be there.
            "blocks-2-kind": "quote",
            "blocks-2-position": "3",
            "blocks-2-DELETE": "on",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(b.position, b.kind) for b in article.blocks.all()] == [(1, "text")]


def test_moved_pieces_are_numbered_in_the_order_given(editor_client):
    article = make_article(
        blocks=[
            {"kind": "text", "text": "<p>A.</p>"},
            {"kind": "text", "text": "<p>B.</p>"},
            {"kind": "heading", "words": "C"},
        ]
    )
    data = submitted(change_form(editor_client, article))
    data.update({"blocks-0-position": "2", "blocks-1-position": "3", "blocks-2-position": "1"})
    assert editor_client.post(change_url(article), data).status_code == 302
    assert [(b.position, b.kind, b.words or b.text) for b in article.blocks.all()] == [
        (1, "heading", "C"),
        (2, "text", "<p>A.</p>"),
        (3, "text", "<p>B.</p>"),
    ]


def _plain_words_migration(executor):
    names = [key for key in executor.loader.disk_migrations if key[0] == "articles"]
    (target,) = [key for key in names if key[1].endswith("_block_plain_words")]
    return executor.loader.get_migration(*target).dependencies[0], target


@pytest.mark.django_db(transaction=True)
def test_plain_words_migration_keeps_every_existing_piece():
    executor = MigrationExecutor(connection)
    before, after = _plain_words_migration(executor)
    latest = executor.loader.graph.leaf_nodes("articles")
    try:
        executor.migrate([before])
        apps = executor.loader.project_state([before]).apps
        section = apps.get_model("articles", "Section").objects.create(name="News", slug="news")
        article = apps.get_model("articles", "Article").objects.create(
            headline="Storm", slug="storm", standfirst="Rain.", section=section
        )
        old_block = apps.get_model("articles", "Block").objects.create
        old_block(article=article, position=1, kind="text", text="<p>Rain <b>fell</b>.</p>")
        old_block(article=article, position=2, kind="heading", text="<p>Fish &amp; chips</p>")
        old_block(
            article=article,
            position=3,
            kind="quote",
            text="<p>“We rowed.”</p><p>Then slept.</p>",
            attribution="Crew",
        )

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        pieces = [
            (b.kind, b.text, b.words, b.attribution) for b in Block.objects.order_by("position")
        ]
        assert pieces == [
            ("text", "<p>Rain <b>fell</b>.</p>", "", ""),
            ("heading", "", "Fish & chips", ""),
            ("quote", "", "“We rowed.”\nThen slept.", "Crew"),
        ]

        # And back: the words return to the rich text they came from.
        executor = MigrationExecutor(connection)
        executor.migrate([before])
        apps = executor.loader.project_state([before]).apps
        texts = apps.get_model("articles", "Block").objects.order_by("position")
        assert [b.text for b in texts] == [
            "<p>Rain <b>fell</b>.</p>",
            "<p>Fish &amp; chips</p>",
            "<p>“We rowed.”</p><p>Then slept.</p>",
        ]
    finally:
        MigrationExecutor(connection).migrate(latest)
