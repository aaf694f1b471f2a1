"""``manage.py import_wordpress``: a WordPress site's export comes across whole (authors,
sections, posts in every status, bodies, photos with captions, threaded comments in every
status, old addresses) and says what it did; a second run changes nothing; a dry run writes
nothing; a broken file is refused before anything is written."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import (
    Article,
    Block,
    Page,
    Photo,
    Redirect,
    Reporter,
    Section,
    WordPressObject,
)
from articles.publishing import State, state
from comments import moderation
from comments.models import Comment, CommentCount
from tests.factories import image_bytes, make_moderator
from tests.wordpress.exports import author, category, comment, export, item, tag

pytestmark = pytest.mark.django_db

CAPTION_INLINE = (
    '[caption id="attachment_31" align="aligncenter" width="800"]<img class="size-large '
    'wp-image-31" src="https://gazette.example/wp-content/uploads/2024/03/wall-800x500.jpg" '
    'alt="The breach" width="800" height="500" /> Water pours through the breach[/caption]'
)
CAPTION_ATTRIBUTE_MULTILINE = (
    '[caption id="attachment_32" align="alignnone" width="640" caption="Sandbags at dawn"]\n'
    '<img class="wp-image-32" src="https://gazette.example/wp-content/uploads/2024/03/bags.jpg"'
    '\nalt="" />\n[/caption]'
)
UPLOADS = "https://gazette.example/wp-content/uploads"
BLOCK_BODY = (
    "<!-- wp:paragraph -->\n<p>Buses are replaced by coaches.</p>\n<!-- /wp:paragraph -->\n"
    '<!-- wp:image {"id":32} -->\n'
    f'<figure class="wp-block-image"><img src="{UPLOADS}/2024/03/bags.jpg" alt="" '
    'class="wp-image-32"/><figcaption>Coaches wait by the depot</figcaption></figure>\n'
    "<!-- /wp:image -->\n<!-- wp:pullquote -->\n"
    '<figure class="wp-block-pullquote"><blockquote><p>We had no warning.</p>'
    "<cite>A driver</cite></blockquote></figure>\n<!-- /wp:pullquote -->"
)


def attachment(attachment_id, file, *, title, caption="", alt="", parent=0, credit=""):
    url = f"https://gazette.example/wp-content/uploads/{file}"
    metadata = (
        f'a:1:{{s:10:"image_meta";a:1:{{s:6:"credit";s:{len(credit)}:"{credit}";}}}}'
        if credit
        else ""
    )
    return item(
        attachment_id,
        title,
        post_type="attachment",
        status="inherit",
        excerpt=caption,
        parent=parent,
        attachment_url=url,
        link=f"https://gazette.example/?attachment_id={attachment_id}",
        meta={
            "_wp_attached_file": file,
            "_wp_attachment_image_alt": alt,
            "_wp_attachment_metadata": metadata,
        },
    )


def thread():
    """Four deep, with every status, a pingback and a trackback."""
    return [
        comment(100, "First, and approved.", author="Ann", url="https://ann.example"),
        comment(101, "A reply to Ann.", author="Ben", parent=100),
        comment(
            102,
            '<p>Deeper still, with <a href="https://x.example/">a link</a>.</p>',
            author="Cal",
            parent=101,
        ),
        comment(103, "Four deep.", author="Dee", parent=102),
        comment(104, "Waiting for a moderator.", author="Eve", approved="0"),
        comment(105, "Buy pills", author="Spammer", approved="spam"),
        comment(106, "Binned by the editor.", author="Fay", approved="trash"),
        comment(107, "Linked here", author="Other blog", kind="pingback"),
        comment(108, "Tracked", author="Tracker", kind="trackback"),
    ]


def newsroom_export():
    return export(
        author("jdoe", "Jo Doe", "jo@gazette.example", author_id=2),
        author("asmith", "Alex Smith", "alex@gazette.example", author_id=3),
        category("local-news", "Local news", term_id=5, description="Around the valley"),
        category("transport", "Transport", term_id=6),
        item(
            10,
            "River wall breached",
            content=f"The wall gave way at dawn.\n\n{CAPTION_INLINE}\n\n<h2>What next</h2>\n"
            f"Repairs start on Monday.\n\n{CAPTION_ATTRIBUTE_MULTILINE}",
            excerpt="A hundred homes were flooded.",
            creator="jdoe",
            date="2024-03-04 09:30:00",
            date_gmt="2024-03-04 09:30:00",
            terms=[("category", "local-news", "Local news")],
            meta={"_thumbnail_id": "32"},
            comments=thread(),
        ),
        item(
            11,
            "Coaches replace buses",
            content=BLOCK_BODY,
            creator="asmith",
            slug="coaches-replace-buses",
            terms=[("category", "transport", "Transport"), ("category", "local-news", "Local")],
            link="https://gazette.example/2024/03/05/coaches-replace-buses/",
            date="2024-03-05 08:00:00",
        ),
        item(
            12,
            "Budget preview",
            status="future",
            date="2031-04-01 07:00:00",
            excerpt="Next year's budget.",
            terms=[("category", "local-news", "Local news")],
        ),
        item(
            13,
            "Half-written",
            status="draft",
            date_gmt="0000-00-00 00:00:00",
            excerpt="Notes.",
            date="2024-03-06 12:00:00",
        ),
        item(14, "For the team", status="private", excerpt="Internal."),
        item(15, "Binned story", status="trash", excerpt="Gone."),
        item(16, "Waiting for an editor", status="pending", excerpt="Pending."),
        item(
            17,
            "Missing photo",
            content=f'<img class="wp-image-99" src="{UPLOADS}/2024/03/nowhere.jpg" alt="x">',
            excerpt="A photo that is not in the export.",
        ),
        attachment(
            31,
            "2024/03/wall.jpg",
            title="Wall",
            caption="The breached wall",
            alt="A gap in a brick wall with water flowing",
            parent=10,
            credit="Sam Lee",
        ),
        attachment(32, "2024/03/bags.jpg", title="Sandbags by the river", parent=10),
        attachment(33, "2024/03/lost.jpg", title="Never uploaded"),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "site-media"
    uploads = tmp_path / "uploads" / "2024" / "03"
    uploads.mkdir(parents=True)
    (uploads / "wall.jpg").write_bytes(image_bytes(800, 500))
    (uploads / "bags.jpg").write_bytes(image_bytes(640, 400, color=(20, 90, 200)))
    return tmp_path / "uploads"


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "gazette.xml"
    path.write_bytes(newsroom_export())
    return path


def run(export_file, media=None, *extra):
    out = StringIO()
    args = [str(export_file), *extra]
    if media:
        args += ["--media-dir", str(media)]
    call_command("import_wordpress", *args, stdout=out)
    return out.getvalue()


def test_authors_and_categories_become_reporters_and_sections(export_file, media):
    run(export_file, media)
    assert set(Reporter.objects.values_list("slug", "name")) == {
        ("jdoe", "Jo Doe"),
        ("asmith", "Alex Smith"),
    }
    assert Section.objects.get(slug="local-news").description == "Around the valley"
    coaches = Article.objects.get(slug="coaches-replace-buses")
    assert coaches.section.slug == "transport"  # its first category
    assert [b.reporter.slug for b in coaches.bylines.all()] == ["asmith"]


def test_every_status_is_kept_or_reported(export_file, media):
    out = run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached")
    assert state(wall) == State.PUBLISHED
    assert wall.publish_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert wall.first_published_at == wall.publish_at
    assert state(Article.objects.get(slug="budget-preview")) == State.SCHEDULED
    assert Article.objects.get(slug="budget-preview").publish_at == datetime(
        2031, 4, 1, 7, 0, tzinfo=UTC
    )
    for slug in ("half-written", "for-the-team", "waiting-for-an-editor"):
        assert state(Article.objects.get(slug=slug)) == State.DRAFT, slug
    assert not Article.objects.filter(slug="binned-story").exists()
    assert "private on WordPress: imported as a draft." in out
    assert "in the trash: not imported." in out


def test_bodies_become_pieces_with_their_photos_and_captions(export_file, media):
    out = run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached")
    pieces = [
        (b.kind, b.words or b.text or "", b.photo_id and b.photo.caption, b.caption)
        for b in wall.blocks.select_related("photo")
    ]
    # The second photo (the attribute form of [caption]) is also the featured image: it shows
    # once, as the lead photo, and the report says its caption in the body is not shown.
    assert [p[0] for p in pieces] == ["text", "photo", "heading", "text"]
    assert pieces[0][1] == "<p>The wall gave way at dawn.</p>"
    # The inline-text caption differs from the photo's own: kept for this article.
    assert pieces[1][2:] == ("The breached wall", "Water pours through the breach")
    assert pieces[2][1] == "What next"
    photo = Photo.objects.get(caption="The breached wall")
    assert (photo.width, photo.height) == (800, 500)
    assert photo.alt_text == "A gap in a brick wall with water flowing"
    assert photo.credit == "Sam Lee"
    assert photo.renditions.exists()  # through the photo pipeline
    assert wall.lead_photo.alt_text == "Sandbags by the river"  # the featured image; its title
    assert "the featured image was also in the body: it shows once, as the lead photo" in out
    assert "“Sandbags at dawn”, is not shown" in out
    assert wall.standfirst == "A hundred homes were flooded."
    assert not wall.was_updated  # imported as published, not changed since
    coaches = Article.objects.get(slug="coaches-replace-buses")
    assert [b.kind for b in coaches.blocks.all()] == ["text", "photo", "quote"]
    quote = coaches.blocks.get(kind="quote")
    assert (quote.words, quote.attribution) == ("We had no warning.", "A driver")
    assert coaches.standfirst == "Buses are replaced by coaches."  # no excerpt: first sentence


def test_a_missing_photo_is_reported_with_its_post_and_the_rest_comes_in(export_file, media):
    out = run(export_file, media)
    missing = Article.objects.get(slug="missing-photo")
    assert not missing.blocks.filter(kind="photo").exists()
    assert "post 17 “Missing photo”" in out
    assert "photo attachment 99 is not in the export: left out." in out
    assert "photo 2024/03/lost.jpg not found in" in out  # an attachment without its file


def test_comments_keep_their_threads_four_deep_and_every_status(export_file, media):
    run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached")
    comments = {c.name: c for c in Comment.objects.filter(article=wall)}
    assert set(comments) == {"Ann", "Ben", "Cal", "Dee", "Eve", "Spammer", "Fay"}
    assert comments["Dee"].parent == comments["Cal"]
    assert comments["Cal"].parent == comments["Ben"]
    assert comments["Ben"].parent == comments["Ann"]
    assert (comments["Dee"].depth, comments["Dee"].root) == (3, comments["Ann"])
    assert comments["Ann"].status == Comment.Status.APPROVED
    assert comments["Ann"].url == "https://ann.example"
    assert str(comments["Ann"].ip_address) == "192.0.2.10"
    assert comments["Ann"].created_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert (comments["Eve"].status, comments["Eve"].reasons) == (
        Comment.Status.PENDING,
        ["imported"],
    )
    assert comments["Spammer"].status == Comment.Status.SPAM
    assert comments["Fay"].status == Comment.Status.REMOVED
    assert comments["Cal"].text == "Deeper still, with a link (https://x.example/)."
    assert CommentCount.objects.get(article=wall).approved == 4


def test_the_thread_shows_on_the_article_page(client, export_file, media):
    run(export_file, media)
    page = client.get(reverse("articles:article-detail", args=["river-wall-breached"]))
    html = page.content.decode()
    for words in ("First, and approved.", "A reply to Ann.", "Four deep."):
        assert words in html
    for hidden in ("Waiting for a moderator.", "Buy pills", "Binned by the editor."):
        assert hidden not in html


def test_old_addresses_answer_301_to_the_new_ones(client, export_file, media):
    run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached").get_absolute_url()
    for old in (
        "/2024/03/04/river-wall-breached/",
        "/?p=10",
        "/?attachment_id=31",  # the photo's attachment page: the story it was uploaded to
        "/2024/03/04/river-wall-breached/?utm_source=newsletter",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == wall, old
    assert client.get("/category/local-news/")["Location"] == reverse(
        "articles:section-detail", args=["local-news"]
    )
    assert client.get("/?cat=6")["Location"] == reverse(
        "articles:section-detail", args=["transport"]
    )
    assert client.get("/author/jdoe/")["Location"] == reverse(
        "articles:reporter-detail", args=["jdoe"]
    )
    assert client.get("/").status_code == 200  # the front page itself is not redirected
    assert client.get("/?p=13").status_code == 200  # a draft never had a public address
    assert client.get("/no/such/page/").status_code == 404


def test_an_old_address_missing_its_slash_or_with_more_in_its_query_still_redirects(
    client, export_file, media
):
    # Seen against a real WordPress: it answers both, so links out there have them.
    run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached").get_absolute_url()
    for old in (
        "/2024/03/04/river-wall-breached",  # WordPress adds the slash with a 301
        "/?p=10&utm_source=newsletter",
        "/?utm_source=newsletter&p=10",
        "/category/local-news",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] in {wall, "/section/local-news/"}, old
    assert client.get("/?p=13&utm_source=x").status_code == 200  # still no draft's address
    assert client.get("/no/such/page").status_code == 404


def test_a_post_s_feed_comment_pages_and_embed_view_go_to_its_story(client, export_file, media):
    run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached").get_absolute_url()
    for tail in ("feed/", "feed/atom/", "comment-page-2/", "embed/", "amp/", "trackback/"):
        response = client.get(f"/2024/03/04/river-wall-breached/{tail}")
        assert (response.status_code, response["Location"]) == (301, wall), tail
    assert client.get("/category/local-news/feed/")["Location"] == "/section/local-news/"
    assert client.get("/2024/03/04/no-such-story/feed/").status_code == 404
    assert client.get("/feed/").status_code != 301  # the site's feed is not a story's


def test_the_report_counts_everything_and_is_written_as_json(export_file, media, tmp_path):
    report_file = tmp_path / "report.json"
    out = run(export_file, media, "--report", str(report_file))
    report = json.loads(report_file.read_text())
    counts = report["counts"]
    assert counts["article"]["created"] == 7
    assert counts["article"]["skipped"] == 1  # the trashed one
    assert counts["photo"]["created"] == 2
    assert counts["comment"]["created"] == 7
    assert counts["pingback"]["skipped"] == 2
    assert counts["author"]["created"] == 2
    assert any("Missing photo" in w["where"] for w in report["warnings"])
    assert "article" in out and "warnings:" in out


def test_a_second_run_creates_nothing_and_updates_what_changed(export_file, media, tmp_path):
    run(export_file, media)
    before = {
        "articles": Article.objects.count(),
        "blocks": Block.objects.count(),
        "photos": Photo.objects.count(),
        "comments": Comment.objects.count(),
        "redirects": Redirect.objects.count(),
        "reporters": Reporter.objects.count(),
        "sections": Section.objects.count(),
    }
    out = run(export_file, media)
    after = {
        "articles": Article.objects.count(),
        "blocks": Block.objects.count(),
        "photos": Photo.objects.count(),
        "comments": Comment.objects.count(),
        "redirects": Redirect.objects.count(),
        "reporters": Reporter.objects.count(),
        "sections": Section.objects.count(),
    }
    assert after == before
    assert "created" in out

    # The editor fixed a headline and approved the pending comment on WordPress meanwhile.
    pending = b"<![CDATA[Waiting for a moderator.]]></wp:comment_content>\n\t\t\t"
    changed = (
        newsroom_export()
        .replace(b"<![CDATA[River wall breached]]>", b"<![CDATA[River wall breached at dawn]]>")
        .replace(
            pending + b"<wp:comment_approved><![CDATA[0]]>",
            pending + b"<wp:comment_approved><![CDATA[1]]>",
        )
    )
    export_file.write_bytes(changed)
    run(export_file, media)
    wall = Article.objects.get(slug="river-wall-breached")
    assert wall.headline == "River wall breached at dawn"
    assert Comment.objects.get(name="Eve").status == Comment.Status.APPROVED
    assert Article.objects.count() == before["articles"]
    assert Comment.objects.count() == before["comments"]


def test_a_dry_run_writes_nothing_and_prints_the_same_report(export_file, media, settings):
    dry = run(export_file, media, "--dry-run")
    assert Article.objects.count() == Photo.objects.count() == Comment.objects.count() == 0
    assert not WordPressObject.objects.exists() and not Redirect.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else True
    assert "Dry run: nothing was written." in dry
    real = run(export_file, media)
    assert dry.split("\n\n")[0] == real.split("\n\n")[0]  # the same table of counts


def test_a_malformed_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, media):
    data = newsroom_export()
    broken = tmp_path / "broken.xml"
    # A title typed into the XML by hand, with its "<" left bare, late in the file.
    broken.write_bytes(
        data.replace(b"<![CDATA[For the team]]>", b"For the <team & friends").replace(
            b"</title>\n\t\t<link>https://gazette.example/2024/03/04/for-the-team/", b"", 0
        )
    )
    with pytest.raises(CommandError, match=r"broken\.xml: line \d+: the file is not well-formed"):
        run(broken, media)
    assert Article.objects.count() == Reporter.objects.count() == 0


def test_a_bad_post_is_reported_and_the_others_come_in(export_file, media, monkeypatch):
    from articles.wordpress import importer

    real = importer.Importer.post

    def fail_on_coaches(self, item):
        if item.id == 11:
            raise ValueError("the database refused it")
        return real(self, item)

    monkeypatch.setattr(importer.Importer, "post", fail_on_coaches)
    out = run(export_file, media)
    assert "not imported: the database refused it" in out
    assert not Article.objects.filter(slug="coaches-replace-buses").exists()
    assert Article.objects.filter(slug="river-wall-breached").exists()


def test_an_import_stopped_half_way_keeps_whole_batches_and_the_next_run_finishes(
    export_file, media, monkeypatch
):
    from articles.wordpress import importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    real = importer.Importer.post

    def stop_at_the_fourth(self, item):
        if item.id == 13:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C
        return real(self, item)

    monkeypatch.setattr(importer.Importer, "post", stop_at_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        run(export_file, media)
    # Posts 10 and 11 were one batch, committed; 12 went with the batch that was stopped.
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "river-wall-breached",
        "coaches-replace-buses",
    }
    assert Comment.objects.filter(article__slug="river-wall-breached").count() == 7

    monkeypatch.setattr(importer.Importer, "post", real)
    out = run(export_file, media)
    assert Article.objects.count() == 7
    assert Comment.objects.count() == 7  # none twice
    assert "article         5        0          2" in out  # 5 created, 2 unchanged


def test_editors_manage_redirects_in_the_admin(client):
    from tests.factories import make_editor

    client.force_login(make_editor())
    add = reverse("admin:articles_redirect_add")
    refused = client.post(add, {"old_path": "2024/old/", "new_path": "javascript:alert(1)"})
    assert "Start the old address with “/”" in refused.content.decode()
    assert "Give a path on this site" in refused.content.decode()
    assert not Redirect.objects.exists()
    client.post(add, {"old_path": "/2019/05/old-story/", "new_path": "/news/new-story/"})
    assert client.get("/2019/05/old-story/")["Location"] == "/news/new-story/"


def test_co_authors_plus_guest_authors_make_the_byline_in_order(tmp_path, media):
    guest = item(
        50,
        "Priya Natarajan",
        post_type="guest-author",
        status="publish",
        slug="cap-priya-natarajan",
        meta={
            "cap-user_login": "priya-natarajan",
            "cap-display_name": "Priya Natarajan",
            "cap-description": "Covers the courts.",
        },
    )
    story = item(
        51,
        "Verdict due in harbour case",
        excerpt="The jury retires today.",
        creator="jdoe",
        terms=[
            ("category", "local-news", "Local news"),
            ("author", "cap-priya-natarajan", "priya-natarajan"),
            ("author", "cap-jdoe", "jdoe"),
        ],
    )
    path = tmp_path / "coauthors.xml"
    path.write_bytes(export(author("jdoe", "Jo Doe", author_id=2), guest, story))
    run(path, media)
    article = Article.objects.get(slug="verdict-due-in-harbour-case")
    assert [b.reporter.name for b in article.bylines.order_by("position")] == [
        "Priya Natarajan",
        "Jo Doe",
    ]
    assert Reporter.objects.get(name="Priya Natarajan").bio == "Covers the courts."


def test_pages_become_static_pages_and_their_old_addresses_redirect(tmp_path, media, client):
    about = item(
        60,
        "About the Gazette",
        post_type="page",
        slug="about",
        content="We cover the valley.\n\n<h2>Our team</h2>\nSix reporters.",
        link="https://gazette.example/about/",
    )
    clash = item(61, "Search tips", post_type="page", slug="search", content="Use quotes.")
    draft = item(62, "Advertise", post_type="page", slug="advertise", status="draft")
    path = tmp_path / "pages.xml"
    path.write_bytes(export(author("jdoe", "Jo Doe", author_id=2), about, clash, draft))
    out = run(path, media)
    page = Page.objects.get(slug="about")
    assert page.title == "About the Gazette" and page.published
    assert (
        page.body
        == "<p>We cover the valley.</p><p><strong>Our team</strong></p><p>Six reporters.</p>"
    )
    # /search/ is the site's own: the page gets another address, and the report says which.
    assert Page.objects.get(title="Search tips").slug == "search-page"
    assert "its address is taken: it is /search-page/." in out
    assert not Page.objects.get(slug="advertise").published
    assert client.get("/?page_id=61")["Location"] == "/search-page/"
    assert client.get("/about/").status_code == 200  # the same address: no redirect needed
    assert page.in_footer and not Page.objects.get(slug="advertise").in_footer
    assert 'href="/about/"' in client.get("/").content.decode()  # linked from the footer


def test_tags_become_topics_on_their_stories_and_tag_archives_redirect(tmp_path, media, client):
    from articles.models import Topic

    story = item(
        70,
        "Night buses return",
        excerpt="Two routes run again from Friday.",
        terms=[
            ("category", "transport", "Transport"),
            ("post_tag", "night-buses", "Night buses"),
            ("post_tag", "late-night-economy", "Late-night economy"),
        ],
    )
    path = tmp_path / "tags.xml"
    path.write_bytes(
        export(
            author("jdoe", "Jo Doe", author_id=2),
            category("transport", "Transport", term_id=6),
            tag("night-buses", "Night buses", term_id=9),
            story,
        )
    )
    run(path, media)
    article = Article.objects.get(slug="night-buses-return")
    assert sorted(article.topics.values_list("name", flat=True)) == [
        "Late-night economy",
        "Night buses",
    ]
    topic = Topic.objects.get(slug="night-buses")
    assert client.get("/tag/night-buses/")["Location"] == topic.get_absolute_url()
    assert client.get("/?tag=night-buses")["Location"] == topic.get_absolute_url()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Night buses return" in page


def test_an_author_s_archive_is_the_address_wordpress_made_from_the_login(tmp_path, media, client):
    path = tmp_path / "dots.xml"
    path.write_bytes(
        export(
            author("ana.lima", "Ana Lima", author_id=7),
            item(80, "Pier reopens", excerpt="Ferries sail again.", creator="ana.lima"),
        )
    )
    run(path, media)
    reporter = Reporter.objects.get(name="Ana Lima")
    assert reporter.slug == "ana-lima"
    assert client.get("/author/ana-lima/")["Location"] == reporter.get_absolute_url()


def test_the_demo_newsroom_shows_a_story_brought_in_from_wordpress(client, settings, tmp_path):
    from articles.demo.loader import ARCHIVE_OLD_ADDRESS, load_wordpress_archive

    settings.MEDIA_ROOT = tmp_path / "media"
    assert "1 story, 1 photo, 3 comments" in load_wordpress_archive()
    story = Article.objects.get(slug="harbour-lights-switched-on-again")
    assert story.lead_photo.credit == "Helen Marsh/The Courier"
    assert [b.kind for b in story.blocks.all()] == ["text", "heading", "text", "quote"]
    assert client.get(ARCHIVE_OLD_ADDRESS)["Location"] == story.get_absolute_url()
    assert client.get("/?p=412")["Location"] == story.get_absolute_url()
    reply = Comment.objects.get(text__startswith="I'll look in the loft")
    assert reply.depth == 2
    assert load_wordpress_archive() == "already there"


def test_protected_posts_stay_drafts_and_non_latin_addresses_still_redirect(
    tmp_path, media, client
):
    protected = item(90, "Embargoed results", excerpt="Not yet.", status="publish")
    protected = protected.replace(
        "<wp:post_password><![CDATA[]]></wp:post_password>",
        "<wp:post_password><![CDATA[letmein]]></wp:post_password>",
    )
    cyrillic = item(
        91,
        "Pier reopens",
        excerpt="Ferries sail again.",
        slug="%d0%bf%d1%80%d0%b8%d1%81%d1%82%d0%b0%d0%bd%d1%8c",
        link="https://gazette.example/2024/03/04/%d0%bf%d1%80%d0%b8%d1%81%d1%82%d0%b0%d0%bd%d1%8c/",
    )
    path = tmp_path / "odd.xml"
    path.write_bytes(export(author("jdoe", "Jo Doe", author_id=2), protected, cyrillic))
    out = run(path, media)
    assert state(Article.objects.get(slug="embargoed-results")) == State.DRAFT
    assert "password-protected on WordPress: imported as a draft" in out
    assert client.get("/?p=90").status_code == 200  # no redirect to a story readers cannot see
    pier = Article.objects.get(headline="Pier reopens")
    assert pier.slug == "pier-reopens"  # the address word made from the title
    assert client.get(pier.get_absolute_url()).status_code == 200
    assert client.get("/2024/03/04/пристань/")["Location"] == pier.get_absolute_url()


def test_a_moderator_s_decision_here_outlives_the_next_run(export_file, media):
    run(export_file, media)
    moderator = make_moderator()
    moderation.approve(Comment.objects.get(name="Eve"), actor=moderator)  # held on WordPress
    moderation.mark_spam(Comment.objects.get(name="Ben"), actor=moderator)
    # The export taken again after an edit on WordPress: the post's comments are read again.
    export_file.write_bytes(
        newsroom_export().replace(b"River wall breached]]>", b"River wall breached at dawn]]>")
    )
    out = run(export_file, media)
    assert Comment.objects.get(name="Eve").status == Comment.Status.APPROVED
    assert Comment.objects.get(name="Ben").status == Comment.Status.SPAM
    assert (
        "comment 101 is spam here since a moderator's decision; WordPress has it approved: kept "
        "as the moderator left it." in out
    )
    wall = Article.objects.get(slug="river-wall-breached")
    assert CommentCount.objects.get(article=wall).approved == 4  # Eve in, Ben out


def test_a_title_or_excerpt_too_long_is_cut_at_a_word_and_reported_whole(tmp_path, media):
    title = "Council " + "votes again " * 30 + "on the bridge"
    excerpt = "The vote " + "was close " * 80 + "in the end."
    path = tmp_path / "long.xml"
    path.write_bytes(
        export(author("jdoe", "Jo Doe", author_id=2), item(50, title, excerpt=excerpt))
    )
    out = run(path, media)
    article = Article.objects.get()
    for cut, whole, limit in ((article.headline, title, 200), (article.standfirst, excerpt, 600)):
        assert len(cut) <= limit and cut.endswith("…")
        assert whole.startswith(cut[:-1]) and whole[len(cut) - 1] == " "  # at a word
    assert f"its title is {len(title)} characters, longer than Newsroom's 200" in out
    assert f"The whole title: “{title}”" in " ".join(out.split())
    assert f"its standfirst is {len(excerpt)} characters, longer than Newsroom's 600" in out


def test_an_export_taken_after_the_site_moved_to_https_and_www_finds_the_first_run_s_objects(
    tmp_path, media, client
):
    first = export(
        author("jdoe", "Jo Doe", author_id=2),
        item(60, "Ferry timetable", excerpt="Summer sailings.", comments=thread()[:2]),
    ).replace(b"https://gazette.example", b"http://gazette.example")
    path = tmp_path / "site.xml"
    path.write_bytes(first)
    run(path, media)
    path.write_bytes(first.replace(b"http://gazette.example", b"https://www.gazette.example"))
    report = tmp_path / "moved.json"
    run(path, media, "--report", str(report))
    counts = json.loads(report.read_text())["counts"]
    assert (counts["article"]["created"], counts["article"]["updated"]) == (0, 1)  # links moved
    assert Article.objects.count() == 1 and Comment.objects.count() == 2
    ferry = Article.objects.get().get_absolute_url()
    assert client.get("/2024/03/04/ferry-timetable/")["Location"] == ferry


def test_a_post_whose_photo_is_missing_is_unchanged_next_run_until_the_file_comes(
    export_file, media, tmp_path
):
    run(export_file, media)
    (media / "2024" / "03" / "lost.jpg").unlink(missing_ok=True)
    photo_post = item(
        70,
        "Harbour at night",
        content=f'<img class="wp-image-71" src="{UPLOADS}/2024/04/night.jpg" alt="Lights">',
        excerpt="The harbour lit up.",
    )
    night = attachment(71, "2024/04/night.jpg", title="Night", alt="Lights on the water")
    path = export_file.parent / "night.xml"
    path.write_bytes(export(author("jdoe", "Jo Doe", author_id=2), photo_post, night))
    run(path, media)
    report = tmp_path / "again.json"
    out = run(path, media, "--report", str(report))
    counts = json.loads(report.read_text())["counts"]["article"]
    assert (counts["unchanged"], counts["updated"]) == (1, 0)
    assert "photo 2024/04/night.jpg not found in" in out  # still missing: still said
    (media / "2024" / "04").mkdir()
    (media / "2024" / "04" / "night.jpg").write_bytes(image_bytes(800, 500))
    run(path, media)
    block = Block.objects.get(article__slug="harbour-at-night", kind="photo")
    assert block.photo.alt_text == "Lights on the water"
