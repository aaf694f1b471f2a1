"""Portrait photos in an article: marked on the server, so the page limits their height, and
their ``sizes`` tell the browser how narrow they then are."""

import pytest

from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def figures(client, html, article):
    page = html(client.get(article.get_absolute_url()))
    lead = page.cssselect("article figure.photo--lead")[0]
    body = page.cssselect(".article__body figure.photo")[0]
    return lead, body


def test_portrait_photos_are_marked_and_their_sizes_follow_the_height_limit(client, html):
    article = make_article(
        lead_photo=make_photo(width=600, height=1000),
        blocks=[{"kind": "photo", "photo": make_photo(width=800, height=1000)}],
    )
    lead, body = figures(client, html, article)
    assert "photo--portrait" in lead.get("class")
    assert "photo--portrait" in body.get("class")
    # 75 % of the viewport's height at the photo's aspect, or the column, whichever is less.
    assert lead.cssselect("img")[0].get("sizes") == (
        "(min-width: 60rem) min(50rem, 45.00vh), (min-width: 44rem) min(42rem, 45.00vh), "
        "min(calc(100vw - 2rem), 45.00vh)"
    )
    assert body.cssselect("img")[0].get("sizes") == (
        "(min-width: 44rem) min(42rem, 60.00vh), min(calc(100vw - 2rem), 60.00vh)"
    )
    for source in body.cssselect("source"):
        assert source.get("sizes") == body.cssselect("img")[0].get("sizes")


def test_landscape_and_square_photos_keep_the_column_width(client, html):
    article = make_article(
        lead_photo=make_photo(width=1000, height=600),
        blocks=[{"kind": "photo", "photo": make_photo(width=700, height=700)}],
    )
    lead, body = figures(client, html, article)
    assert "photo--portrait" not in lead.get("class")
    assert "photo--portrait" not in body.get("class")
    assert "min(" not in lead.cssselect("img")[0].get("sizes")
    assert body.cssselect("img")[0].get("sizes") == "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
