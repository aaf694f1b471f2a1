"""Reading a WordPress export: every part of it, streamed, and a file that is not one refused
with its line."""

import io
import tracemalloc

import pytest

from articles.wordpress.wxr import Author, ExportError, Item, Site, Term, read
from tests.wordpress.exports import author, category, comment, export, item, tag


def test_every_part_of_an_export_is_read_in_order():
    data = export(
        author("jdoe", "Jo Doe", "jo@gazette.example", first="Jo", last="Doe"),
        category("news", "News", term_id=3),
        category("floods", "Floods", term_id=4, parent="news"),
        tag("river-wall", "River wall", term_id=9),
        item(
            10,
            "Wall breached",
            content="<p>Body</p>",
            excerpt="The standfirst",
            terms=[("category", "floods", "Floods"), ("post_tag", "river-wall", "River wall")],
            meta={"_thumbnail_id": "31"},
            comments=[comment(100, "First!"), comment(101, "Reply", parent=100, approved="0")],
        ),
    )
    parts = list(read(io.BytesIO(data)))
    assert [type(p) for p in parts] == [Author, Term, Term, Term, Site, Item]
    assert parts[0] == Author(1, "jdoe", "jo@gazette.example", "Jo Doe", "Jo", "Doe")
    assert (parts[2].kind, parts[2].slug, parts[2].parent) == ("category", "floods", "news")
    assert (parts[3].kind, parts[3].name) == ("post_tag", "River wall")
    assert parts[4].base_site_url == "https://gazette.example" and parts[4].wxr_version == "1.2"
    post = parts[5]
    assert (post.id, post.post_type, post.status, post.slug) == (
        10,
        "post",
        "publish",
        "wall-breached",
    )
    assert (post.content, post.excerpt, post.creator) == ("<p>Body</p>", "The standfirst", "jdoe")
    assert post.date_gmt == "2024-03-04 09:30:00"
    assert post.terms == [
        ("category", "floods", "Floods"),
        ("post_tag", "river-wall", "River wall"),
    ]
    assert post.meta == {"_thumbnail_id": "31"}
    assert [(c.id, c.parent, c.approved) for c in post.comments] == [(100, 0, "1"), (101, 100, "0")]
    assert post.line > 1


def test_wxr_1_1_reads_the_same():
    parts = list(read(io.BytesIO(export(item(5, "Old post", excerpt="x"), version="1.1"))))
    assert parts[0].wxr_version == "1.1"
    assert (parts[1].id, parts[1].excerpt) == (5, "x")


def test_a_file_cut_short_is_refused_with_its_line():
    data = export(item(1, "One"), item(2, "Two"))
    cut = data[: data.index(b"<wp:post_id>2")]
    with pytest.raises(ExportError, match=r"^line \d+: the file is not well-formed XML"):
        list(read(io.BytesIO(cut)))


def test_a_file_that_is_not_an_export_is_refused():
    with pytest.raises(ExportError, match="not a WordPress export"):
        list(read(io.BytesIO(b"<html><body>Hello</body></html>")))
    rss = (
        b'<?xml version="1.0"?><rss><channel><title>x</title>'
        b"<item><title>y</title></item></channel></rss>"
    )
    with pytest.raises(ExportError, match="no wp:wxr_version"):
        list(read(io.BytesIO(rss)))


def test_entities_are_never_expanded_nor_files_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doctype = (
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        f'<!ENTITY b "{"&a;" * 10}"><!ENTITY c "{"&b;" * 10}">'
        f'<!ENTITY file SYSTEM "file://{secret}">]>\n<rss'
    )
    bomb = export(item(1, "Bomb", content="x")).replace(b"<rss", doctype.encode(), 1)
    bomb = bomb.replace(b"<title><![CDATA[Bomb]]></title>", b"<title>&c;&file;</title>")
    post = [p for p in read(io.BytesIO(bomb)) if isinstance(p, Item)][0]
    assert "aaaa" not in post.title
    assert "SECRET" not in post.title


def test_memory_does_not_grow_with_the_number_of_posts():
    def peak(posts):
        data = export(
            *(item(n, f"Post {n}", content="<p>" + "word " * 200 + "</p>") for n in range(posts))
        )
        tracemalloc.start()
        for _ in read(io.BytesIO(data)):
            pass
        _, high = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return high

    assert peak(2000) < 2 * peak(200)
