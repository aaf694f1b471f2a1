"""Whole-page cache: anonymous readers get stored pages fast, see every published change within
seconds, and nobody ever gets a page that was made for someone else."""

import gzip
import time
from datetime import timedelta

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from django.utils import timezone

from articles import cachetags, publishing
from articles.models import Article
from comments.models import Comment
from newsroom import pagecache
from newsroom.signals import content_changed
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
)

pytestmark = pytest.mark.django_db

FRONT = "articles:front-page"


def fetch_until(client, url, text, seconds=5.0, **headers):
    """GET ``url`` until ``text`` shows, for at most ``seconds``; returns the time it took."""
    started = time.monotonic()
    while True:
        if text in client.get(url, headers=headers).content.decode():
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            return None
        time.sleep(0.05)


def test_second_view_of_a_page_is_served_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    article = make_article(headline="Bridge reopens after repairs", lead_photo=make_photo())
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("url_name", [FRONT, "articles:article-detail", "articles:section-detail"])
def test_every_public_page_is_stored(client, url_name):
    article = make_article()
    kwargs = {
        FRONT: {},
        "articles:article-detail": {"slug": article.slug},
        "articles:section-detail": {"slug": article.section.slug},
    }[url_name]
    url = reverse(url_name, kwargs=kwargs)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_published_article_is_on_the_front_page_within_five_seconds(
    client, django_capture_on_commit_callbacks
):
    section = make_section()
    make_article(section=section, headline="Earlier story")
    draft = make_article(section=section, headline="Dam gates opened at dawn", published=False)
    front = reverse(FRONT)
    assert "Dam gates" not in client.get(front).content.decode()
    assert client.get(front)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(Article.objects.get(pk=draft.pk), by=None)

    took = fetch_until(client, front, "Dam gates opened at dawn")
    assert took is not None and took < 5
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        ("headline", "A corrected headline"),
        ("unpublish", None),
        ("body", "A new paragraph added by the desk."),
        ("caption", "Re-captioned: volunteers fill sandbags"),
        ("section", "Renamed Section"),
        ("reporter", "Amara Okafor-Reid"),
    ],
)
def test_every_kind_of_edit_reaches_readers_at_once(client, change, shows):
    article = make_article(
        headline="First headline",
        section=make_section(name="Local"),
        reporters=[make_reporter(name="Amara Okafor")],
        blocks=[{"kind": "photo", "photo": make_photo(caption="Sandbags")}],
    )
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    if change == "headline":
        article.headline = shows
        article.save()
    elif change == "unpublish":
        publishing.unpublish(article, by=None)
    elif change == "body":
        article.blocks.create(position=9, kind="text", text=f"<p>{shows}</p>")
    elif change == "caption":
        photo = article.blocks.get().photo
        photo.caption = shows
        photo.save()
    elif change == "section":
        article.section.name = shows
        article.section.save()
    elif change == "reporter":
        reporter = article.bylines.get().reporter
        reporter.name = shows
        reporter.save()

    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit"
    if shows is None:
        assert response.status_code == 404
    else:
        assert shows in response.content.decode()


def test_edit_made_by_another_worker_is_seen_within_the_check_interval(client, settings):
    """Another gunicorn worker saved the edit: this one learns of it through the state file."""
    if not isinstance(pagecache.page_cache(), pagecache.LocMemCache):
        pytest.skip("with a shared cache every worker reads the same state on every request")
    article = make_article(headline="Before the edit")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    Article.objects.filter(pk=article.pk).update(headline="After the edit")  # no signal here
    other_worker = pagecache.FileClock(settings.PAGE_CACHE_STATE_FILE, interval=0.5)
    other_worker.record({cachetags.article(article.pk)}, None, time.time())

    took = fetch_until(client, url, "After the edit")
    assert took is not None and took <= settings.PAGE_CACHE_CHECK_INTERVAL + 0.5


@pytest.mark.parametrize("later_changes", [0, 40], ids=["shorter", "longer"])
def test_a_worker_sees_the_clock_started_afresh_under_an_inode_number_it_read_before(
    tmp_path, later_changes
):
    """Filesystems give a freed inode number to the next new file: when everything is retired
    several times in a row, a worker can find the file it last read replaced by a new one under
    the same number, shorter or longer than where it stopped. It must still see the new epoch,
    and the changes in the new file, not read on from the old offset."""
    path = tmp_path / "pagecache-state"
    editor = pagecache.FileClock(path, interval=0)
    worker = pagecache.FileClock(path, interval=0)
    for number in range(20):
        editor.record({f"article:{number}"}, None, time.time())
    before = worker.snapshot()
    stored = (before.epoch, before.clock, ["article:3"])
    assert worker.valid(stored, before)

    editor.retire_all()
    for number in range(later_changes):
        editor.record({f"section:{number}"}, None, time.time())
    worker.inode = path.stat().st_ino  # the new file under the number the worker knows

    after = worker.snapshot()
    assert after.epoch == editor.snapshot().epoch != before.epoch
    assert after.clock == path.stat().st_size
    assert not worker.valid(stored, after)
    if later_changes:
        assert worker.versions["section:0"] > 0


def test_scheduled_article_appears_when_its_time_comes_without_any_edit(client):
    section = make_section()
    make_article(section=section, headline="Already out")
    make_article(
        section=section,
        headline="Embargoed budget story",
        publish_at=timezone.now() + timedelta(seconds=1.5),
    )
    front = reverse(FRONT)
    assert "Embargoed budget story" not in client.get(front).content.decode()
    assert client.get(front)["X-Page-Cache"] == "hit"

    took = fetch_until(client, front, "Embargoed budget story")
    assert took is not None and took < 5


@pytest.mark.urls("tests.newsroom.pagecache_urls")
@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "csrftoken", "messages", "newsroom_pending", "newsroom_commenter"],
)
def test_requests_with_a_personal_cookie_never_get_or_leave_a_stored_page(client, cookie):
    url = reverse("test-echo")
    anonymous = client.get(url).content
    assert client.get(url).content == anonymous  # stored

    client.cookies[cookie] = "their-own-value"
    personal = client.get(url)
    assert personal.content != anonymous  # made for them
    assert "X-Page-Cache" not in personal
    assert "private" in personal["Cache-Control"]

    del client.cookies[cookie]
    assert client.get(url).content == anonymous  # what they got was not stored


@pytest.mark.urls("tests.newsroom.pagecache_urls")
def test_a_pending_comment_notice_is_never_shown_to_another_reader(client, settings):
    settings.COMMENTS_PENDING_COOKIE = "pending_notice"
    url = reverse("test-echo")
    client.cookies["pending_notice"] = "comment-42"
    client.get(url)
    client.get(url)
    del client.cookies["pending_notice"]
    assert "comment-42" not in client.get(url).content.decode()


@pytest.mark.urls("tests.newsroom.pagecache_urls")
def test_a_form_shown_back_with_errors_is_never_stored(client, settings):
    settings.PAGE_CACHE_QUERY_PARAMS = [*settings.PAGE_CACHE_QUERY_PARAMS, "errors"]
    url = reverse("test-form")
    with_errors = client.get(url, {"errors": "1"})
    assert "needs an email address" in with_errors.content.decode()
    assert "no-store" in with_errors["Cache-Control"]
    again = client.get(url, {"errors": "1"})
    assert again.content != with_errors.content
    assert "needs an email address" not in client.get(url).content.decode()


@pytest.mark.urls("tests.newsroom.pagecache_urls")
@pytest.mark.parametrize("url_name", ["test-sets-cookie", "test-csrf"])
def test_a_response_that_sets_a_cookie_is_never_stored(client, url_name):
    url = reverse(url_name)
    first = client.get(url)
    assert first.cookies
    client.cookies.clear()
    assert client.get(url).content != first.content


@pytest.mark.urls("tests.newsroom.pagecache_urls")
def test_a_post_is_never_answered_from_the_cache(client):
    url = reverse("test-counter")
    stored = client.get(url).content
    assert client.get(url).content == stored
    assert client.post(url).content != stored


def test_an_editor_gets_fresh_pages_and_their_drafts_never_reach_the_cache(client):
    draft = make_article(headline="Unfinished draft about the dam", published=False)
    editor = make_editor()
    client.force_login(editor)
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    client.get(draft.get_absolute_url())

    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_admin_and_preview_addresses_are_never_stored(client):
    assert pagecache._url_prefix("admin:index") == reverse("admin:index")
    preview_prefix = pagecache._url_prefix("articles:article-preview")
    assert reverse("articles:article-preview", kwargs={"pk": 7}).startswith(preview_prefix)
    draft = make_article(published=False)
    url = reverse("articles:article-preview", kwargs={"pk": draft.pk})
    client.get(url)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert response.status_code == 302  # to the login page


def test_a_missing_page_is_not_stored(client):
    client.get("/no-such-page/")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


# HTTP caching: what browsers and CDNs are told.


@pytest.mark.parametrize("page_cache", [True, False])
def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(client, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    article = make_article()
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=5", "stale-while-revalidate=30"}
        assert response["ETag"].startswith('W/"')


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_reader_who_has_the_page_gets_not_modified(client, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    article = make_article()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    for _ in range(2):  # a miss then a hit with the cache on
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        assert "max-age=5" in response["Cache-Control"]
    article.headline = "Changed since"
    article.save()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_readers_whose_browser_accepts_gzip_get_it_compressed(client):
    article = make_article(headline="Compressed story")
    url = article.get_absolute_url()
    plain = client.get(url)
    for _ in range(2):
        response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain.content
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in client.get(url)


def test_head_of_a_stored_page_has_its_headers_and_no_body(client):
    article = make_article()
    full = client.get(article.get_absolute_url())
    head = client.head(article.get_absolute_url())
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))
    assert head["ETag"] == full["ETag"]


def test_with_the_page_cache_off_every_view_is_made_afresh(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    article = make_article()
    client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_a_new_row_no_page_shows_yet_retires_nothing(client):
    """A comment posted for moderation (or caught as spam) is shown to nobody but its writer:
    it retires no stored page. Checked on creation only: any later save may change pages."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    held = make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.SPAM)
    assert client.get(url)["X-Page-Cache"] == "hit"
    make_comment(article)  # approved: readers see it
    assert client.get(url)["X-Page-Cache"] == "miss"
    client.get(url)
    held.text = "Edited while it waits."
    held.save()  # an edit, not a creation: it may change what pages show
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_changing_a_byline_through_the_reporters_relation_retires_pages(client):
    """``article.reporters.add()`` writes Byline rows without saving the article: the page
    cache hears of it through the relation's own signal."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    newcomer = make_reporter(name="Priya Raman")
    article.reporters.add(newcomer, through_defaults={"position": 2})
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Priya Raman" in response.content


def test_code_that_writes_without_model_signals_retires_pages_with_content_changed(client):
    """``QuerySet.update()`` sends no model signal: the writer sends the project's own."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    Article.objects.filter(pk=article.pk).update(headline="Quietly changed")
    assert client.get(url)["X-Page-Cache"] == "hit"
    content_changed.send(sender=Article)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Quietly changed" in response.content


def test_a_new_release_never_serves_pages_the_previous_one_stored(client):
    """With a shared cache the stored pages outlive the server processes; with a local-memory
    cache they die with them."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    if isinstance(pagecache.page_cache(), pagecache.LocMemCache):
        pagecache.page_cache().clear()  # what a restart does to a worker's memory
    pagecache.PageCacheMiddleware(lambda request: None)  # the new release's server starting
    assert client.get(url)["X-Page-Cache"] == "miss"


# Query strings: parameters no page reads never make a new stored page.


@pytest.mark.urls("tests.newsroom.pagecache_urls")
@pytest.mark.parametrize("junk", ["x=1", "utm_source=newsletter&utm_medium=email", "fbclid=AbC"])
def test_a_parameter_no_page_reads_is_served_the_stored_clean_page(client, junk):
    url = reverse("test-counter")
    clean = client.get(url)
    assert clean["X-Page-Cache"] == "miss"
    with_junk = client.get(f"{url}?{junk}")
    assert with_junk["X-Page-Cache"] == "hit"
    assert with_junk.content == clean.content


@pytest.mark.urls("tests.newsroom.pagecache_urls")
def test_many_distinct_junk_values_store_no_further_pages(client):
    url = reverse("test-counter")
    first = client.get(f"{url}?utm_source=a0")
    assert first["X-Page-Cache"] == "miss"
    for n in range(1, 40):
        response = client.get(f"{url}?utm_source=a{n}&x={n}")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    assert client.get(url)["X-Page-Cache"] == "hit"
    cache = pagecache.page_cache()
    if isinstance(cache, LocMemCache):
        keys = list(cache._cache)
    else:  # Redis
        keys = [key.decode() for key in cache._cache.get_client().scan_iter("*")]
    # One page stored in all, for the clean address.
    assert len([key for key in keys if ":page:" in key]) == 1


def test_a_parameter_pages_read_still_gets_its_own_page(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    section = make_section()
    for n in range(5):
        make_article(section=section, headline=f"Story number {n}")
    front = reverse(FRONT)
    first = client.get(front)
    second = client.get(front, {"page": "2"})
    assert second["X-Page-Cache"] == "miss"
    assert second.content != first.content
    again = client.get(f"{front}?utm_source=x&page=2")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == second.content
    assert client.get(front)["X-Page-Cache"] == "hit"


def test_a_page_made_for_a_junk_address_links_without_the_junk(client, settings):
    """The page stored for ``/?page=2`` is shown to everyone: its links carry no one's junk."""
    settings.NEWSROOM_PAGE_SIZE = 2
    section = make_section()
    for n in range(7):
        make_article(section=section, headline=f"Story number {n}")
    response = client.get(reverse(FRONT), {"page": "2", "utm_campaign": "spring-sale"})
    assert response["X-Page-Cache"] == "miss"
    body = response.content.decode()
    assert "page=3" in body and "page=1" in body
    assert "spring-sale" not in body
