"""A reader searches: every page has the box, results are ranked and marked, odd input is safe.

The suite runs on SQLite and again on PostgreSQL in CI: each test here holds on both."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, Byline, SearchDocument
from articles.reach.search import MAX_QUERY_LENGTH, excerpt, render_marked
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


def search(client, html, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response, html(response)


def result_links(page):
    return [a.get("href") for a in page.cssselect(".search-result__headline a")]


@pytest.fixture
def kestrel():
    return make_article(
        headline="Kestrels nest on the cathedral tower",
        standfirst="Birdwatchers count three chicks above the west door.",
        section=make_section(name="Nature"),
        reporters=[make_reporter(name="Amara Okafor")],
        blocks=[{"text": "<p>The <strong>falcon</strong> pair returned in March.</p>"}],
    )


def test_every_page_has_a_labelled_search_box(client, html, kestrel):
    reporter = kestrel.bylines.get().reporter
    for url in (
        reverse("articles:front-page"),
        kestrel.get_absolute_url(),
        kestrel.section.get_absolute_url(),
        reporter.get_absolute_url(),
        SEARCH,
        "/no-such-page/",
    ):
        page = html(client.get(url))
        form = page.cssselect("header form[role=search]")[0]
        assert form.get("action") == SEARCH, url
        assert form.get("method") == "get", url
        field = form.cssselect("input[name=q]")[0]
        assert field.get("type") == "search"
        assert form.cssselect(f"label[for={field.get('id')}]")[0].text_content().strip(), url
        assert form.cssselect("button[type=submit]"), url


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("headline", "Kestrel returns to the quarry", "quarry"),
        ("standfirst", "The lighthouse keeper retires.", "lighthouse"),
        ("text", "<p>A <em>zeppelin</em> landed.</p>", "zeppelin"),
        ("heading", "What the harbourmaster saw", "harbourmaster"),
        ("quote", "We rowed through the night.", "rowed"),
        ("attribution", "Coxswain Morag Reid", "Morag"),
        ("section", "Waterways", "waterways"),
        ("reporter", "Priya Venkataraman", "Venkataraman"),
    ],
)
def test_search_looks_in_every_part_of_an_article(client, html, field, value, query):
    fields = {"headline": "Storm report", "standfirst": "Winds rise.", "blocks": []}
    if field in ("headline", "standfirst"):
        fields[field] = value
    elif field == "section":
        fields["section"] = make_section(name=value)
    elif field == "reporter":
        fields["reporters"] = [make_reporter(name=value)]
    elif field == "attribution":
        fields["blocks"] = [{"kind": "quote", "words": "Row on.", "attribution": value}]
    else:
        fields["blocks"] = [{"kind": field, "text" if field == "text" else "words": value}]
    article = make_article(**fields)
    other = make_article(headline="Unrelated story", standfirst="Nothing to see.")
    _, page = search(client, html, query)
    links = result_links(page)
    assert links == [article.get_absolute_url()]
    assert other.get_absolute_url() not in links


LIST = "<ul><li>Owl</li><li>Tern</li></ul>"


def test_words_either_side_of_a_paragraph_break_stay_apart(client, html):
    article = make_article(
        standfirst="Birds.",
        blocks=[{"text": "<p>The kestrel flew.</p><p>Falcons stayed.</p>"}, {"text": LIST}],
    )
    for word in ("falcons", "owl", "tern"):
        _, page = search(client, html, word)
        assert result_links(page) == [article.get_absolute_url()], word
    passage = page.cssselect(".search-result__passage")[0].text_content()
    assert re.search(r"flew\.\s+Falcons stayed\.\s+Owl\s+Tern", passage), passage


def test_results_are_published_articles_only(client, html):
    live = make_article(headline="Ferry timetable changes")
    make_article(headline="Ferry strike draft", published=False)
    make_article(headline="Ferry fares embargoed", publish_at=timezone.now() + timedelta(hours=2))
    _, page = search(client, html, "ferry")
    assert result_links(page) == [live.get_absolute_url()]


def test_a_match_in_the_headline_ranks_above_one_in_the_body(client, html):
    section = make_section()
    in_body = make_article(
        headline="Council meeting",
        section=section,
        blocks=[{"text": "<p>A long agenda. The viaduct was mentioned once.</p>"}],
    )
    in_headline = make_article(
        headline="Viaduct to close for repairs",
        section=section,
        publish_at=timezone.now() - timedelta(days=3),
    )
    _, page = search(client, html, "viaduct")
    assert result_links(page) == [in_headline.get_absolute_url(), in_body.get_absolute_url()]


def test_the_matching_passage_is_shown_with_the_words_marked(client, html, kestrel):
    _, page = search(client, html, "falcon")
    passage = page.cssselect(".search-result__passage")[0]
    assert "The falcon pair returned in March." in passage.text_content()
    assert [mark.text_content() for mark in passage.cssselect("mark")] == ["falcon"]


def test_text_in_the_passage_is_escaped_before_words_are_marked(client, html):
    make_article(
        standfirst='<img src=x onerror="alert(1)"> Puffin & <b>tern</b> colony',
        blocks=[{"text": "5 < 6 & puffins nest."}],
    )
    response, page = search(client, html, "puffin tern")
    passage = page.cssselect(".search-result__passage")[0]
    assert {child.tag for child in passage} == {"mark"}, "only our <mark>: article text is text"
    assert "tern" in {mark.text_content().lower() for mark in passage.cssselect("mark")}
    assert "5 < 6 & puffins nest." in passage.text_content()
    assert b"<img src=x" not in response.content
    assert b"<b>tern</b>" not in response.content


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("\ue000tern\ue001 colony", "<mark>tern</mark> colony"),
        ("<b>\ue000tern\ue001</b> & co", "&lt;b&gt;<mark>tern</mark>&lt;/b&gt; &amp; co"),
        ("\ue000<img src=x>\ue001", "<mark>&lt;img src=x&gt;</mark>"),
        ("\ue001stray end, \ue000unclosed", "stray end, <mark>unclosed</mark>"),
        ("\ue000\ue000twice\ue001\ue001", "<mark>twice</mark>"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#x27;single&#x27;"),
    ],
)
def test_marked_passages_are_escaped_then_marked(text, html):
    assert render_marked(text) == html


def test_excerpt_cuts_around_the_first_match_at_word_boundaries():
    text = " ".join(f"word{n}" for n in range(200)) + " The kestrel flew. " + "tail " * 100
    passage = excerpt(text, ["kestrel"])
    assert passage.startswith("…word") and passage.endswith("…")
    assert "The \ue000kestrel\ue001 flew." in passage
    assert len(passage.replace("\ue000", "").replace("\ue001", "").strip("…")) <= 240
    assert excerpt("Short text about a Kestrel.", ["kestrel"]) == (
        "Short text about a \ue000Kestrel\ue001."
    )


def test_results_are_paginated_and_pages_keep_the_query(client, html, settings):
    settings.NEWSROOM_PAGE_SIZE = 4
    section = make_section()
    now = timezone.now()
    for n in range(6):
        make_article(
            headline=f"Lifeboat launch {n}", section=section, publish_at=now - timedelta(hours=n)
        )
    make_article(headline="Other news", section=section)
    _, first = search(client, html, "lifeboat")
    assert len(result_links(first)) == 4
    assert "6 articles found" in first.cssselect(".search-count")[0].text_content()
    next_link = first.cssselect("nav.pagination a[rel=next]")[0].get("href")
    assert "q=lifeboat" in next_link and "page=2" in next_link
    second = html(client.get(SEARCH + next_link))
    assert len(result_links(second)) == 2
    assert second.cssselect("ol.search-results")[0].get("start") == "5"
    for past_or_wrong in (3, 9, 0, -1, "two"):
        assert client.get(SEARCH, {"q": "lifeboat", "page": past_or_wrong}).status_code == 404


def test_only_the_newest_matches_are_ranked_and_shown(client, html, settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    section = make_section()
    now = timezone.now()
    old_but_best = make_article(
        headline="Lighthouse lighthouse lighthouse",
        section=section,
        publish_at=now - timedelta(days=30),
    )
    newest = [
        make_article(
            headline=f"Story {n}",
            standfirst="Seen from the lighthouse.",
            section=section,
            publish_at=now - timedelta(hours=n),
        )
        for n in range(4)
    ]
    _, page = search(client, html, "lighthouse")
    assert result_links(page) == [article.get_absolute_url() for article in newest[:3]]
    assert old_but_best.get_absolute_url() not in result_links(page)
    count = page.cssselect(".search-count")[0].text_content()
    assert "The 3 newest matching articles, best first" in count


@pytest.mark.parametrize("matches", [1, 15])
def test_search_runs_the_same_queries_however_many_results(
    client, django_assert_num_queries, matches, settings
):
    settings.NEWSROOM_PAGE_SIZE = 20
    for _ in range(matches):
        make_article(headline="Harbour wall repaired", reporters=[make_reporter(), make_reporter()])
    # sections nav, the ranked ids (which are also the count), the page's articles with
    # section, photo and passage, their bylines, the Breaking banner
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "harbour"})
    assert response.content.count(b'class="search-result"') == matches


# Each row: what a reader typed, and what they must get: "found" (the kestrel article among the
# results), "none" (a plain "No results."), or "prompt" (no search was made: the form and a hint).
ODD_INPUT = [
    ("kestrels", "found"),
    ("KESTRELS", "found"),
    ('"cathedral tower"', "found"),
    ('"tower cathedral"', "none"),
    ('"cathedral tower', "found"),
    ('""', "none"),
    ('"', "none"),
    ("'", "none"),
    ("kestrels -cathedral", "none"),
    ("kestrels -pigeons", "found"),
    ("pigeons or kestrels", "found"),
    ("kestrels OR pigeons", "found"),
    # Twenty words or'ed together: SQLite once refused the query ("parser stack overflow").
    (" or ".join(["kestrels"] + [f"bird{n}" for n in range(19)]), "found"),
    (" or ".join(f"bird{n}" for n in range(20)), "none"),
    ("pigeons kestrels", "none"),
    ("& | ! ( ) : * <-> <2>", "none"),
    ("-", "none"),
    ("or", "none"),
    ("the and of", "none"),
    ("", "prompt"),
    ("   \t\n  ", "prompt"),
    ("\x00", "prompt"),
    ("\x00kestrels\x00", "found"),
    ("kestrels " * 1250, "found"),
    ("x" * 10_000, "none"),
    ("<script>alert(1)</script>", "none"),
    ("'; DROP TABLE articles_article; --", "none"),
    ("100% _%_ \\", "none"),
    ("kestrels\\", "found"),
    ("🦅 kestrels", "found"),
    ("café naïve", "none"),
    ("\u202ekestrels", "found"),
]


@pytest.mark.parametrize(("query", "outcome"), ODD_INPUT)
def test_odd_input_gets_results_or_a_clear_no_results_never_an_error(
    client, html, kestrel, query, outcome
):
    response, page = search(client, html, query)
    links = result_links(page)
    no_results = page.cssselect(".search-empty")
    if outcome == "found":
        assert kestrel.get_absolute_url() in links
    elif outcome == "none":
        assert not links
        assert "No results." in no_results[0].text_content()
    else:
        assert not links and not no_results
        assert page.cssselect("main form[role=search] input[name=q]")
    assert b"<script>alert" not in response.content
    if len(query) > MAX_QUERY_LENGTH:
        assert "Only the first 200 characters" in page.cssselect(".search-note")[0].text_content()


def test_invalid_utf8_in_the_address_is_not_an_error(client, html, kestrel):
    response = client.get(SEARCH + "?q=%ED%A0%80kestrels%FF")
    assert response.status_code == 200
    assert kestrel.get_absolute_url() in result_links(html(response))


def test_search_page_is_kept_out_of_search_engines(client, html, kestrel):
    _, page = search(client, html, "kestrels")
    assert page.cssselect("meta[name=robots]")[0].get("content") == "noindex, follow"


# The search documents follow the articles they are made of.


def found(client, html, query, article):
    return article.get_absolute_url() in result_links(search(client, html, query)[1])


def test_edits_to_an_article_are_searchable_at_once(
    client, html, kestrel, django_capture_on_commit_callbacks
):
    kestrel.headline = "Peregrines take over the cathedral tower"
    kestrel.save()
    assert found(client, html, "peregrines", kestrel)
    assert not found(client, html, "kestrels", kestrel)

    block = Block.objects.create(article=kestrel, position=9, text="<p>Osprey sighted.</p>")
    assert found(client, html, "osprey", kestrel)
    block.delete()
    assert not found(client, html, "osprey", kestrel)

    # A rename rebuilds its articles' documents in a job queued at commit (run at once in tests).
    section = kestrel.section
    section.name = "Wildlife"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    assert found(client, html, "wildlife", kestrel)

    reporter = kestrel.bylines.get().reporter
    reporter.name = "Amara Okafor-Lind"
    with django_capture_on_commit_callbacks(execute=True):
        reporter.save()
    assert found(client, html, "Okafor-Lind", kestrel)

    Byline.objects.create(article=kestrel, reporter=make_reporter(name="Tomasz Wierzbicki"))
    assert found(client, html, "Wierzbicki", kestrel)
    kestrel.bylines.get(reporter__name="Tomasz Wierzbicki").delete()
    assert not found(client, html, "Wierzbicki", kestrel)


def test_saving_a_section_or_reporter_without_a_new_name_rebuilds_nothing(kestrel):
    from django.test.utils import CaptureQueriesContext

    section = kestrel.section
    section.description = "Birds and beasts."
    reporter = kestrel.bylines.get().reporter
    reporter.bio = "Writes about birds."
    for thing in (section, reporter):
        with CaptureQueriesContext(connection) as queries:
            thing.save()
        touched = [q["sql"] for q in queries if "searchdocument" in q["sql"].lower()]
        assert touched == [], touched


def test_deleting_an_article_deletes_its_search_document(kestrel):
    pk = kestrel.pk
    kestrel.delete()
    connection.check_constraints()  # PostgreSQL defers these to commit: check them now
    assert not SearchDocument.objects.filter(pk=pk).exists()


def test_rebuild_command_indexes_articles_that_bypassed_saves(client, html, kestrel):
    imported = Article.objects.bulk_create(
        [
            Article(
                headline="Imported story about otters",
                slug="imported-otters",
                standfirst="From the archive.",
                section=kestrel.section,
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(days=1),
            )
        ]
    )[0]
    assert not found(client, html, "otters", imported)
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found(client, html, "otters", imported)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only"
)
def test_postgres_matches_through_the_gin_index(settings, kestrel):
    from django.contrib.postgres.search import SearchQuery

    tsquery = SearchQuery(
        "kestrels", search_type="websearch", config=settings.NEWSROOM_SEARCH_CONFIG
    )
    matching = SearchDocument.objects.filter(vector__matches=tsquery)
    assert list(matching.values_list("pk", flat=True)) == [kestrel.pk]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert "articles_searchdocument_vector_gin" in matching.explain()


@pytest.mark.parametrize(
    ("standfirst", "reads"),
    [
        ("Residents are told to prepare for Ravensmouth", "for Ravensmouth. Floodwaters rose"),
        ("Residents are told to prepare for Ravensmouth.", "for Ravensmouth. Floodwaters rose"),
        ("Is the town ready for Ravensmouth?", "for Ravensmouth? Floodwaters rose"),
    ],
)
def test_a_passage_spanning_standfirst_and_body_shows_where_one_ends(
    client, html, standfirst, reads
):
    make_article(
        headline="Storm warning",
        standfirst=standfirst,
        blocks=[{"text": "<p>Floodwaters rose through the night along the quay.</p>"}],
    )
    _, page = search(client, html, "Ravensmouth")
    passage = " ".join(page.cssselect(".search-result__passage")[0].text_content().split())
    assert reads in passage
    assert "Ravensmouth Floodwaters" not in passage
    assert page.cssselect(".search-result__passage mark")[0].text_content() == "Ravensmouth"


def test_a_subheading_without_a_full_stop_ends_before_the_next_paragraph(client, html):
    make_article(
        headline="Storm warning",
        standfirst="The river is rising.",
        blocks=[
            {"kind": "heading", "words": "Sandbags at the quay"},
            {"text": "<p>Volunteers fill sandbags outside the lifeboat station.</p>"},
        ],
    )
    _, page = search(client, html, "sandbags")
    passage = " ".join(page.cssselect(".search-result__passage")[0].text_content().split())
    assert "Sandbags at the quay. Volunteers fill sandbags" in passage


def test_a_rename_is_searchable_even_when_the_queue_is_down(
    client, html, kestrel, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # The database backend queues for a worker; its queue refuses here, as a Redis that is down
    # refuses the RQ backend: the reindexing runs in the request instead of being lost.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def down(*args, **kwargs):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr("django_tasks_db.backend.DatabaseBackend.enqueue", down)
    section = kestrel.section
    section.name = "Wildlife"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    assert found(client, html, "wildlife", kestrel)
    assert "Could not queue job" in caplog.text
