"""Search over published articles: headline, standfirst, body, section, reporter and topic
names.

Each article's words are kept, as plain text, in its ``SearchDocument`` (derived data, rebuilt by
the signal receivers below whenever the article, its body, its byline, its topics, its section's
name or a reporter's or topic's name changes; ``manage.py rebuild_search_index`` rebuilds every
one). An article's own edits are indexed in the editor's request; a renamed section, reporter or
topic can touch thousands of articles, so their documents are rebuilt by a background job queued
once the rename is committed (``newsroom.tasks``).

On PostgreSQL the document also holds a weighted ``tsvector`` under a GIN index, so a search
among 100,000 articles reads the index rather than the articles: the reader's words go through
``websearch_to_tsquery`` (quotes for phrases, ``-word`` to leave out, ``or``), results are ranked
with ``ts_rank`` and the passage is cut by ``ts_headline``. Other databases (SQLite, the local
default) match every word with ``icontains`` and score where it was found.

Either way the passage comes back with the matched words between two private-use characters;
``highlight`` escapes the passage first and only then turns those characters into ``<mark>``.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, connections, transaction
from django.db.models import Case, F, Prefetch, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.tasks import enqueue_or_run, retried

from ..models import Article, Block, Byline, Reporter, SearchDocument, Section, Topic
from ..richtext import to_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PASSAGE_LENGTH = 240
BATCH_SIZE = 500
INDEXED_KINDS = [Block.Kind.TEXT, Block.Kind.HEADING, Block.Kind.QUOTE]
TEXT_FIELDS = ["headline", "standfirst", "body", "section_name", "reporter_names", "topic_names"]

# Marks around matched words until the passage is escaped: characters no reader types.
MARK_START, MARK_END = "\ue000", "\ue001"
UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001\s]+")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
WORD = re.compile(r"\w+")
# Where the passage's source breaks lines: one break inside a body piece (between paragraphs or
# list items), two between pieces and between the standfirst and the body.
LINE_BREAK = re.compile(r"[^\S\n]*\n\s*")
SENTENCE_END = tuple('.!?…:;"”’)')
BLOCK_END = re.compile(r"</(?:p|li|ul|ol)\s*>|<br\s*/?>", re.IGNORECASE)


def uses_postgres():
    return connection.vendor == "postgresql"


# Queries


def clean_query(raw):
    """The reader's words, ready to search: control characters and NUL bytes become spaces,
    runs of space one space, and anything past ``MAX_QUERY_LENGTH`` characters is dropped.
    Returns ``(query, shortened)``."""
    text = CONTROL_OR_SPACE.sub(" ", raw or "").strip()
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    return text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0].strip() or text[:MAX_QUERY_LENGTH], True


# PostgreSQL's English stop words (Snowball's list): words too common to search for.
STOP_WORDS = frozenset(
    WORD.findall(
        """a about above after again against all am an and any are as at be because been before
        being below between both but by can did do does doing don down during each few for
        from further had has have having he her here hers herself him himself his how i if
        in into is it its itself just me more most my myself no nor not now of off on once
        only or other our ours ourselves out over own s same she should so some such t than
        that the their theirs them themselves then there these they this those through to
        too under until up very was we were what when where which while who whom why will
        with you your yours yourself yourselves"""
    )
)


def parse_terms(query):
    """What to find and what to leave out: the fallback's reading of the syntax PostgreSQL's
    ``websearch_to_tsquery`` understands. Returns ``(groups, exclude)``: every group must match,
    and a group matches when any of its terms does ("kestrel or falcon" is one group of two);
    a term is a word or a "quoted phrase"; -words go to ``exclude``. Stop words are dropped.
    Only the first ``MAX_TERMS`` terms are kept, or'ed ones included: each adds a condition per
    field to the query, and SQLite refuses one nested too deep ("parser stack overflow")."""
    groups, exclude = [], []
    join_next = False
    for match in TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        if match.group(2) is not None:
            words = WORD.findall(match.group(2))
            terms = [" ".join(words)] if words else []
        elif match.group(4).lower() == "or":
            join_next = bool(groups)
            continue
        else:
            terms = [
                word for word in WORD.findall(match.group(4)) if word.lower() not in STOP_WORDS
            ]
        if negated:
            exclude += [term for term in terms if term.lower() not in STOP_WORDS]
            continue
        for term in terms:
            if sum(map(len, groups)) >= MAX_TERMS:
                break
            if join_next:
                groups[-1].append(term)
                join_next = False
            else:
                groups.append([term])
    return groups, exclude[:MAX_TERMS]


def search_articles(query):
    """Published articles matching ``query``, best first, as ``SearchResults`` to page through
    with ``SearchPaginator``. ``query`` comes from ``clean_query``.

    Only the newest ``NEWSROOM_SEARCH_MAX_RESULTS`` matches are ranked and shown: a word found
    in most of 100,000 articles would otherwise have every one of them read and ranked. For
    such a word PostgreSQL walks the articles newest first and stops once it has enough; for
    a rarer one it reads the index."""
    published = Article.objects.published()
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        tsquery = SearchQuery(
            query, search_type="websearch", config=settings.NEWSROOM_SEARCH_CONFIG
        )
        matches = published.filter(search_document__vector__matches=tsquery)
        rank = SearchRank(F("search_document__vector"), tsquery)
        passage = partial(_postgres_passage, tsquery=tsquery)
    else:
        matches = _fallback_matches(published, query)
        rank = _fallback_score(query)
        passage = _passage_source
    newest = matches.order_by("-publish_at", "-pk").annotate(
        search_id=F("pk"), search_at=F("publish_at"), search_rank=rank
    )
    return SearchResults(
        newest.values_list("search_id", "search_at", "search_rank")[
            : settings.NEWSROOM_SEARCH_MAX_RESULTS
        ],
        published.for_listing().annotate(search_passage=passage()),
    )


class SearchResults:
    """The matches of a search, for ``SearchPaginator``: one query ranks them and returns a
    page of ids with the number of matches; the page's articles are then read by id, passages
    and all. Ranking articles with their sections, photos and passages joined in, only to show
    a dozen of them, and counting them in a query of its own, is what made search the slowest
    page on a large archive.

    Each article of a page is annotated with ``search_rank`` and ``search_passage`` (text to
    show, matches marked on PostgreSQL)."""

    def __init__(self, newest, articles):
        self._newest = newest
        self._articles = articles

    def page(self, offset, limit):
        """``(articles, matches)``: the articles from ``offset``, best first and newest first
        between equals, and how many matches there are (0 past the last page)."""
        try:
            newest, params = self._newest.query.sql_with_params()
        except EmptyResultSet:  # nothing left to look for, once stop words are gone
            return [], 0
        ranked = (
            "SELECT search_id, search_rank, COUNT(*) OVER () "  # noqa: S608 - Django's SQL
            f"FROM ({newest}) AS newest "
            "ORDER BY search_rank DESC, search_at DESC, search_id DESC LIMIT %s OFFSET %s"
        )
        # Where the queryset itself would read (a read replica for a reader's search).
        with connections[self._newest.db].cursor() as cursor:
            cursor.execute(ranked, [*params, limit, offset])
            rows = cursor.fetchall()
        if not rows:
            return [], 0
        found = self._articles.in_bulk([pk for pk, _, _ in rows])
        articles = []
        for pk, rank, _ in rows:
            if pk in found:  # unpublished since it was ranked: left out
                found[pk].search_rank = rank
                articles.append(found[pk])
        return articles, rows[0][2]


class SearchPaginator(Paginator):
    """Pages of ``SearchResults``: a page's articles and the number of matches come from the
    same query, so the count is known once the page is read."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        articles, matches = self.object_list.page((number - 1) * self.per_page, self.per_page)
        self.__dict__["count"] = matches
        if number > 1 and not articles:
            raise EmptyPage("That page contains no results")
        return self._get_page(articles, number, self)


def _postgres_passage(tsquery):
    from django.contrib.postgres.search import SearchHeadline

    return SearchHeadline(
        _passage_source(),
        tsquery,
        config=settings.NEWSROOM_SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=40,
        min_words=20,
        short_word=3,
    )


# Where a word is found counts for more in some places than in others.
FALLBACK_WEIGHTS = {
    "headline": 8,
    "standfirst": 4,
    "reporter_names": 4,
    "topic_names": 4,
    "body": 2,
    "section_name": 1,
}


def _found(term, field):
    return Q(**{f"search_document__{field}__icontains": term})


def _fallback_matches(articles, query):
    groups, exclude = parse_terms(query)
    if not groups:
        return articles.none()
    for group in groups:
        anywhere = Q()
        for term in group:
            for field in FALLBACK_WEIGHTS:
                anywhere |= _found(term, field)
        articles = articles.filter(anywhere)
    for term in exclude:
        anywhere = Q()
        for field in FALLBACK_WEIGHTS:
            anywhere |= _found(term, field)
        articles = articles.exclude(anywhere)
    return articles


def _fallback_score(query):
    score = Value(0)
    for group in parse_terms(query)[0]:
        for term in group:
            for field, weight in FALLBACK_WEIGHTS.items():
                score = score + Case(When(_found(term, field), then=Value(weight)), default=0)
    return score


# Passages


def _passage_source():
    return Concat(
        "search_document__standfirst",
        Value("\n\n"),  # as between body pieces: see sentences_apart
        "search_document__body",
        output_field=TextField(),
    )


def highlight(articles, query):
    """Set ``passage`` on each article from ``search_articles``: safe HTML, matches in
    ``<mark>``."""
    terms = None if uses_postgres() else [term for group in parse_terms(query)[0] for term in group]
    for article in articles:
        text = sentences_apart(article.search_passage or "")
        if terms is not None:
            text = excerpt(text, terms)
        article.passage = render_marked(text)
    return articles


def sentences_apart(text):
    """``text`` on one line, the standfirst and each body piece ending as a sentence does: one
    without a full stop (a subheading, a standfirst without one) gets one, so a passage reads
    "…for Ravensmouth. Floodwaters rose…", not "…for Ravensmouth Floodwaters rose…". Inside a
    piece (list items) a space is enough; a matched last word stays marked alone."""
    text = text.strip()

    def joined(found):
        before = text[: found.start()].rstrip(MARK_START + MARK_END)
        between_pieces = found.group().count("\n") > 1
        return ". " if between_pieces and not before.endswith(SENTENCE_END) else " "

    return LINE_BREAK.sub(joined, text)


def excerpt(text, terms, length=PASSAGE_LENGTH):
    """About ``length`` characters of ``text`` around the first of ``terms``, each marked."""
    text = " ".join(UNWANTED.sub(" ", text).split())
    pattern = match = None
    if terms:
        alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
        pattern = re.compile("|".join(alternatives), re.IGNORECASE)
        match = pattern.search(text)
    start = 0
    if match is not None and match.start() > length // 3:
        start = text.find(" ", match.start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text) and text.rfind(" ", start, end) > start:
        end = text.rfind(" ", start, end)
    fragment = text[start:end]
    if pattern is not None:
        fragment = pattern.sub(lambda found: MARK_START + found.group(0) + MARK_END, fragment)
    return ("…" if start else "") + fragment + ("…" if end < len(text) else "")


def render_marked(text):
    """Escape ``text``, then turn the match markers into ``<mark>`` elements."""
    html = escape(text)
    opened = False
    pieces = []
    for piece in re.split(f"([{MARK_START}{MARK_END}])", html):
        if piece == MARK_START and not opened:
            pieces.append("<mark>")
            opened = True
        elif piece == MARK_END and opened:
            pieces.append("</mark>")
            opened = False
        elif piece not in (MARK_START, MARK_END):
            pieces.append(piece)
    if opened:
        pieces.append("</mark>")
    return mark_safe("".join(pieces))  # noqa: S308 - escaped above; only our <mark> added


# Keeping the documents up to date


def _plain(text):
    return UNWANTED.sub(" ", text or "").strip()


def words_of(html):
    """The words of a body piece's HTML, paragraphs and list items kept apart."""
    return to_text(BLOCK_END.sub("\n", html or ""))


def document_for(article):
    """``article``'s search document. Expects ``indexed_blocks``, bylines and topics
    prefetched."""
    words = []
    for block in article.indexed_blocks:
        words.append(words_of(block.text) if block.kind == Block.Kind.TEXT else block.words)
        if block.kind == Block.Kind.QUOTE and block.attribution:
            words.append(block.attribution)
    return SearchDocument(
        article=article,
        headline=_plain(article.headline),
        standfirst=_plain(article.standfirst),
        body=_plain("\n\n".join(word for word in words if word)),
        section_name=_plain(article.section.name),
        reporter_names="\n".join(_plain(b.reporter.name) for b in article.bylines.all()),
        topic_names="\n".join(_plain(topic.name) for topic in article.topics.all()),
    )


def vector_expression():
    """The weighted ``tsvector`` of a document's own columns (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    config = settings.NEWSROOM_SEARCH_CONFIG
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", "reporter_names", "topic_names", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
        + SearchVector("section_name", weight="D", config=config)
    )


def index_articles(article_ids):
    """Rebuild the search documents of the articles with these ids, 500 at a time: four
    queries to read a batch, one to write it and, on PostgreSQL, one for its vectors."""
    ids = list(article_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        _index_batch(ids[start : start + BATCH_SIZE])
    return len(ids)


def _index_batch(ids):
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("reporter")),
            Prefetch(
                "blocks",
                queryset=Block.objects.filter(kind__in=INDEXED_KINDS).only(
                    "article", "kind", "text", "words", "attribution", "position"
                ),
                to_attr="indexed_blocks",
            ),
            "topics",
        )
    )
    documents = [document_for(article) for article in articles]
    if not documents:
        return
    SearchDocument.objects.bulk_create(
        documents, update_conflicts=True, unique_fields=["article"], update_fields=TEXT_FIELDS
    )
    if uses_postgres():
        SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).update(
            vector=vector_expression()
        )


def index_all():
    return index_articles(Article.objects.order_by("pk").values_list("pk", flat=True))


_deferred = ContextVar("search_indexing_deferred", default=None)


@contextmanager
def indexing_deferred():
    """Inside it, the articles whose rows are saved are indexed once, when it ends without an
    error, not on every save: for writers that save an article and then its pieces (an import).
    """
    if _deferred.get() is not None:
        yield
        return
    pending = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pending:
        index_articles(sorted(pending))


def _index_soon(article_id):
    pending = _deferred.get()
    if pending is None:
        index_articles([article_id])
    else:
        pending.add(article_id)


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_soon(instance.pk)


def _part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_soon(instance.article_id)


def _part_deleted(sender, instance, origin=None, **kwargs):
    # When the article itself is being deleted its document goes with it: nothing to rebuild.
    if isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article):
        return
    _index_soon(instance.article_id)


def _remember_name(sender, instance, raw=False, **kwargs):
    """Before a section or reporter is saved, note its name as stored: a rename is the only
    change their articles' documents care about."""
    if not raw and instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        instance._search_stored_name = stored


def _renamed(instance, created, raw):
    if raw or created:
        return False
    return getattr(instance, "_search_stored_name", instance.name) != instance.name


@retried
def reindex_section(section_id):
    """Rebuild the search documents of a section's articles; how many were rebuilt."""
    articles = Article.objects.filter(section_id=section_id)
    return index_articles(articles.values_list("pk", flat=True))


@retried
def reindex_reporter(reporter_id):
    """Rebuild the search documents of a reporter's articles; how many were rebuilt."""
    articles = Article.objects.filter(bylines__reporter_id=reporter_id).distinct()
    return index_articles(articles.values_list("pk", flat=True))


@retried
def reindex_topic(topic_id):
    """Rebuild the search documents of a topic's articles; how many were rebuilt."""
    articles = Article.objects.filter(topics__id=topic_id)
    return index_articles(articles.values_list("pk", flat=True))


@retried
def reindex_articles(article_ids):
    """Rebuild the search documents of these articles (a deleted topic's); how many."""
    return index_articles(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))


def _topic_deleting(sender, instance, **kwargs):
    """A topic about to be deleted: its articles' documents lose its name once it is gone (the
    delete removes the links without ``m2m_changed``)."""
    ids = list(instance.articles.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: enqueue_or_run(reindex_articles, ids))


def _topics_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    """An article gained or lost topics (or a topic articles, from the topic's side)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            index_articles([instance.pk])
        return
    if action == "pre_clear":
        # After the clear the topic no longer says which articles it had.
        instance._search_cleared = list(instance.articles.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        index_articles(pk_set or [])
    elif action == "post_clear":
        index_articles(getattr(instance, "_search_cleared", []))


def _section_saved(sender, instance, raw=False, created=False, **kwargs):
    if _renamed(instance, created, raw):
        pk = instance.pk
        transaction.on_commit(lambda: enqueue_or_run(reindex_section, pk))


def _reporter_saved(sender, instance, raw=False, created=False, **kwargs):
    if _renamed(instance, created, raw):
        pk = instance.pk
        transaction.on_commit(lambda: enqueue_or_run(reindex_reporter, pk))


def _topic_saved(sender, instance, raw=False, created=False, **kwargs):
    if _renamed(instance, created, raw):
        pk = instance.pk
        transaction.on_commit(lambda: enqueue_or_run(reindex_topic, pk))


def connect_signals():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article")
    for model in (Block, Byline):
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(
            _part_deleted, sender=model, dispatch_uid=f"search-{model.__name__}-deleted"
        )
    m2m_changed.connect(
        _topics_changed, sender=Article.topics.through, dispatch_uid="search-article-topics"
    )
    pre_delete.connect(_topic_deleting, sender=Topic, dispatch_uid="search-topic-deleted")
    renamed = ((Section, _section_saved), (Reporter, _reporter_saved), (Topic, _topic_saved))
    for model, receiver in renamed:
        name = model.__name__
        pre_save.connect(_remember_name, sender=model, dispatch_uid=f"search-{name}-name")
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-{name}")
