"""Every query a public page runs on a big archive is served by an index (PostgreSQL's plans)."""

import io
import random
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, Byline, Section, Topic
from articles.reach.search import index_articles
from comments.models import Comment
from newsroom.bench import datasets
from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db

# Tables that grow with the archive; a sequential scan of one of them grows with it.
BIG_TABLES = (
    "articles_article",
    "articles_block",
    "articles_byline",
    "articles_article_topics",
    "comments_comment",
    "comments_commentcount",
    "articles_searchdocument",
)


@pytest.fixture
def archive():
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    rng = random.Random(3)
    sections = [make_section() for _ in range(5)]
    reporters = [make_reporter() for _ in range(20)]
    photo = make_photo()
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            slug=f"archive-{n}",
            headline=f"Archive story {n}",
            standfirst="From the archive.",
            section=sections[n % 5],
            lead_photo=photo,
            status="published" if n % 50 else "draft",
            publish_at=now - timedelta(hours=rng.randrange(90_000)),
        )
        for n in range(4000)
    )
    Byline.objects.bulk_create(
        Byline(article=article, reporter=reporters[n % 20]) for n, article in enumerate(articles)
    )
    Block.objects.bulk_create(
        Block(article=article, position=p, text="<p>Words.</p>")
        for article in articles
        for p in (1, 2)
    )
    topics = Topic.objects.bulk_create(
        Topic(name=f"Topic {n}", slug=f"topic-{n}") for n in range(50)
    )
    # two topics on every story, as a tagged archive has
    Article.topics.through.objects.bulk_create(
        Article.topics.through(article=article, topic=topics[(n + k * 7) % 50])
        for n, article in enumerate(articles)
        for k in (0, 1)
    )
    article = make_article(section=sections[0], reporters=[reporters[0]], lead_photo=photo)
    article.topics.add(topics[0])
    Comment.objects.bulk_create(  # a few comments on every article
        datasets.approved_comment(
            article_id=target.pk,
            name="Reader",
            email="reader@example.com",
            text="A comment.",
            created_at=now,
        )
        for target in [*articles, article]
        for _ in range(3)
    )
    call_command("recount_comments", stdout=io.StringIO())  # as seed_scale does
    index_articles(Article.objects.values_list("pk", flat=True))  # as seed_scale does
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return article


def test_public_pages_use_indexes_on_a_big_archive(client, settings, archive):
    """``pytest -s`` prints every plan."""
    settings.PAGE_CACHE_ENABLED = False
    reporter = archive.bylines.get().reporter
    urls = [
        reverse("articles:front-page"),
        reverse("articles:front-page") + "?page=3",
        archive.section.get_absolute_url(),
        archive.get_absolute_url(),
        reporter.get_absolute_url(),
        archive.topics.get().get_absolute_url(),
        # a word in every story, on the first page and a later one
        reverse("articles:search") + "?q=archive",
        reverse("articles:search") + "?q=archive&page=3",
        reverse("articles:feed-rss"),
        reverse("articles:section-feed-rss", args=[archive.section.slug]),
    ]
    assert Section.objects.count() == 5
    for url in urls:
        client.get(url)  # the listing counts are made once until a change names the list
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        for query in queries.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n{url}\n{query['sql'][:120]}…\n{plan}")
            for table in BIG_TABLES:
                # \b: "articles_article" must not match a scan of "articles_article_topics"
                assert not re.search(rf"Seq Scan on {table}\b", plan), (url, query["sql"], plan)
