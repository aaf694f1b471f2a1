"""Live coverage (issue 16), as readers and machines get it: updates newest first with their time,
reporter and own address, key events at the top, paging without JavaScript, the endpoint open
pages poll (with its 304s), what an update retires from the page cache and what it leaves, the
LiveBlogPosting data, the story's feeds of updates, and the story after its coverage ends."""

import json
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles import live
from articles.models import LiveUpdate
from tests.factories import (
    make_article,
    make_editor,
    make_live_article,
    make_photo,
    make_reporter,
    make_reporter_login,
    make_section,
    make_update,
)
from tests.newsroom.test_pagetags import page_store  # noqa: F401  (a fixture)
from tests.redis_server import redis_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def story():
    return make_live_article(
        headline="Storm Maren: Ravensmouth waits for the river to fall",
        reporters=[make_reporter(name="Amara Okafor")],
        publish_at=timezone.now() - timedelta(hours=3),
    )


def text(node):
    return " ".join(node.text_content().split())


def updates_on(page):
    return page.cssselect("ol.live__updates > li > article.live-update")


def post(story, n, **fields):
    return [make_update(story, f"<p>Update number {i}.</p>", **fields) for i in range(1, n + 1)]


def endpoint(story, **query):
    url = reverse("articles:live-updates", kwargs={"slug": story.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def json_ld(page):
    nodes = []
    for script in page.cssselect('script[type="application/ld+json"]'):
        nodes += json.loads(script.text)["@graph"]
    return {node["@type"]: node for node in nodes}


# Services


def test_posting_moves_the_story_s_updated_time_and_keeps_the_pieces_in_order(story):
    photo = make_photo(caption="Sandbags on Mill Lane")
    at = timezone.now() - timedelta(minutes=3)
    update = live.post_update(
        story,
        by=None,
        title="Evacuation widened",
        pieces=[
            {"kind": "text", "text": "<p>Forty more homes.</p><script>x()</script>"},
            {"kind": "photo", "photo": photo},
            {"kind": "quote", "words": "We left with nothing.", "attribution": "A resident"},
        ],
        at=at,
    )
    story.refresh_from_db()
    assert story.updated_at == at
    assert [p.kind for p in update.pieces.all()] == ["text", "photo", "quote"]
    assert update.pieces.first().text == "<p>Forty more homes.</p>"  # sanitised like the body


def test_updates_need_running_coverage_and_key_events_a_title(story):
    with pytest.raises(ValidationError) as refused:
        make_update(story, key_event=True)
    assert live.TITLE_NEEDED in str(refused.value)
    quiet = make_article()
    with pytest.raises(ValidationError):
        make_update(quiet)
    live.end_coverage(story, "It is over.", by=None)
    with pytest.raises(ValidationError):
        make_update(story)


def test_reporters_post_only_to_live_stories_they_are_on_and_never_run_coverage(story):
    on_it = make_reporter_login("amara")
    elsewhere = make_reporter_login("dev")
    story.bylines.create(reporter=on_it.reporter, position=2)
    update = make_update(story, by=on_it)
    assert update.reporter == on_it.reporter  # their own name by default
    with pytest.raises(PermissionDenied):
        make_update(story, by=elsewhere)
    with pytest.raises(PermissionDenied):
        live.withdraw_update(update, "Wrong", by=elsewhere)
    with pytest.raises(PermissionDenied):
        live.end_coverage(story, "Over.", by=on_it)
    with pytest.raises(PermissionDenied):
        live.start_coverage(make_article(), by=on_it)
    assert live.may_post_to(make_editor(), make_live_article())


def test_withdrawing_needs_a_note_and_happens_once(story):
    (update,) = post(story, 1)
    with pytest.raises(ValidationError):
        live.withdraw_update(update, "  ", by=None)
    live.withdraw_update(update, "The figure was wrong.", by=None)
    with pytest.raises(ValidationError):
        live.withdraw_update(update, "Again.", by=None)
    assert LiveUpdate.objects.get().withdrawal_note == "The figure was wrong."


# The page


def test_the_page_shows_updates_newest_first_with_time_reporter_badge_and_own_address(
    client, html, story
):
    reporter = make_reporter(name="Tom Hartley")
    first = make_update(story, "<p>Water is over the quay.</p>", reporter=reporter)
    second = make_update(story, "<p>The Old Bridge is closed.</p>", title="Bridge closed")
    page = html(client.get(story.get_absolute_url()))

    assert text(page.cssselect(".article__section .live-badge")[0]) == "Live"
    shown = updates_on(page)
    assert [u.get("id") for u in shown] == [f"update-{second.pk}", f"update-{first.pk}"]
    newest, oldest = shown
    assert text(newest.cssselect("h3")[0]) == "Bridge closed"
    (time,) = oldest.cssselect(".live-update__time time")
    assert datetime.fromisoformat(time.get("datetime")) == first.posted_at.replace(microsecond=0)
    assert text(oldest.cssselect(".live-update__reporter")[0]) == "Tom Hartley"
    assert "Water is over the quay." in text(oldest)
    own = f"http://testserver{story.get_absolute_url()}?update={first.pk}#update-{first.pk}"
    links = [a.get("href") for a in oldest.cssselect(".live-share a")]
    assert own in links  # "Copy link"
    assert any("x.com" in link and "update-" in link for link in links)
    assert oldest.cssselect(".live-update__link")[0].get("href").endswith(f"#update-{first.pk}")
    # "Last updated" is the newest update's time.
    (last,) = page.cssselect("[data-live-updated] time")
    assert datetime.fromisoformat(last.get("datetime")) == second.posted_at.replace(microsecond=0)
    # The page polls the endpoint from the newest update it shows, in a first-party script.
    (box,) = page.cssselect("section.live[data-live]")
    assert box.get("data-latest") == str(second.pk)
    assert box.get("data-endpoint") == endpoint(story)
    assert page.cssselect('script[src$="js/live.js"]')
    assert page.cssselect('.live [role="status"][aria-live="polite"]')


def test_key_events_are_listed_at_the_top_linking_to_each_even_on_older_pages(
    client, html, settings, story
):
    settings.NEWSROOM_LIVE_UPDATES_PER_PAGE = 3
    early = make_update(story, title="River peaks at 5.2 metres", key_event=True)
    post(story, 3)
    late = make_update(story, title="Rest centres open", key_event=True)
    page = html(client.get(story.get_absolute_url()))
    (nav,) = page.cssselect("nav.key-events")
    assert text(nav.cssselect("h2")[0]) == "Key events"
    links = nav.cssselect("li a")
    assert [text(a.cssselect(".key-events__title")[0]) for a in links] == [
        "Rest centres open",
        "River peaks at 5.2 metres",
    ]
    assert links[0].get("href") == f"#update-{late.pk}"
    # The early one is on the next page: its link opens the page that starts with it.
    assert links[1].get("href") == f"?before={early.pk + 1}#update-{early.pk}"
    older = html(client.get(story.get_absolute_url() + links[1].get("href").split("#")[0]))
    assert updates_on(older)[0].get("id") == f"update-{early.pk}"
    assert page.cssselect(f"#update-{late.pk}.live-update--key .live-update__key")


def test_older_updates_page_in_with_a_link_that_works_without_javascript(
    client, html, settings, story
):
    settings.NEWSROOM_LIVE_UPDATES_PER_PAGE = 4
    updates = post(story, 10)
    page = html(client.get(story.get_absolute_url()))
    assert len(updates_on(page)) == 4
    (more,) = page.cssselect("a[data-live-more]")
    assert text(more) == "Show 4 more updates"
    seen = [u.get("id") for u in updates_on(page)]
    while more is not None:
        page = html(client.get(story.get_absolute_url() + more.get("href").split("#")[0]))
        seen += [u.get("id") for u in updates_on(page)]
        assert not page.cssselect("[data-live]")  # an older page does not poll
        more = (page.cssselect("a[data-live-more]") or [None])[0]
    assert seen == [f"update-{u.pk}" for u in reversed(updates)]


@pytest.mark.parametrize("ended", [False, True], ids=["live", "ended"])
def test_an_update_s_own_address_opens_a_page_that_shows_it_without_javascript(
    client, html, settings, story, ended
):
    """A reader follows a shared link to an update long after 20 more were posted, or after the
    coverage ended: the page shows it, with no script to find it. An update still on the first
    page is shown there, where the page keeps polling."""
    settings.NEWSROOM_LIVE_UPDATES_PER_PAGE = 4
    updates = post(story, 10)
    if ended:
        live.end_coverage(story, "The river fell.", by=None)
    for update in [updates[0], updates[5], updates[-1]]:
        path, _, anchor = update.get_absolute_url().partition("#")
        assert anchor == f"update-{update.pk}"
        page = html(client.get(path))
        assert page.cssselect(f"#{anchor}"), (update.pk, [u.get("id") for u in updates_on(page)])
    # On the first page (newest first while live, oldest first once ended): that page.
    on_first = updates[0] if ended else updates[-1]
    shared = html(client.get(on_first.get_absolute_url().partition("#")[0]))
    first = html(client.get(story.get_absolute_url()))
    assert [u.get("id") for u in updates_on(shared)] == [u.get("id") for u in updates_on(first)]
    assert bool(shared.cssselect("[data-live]")) is not ended  # while live, still polling


def test_a_withdrawn_update_keeps_its_place_with_the_note_and_an_edit_is_marked(
    client, html, story
):
    wrong, edited = post(story, 2)
    live.withdraw_update(wrong, "The council corrected the figure.", by=None)
    edited.pieces.update(text="<p>Update number 2, corrected.</p>")
    live.edit_update(edited, by=None, title="Corrected figure")
    page = html(client.get(story.get_absolute_url()))
    withdrawn = page.cssselect(f"#update-{wrong.pk}")[0]
    assert "This update was withdrawn at" in text(withdrawn)
    assert "The council corrected the figure." in text(withdrawn)
    assert "Update number 1." not in text(withdrawn)
    assert "Edited" in text(page.cssselect(f"#update-{edited.pk} .live-update__reporter")[0])


def test_teasers_and_the_banner_carry_the_live_badge_until_the_coverage_ends(client, html, story):
    from articles import frontpage

    frontpage.mark_breaking(story, by=None)
    make_update(story)
    for url in ("/", story.section.get_absolute_url()):
        page = html(client.get(url))
        teaser = [t for t in page.cssselect(".teaser") if story.headline in text(t)][0]
        assert text(teaser.cssselect(".live-badge")[0]) == "Live", url
        assert page.cssselect(".breaking .live-badge"), url
    live.end_coverage(story, "The river fell overnight.", by=None)
    for url in ("/", story.section.get_absolute_url(), story.get_absolute_url()):
        assert not html(client.get(url)).cssselect(".live-badge"), url


# The endpoint


def test_the_endpoint_answers_what_an_open_page_lacks_and_304_when_nothing_changed(client, story):
    first, second = post(story, 2)
    response = client.get(endpoint(story, after=first.pk))
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["live"] is True
    assert data["latest"] == second.pk
    assert [u["id"] for u in data["updates"]] == [second.pk]
    assert "Update number 2." in data["updates"][0]["html"]
    assert data["changed"] == []

    etag = client.get(endpoint(story, after=second.pk))["ETag"]
    unchanged = client.get(endpoint(story, after=second.pk), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    third = make_update(story, title="Third")
    news = client.get(endpoint(story, after=second.pk), HTTP_IF_NONE_MATCH=etag)
    assert news.status_code == 200
    assert [u["id"] for u in news.json()["updates"]] == [third.pk]
    live.withdraw_update(first, "Wrong street.", by=None)
    data = client.get(endpoint(story, after=third.pk)).json()
    assert data["updates"] == []
    assert [u["id"] for u in data["changed"]] == [first.pk]
    assert "Wrong street." in data["changed"][0]["html"]


def test_the_endpoint_pages_older_updates_and_ignores_junk_cursors(client, settings, story):
    settings.NEWSROOM_LIVE_UPDATES_PER_PAGE = 2
    one, two, three = post(story, 3)
    data = client.get(endpoint(story, before=three.pk)).json()
    assert [u["id"] for u in data["updates"]] == [two.pk, one.pk]
    assert data["more"] is None
    for junk in ("x", "-4", ""):
        assert client.get(endpoint(story, after=junk)).status_code == 200


def test_no_endpoint_or_feed_for_a_story_without_coverage_or_unpublished(client):
    quiet = make_article()
    draft = make_live_article(published=False)
    for article in (quiet, draft):
        assert client.get(endpoint(article)).status_code == 404
        feed = reverse("articles:live-feed-rss", kwargs={"slug": article.slug})
        assert client.get(feed).status_code == 404


# The page cache


@pytest.mark.usefixtures("page_store")  # on local memory and on Redis
def test_an_update_retires_its_story_endpoint_and_teasers_and_no_other_page(client, story):
    (first,) = post(story, 1)
    other = make_article(headline="Saltby Town win the cup", section=make_section(name="Sport"))
    showing = [
        story.get_absolute_url(),
        endpoint(story, after=first.pk),
        reverse("articles:live-feed-rss", kwargs={"slug": story.slug}),
        "/",  # its teaser
        story.section.get_absolute_url(),
    ]
    untouched = [other.get_absolute_url(), other.section.get_absolute_url()]
    for url in showing + untouched:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    make_update(story, "<p>The river has peaked.</p>")

    for url in showing:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
    assert "The river has peaked." in client.get(story.get_absolute_url()).content.decode()
    for url in untouched:
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_the_endpoint_is_served_from_the_page_cache_without_a_query(
    client, story, django_assert_num_queries
):
    (first,) = post(story, 1)
    client.get(endpoint(story, after=first.pk))
    with django_assert_num_queries(0):
        assert client.get(endpoint(story, after=first.pk))["X-Page-Cache"] == "hit"


def test_the_live_page_s_queries_do_not_grow_with_its_updates(
    client, story, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    post(story, 1)
    client.get(story.get_absolute_url())  # what is remembered across pages (navigation)
    with CaptureQueriesContext(connection) as one:
        client.get(story.get_absolute_url())
    post(story, 15, title="Key", key_event=True, reporter=make_reporter())
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(story.get_absolute_url())


# Structured data and feeds


def test_live_blog_posting_carries_coverage_times_and_the_newest_updates(client, html, story):
    updates = post(story, 12)
    live.withdraw_update(updates[-1], "Wrong.", by=None)
    data = json_ld(html(client.get(story.get_absolute_url())))
    blog = data["LiveBlogPosting"]
    started = datetime.fromisoformat(blog["coverageStartTime"])
    assert abs((started - story.live_started_at).total_seconds()) < 1
    assert "coverageEndTime" not in blog
    entries = blog["liveBlogUpdate"]
    assert len(entries) == 10
    assert entries[0]["url"].endswith(f"#update-{updates[-2].pk}")  # the withdrawn one is left out
    assert entries[0]["@type"] == "BlogPosting"
    assert entries[0]["articleBody"] == "Update number 11."
    assert entries[0]["headline"] == "Update number 11."
    assert blog["headline"] == story.headline

    live.end_coverage(story, "The river fell.", by=None)
    blog = json_ld(html(client.get(story.get_absolute_url())))["LiveBlogPosting"]
    ended = datetime.fromisoformat(blog["coverageEndTime"])
    assert abs((ended - story.live_ended_at).total_seconds()) < 1


def test_a_story_without_coverage_stays_a_news_article(client, html):
    data = json_ld(html(client.get(make_article().get_absolute_url())))
    assert "NewsArticle" in data and "LiveBlogPosting" not in data


def test_the_story_s_feeds_carry_its_updates_newest_first(client, html, story):
    reporter = make_reporter(name="Tom Hartley")
    first = make_update(story, "<p>Water over the quay & rising.</p>", reporter=reporter)
    withdrawn = make_update(story, "<p>Wrong.</p>")
    live.withdraw_update(withdrawn, "Wrong.", by=None)
    second = make_update(story, title="Bridge closed", key_event=True)
    page = html(client.get(story.get_absolute_url()))
    rss_url = reverse("articles:live-feed-rss", kwargs={"slug": story.slug})
    atom_url = reverse("articles:live-feed-atom", kwargs={"slug": story.slug})
    hrefs = [link.get("href") for link in page.cssselect('link[rel="alternate"]')]
    assert rss_url in hrefs and atom_url in hrefs

    rss = etree.fromstring(client.get(rss_url).content)
    items = rss.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Bridge closed", str(first)]
    link = f"http://testserver{story.get_absolute_url()}?update={first.pk}#update-{first.pk}"
    assert items[1].findtext("link") == link
    # The id feed readers already hold for an update does not change.
    assert (
        items[1].findtext("guid")
        == f"http://testserver{story.get_absolute_url()}#update-{first.pk}"
    )
    assert "Water over the quay &amp; rising." in items[1].findtext("description")
    assert items[1].findtext("{http://purl.org/dc/elements/1.1/}creator") == "Tom Hartley"
    assert items[1].findtext("pubDate") == first.posted_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    assert items[0].findtext("category") == "Key event"

    atom = etree.fromstring(client.get(atom_url).content)
    entries = atom.findall("atom:entry", NS)
    assert [e.find("atom:link", NS).get("href") for e in entries] == [
        f"http://testserver{story.get_absolute_url()}?update={second.pk}#update-{second.pk}",
        link,
    ]


# Ending


def test_ended_coverage_shows_the_summary_and_the_updates_in_time_order(
    client, html, settings, story
):
    settings.NEWSROOM_LIVE_UPDATES_PER_PAGE = 3
    updates = post(story, 5)
    live.end_coverage(story, "The river fell overnight.\n\nThe clean-up begins.", by=None)
    response = client.get(story.get_absolute_url())
    page = html(response)
    (summary,) = page.cssselect("section.live-summary")
    assert [text(p) for p in summary.cssselect("p")][:2] == [
        "The river fell overnight.",
        "The clean-up begins.",
    ]
    assert not page.cssselect("[data-live]")
    assert not page.cssselect('script[src$="js/live.js"]')
    assert [u.get("id") for u in updates_on(page)] == [f"update-{u.pk}" for u in updates[:3]]
    (more,) = page.cssselect("a[data-live-more]")
    assert more.get("href") == f"?after={updates[2].pk}#updates"
    later = html(client.get(story.get_absolute_url() + f"?after={updates[2].pk}"))
    assert [u.get("id") for u in updates_on(later)] == [f"update-{u.pk}" for u in updates[3:]]
    # Its endpoint says so to pages still open.
    assert client.get(endpoint(story, after=updates[-1].pk)).json()["live"] is False
    with pytest.raises(ValidationError):
        live.end_coverage(story, "Again.", by=None)


# The demo newsroom


def test_the_demo_has_a_live_story_with_a_dozen_updates_on_the_front_page(client, html):
    from articles.demo.loader import load_content, load_live

    load_content()
    assert load_live() == 12
    assert load_live() == 0  # loading again changes nothing
    story = LiveUpdate.objects.first().article
    assert story.is_live
    assert story.live_updates.count() == 12
    assert story.live_updates.filter(key_event=True).count() == 3
    front = html(client.get("/"))
    teaser = [t for t in front.cssselect(".teaser") if story.headline in text(t)]
    assert teaser and teaser[0].cssselect(".live-badge")
    page = html(client.get(story.get_absolute_url()))
    assert len(page.cssselect("nav.key-events li")) == 3
    assert len(updates_on(page)) == 12
