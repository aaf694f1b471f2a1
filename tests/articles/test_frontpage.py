"""The front page the editors arrange: pinned places, the Breaking banner, what readers see of
them, how stored pages follow them, and the admin that sets them."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import frontpage, publishing
from articles.models import Article, BreakingNews, FrontPageSlot
from newsroom import pagecache
from tests.factories import make_article, make_editor, make_section

pytestmark = pytest.mark.django_db

FRONT = reverse("articles:front-page")


def stories(n, hours_apart=1):
    """``n`` published stories, newest first (``Story 1`` is the newest)."""
    now = timezone.now()
    section = make_section()
    return [
        make_article(
            headline=f"Story {i}",
            section=section,
            publish_at=now - timedelta(hours=i * hours_apart),
        )
        for i in range(1, n + 1)
    ]


def front_headlines(client, html, page=None):
    tree = html(client.get(FRONT, {"page": page} if page else {}))
    lead = [h.text_content().strip() for h in tree.cssselect(".lead-story .teaser__headline")]
    rest = [h.text_content().strip() for h in tree.cssselect(".latest .teaser__headline")]
    return lead, rest


def banner(tree):
    found = tree.cssselect(".breaking")
    if not found:
        return None
    link = found[0].cssselect("a")[0]
    return found[0].text_content().split(), link.get("href")


def later(monkeypatch, delta):
    """The clock moved on by ``delta`` for the database filters and the page cache's check."""
    moved = timezone.now() + delta
    monkeypatch.setattr(timezone, "now", lambda: moved)
    monkeypatch.setattr(
        pagecache, "time", SimpleNamespace(time=moved.timestamp, monotonic=time.monotonic)
    )


# Slot order


def test_pinned_story_leads_though_newer_stories_exist(client, html):
    first, second, third = stories(3)
    frontpage.pin(third, by=None)
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 3"]
    assert rest == ["Story 1", "Story 2"]


def test_places_no_editor_chose_are_filled_by_the_newest(client, html):
    articles = stories(6)
    frontpage.pin(articles[5], 1, by=None)
    frontpage.pin(articles[4], 3, by=None)
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 6"]
    assert rest == ["Story 1", "Story 5", "Story 2", "Story 3", "Story 4"]


def test_pinning_a_taken_place_moves_the_story_there_and_the_ones_below_down(client, html):
    articles = stories(5)
    frontpage.pin(articles[4], 1, by=None)  # Story 5 leads
    frontpage.pin(articles[3], 2, by=None)  # Story 4 second
    frontpage.pin(articles[2], 4, by=None)  # Story 3 fourth (place 3 left to the newest)
    frontpage.pin(articles[1], 1, by=None)  # Story 2 leads now
    places = dict(FrontPageSlot.objects.values_list("article__headline", "position"))
    assert places == {"Story 2": 1, "Story 5": 2, "Story 4": 3, "Story 3": 4}
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 2"]
    assert rest == ["Story 5", "Story 4", "Story 3", "Story 1"]


def test_a_pinned_story_is_never_repeated_among_the_newest_on_any_page(client, html, settings):
    settings.NEWSROOM_PAGE_SIZE = 3
    articles = stories(7)
    frontpage.pin(articles[5], by=None)
    seen = []
    for page in (1, 2, 3):
        lead, rest = front_headlines(client, html, page)
        seen += lead + rest
    assert sorted(seen) == sorted(f"Story {i}" for i in range(1, 8))
    assert seen[0] == "Story 6"


def test_moving_a_story_gives_up_its_old_place(client, html):
    articles = stories(3)
    frontpage.pin(articles[2], 1, by=None)
    frontpage.pin(articles[2], 2, by=None)
    assert list(FrontPageSlot.objects.values_list("position", flat=True)) == [2]
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 1"] and rest == ["Story 3", "Story 2"]


def test_unpinned_story_goes_back_among_the_newest(client, html):
    articles = stories(3)
    frontpage.pin(articles[2], by=None)
    assert frontpage.unpin(articles[2], by=None) is True
    assert frontpage.unpin(articles[2], by=None) is False
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 1"] and rest == ["Story 2", "Story 3"]


def test_a_pin_runs_out_at_its_time(client, html, monkeypatch, settings):
    settings.PAGE_CACHE_ENABLED = False  # the view itself; the stored page is tested below
    articles = stories(3)
    frontpage.pin(articles[2], until=timezone.now() + timedelta(hours=2), by=None)
    assert front_headlines(client, html)[0] == ["Story 3"]
    later(monkeypatch, timedelta(hours=3))
    lead, rest = front_headlines(client, html)
    assert lead == ["Story 1"] and rest == ["Story 2", "Story 3"]


def test_pins_and_banners_must_end_in_the_future():
    article = make_article()
    with pytest.raises(ValueError):
        frontpage.pin(article, until=timezone.now() - timedelta(minutes=1), by=None)
    with pytest.raises(ValueError):
        frontpage.pin(article, 0, by=None)
    with pytest.raises(ValueError):
        frontpage.mark_breaking(article, until=timezone.now(), by=None)


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_pinned_story_shows_only_once_published(client, html, state):
    stories(2)
    waiting = make_article(
        headline="Embargoed story",
        published=state == "scheduled",
        publish_at=timezone.now() + timedelta(hours=1) if state == "scheduled" else None,
    )
    frontpage.pin(waiting, by=None)
    lead, rest = front_headlines(client, html)
    assert "Embargoed story" not in lead + rest
    assert lead == ["Story 1"]

    publishing.publish(waiting, at=timezone.now(), by=None)
    lead, rest = front_headlines(client, html)
    assert lead == ["Embargoed story"]
    assert "Embargoed story" not in rest


# The Breaking banner


def test_banner_shows_on_every_page_and_links_to_the_story(client, html):
    story, other = stories(2)
    frontpage.mark_breaking(story, by=None)
    for url in (FRONT, other.get_absolute_url(), other.section.get_absolute_url()):
        words, href = banner(html(client.get(url)))
        assert words[0] == "Breaking:"
        assert " ".join(words[1:]) == story.headline
        assert href == story.get_absolute_url()


def test_banner_label_and_a_new_banner_replaces_the_old(client, html):
    first, second = stories(2)
    frontpage.mark_breaking(first, by=None)
    frontpage.mark_breaking(second, label="Live", by=None)
    words, href = banner(html(client.get(FRONT)))
    assert words[0] == "Live:" and href == second.get_absolute_url()
    # The first banner is kept in the record, cleared.
    assert BreakingNews.objects.filter(article=first, cleared_at__isnull=False).exists()


def test_cleared_banner_is_gone(client, html):
    (story,) = stories(1)
    editor = make_editor()
    frontpage.mark_breaking(story, by=None)
    assert frontpage.clear_breaking(by=editor) == 1
    assert banner(html(client.get(FRONT))) is None
    assert BreakingNews.objects.get().cleared_by == editor


def test_clearing_another_story_leaves_the_banner(client, html):
    story, other = stories(2)
    frontpage.mark_breaking(story, by=None)
    assert frontpage.clear_breaking(other, by=None) == 0
    assert banner(html(client.get(FRONT))) is not None


def test_banner_runs_out_at_its_time_even_when_remembered(client, html, monkeypatch, settings):
    settings.PAGE_CACHE_ENABLED = False  # the remembered banner itself, no stored page
    (story,) = stories(1)
    frontpage.mark_breaking(story, until=timezone.now() + timedelta(hours=1), by=None)
    assert banner(html(client.get(FRONT))) is not None
    later(monkeypatch, timedelta(hours=2))
    assert banner(html(client.get(FRONT))) is None


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_banner_on_an_unpublished_story_shows_only_once_it_is_live(client, html, state):
    stories(1)
    waiting = make_article(
        headline="Not out yet",
        published=state == "scheduled",
        publish_at=timezone.now() + timedelta(hours=1) if state == "scheduled" else None,
    )
    frontpage.mark_breaking(waiting, by=None)
    page = client.get(FRONT).content.decode()
    assert "Not out yet" not in page and 'class="breaking"' not in page
    publishing.publish(waiting, at=timezone.now(), by=None)
    words, href = banner(html(client.get(FRONT)))
    assert href == waiting.get_absolute_url()


# Stored pages follow the front page desk


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        (lambda a: frontpage.pin(a, by=None), "lead"),
        (lambda a: frontpage.mark_breaking(a, by=None), "banner"),
    ],
    ids=["pin", "breaking"],
)
def test_a_pin_or_banner_retires_stored_pages_at_once(client, html, change, shows):
    newest, older = stories(2)
    assert client.get(FRONT)["X-Page-Cache"] == "miss"
    assert client.get(FRONT)["X-Page-Cache"] == "hit"
    change(older)
    response = client.get(FRONT)
    assert response["X-Page-Cache"] == "miss"
    tree = html(response)
    if shows == "lead":
        assert tree.cssselect(".lead-story .teaser__headline")[0].text_content().strip() == (
            "Story 2"
        )
    else:
        assert banner(tree)[1] == older.get_absolute_url()


def test_unpin_and_clear_retire_stored_pages(client, html):
    newest, older = stories(2)
    frontpage.pin(older, by=None)
    frontpage.mark_breaking(older, by=None)
    assert client.get(FRONT)["X-Page-Cache"] == "miss"
    assert client.get(FRONT)["X-Page-Cache"] == "hit"
    frontpage.unpin(older, by=None)
    frontpage.clear_breaking(by=None)
    response = client.get(FRONT)
    assert response["X-Page-Cache"] == "miss"
    assert banner(html(response)) is None
    assert front_headlines(client, html)[0] == ["Story 1"]


def test_a_stored_page_never_outlives_a_pin_or_banner_that_ran_out(client, html, monkeypatch):
    newest, older = stories(2)
    now = timezone.now()
    frontpage.pin(older, until=now + timedelta(hours=1), by=None)
    frontpage.mark_breaking(older, until=now + timedelta(hours=2), by=None)
    client.get(FRONT)
    assert client.get(FRONT)["X-Page-Cache"] == "hit"

    # The page cache knows when the first of them runs out, as it knows a scheduled article.
    assert pagecache.clock_store().snapshot().next_due == pytest.approx(
        (now + timedelta(hours=1)).timestamp(), abs=1
    )
    later(monkeypatch, timedelta(minutes=61))
    response = client.get(FRONT)
    assert response["X-Page-Cache"] == "miss"
    tree = html(response)
    assert tree.cssselect(".lead-story .teaser__headline")[0].text_content().strip() == "Story 1"
    assert banner(tree) is not None  # the banner runs to its own time
    assert client.get(FRONT)["X-Page-Cache"] == "hit"

    later(monkeypatch, timedelta(minutes=62))  # from the moved clock: two hours and three minutes
    response = client.get(FRONT)
    assert response["X-Page-Cache"] == "miss"
    assert banner(html(response)) is None


def test_next_change_is_the_earliest_end_still_to_come():
    a, b = stories(2)
    now = timezone.now()
    assert frontpage.next_change() is None
    frontpage.pin(a, until=now + timedelta(hours=3), by=None)
    frontpage.mark_breaking(b, until=now + timedelta(hours=2), by=None)
    assert frontpage.next_change() == now + timedelta(hours=2)
    frontpage.clear_breaking(by=None)
    assert frontpage.next_change() == now + timedelta(hours=3)


# The admin


@pytest.fixture
def editor(db):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def act(editor_client, action, *articles):
    return editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_article_actions_pin_mark_and_clear(editor_client, editor, client, html):
    newest, older, oldest = stories(3)
    response = act(editor_client, "pin_as_lead", oldest)
    assert "leads the front page" in response.content.decode()
    act(editor_client, "mark_as_breaking", older)
    slot = FrontPageSlot.objects.get()
    assert (slot.article, slot.position, slot.set_by) == (oldest, 1, editor)
    assert BreakingNews.objects.current().get().set_by == editor

    tree = html(client.get(FRONT))
    assert tree.cssselect(".lead-story .teaser__headline")[0].text_content().strip() == "Story 3"
    assert banner(tree)[1] == older.get_absolute_url()

    act(editor_client, "clear_breaking", older)
    assert banner(html(client.get(FRONT))) is None
    assert BreakingNews.objects.get().cleared_by == editor


def test_pin_and_breaking_actions_want_one_article(editor_client):
    a, b = stories(2)
    response = act(editor_client, "pin_as_lead", a, b)
    assert "Select one article" in response.content.decode()
    assert not FrontPageSlot.objects.exists()
    act(editor_client, "mark_as_breaking", a, b)
    assert not BreakingNews.objects.exists()


def test_front_page_screen_is_on_the_admin_index_and_shows_places_and_banner(editor_client, html):
    newest, older = stories(2)
    frontpage.pin(older, until=timezone.now() + timedelta(hours=5), by=None)
    frontpage.mark_breaking(newest, label="Live", by=None)
    index = html(editor_client.get(reverse("admin:index")))
    link = index.xpath("//a[normalize-space()='Front page']")
    assert link and link[0].get("href") == reverse("admin:articles_frontpageslot_changelist")

    screen = html(editor_client.get(reverse("admin:articles_frontpageslot_changelist")))
    state = screen.cssselect(".front-desk")[0].text_content()
    assert "Live:" in state and newest.headline in state
    row = screen.cssselect("#result_list tbody tr")[0].text_content()
    assert "Story 2" in row and "Live" in row

    response = editor_client.post(
        reverse("admin:articles_frontpageslot_clear_breaking"), follow=True
    )
    assert "The Breaking banner was cleared." in response.content.decode()
    assert not BreakingNews.objects.current().exists()


def test_adding_a_slot_at_a_taken_place_in_the_admin_moves_the_other_down(editor_client):
    first, second = stories(2)
    frontpage.pin(first, 1, by=None)
    response = editor_client.post(
        reverse("admin:articles_frontpageslot_add"),
        {"position": "1", "article": second.pk, "pinned_until_0": "", "pinned_until_1": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dict(FrontPageSlot.objects.values_list("article__headline", "position")) == {
        "Story 2": 1,
        "Story 1": 2,
    }


def test_article_form_says_whether_it_is_pinned_or_breaking(editor_client, html):
    story, plain = stories(2)
    frontpage.pin(story, 2, by=None)
    frontpage.mark_breaking(story, by=None)
    tree = html(editor_client.get(reverse("admin:articles_article_change", args=[story.pk])))
    line = tree.cssselect(".field-front_page .readonly")[0].text_content()
    assert "Pinned as place 2 on the front page." in line
    assert "“Breaking” banner until cleared" in line
    tree = html(editor_client.get(reverse("admin:articles_article_change", args=[plain.pk])))
    line = tree.cssselect(".field-front_page .readonly")[0].text_content()
    assert "Not pinned and not Breaking" in line


def test_breaking_banner_record_cannot_be_deleted(editor_client):
    (story,) = stories(1)
    banner_row = frontpage.mark_breaking(story, by=None)
    url = reverse("admin:articles_breakingnews_delete", args=[banner_row.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert BreakingNews.objects.filter(pk=banner_row.pk).exists()


def test_articles_deleted_take_their_place_and_banner_with_them(client, html):
    newest, older = stories(2)
    frontpage.pin(older, by=None)
    frontpage.mark_breaking(older, by=None)
    Article.objects.filter(pk=older.pk).delete()
    tree = html(client.get(FRONT))
    assert banner(tree) is None
    assert tree.cssselect(".lead-story .teaser__headline")[0].text_content().strip() == "Story 1"
