"""``make seed-scale`` builds the archive a chunk at a time: what readers see of it (articles,
bylines, comment counts, search) is whole, whatever the chunk size, and a second run goes on
where the first stopped."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from articles.models import Article, Byline, Photo, SearchDocument
from articles.reach.search import search_articles
from comments.models import Comment, CommentCount
from newsroom.bench import datasets
from newsroom.bench.management.commands import seed_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the archive is written with PostgreSQL's COPY")


def archive():
    return Article.objects.filter(slug__startswith=datasets.SCALE_PREFIX)


def test_a_chunked_archive_is_whole_and_every_comment_is_on_a_published_story(
    postgres, monkeypatch
):
    monkeypatch.setattr(datasets, "CHUNK", 70)  # many chunks, none of them full at the end
    datasets.seed_scale(articles=500, photos=30, comments=3000)

    assert archive().count() == 500
    assert len(set(archive().values_list("slug", flat=True))) == 500
    assert Photo.objects.filter(alt_text__startswith="Archive photo").count() == 30
    assert Comment.objects.count() == 3000
    # Every archive article has its bylines and three body pieces, its search document, and
    # the lead photo of an archive record (or none).
    assert not archive().filter(bylines=None).exists()
    assert set(archive().annotate(n=Count("blocks")).values_list("n", flat=True)) == {3}
    assert SearchDocument.objects.count() == Article.objects.count()
    # Comments only on stories readers can open, newest stories drawing the most.
    commented = Article.objects.filter(comments__isnull=False).distinct()
    assert set(commented) <= set(Article.objects.published())
    newest = list(Article.objects.published().filter(slug__startswith="archive-")[:25])
    oldest = list(Article.objects.published().filter(slug__startswith="archive-").reverse()[:25])
    count = Comment.objects.filter
    assert count(article__in=newest).count() > 3 * count(article__in=oldest).count()
    # The stored counts are the approved comments, article by article.
    stored = dict(CommentCount.objects.values_list("article_id", "approved"))
    counted = dict(
        Comment.objects.filter(status=Comment.Status.APPROVED)
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    assert stored == counted
    # An archive story is found by search.
    story = archive().published().first()
    assert story.search_document.vector is not None
    articles, matches = search_articles(f'"archive story {story.slug.split("-")[1]}"').page(0, 5)
    assert story in articles


def test_a_second_run_adds_only_what_is_missing(postgres, monkeypatch):
    monkeypatch.setattr(datasets, "CHUNK", 40)
    datasets.seed_scale(articles=100, photos=10, comments=500)
    bylines = Byline.objects.count()
    datasets.seed_scale(articles=100, photos=10, comments=500)
    assert (archive().count(), Comment.objects.count(), Byline.objects.count()) == (
        100,
        500,
        bylines,
    )
    datasets.seed_scale(articles=250, photos=25, comments=1200)
    assert archive().count() == 250
    assert len(set(archive().values_list("slug", flat=True))) == 250
    assert Photo.objects.filter(alt_text__startswith="Archive photo").count() == 25
    assert Comment.objects.count() == 1200
    assert SearchDocument.objects.count() == Article.objects.count()
    assert not archive().filter(bylines=None).exists()


def test_the_command_says_its_time_and_peak_memory(postgres):
    out = io.StringIO()
    call_command(seed_scale.Command(), articles=60, photos=6, comments=200, stdout=out)
    assert "60 of 60 articles" in out.getvalue()
    last = out.getvalue().strip().splitlines()[-1]
    assert "200 comments" in last
    assert "peak memory" in last
    assert archive().count() == 60


def test_the_seed_keeps_no_record_of_its_queries_when_debug_is_on(postgres, settings, monkeypatch):
    """With DEBUG on (a local run), Django keeps every query's SQL until told to forget: the
    seed forgets after each chunk, so its memory does not grow with the archive."""
    settings.DEBUG = True
    monkeypatch.setattr(datasets, "CHUNK", 50)
    datasets.seed_scale(articles=400, photos=20, comments=2000)
    assert archive().count() == 400
    assert len(connection.queries) < 100
