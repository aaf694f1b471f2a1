"""An editor's path through the admin: upload photos, write an article, publish it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, Photo
from tests.factories import (
    image_upload,
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(section, reporters, blocks, button="_publish", **fields):
    """The POST an editor's browser sends from the article add page when ``button`` is pressed
    ("Publish now" unless told otherwise)."""
    data = {
        "headline": "Council votes to rebuild the flood wall",
        "slug": "council-votes-to-rebuild-the-flood-wall",
        "standfirst": "The vote follows a week of flooding in the old town.",
        "section": str(section.pk),
        "lead_photo": "",
        button: "Publish now",
        "schedule_at": "",
        "comments_open": "on",
        **inline_management("bylines", len(reporters)),
        **inline_management("blocks", len(blocks)),
    }
    for i, reporter in enumerate(reporters):
        data[f"bylines-{i}-reporter"] = str(reporter.pk)
        data[f"bylines-{i}-position"] = str(i + 1)
    for i, block in enumerate(blocks):
        for key in ("kind", "text", "words", "photo", "caption", "attribution"):
            data[f"blocks-{i}-{key}"] = str(block.get(key, ""))
        data[f"blocks-{i}-position"] = str(i + 1)
    data.update(fields)
    return data


def upload_photo(client, **fields):
    data = {
        "image": image_upload("from the photographer.jpg", 800, 500),
        "alt_text": "Volunteers pass sandbags along a line",
        "caption": "Volunteers fill sandbags by the river",
        "credit": "Sam Lee/Northern Pictures",
        **fields,
    }
    return client.post(reverse("admin:articles_photo_add"), data)


def test_editor_uploads_photos_writes_and_publishes_an_article(editor_client, client):
    assert upload_photo(editor_client).status_code == 302
    assert (
        upload_photo(
            editor_client, caption="The wall breached at dawn", credit="Priya Shah/AP"
        ).status_code
        == 302
    )
    first, second = Photo.objects.order_by("pk")
    assert (first.width, first.height) == (800, 500)
    assert first.uploaded_by.username == "desk"
    assert "from the photographer" not in first.image.name

    section = make_section(name="Politics")
    reporter = make_reporter(name="Dana Fox", role="Political Correspondent")
    data = article_form(
        section,
        [reporter],
        [
            {"kind": "text", "text": "Councillors voted late on Tuesday."},
            {"kind": "photo", "photo": second.pk, "caption": "The breach, seen from the bridge"},
            {
                "kind": "quote",
                "words": "We owe the old town a wall that holds.",
                "attribution": "Council leader",
            },
            {"kind": "text", "text": "Work starts in spring."},
        ],
        lead_photo=str(first.pk),
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    article = Article.objects.get()
    assert article.is_published and article.first_published_at is not None
    assert [b.kind for b in article.blocks.all()] == ["text", "photo", "quote", "text"]

    page = client.get(article.get_absolute_url()).content.decode()
    for text in (
        article.headline,
        "Volunteers fill sandbags by the river",
        "The breach, seen from the bridge",
        "Photograph: Priya Shah/AP",
        "We owe the old town a wall that holds.",
        "Dana Fox",
        "Political Correspondent",
    ):
        assert text in page
    for url in (
        reverse("articles:front-page"),
        section.get_absolute_url(),
        reporter.get_absolute_url(),
    ):
        assert article.headline in client.get(url).content.decode(), url


def test_draft_published_later_goes_live_at_that_moment(editor_client):
    draft = make_article(published=False, publish_at=timezone.now() - timezone.timedelta(days=3))
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert timezone.now() - draft.publish_at < timezone.timedelta(minutes=1)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert not draft.is_published and draft.first_published_at is not None


def test_scheduled_publish_time_is_kept(editor_client):
    section, reporter = make_section(), make_reporter()
    later = timezone.localtime() + timezone.timedelta(days=1)
    data = article_form(
        section,
        [reporter],
        [{"kind": "text", "text": "Embargoed."}],
        button="_schedule",
        schedule_at=later.strftime("%Y-%m-%dT%H:%M"),
    )
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled and not article.is_published


NO_PARAGRAPHS = "Write the paragraphs of this piece, or remove it."


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"headline": ""}, "headline", "Write a headline before publishing."),
        ({"slug": "taken"}, "slug", "Article with this Slug already exists."),
        ({"standfirst": ""}, "standfirst", "Write a standfirst before publishing."),
        (
            {"blocks-0-kind": "photo", "blocks-0-photo": ""},
            "photo",
            "Choose the photo to show here.",
        ),
        ({"blocks-0-text": ""}, "text", NO_PARAGRAPHS),
        ({"blocks-0-text": "<p> </p>"}, "text", NO_PARAGRAPHS),
        (
            {"blocks-0-kind": "heading", "blocks-0-text": ""},
            "words",
            "Write the words of this subheading.",
        ),
    ],
)
def test_article_errors_are_shown_and_nothing_is_saved(editor_client, change, field, message):
    make_article(slug="taken")
    before = (Article.objects.count(), Block.objects.count())
    data = article_form(
        make_section(), [make_reporter()], [{"kind": "text", "text": "Body."}], **change
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Article.objects.count(), Block.objects.count()) == before


def test_photo_without_alt_text_is_refused(editor_client):
    response = upload_photo(editor_client, alt_text="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Photo.objects.exists()


def test_non_image_upload_is_refused_with_a_clear_error(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "notes.jpg", b"This is not a photo at all.", content_type="image/jpeg"
    )
    response = upload_photo(editor_client, image=fake)
    assert response.status_code == 200
    assert "Upload a photo saved as JPEG, PNG, WebP or AVIF." in response.content.decode()
    assert not Photo.objects.exists()


def test_article_list_shows_the_desk_what_it_needs(editor_client):
    live = make_article(headline="Live one", reporters=[make_reporter(name="Ann Lee")])
    make_article(headline="Draft one", published=False)
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    page = response.content.decode()
    assert "Live one" in page and "Draft one" in page and "Ann Lee" in page
    assert live.section.name in page
    filtered = editor_client.get(reverse("admin:articles_article_changelist") + "?status=draft")
    assert "Draft one" in filtered.content.decode() and "Live one" not in filtered.content.decode()
    searched = editor_client.get(reverse("admin:articles_article_changelist") + "?q=Live")
    assert "Live one" in searched.content.decode() and "Draft one" not in searched.content.decode()


def test_photo_list_has_thumbnails_and_search(editor_client):
    make_photo(caption="Harbour at dusk", credit="Lee/North")
    make_photo(caption="Market day", credit="Shah/AP")
    page = editor_client.get(
        reverse("admin:articles_photo_changelist") + "?q=Shah"
    ).content.decode()
    assert "Market day" in page and "Harbour at dusk" not in page
    assert 'class="newsroom-thumb"' in page


def test_reporter_and_photo_autocomplete_answer_the_editor(editor_client):
    make_reporter(name="Zoe Active")
    make_reporter(name="Zed Retired", is_active=False)
    url = reverse("admin:autocomplete")
    response = editor_client.get(
        url,
        {"term": "Z", "app_label": "articles", "model_name": "byline", "field_name": "reporter"},
    )
    names = [r["text"] for r in response.json()["results"]]
    assert names == ["Zoe Active"]
    make_photo(caption="Storm over the pier")
    response = editor_client.get(
        url,
        {
            "term": "pier",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_photo",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Storm over the pier"]


def test_new_body_piece_without_position_goes_at_the_end(editor_client):
    article = make_article(
        blocks=[{"kind": "text", "text": "First."}, {"kind": "text", "text": "Second."}]
    )
    first, second = article.blocks.all()
    data = article_form(
        article.section,
        [article.bylines.get().reporter],
        [],
        button="_save",
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        **inline_management("blocks", 3, initial=2),
        **inline_management("bylines", 1, initial=1),
    )
    data["bylines-0-id"] = str(article.bylines.get().pk)
    data["bylines-0-article"] = str(article.pk)
    for i, block in enumerate([first, second]):
        data.update(
            {
                f"blocks-{i}-id": str(block.pk),
                f"blocks-{i}-article": str(article.pk),
                f"blocks-{i}-kind": "text",
                f"blocks-{i}-text": block.text,
                f"blocks-{i}-position": str(i + 1),
            }
        )
    data.update(
        {"blocks-2-kind": "quote", "blocks-2-words": "Added last.", "blocks-2-position": ""}
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(b.position, b.kind) for b in article.blocks.all()] == [
        (1, "text"),
        (2, "text"),
        (3, "quote"),
    ]
