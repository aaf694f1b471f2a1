"""What readers see of the comments: approved ones only, oldest first, threaded, paged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.formatting import render_text
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


def text(node):
    return " ".join(node.text_content().split())


def test_approved_comment_shows_name_website_time_text_and_permalink(client, html, article):
    comment = make_comment(
        article,
        name="Geoff Stanton",
        url="https://example.net/geoff",
        text="First paragraph with https://example.org/report.\n\nSecond <b>paragraph</b>.",
    )
    page = html(client.get(article.get_absolute_url()))
    item = page.cssselect(f"li#comment-{comment.pk}")[0]
    author = item.cssselect(".comment__author a")[0]
    assert text(author) == "Geoff Stanton"
    assert author.get("href") == "https://example.net/geoff"
    assert author.get("rel") == "nofollow ugc noopener"
    time = item.cssselect("time")[0]
    assert time.get("datetime").startswith(timezone.localtime(comment.created_at).isoformat()[:19])
    assert item.cssselect(f"a.comment__permalink[href='#comment-{comment.pk}']")
    paragraphs = item.cssselect(".comment__text p")
    assert [text(p) for p in paragraphs] == [
        "First paragraph with https://example.org/report.",
        "Second <b>paragraph</b>.",
    ]
    link = paragraphs[0].cssselect("a")[0]
    assert link.get("href") == "https://example.org/report"
    assert link.get("rel") == "nofollow ugc noopener"
    assert not item.cssselect(".comment__text b")


def test_name_without_website_is_not_a_link(client, html, article):
    make_comment(article, name="Janet")
    page = html(client.get(article.get_absolute_url()))
    assert not page.cssselect(".comment__author a")
    assert text(page.cssselect(".comment__author")[0]) == "Janet"


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_approved_comments_are_shown(client, article, status):
    make_comment(article, status=status, text="Not for readers yet.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Not for readers yet." not in content


def test_comments_are_oldest_first_and_replies_nest(client, html, article):
    now = timezone.now()
    newer = make_comment(article, text="Newer", created_at=now - timedelta(minutes=5))
    older = make_comment(article, text="Older", created_at=now - timedelta(minutes=50))
    reply = make_comment(article, parent=older, text="Reply", created_at=now - timedelta(minutes=1))
    page = html(client.get(article.get_absolute_url()))
    tops = page.cssselect("ol.comment-list > li")
    assert [li.get("id") for li in tops] == [f"comment-{older.pk}", f"comment-{newer.pk}"]
    assert tops[0].cssselect(f"ol.comment-children > li#comment-{reply.pk}")
    assert text(page.cssselect("#comments-heading")[0]) == "3 comments"


def test_threads_nest_five_levels_and_the_fifth_offers_no_reply(client, html, article):
    chain = []
    for _ in range(5):
        chain.append(make_comment(article, parent=chain[-1] if chain else None))
    page = html(client.get(article.get_absolute_url()))
    deepest = page.cssselect(f"li#comment-{chain[-1].pk}")[0]
    assert len(list(deepest.iterancestors("li"))) == 4
    assert not deepest.cssselect(".comment__reply")
    assert page.cssselect(f"li#comment-{chain[-2].pk} > article .comment__reply")


def test_thread_depth_is_a_setting(client, html, article, settings):
    settings.COMMENTS_THREAD_DEPTH = 2
    top = make_comment(article)
    reply = make_comment(article, parent=top)
    page = html(client.get(article.get_absolute_url()))
    assert page.cssselect(f"li#comment-{top.pk} > article .comment__reply")
    assert not page.cssselect(f"li#comment-{reply.pk} .comment__reply")


def test_more_than_fifty_threads_are_paged_oldest_first(client, html, article):
    start = timezone.now() - timedelta(days=1)
    tops = [
        make_comment(article, text=f"Top {i}", created_at=start + timedelta(minutes=i))
        for i in range(52)
    ]
    reply = make_comment(article, parent=tops[51], text="Late reply")
    first = html(client.get(article.get_absolute_url()))
    assert len(first.cssselect("ol.comment-list > li")) == 50
    assert text(first.cssselect("#comments-heading")[0]) == "53 comments"
    nav = first.cssselect("nav.comment-pages")[0]
    assert "Comments page 1 of 2" in text(nav)
    assert nav.cssselect("a[rel=next]")[0].get("href") == "?cpage=2#comments"

    second = html(client.get(article.get_absolute_url(), {"cpage": 2}))
    ids = [li.get("id") for li in second.cssselect("ol.comment-list > li")]
    assert ids == [f"comment-{tops[50].pk}", f"comment-{tops[51].pk}"]
    assert second.cssselect(f"#comment-{reply.pk}")
    assert second.cssselect("nav.comment-pages a[rel=prev]")[0].get("href") == "?cpage=1#comments"
    link = second.cssselect(f"#comment-{tops[50].pk} .comment__reply a")[0]
    assert link.get("href") == f"?cpage=2&replyto={tops[50].pk}#respond"


@pytest.mark.parametrize("cpage", ["0", "3", "x", "-1"])
def test_comment_page_out_of_range_is_not_found(client, article, cpage):
    make_comment(article)
    assert client.get(article.get_absolute_url(), {"cpage": cpage}).status_code == 404


def test_lists_show_comment_counts(client, html):
    section = make_section()
    busy = make_article(section=section, headline="Busy")
    quiet = make_article(section=section, headline="Quiet")
    make_comment(busy)
    make_comment(busy)
    make_comment(busy, status="pending")
    make_comment(quiet, status="spam")
    for url in ["/", section.get_absolute_url()]:
        page = html(client.get(url))
        counts = {
            text(t.cssselect(".teaser__headline")[0]): [
                text(a) for a in t.cssselect(".teaser__comments")
            ]
            for t in page.cssselect(".teaser")
        }
        assert counts == {"Busy": ["2 comments"], "Quiet": []}, url
        link = page.cssselect(".teaser__comments")[0]
        assert link.get("href") == busy.get_absolute_url() + "#comments"


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("Plain words.", "<p>Plain words.</p>"),
        ("One\nline break", "<p>One<br>line break</p>"),
        ("Para one.\r\n\r\nPara two.", "<p>Para one.</p><p>Para two.</p>"),
        ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
        (
            "See https://example.org/a?b=1&c=2.",
            '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
            "https://example.org/a?b=1&amp;c=2</a>.</p>",
        ),
        (
            "(www.example.org/page)",
            '<p>(<a href="https://www.example.org/page" rel="nofollow ugc noopener">'
            "www.example.org/page</a>)</p>",
        ),
        (
            "https://en.example/wiki/Bridge_(Ravensmouth)",
            '<p><a href="https://en.example/wiki/Bridge_(Ravensmouth)" '
            'rel="nofollow ugc noopener">https://en.example/wiki/Bridge_(Ravensmouth)</a></p>',
        ),
        ('javascript:alert("x")', "<p>javascript:alert(&quot;x&quot;)</p>"),
        (
            'https://x.example/"onmouseover="a',
            '<p><a href="https://x.example/" rel="nofollow ugc noopener">https://x.example/</a>&quot;onmouseover=&quot;a</p>',
        ),
    ],
)
def test_text_is_escaped_with_paragraphs_and_clickable_links(typed, html):
    assert render_text(typed) == html


@pytest.mark.parametrize("status", ["removed", "spam"])
def test_removed_comment_with_replies_stays_as_a_placeholder(client, html, article, status):
    root = make_comment(article, text="Root words")
    middle = make_comment(article, parent=root, text="Middle words", status=status)
    lower = make_comment(article, parent=middle, text="Lower words", status=status)
    reply = make_comment(article, parent=lower, text="Still approved")
    make_comment(article, status=status, text="Removed alone")
    page = html(client.get(article.get_absolute_url()))
    section = page.cssselect("#comments")[0]
    assert "Middle words" not in text(section) and "Lower words" not in text(section)
    assert "Removed alone" not in text(section)
    for removed in (middle, lower):
        item = section.cssselect(f"#comment-{removed.pk}")[0]
        assert text(item.cssselect(".comment__card")[0]) == "This comment was removed."
        assert not item.cssselect(f"#comment-{removed.pk} > article .comment__reply")
    assert section.cssselect(f"#comment-{lower.pk} > ol > #comment-{reply.pk}")
    assert text(section.cssselect("#comments-heading")[0]) == "2 comments"


def test_removed_thread_start_with_replies_keeps_its_place(client, html, article):
    root = make_comment(article, text="Root words", status="removed")
    reply = make_comment(article, parent=root, text="Reply words")
    page = html(client.get(article.get_absolute_url()))
    assert page.cssselect(f"ol.comment-list > #comment-{root.pk} #comment-{reply.pk}")
    assert "Root words" not in page.text_content()
