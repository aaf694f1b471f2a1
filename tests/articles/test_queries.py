"""Public pages run the same few queries however many articles, photos and reporters they show."""

import pytest
from django.urls import reverse

from articles.corrections import add_correction
from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [0, 25])
def test_front_page_queries_do_not_grow_with_articles(
    client, django_assert_num_queries, extra, settings
):
    settings.NEWSROOM_PAGE_SIZE = 30
    section = make_section()
    for _ in range(1 + extra):
        make_article(
            section=section,
            lead_photo=make_photo(),
            reporters=[make_reporter(), make_reporter()],
        )
    # sections nav, count, articles with section and photo, bylines with reporters,
    # comment counts for the whole list, the pinned stories, the Breaking banner
    with django_assert_num_queries(7):
        assert client.get(reverse("articles:front-page")).status_code == 200


@pytest.mark.parametrize("photos", [1, 20])
def test_article_page_queries_do_not_grow_with_photos_or_reporters(
    client, django_assert_num_queries, photos
):
    blocks = []
    for _ in range(photos):
        blocks += [{"kind": "photo", "photo": make_photo()}, {"kind": "text", "text": "Words."}]
    article = make_article(
        lead_photo=make_photo(),
        reporters=[make_reporter() for _ in range(photos)],
        blocks=blocks,
    )
    # article with section and lead photo, bylines with reporters, blocks with photos, sections nav,
    # comment counts (no comments here, so no query for the threads: tests/comments counts those),
    # related articles with their sections and lead photos (issue 5: "Related articles"),
    # the Breaking banner, the corrections it shows (issue 13), the topics
    # (tests/articles/test_topics.py counts those)
    with django_assert_num_queries(9):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("related", [0, 12])
def test_related_articles_cost_one_query_however_many_there_are(
    client, django_assert_num_queries, related
):
    section = make_section()
    reporter = make_reporter()
    article = make_article(section=section, reporters=[reporter], lead_photo=make_photo())
    for n in range(related):
        make_article(
            section=section if n % 2 else make_section(),
            reporters=[reporter] if not n % 2 else [make_reporter()],
            lead_photo=make_photo(),
        )
    with django_assert_num_queries(9):
        page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="related__item"') == min(related, 4)


@pytest.mark.parametrize("extra", [0, 15])
def test_section_and_reporter_pages_stay_constant(client, django_assert_num_queries, extra):
    section = make_section()
    reporter = make_reporter()
    for _ in range(1 + extra):
        make_article(section=section, reporters=[reporter], lead_photo=make_photo())
    # section, count, articles, bylines, sections nav, comment counts for the whole list, the
    # Breaking banner
    with django_assert_num_queries(7):
        client.get(section.get_absolute_url())
    # reporter, count, articles, bylines, comment counts: the sections nav and the banner are
    # remembered until the content changes
    with django_assert_num_queries(5):
        client.get(reporter.get_absolute_url())


def test_listing_count_is_made_once_per_version_of_the_content(
    client, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the view itself, not the page cache
    settings.NEWSROOM_PAGE_SIZE = 1
    section = make_section()
    make_article(section=section)
    make_article(section=section)
    front = reverse("articles:front-page")
    assert "Page 1 of 2" in client.get(front).content.decode()
    # pinned stories, articles, bylines, comment counts: the count, the sections nav and the
    # Breaking banner are remembered
    with django_assert_num_queries(4):
        assert "Page 1 of 2" in client.get(front).content.decode()
    make_article(section=section)
    assert "Page 1 of 3" in client.get(front).content.decode()
    assert "Page 1 of 3" in client.get(section.get_absolute_url()).content.decode()


def test_section_navigation_follows_a_renamed_section(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    section = make_section(name="Business")
    make_article(section=section)
    front = reverse("articles:front-page")
    assert ">Business<" in client.get(front).content.decode()
    section.name = "Money"
    section.save()
    page = client.get(front).content.decode()
    assert ">Money<" in page and ">Business<" not in page


@pytest.mark.parametrize("notes", [1, 12])
def test_article_page_queries_do_not_grow_with_corrections(
    client, django_assert_num_queries, notes
):
    article = make_article(lead_photo=make_photo(), reporters=[make_reporter()])
    for n in range(notes):
        add_correction(article, "retraction" if n == 0 else "correction", f"Note {n}.")
    # as without corrections: one query brings every note, above the story and at its foot
    with django_assert_num_queries(9):
        page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="correction correction--') == notes
