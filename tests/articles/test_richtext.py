"""Whatever an editor pastes into an article's body, no script reaches a reader."""

import pytest

from articles.models import Block
from articles.richtext import clean
from tests.factories import make_article

HOSTILE = [
    ("<script>alert(1)</script><p>Text</p>", "<p>Text</p>"),
    ('<p onclick="steal()">Text</p>', "<p>Text</p>"),
    (
        '<p><a href="javascript:alert(1)">link</a></p>',
        '<p><a rel="noopener noreferrer">link</a></p>',
    ),
    (
        '<p><a href=" JaVaScRiPt:alert(1)">link</a></p>',
        '<p><a rel="noopener noreferrer">link</a></p>',
    ),
    (
        '<p><a href="data:text/html;base64,PHNjcmlwdD4=">x</a></p>',
        '<p><a rel="noopener noreferrer">x</a></p>',
    ),
    ('<p><img src=x onerror="alert(1)">Text</p>', "<p>Text</p>"),
    ("<p><iframe src='https://evil.example/'></iframe>Text</p>", "<p>Text</p>"),
    ("<svg><script>alert(1)</script></svg><p>Text</p>", "<p>Text</p>"),
    ('<p style="background:url(javascript:alert(1))">Text</p>', "<p>Text</p>"),
    ("<style>body{display:none}</style><p>Text</p>", "<p>Text</p>"),
    ('<form action="https://evil.example/"><input name="q"></form><p>Text</p>', "<p>Text</p>"),
    ("<p>Text<!-- <script>alert(1)</script> --></p>", "<p>Text</p>"),
    (
        '<p><a href="https://example.org/" onmouseover="x()">ok</a></p>',
        '<p><a href="https://example.org/" rel="noopener noreferrer">ok</a></p>',
    ),
    ("<p>Broken <em>nesting</p>", "<p>Broken <em>nesting</em></p>"),
    ("<p>A\x00B</p>", "<p>AB</p>"),
    ("<object data='x.swf'></object><p>Text</p>", "<p>Text</p>"),
    ('<p><a href="vbscript:msgbox(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
]


@pytest.mark.parametrize(("pasted", "stored"), HOSTILE)
def test_hostile_markup_is_removed(pasted, stored):
    assert clean(pasted) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (
            "First paragraph.\n\nSecond paragraph.",
            "<p>First paragraph.</p><p>Second paragraph.</p>",
        ),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("Fish & chips < £5", "<p>Fish &amp; chips &lt; £5</p>"),
        ("Some <strong>bold</strong> words", "<p>Some <strong>bold</strong> words</p>"),
        ("", ""),
    ],
)
def test_plain_text_becomes_paragraphs(typed, stored):
    assert clean(typed) == stored


@pytest.mark.django_db
def test_every_write_path_stores_sanitised_html(client):
    article = make_article(
        blocks=[{"kind": "text", "text": "<p onclick='x()'>Saved</p><script>bad()</script>"}]
    )
    block = article.blocks.get()
    assert Block.objects.get(pk=block.pk).text == "<p>Saved</p>"
    Block.objects.filter(pk=block.pk).update(text="<p>Updated<script>bad()</script></p>")
    assert Block.objects.get(pk=block.pk).text == "<p>Updated</p>"
    Block.objects.bulk_create(
        [Block(article=article, position=9, text="<img src=x onerror=bad()>Bulk")]
    )
    assert Block.objects.get(position=9).text == "<p>Bulk</p>"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "bad()" not in page and "onclick" not in page and "onerror" not in page


@pytest.mark.django_db
def test_subheadings_and_pull_quotes_show_their_words_as_typed_never_as_markup(client):
    article = make_article(
        blocks=[
            {"kind": "heading", "words": "Fish & chips <b onclick=x()>here</b>"},
            {"kind": "quote", "words": "<script>bad()</script>Quoted words"},
        ]
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Fish &amp; chips &lt;b onclick=x()&gt;here&lt;/b&gt;</h2>" in page
    assert "<p>&lt;script&gt;bad()&lt;/script&gt;Quoted words</p>" in page
    assert "<script>bad()" not in page
