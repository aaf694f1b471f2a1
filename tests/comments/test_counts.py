"""The count of approved comments on each teaser follows every path that changes it: moderation
one by one and in bulk, auto-approved posts, the demo and benchmark data, repair, and moderators
working at the same instant."""

import io
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments import moderation, privacy
from comments.counts import recount
from comments.models import Comment, CommentCount
from newsroom.bench import datasets
from tests.factories import (
    comment_data,
    make_article,
    make_comment,
    make_moderator,
    make_section,
)

FRONT = "articles:front-page"


def text(node):
    return " ".join(node.text_content().split())


def teaser_counts(html, url=None):
    """What a reader sees on each teaser of ``url`` (the front page): headline → count link."""
    page = html(Client().get(url or reverse(FRONT)))
    for badge in page.cssselect(".teaser__headline .live-badge"):
        badge.drop_tree()  # a live story's "Live" badge, beside its headline
    return {
        text(teaser.cssselect(".teaser__headline")[0]): " ".join(
            text(link) for link in teaser.cssselect(".teaser__comments")
        )
        for teaser in page.cssselect(".teaser")
    }


@pytest.fixture
def desk():
    """A moderator's browser on the admin."""
    desk = Client()
    desk.force_login(make_moderator())
    return desk


@pytest.mark.django_db
def test_front_page_count_follows_approve_spam_restore_and_remove(
    html, desk, django_capture_on_commit_callbacks
):
    article = make_article(headline="Ferry timetable cut")
    make_comment(article)
    held = make_comment(article, status="pending")
    assert teaser_counts(html) == {"Ferry timetable cut": "1 comment"}
    url = reverse("admin:comments_comment_moderate", args=[held.pk])
    for action, shown in [
        ("approve", "2 comments"),
        ("spam", "1 comment"),
        ("restore", "2 comments"),
        ("remove", "1 comment"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            desk.post(url, {"moderation": action})
        assert teaser_counts(html) == {"Ferry timetable cut": shown}, action


@pytest.mark.django_db
def test_bulk_approval_counts_each_article(html, desk, django_capture_on_commit_callbacks):
    section = make_section()
    ferry = make_article(section=section, headline="Ferry timetable cut")
    bridge = make_article(section=section, headline="Bridge reopens")
    held = [make_comment(ferry, status="pending") for _ in range(3)]
    held.append(make_comment(bridge, status="pending"))
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve_selected", "_selected_action": [c.pk for c in held]},
        )
    expected = {"Ferry timetable cut": "3 comments", "Bridge reopens": "1 comment"}
    assert teaser_counts(html) == expected
    assert teaser_counts(html, section.get_absolute_url()) == expected


@pytest.mark.django_db
def test_auto_approved_post_is_counted_at_once(
    html, article, post, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(article, email="jo@example.com")  # a known commenter
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article, email="jo@example.com"))
    assert article.comments.filter(status="approved").count() == 2
    assert teaser_counts(html) == {article.headline: "2 comments"}


@pytest.mark.django_db
def test_a_failed_recount_loses_no_comment_and_shows_no_error(
    html, article, post, settings, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(article, email="jo@example.com")

    def broken(article_ids):
        raise DatabaseError("the counts table is locked")

    monkeypatch.setattr("comments.counts.recount", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(comment_data(article, email="jo@example.com"))
    assert response.status_code == 303
    assert article.comments.filter(status="approved").count() == 2
    assert "Comment counts of articles" in caplog.text
    call_command("recount_comments", stdout=io.StringIO())
    assert teaser_counts(html) == {article.headline: "2 comments"}


@pytest.mark.django_db
def test_held_post_is_not_counted(html, article, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article))
    assert article.comments.get().status == "pending"
    assert teaser_counts(html) == {article.headline: ""}


@pytest.mark.django_db
def test_erasing_a_commenter_keeps_the_count(html, article, django_capture_on_commit_callbacks):
    make_comment(article, email="jo@example.com")
    make_comment(article)
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.erase_commenter("jo@example.com") == 1
    assert teaser_counts(html) == {article.headline: "2 comments"}


@pytest.mark.django_db
def test_deleting_an_article_deletes_its_count(article):
    make_comment(article)
    assert CommentCount.objects.get(article=article).approved == 1
    article.delete()
    assert not CommentCount.objects.exists()


@pytest.mark.django_db
def test_recount_comments_repairs_wrong_and_missing_counts(html):
    section = make_section()
    wrong = make_article(section=section, headline="Wrong")
    missing = make_article(section=section, headline="Missing")
    stale = make_article(section=section, headline="Stale")
    make_comment(wrong)
    make_comment(missing)
    make_comment(missing)
    # Writes that go around the site's code: a raw fix, a restored backup.
    CommentCount.objects.filter(article=wrong).update(approved=7)
    CommentCount.objects.filter(article=missing).delete()
    CommentCount.objects.create(article=stale, approved=4)
    assert teaser_counts(html) == {"Wrong": "7 comments", "Missing": "", "Stale": "4 comments"}

    out = io.StringIO()
    call_command("recount_comments", stdout=out)

    assert "3 corrected" in out.getvalue()
    # The stored pages showing the wrong counts are retired too.
    assert teaser_counts(html) == {"Wrong": "1 comment", "Missing": "2 comments", "Stale": ""}
    call_command("recount_comments", stdout=out)
    assert "0 corrected" in out.getvalue()


@pytest.mark.django_db
def test_demo_teasers_show_their_approved_comments(settings, tmp_path, html):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    shown = teaser_counts(html)
    expected = {
        headline: (f"{n} comment{'s' if n != 1 else ''}" if n else "")
        for headline in shown
        for n in [
            Comment.objects.filter(
                article=Article.objects.get(headline=headline), status="approved"
            ).count()
        ]
    }
    assert shown == expected
    assert any(shown.values())


@pytest.mark.django_db
def test_benchmark_article_counts_its_comments():
    article = datasets.ensure_bench_article()
    assert CommentCount.objects.get(article=article).approved == datasets.BENCH_COMMENTS


def slow_counting(execute, sql, params, many, context):
    """Counting a busy article's comments takes a while: long enough for the other moderators'
    recounts to overtake this one, in an order that differs from run to run."""
    result = execute(sql, params, many, context)
    if "COUNT(" in sql and Comment._meta.db_table in sql:
        time.sleep(random.uniform(0, 0.1))
    return result


def test_moderators_approving_at_once_leave_the_true_count(transactional_db):
    """Each approval recounts after its commit; recounts that overlap must not store an older
    count over a newer one."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time")
    moderator = make_moderator()
    article = make_article()
    width, rounds = 8, 10
    for _ in range(rounds):
        held = [make_comment(article, status="pending") for _ in range(width)]
        barrier = threading.Barrier(width)

        def approve(comment, barrier=barrier):
            try:
                with connection.execute_wrapper(slow_counting):
                    barrier.wait(timeout=30)
                    time.sleep(random.uniform(0, 0.03))  # moderators click within moments
                    moderation.approve(comment, actor=moderator)
            finally:
                connection.close()  # this thread's own connection

        with ThreadPoolExecutor(width) as pool:
            list(pool.map(approve, held))
        approved = article.comments.filter(status="approved").count()
        assert CommentCount.objects.get(article=article).approved == approved
    assert approved == rounds * width


@pytest.mark.django_db
def test_a_recount_retires_stored_pages_showing_the_old_count(html, article):
    make_comment(article)
    comment = make_comment(article)
    assert teaser_counts(html) == {article.headline: "2 comments"}
    # As a page rendered between a removal's commit and its recount is stored under the page
    # cache's newest token: the change itself has already retired what it could.
    Comment.objects.filter(pk=comment.pk).update(status="removed")
    assert teaser_counts(html) == {article.headline: "2 comments"}
    assert recount([article.pk]) == 1
    assert teaser_counts(html) == {article.headline: "1 comment"}
