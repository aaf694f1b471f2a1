"""Data for measuring the site: the benchmark article, and an archive at newspaper scale.

``ensure_bench_article()`` adds, next to the demo newsroom, the article every benchmark reads: a
headline, a standfirst, twelve paragraphs, a lead photo and a photo in the body with captions, a
byline, and twenty approved reader comments.

``seed_scale()`` adds 100,000 articles (with body pieces and bylines), 20,000 photo records and
1,000,000 comments to a PostgreSQL database in a few minutes, or ``scale`` times as many, with
``COPY``: the rows are made as model instances, so fields other apps add later get their model
defaults, and written a chunk at a time, one ``COPY`` per table and chunk, so that its memory
stays the same at any scale.
"""

import random
import secrets
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.html import format_html

from articles import publishing
from articles.demo import loader as demo
from articles.models import Article, Block, Byline, Photo, Reporter, SearchDocument, Section
from articles.reach.search import index_articles
from comments.counts import recount, recount_all
from comments.formatting import render_text
from comments.models import Comment
from comments.posting import build_comment

BENCH_SLUG = "harbour-wall-gives-way-as-storm-surge-floods-saltby"
BENCH_COMMENTS = 20
SCALE_PREFIX = "archive-"

BENCH_PARAGRAPHS = [
    "A section of Saltby's Victorian harbour wall gave way shortly after midnight as a storm "
    "surge drove the sea over the quay, flooding the lower town and forcing the evacuation of "
    "more than 300 homes.",
    "Coastguard teams and firefighters worked through the night to move residents from "
    "Harbour Street and the Netting Yards, where water stood a metre deep by two in the morning.",
    "The county council said a rest centre at Saltby Academy had taken in 140 people, and that "
    "a second would open at the leisure centre if the evening tide brought more water.",
    "Engineers from the port authority reached the breach at first light. Their early "
    "assessment is that a twelve-metre stretch of the wall has collapsed into the harbour.",
    "The wall was last repaired in 1998. A survey commissioned two years ago warned that the "
    "mortar along its seaward face had weakened and recommended work within five years.",
    "Residents said the water came in faster than in any storm they remembered. Several described "
    "furniture floating in their front rooms before they were led out by crews in dry suits.",
    "The Environment Agency has three severe flood warnings in force along this stretch of "
    "coast, meaning a danger to life, and has asked people in the lower town to stay away.",
    "Rail services between Saltby and Fenwick are suspended while the line along the sea wall "
    "is inspected. Replacement buses are running from the station forecourt every half hour.",
    "The port authority's chief executive said the harbour would stay closed to all traffic "
    "until divers had checked the channel for fallen masonry.",
    "Local businesses on the quay said they had moved stock upstairs after the first warning "
    "on Tuesday evening, but several cafés and a chandlery were badly damaged.",
    "Forecasters expect the wind to ease by Thursday, though the spring tides mean water levels "
    "will remain high over the weekend.",
    "A public meeting about the repair of the wall will be held at the town hall on Monday "
    "evening. The council said it would publish the engineers' report in full.",
]

COMMENT_TEXTS = [
    "My grandparents' house is on Harbour Street. They are safe at the academy, thank you to "
    "the crews who carried their dog out as well.",
    "The survey two years ago said exactly this would happen. Who decided the repairs could wait?",
    "Volunteers are collecting blankets and dry clothes at St Anne's hall until eight tonight.",
    "Is there any news on whether the Fenwick buses will run tomorrow morning?",
    "Watched it from the cliff path at first light. The gap in the wall is much bigger than it "
    "looks in the photos.",
]


def approved_comment(*, article_id, name, email, text, created_at, html=None):
    """An approved comment, built as every comment row is (``comments.posting.build_comment``);
    ``html`` is the text as readers see it, when it was rendered once for many comments."""
    return build_comment(
        article_id=article_id,
        name=name,
        email=email,
        text=text,
        text_html=html,
        created_at=created_at,
        status=Comment.Status.APPROVED,
        submission_key=secrets.token_hex(16),
    )


@transaction.atomic
def ensure_bench_article(now=None):
    """The benchmark article (made once), with its twenty approved comments."""
    now = now or timezone.now()
    demo.load_content(now)
    article = Article.objects.filter(slug=BENCH_SLUG).first()
    if article is None:
        article = Article(
            slug=BENCH_SLUG,
            headline="Harbour wall gives way as storm surge floods Saltby's lower town",
            standfirst=(
                "More than 300 homes evacuated overnight after a twelve-metre stretch of the "
                "Victorian sea defence collapsed into the harbour."
            ),
            section=Section.objects.get(slug="news"),
            lead_photo=demo.demo_photo("storm-seafront"),
        )
        publishing.publish(article, at=now - timedelta(hours=2), by=None)
        Byline.objects.create(
            article=article, reporter=Reporter.objects.get(slug="amara-okafor"), position=1
        )
        blocks = [Block(kind="text", text=format_html("<p>{}</p>", p)) for p in BENCH_PARAGRAPHS]
        blocks.insert(
            5,
            Block(
                kind="photo",
                photo=demo.demo_photo("harbour-quay"),
                caption="The Netting Yards at low tide on Wednesday morning.",
            ),
        )
        for position, block in enumerate(blocks, 1):
            block.article, block.position = article, position
            block.save()
    fill_bench_listings(article, now)
    have = Comment.objects.filter(article=article, status=Comment.Status.APPROVED).count()
    for n in range(have, BENCH_COMMENTS):
        approved_comment(
            article_id=article.pk,
            name=f"Reader {n + 1}",
            email=f"reader{n + 1}@example.com",
            text=COMMENT_TEXTS[n % len(COMMENT_TEXTS)],
            created_at=now - timedelta(minutes=100 - n * 4),
        ).save()
    # Written without moderation, so without the recount moderation sends for.
    recount([article.pk])
    return article


def fill_bench_listings(article, now):
    """Enough harbour stories in the benchmark article's section for a full page and a next one
    of the section and of a search for "harbour": pages measured on the demo data then show as
    many articles, and the same page links, as the same pages on the archive at scale, so
    ``make bench-scale`` compares like with like."""
    slugs = [f"bench-harbour-update-{n}" for n in range(settings.NEWSROOM_PAGE_SIZE + 1)]
    have = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    reporter = article.bylines.first().reporter
    for n, slug in enumerate(slugs):
        if slug in have:
            continue
        story = Article(
            slug=slug,
            headline=f"Harbour update {n}: repairs to the sea wall go on through the night",
            standfirst="Engineers and volunteers keep working on the harbour wall at Saltby.",
            section=article.section,
            lead_photo=article.lead_photo,
        )
        publishing.publish(story, at=now - timedelta(hours=3 + n), by=None)
        Byline.objects.create(article=story, reporter=reporter, position=1)
        paragraph = BENCH_PARAGRAPHS[n % len(BENCH_PARAGRAPHS)]
        Block.objects.create(article=story, position=1, kind="text", text=f"<p>{paragraph}</p>")


# Scale: 100,000 articles, 20,000 photos, 1,000,000 comments on PostgreSQL, times ``scale``.

SCALE_ARTICLES, SCALE_PHOTOS, SCALE_COMMENTS = 100_000, 20_000, 1_000_000
# Rows made in Python at once: what the seed holds in memory, whatever the archive's size.
CHUNK = 20_000


def archive_article(*, status, publish_at, **fields):
    """An unsaved archive article, its publication fields set by ``articles.publishing``."""
    article = Article(publish_at=publish_at, **fields)
    if status == Article.Status.PUBLISHED:
        publishing.stamp(article, at=publish_at)
    return article


def _copy(model, objects, *, with_pk=True):
    """Write unsaved ``objects`` of ``model`` with one COPY: every column, the id too when the
    objects carry one (the database numbers them otherwise). ``objects`` is read as it is
    written, so a generator is never held whole."""
    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    statement = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in fields
                ]
            )
            count += 1
    return count


def _next_id(model):
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def _reset_sequence(model):
    table = model._meta.db_table
    highest = _next_id(model) - 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, max(highest, 1)]
        )


def _chunks(total, size=CHUNK, start=0):
    """``(first, count)`` of each chunk of ``range(start, total)``."""
    for first in range(start, total, size):
        yield first, min(size, total - first)


class ArchivePhotos:
    """The archive's photo records as one run of ids (they are written with one ``COPY`` each
    run of the seed, numbered in a row): the ``k``-th is worked out, not looked up."""

    def __init__(self):
        archive = Photo.objects.filter(alt_text__startswith="Archive photo")
        self.first = archive.order_by("pk").values_list("pk", flat=True).first()
        self.count = archive.count()
        last = archive.order_by("-pk").values_list("pk", flat=True).first()
        if self.count and last - self.first + 1 != self.count:
            raise RuntimeError("The archive's photos are not numbered in a row: seed afresh.")

    def __getitem__(self, k):
        return self.first + k % self.count


def _seed_photos(photos, now, step):
    """Photo records reusing the demo's image files, ``CHUNK`` at a time."""
    demo_photos = list(
        Photo.objects.filter(image__startswith="photos/demo/").exclude(
            alt_text__startswith="Archive photo"
        )
    )
    have = Photo.objects.filter(alt_text__startswith="Archive photo").count()
    first = _next_id(Photo) - have
    for start, count in _chunks(photos, start=have):
        with transaction.atomic():
            _copy(
                Photo,
                (
                    Photo(
                        id=first + i,
                        image=(source := demo_photos[i % len(demo_photos)]).image.name,
                        width=source.width,
                        height=source.height,
                        caption=f"Archive photo {i}: {source.caption}",
                        credit=source.credit,
                        alt_text=f"Archive photo {i}. {source.alt_text}",
                        uploaded_at=now - timedelta(minutes=i),
                    )
                    for i in range(start, start + count)
                ),
            )
        step(f"{start + count:,} of {photos:,} photos", every=start + count == photos)
    _reset_sequence(Photo)
    # An archive record shows its demo photo's renditions: same file, focal point and recipe.
    for source in demo_photos:
        Photo.objects.filter(image=source.image.name, alt_text__startswith="Archive photo").update(
            focal_x=source.focal_x,
            focal_y=source.focal_y,
            renditions_digest=source.renditions_digest,
        )


def _seed_articles(articles, rng, now, step):
    """Articles with bylines and three body pieces, ``CHUNK`` at a time, each chunk committed:
    a run stopped half-way goes on where it stopped."""
    sections = list(Section.objects.values_list("pk", flat=True))
    reporter_ids = list(Reporter.objects.values_list("pk", flat=True))
    photo_ids = ArchivePhotos()
    paragraph = format_html("<p>{}</p>", BENCH_PARAGRAPHS[0])
    span = 10 * 365 * 24 * 3600
    have = Article.objects.filter(slug__startswith=SCALE_PREFIX).count()
    first = _next_id(Article) - have
    for start, count in _chunks(articles, start=have):
        specs = []
        for number in range(start, start + count):
            roll = rng.random()
            if roll < 0.02:
                status, publish_at = "draft", now - timedelta(seconds=rng.randrange(span))
            elif roll < 0.03:
                status, publish_at = "published", now + timedelta(days=rng.randrange(1, 60))
            else:
                status, publish_at = "published", now - timedelta(seconds=rng.randrange(span))
            specs.append((first + number, number, status, publish_at))
        with transaction.atomic():
            _copy(
                Article,
                (
                    archive_article(
                        id=pk,
                        slug=f"{SCALE_PREFIX}{number}",
                        headline=f"Archive story {number}: council reviews harbour defences",
                        standfirst=f"Story {number} from the archive, kept for readers.",
                        section_id=sections[number % len(sections)],
                        lead_photo_id=photo_ids[number] if number % 3 else None,
                        status=status,
                        publish_at=publish_at,
                        created_at=publish_at,
                        updated_at=publish_at,
                        comments_open=True,
                    )
                    for pk, number, status, publish_at in specs
                ),
            )
            _copy(
                Byline,
                (
                    Byline(article_id=pk, reporter_id=reporter_id, position=position)
                    for pk, number, _, _ in specs
                    for position, reporter_id in enumerate(
                        rng.sample(reporter_ids, 1 + (number % 4 == 0)), 1
                    )
                ),
                with_pk=False,
            )
            _copy(
                Block,
                (
                    block
                    for pk, number, _, _ in specs
                    for block in (
                        Block(article_id=pk, position=1, kind="text", text=paragraph),
                        Block(
                            article_id=pk,
                            position=2,
                            kind="photo",
                            photo_id=photo_ids[number * 7],
                        ),
                        Block(article_id=pk, position=3, kind="text", text=paragraph),
                    )
                ),
                with_pk=False,
            )
        step(
            f"{start + count:,} of {articles:,} articles, with bylines and body pieces",
            every=start + count == articles,
        )
    for model in (Article, Byline, Block):
        _reset_sequence(model)


RANKED = "newsroom_seed_ranked"


def _seed_comments(comments, rng, step):
    """Approved comments, skewed as readers are, ``CHUNK`` at a time. Which article each goes
    to is drawn by its place among the archive's published articles, newest first; a table of
    those places (in the database, for this session) turns a chunk's places into ids."""
    have = Comment.objects.count()
    if have >= comments:
        return
    published = (
        Article.objects.published()
        .filter(slug__startswith=SCALE_PREFIX)
        .order_by()
        .values("id", "publish_at")
    )
    select, params = published.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RANKED}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {RANKED} AS "  # noqa: S608 - Django's SQL, our table name
            "SELECT row_number() OVER (ORDER BY ranked.publish_at DESC, ranked.id DESC) - 1 "
            f"AS place, ranked.id, ranked.publish_at FROM ({select}) AS ranked",
            params,
        )
        cursor.execute(f"ALTER TABLE {RANKED} ADD PRIMARY KEY (place)")
        cursor.execute(f"SELECT count(*) FROM {RANKED}")  # noqa: S608 - our table name
        (total,) = cursor.fetchone()
    html = {text: render_text(text) for text in COMMENT_TEXTS}

    def pick():
        """Skewed as readers are: the newest stories draw thousands of comments (the most
        about 3,000 of a million), most of the archive a handful."""
        return int(total * rng.random() ** 2)

    for start, count in _chunks(comments, start=have):
        places = [pick() for _ in range(count)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT place, id, publish_at FROM {RANKED} WHERE place = ANY(%s)",  # noqa: S608
                [sorted(set(places))],
            )
            targets = {place: (pk, at) for place, pk, at in cursor.fetchall()}
        with transaction.atomic():
            _copy(
                Comment,
                (
                    approved_comment(
                        article_id=(target := targets[place])[0],
                        name=f"Archive reader {i % 5000}",
                        email=f"reader{i % 5000}@example.com",
                        text=(text := COMMENT_TEXTS[i % len(COMMENT_TEXTS)]),
                        html=html[text],
                        created_at=target[1] + timedelta(minutes=1 + i % 600),
                    )
                    for i, place in enumerate(places, start)
                ),
                with_pk=False,
            )
        step(f"{start + count:,} of {comments:,} comments", every=start + count == comments)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RANKED}")


def _seed_search_documents(step):
    """Search documents for the articles without one (``COPY`` sends no signals), read a chunk
    of ids at a time, in order."""
    articles = connection.ops.quote_name(Article._meta.db_table)
    documents = connection.ops.quote_name(SearchDocument._meta.db_table)
    after, indexed = 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id FROM {articles} AS a WHERE a.id > %s AND NOT EXISTS ("  # noqa: S608
                f"SELECT 1 FROM {documents} AS d WHERE d.article_id = a.id) "
                "ORDER BY a.id LIMIT %s",
                [after, CHUNK],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        if not ids:
            return indexed
        indexed += index_articles(ids)
        after = ids[-1]
        step(f"{indexed:,} search documents")


def seed_scale(*, scale=1, articles=None, photos=None, comments=None, out=None, seed=7):
    """Add an archive at newspaper scale (``scale`` times 100,000 articles, 20,000 photos and
    1,000,000 comments, unless given); parts already there are left as they are, and a run
    stopped half-way goes on where it stopped.

    Every table is written ``CHUNK`` rows at a time, so the memory the seed takes does not grow
    with the archive: nothing holds every article, photo or comment (their ids included)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("seed_scale writes with PostgreSQL's COPY: set DATABASE_URL.")
    articles = SCALE_ARTICLES * scale if articles is None else articles
    photos = SCALE_PHOTOS * scale if photos is None else photos
    comments = SCALE_COMMENTS * scale if comments is None else comments
    say = out or (lambda message: None)
    rng = random.Random(seed)
    now = timezone.now()
    started = time.monotonic()
    last_said = [started]

    def step(message, every=True):
        """Say how far the seed has come: every step, and a chunk's at most every 5 s. Called
        after every chunk, it also forgets the chunk's queries, as Django does after each
        request: with ``DEBUG`` on, the connection keeps the last 9,000 (each chunk's lookup of
        20,000 ids among them), which grew the seed's memory with the archive."""
        reset_queries()
        if every or time.monotonic() - last_said[0] >= 5:
            last_said[0] = time.monotonic()
            say(f"{time.monotonic() - started:7.1f}s  {message}")

    ensure_bench_article(now)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")

    if Reporter.objects.count() < 150:
        Reporter.objects.bulk_create(
            Reporter(name=f"Archive Reporter {n}", slug=f"{SCALE_PREFIX}reporter-{n}", role="Staff")
            for n in range(150 - Reporter.objects.count())
        )
    step(f"{Section.objects.count()} sections, {Reporter.objects.count()} reporters")
    _seed_photos(photos, now, partial(step, every=False))
    _seed_articles(articles, rng, now, partial(step, every=False))
    _seed_comments(comments, rng, partial(step, every=False))
    # COPY sends no signals: count each article's approved comments in one pass.
    changed = recount_all()
    step(f"{changed:,} comment counts stored")
    indexed = _seed_search_documents(partial(step, every=False))
    step(f"{indexed:,} search documents built")

    with connection.cursor() as cursor:
        # What autovacuum does to a live database in time: statistics for the planner, and the
        # visibility map that lets counts be answered from an index alone.
        # (Inside a transaction, as in the tests, VACUUM cannot run: statistics only.)
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    step("vacuumed and analysed")
    return {
        "articles": Article.objects.count(),
        "photos": Photo.objects.count(),
        "comments": Comment.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
    }


def ensure_database():
    """Create the PostgreSQL database DATABASE_URL names, if it is not there yet."""
    import psycopg
    from psycopg import sql

    params = connection.get_connection_params()
    name = connection.settings_dict["NAME"]
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def explain(queryset):
    """PostgreSQL's plan for ``queryset``, as text."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
