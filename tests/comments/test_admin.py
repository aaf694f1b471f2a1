"""Moderators work through the queue in the admin; every decision is recorded."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.moderation import record_decision
from tests.factories import comment_data, make_article, make_comment, make_editor, make_moderator

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


def text(node):
    return " ".join(node.text_content().split())


@pytest.fixture
def moderator(client):
    user = make_moderator()
    client.force_login(user)
    return user


def rows(page):
    return page.cssselect("#result_list tbody tr")


def test_queue_puts_pending_first_and_shows_why(client, html, moderator, article):
    approved = make_comment(article, text="Already fine.")
    held = make_comment(
        article, status="pending", text="Two links", reasons=["Contains 2 links (limit 2)"]
    )
    page = html(client.get(reverse(CHANGELIST)))
    first, second = rows(page)
    assert "Pending" in text(first) and "Contains 2 links (limit 2)" in text(first)
    assert "Two links" in text(first) and "Already fine." in text(second)
    assert held.pk != approved.pk


def test_admin_index_shows_how_many_comments_await_moderation(client, html, moderator, article):
    make_comment(article, status="pending")
    make_comment(article, status="pending")
    make_comment(article)
    page = html(client.get(reverse("admin:index")))
    link = page.cssselect(".comment-queue a")[0]
    assert text(link) == "2 comments awaiting moderation"
    assert link.get("href") == reverse(CHANGELIST) + "?status__exact=pending"


def test_queue_filters_by_status_and_article_and_searches(client, html, moderator, article):
    other = make_article(headline="Cup final")
    make_comment(article, name="Janet Whitfield", email="janet@example.com", text="Mill Lane")
    make_comment(other, name="Raj Patel", status="pending", ip_address="198.51.100.42")
    url = reverse(CHANGELIST)

    def shown(**params):
        return [text(r) for r in rows(html(client.get(url, params)))]

    assert len(shown(status__exact="pending")) == 1
    assert "Raj Patel" in shown(status__exact="pending")[0]
    assert "Raj Patel" in shown(article__id__exact=other.pk)[0]
    assert len(shown(article__id__exact=other.pk)) == 1
    for term in ["Whitfield", "janet@example.com", "Mill Lane"]:
        assert len(shown(q=term)) == 1 and "Janet" in shown(q=term)[0], term
    assert "Raj Patel" in shown(q="198.51.100.42")[0]


def test_bulk_approve_publishes_and_records_who_and_when(client, moderator, article):
    held = [make_comment(article, status="pending", text=f"Held {i}") for i in range(2)]
    response = client.post(
        reverse(CHANGELIST),
        {"action": "approve_selected", "_selected_action": [c.pk for c in held]},
        follow=True,
    )
    assert "Approved: 2 comment(s)." in response.content.decode()
    for comment in held:
        comment.refresh_from_db()
        assert comment.status == "approved"
        assert comment.moderated_by == moderator
        event = comment.events.get(actor=moderator)
        assert (event.from_status, event.to_status, event.note) == (
            "pending",
            "approved",
            "Bulk action",
        )
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Held 0" in page and "Held 1" in page


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        ("pending", "approve", "approved"),
        ("pending", "spam", "spam"),
        ("pending", "remove", "removed"),
        ("approved", "remove", "removed"),
    ],
)
def test_row_buttons_moderate_one_comment(client, html, moderator, article, start, action, end):
    comment = make_comment(article, status=start)
    page = html(client.get(reverse(CHANGELIST)))
    button = page.cssselect(f"button[name=moderation][value={action}]")[0]
    assert button.get("formaction") == reverse("admin:comments_comment_moderate", args=[comment.pk])
    client.post(button.get("formaction"), {"moderation": action})
    comment.refresh_from_db()
    assert comment.status == end


@pytest.mark.parametrize(
    ("history", "restored_to"),
    [(["approve", "remove"], "approved"), (["spam"], "pending"), (["approve", "spam"], "approved")],
)
def test_restore_undoes_spam_or_removal(client, moderator, article, history, restored_to):
    comment = make_comment(article, status="pending")
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    for action in [*history, "restore"]:
        client.post(url, {"moderation": action})
    comment.refresh_from_db()
    assert comment.status == restored_to


def test_comment_page_shows_reasons_history_and_moderates_with_a_note(
    client, html, moderator, article
):
    comment = make_comment(
        article, status="pending", reasons=['Contains a moderation word: "casino" (in text)']
    )
    record_decision(comment, to_status="pending", note="Posted by a reader.")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    page = html(client.get(url))
    assert 'Contains a moderation word: "casino" (in text)' in text(page)
    form = page.cssselect("form.comment-moderate")[0]
    assert [b.get("value") for b in form.cssselect("button")] == ["approve", "spam", "remove"]
    response = client.post(
        form.get("action"),
        {"moderation": "spam", "note": "Advert for a casino.", "csrfmiddlewaretoken": "x"},
        HTTP_REFERER="http://testserver" + url,
    )
    assert response["Location"] == "http://testserver" + url
    page = html(client.get(url))
    history = text(page.cssselect(".inline-group")[0])
    assert "Advert for a casino." in history and moderator.username in history
    assert "pending" in history and "spam" in history


def test_comments_cannot_be_added_edited_or_deleted_in_the_admin(client, html, moderator, article):
    comment = make_comment(article)
    assert client.get(reverse("admin:comments_comment_add")).status_code == 403
    assert (
        client.get(reverse("admin:comments_comment_delete", args=[comment.pk])).status_code == 403
    )
    page = html(client.get(reverse("admin:comments_comment_change", args=[comment.pk])))
    assert not page.cssselect("textarea[name=text], input[name=name]")
    actions = [
        o.get("value")
        for o in html(client.get(reverse(CHANGELIST))).cssselect("select[name=action] option")
    ]
    assert "delete_selected" not in actions


def test_editor_without_the_permission_cannot_approve(client, html, article):
    editor = make_editor()
    editor.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(editor)
    comment = make_comment(article, status="pending")

    page = html(client.get(reverse(CHANGELIST)))
    assert rows(page)  # may read the queue
    assert not page.cssselect("button[name=moderation]")
    assert "approve_selected" not in [o.get("value") for o in page.cssselect("option")]

    client.post(
        reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": [comment.pk]}
    )
    response = client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]), {"moderation": "approve"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert not comment.events.exists()


def test_editor_without_comment_permissions_does_not_see_the_queue(client, article):
    make_comment(article, status="pending")
    client.force_login(make_editor())
    assert client.get(reverse(CHANGELIST)).status_code == 403
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "awaiting moderation" not in index.content.decode()


def test_demo_journey_post_see_alone_approve_reply_and_see_the_thread(client, html, post):
    """The issue's "done means": a reader posts, only they see it, a moderator approves it from
    the queue, it shows to everyone, and a reply to it makes a thread."""
    article = make_article()
    post(comment_data(article, comment="Thank you for the update."))
    comment = Comment.objects.get()
    assert "Thank you for the update." in client.get(article.get_absolute_url()).content.decode()
    stranger = Client()
    assert (
        "Thank you for the update." not in stranger.get(article.get_absolute_url()).content.decode()
    )

    desk = Client()
    desk.force_login(make_moderator())
    queue = html(desk.get(reverse(CHANGELIST)))
    button = queue.cssselect(f"button[formaction*='/{comment.pk}/'][value=approve]")[0]
    desk.post(button.get("formaction"), {"moderation": "approve"})
    page = html(stranger.get(article.get_absolute_url()))
    assert "Thank you for the update." in text(page.cssselect(f"#comment-{comment.pk}")[0])

    reply_link = page.cssselect(f"#comment-{comment.pk} .comment__reply a")[0].get("href")
    form_page = html(stranger.get(article.get_absolute_url() + reply_link.split("#")[0]))
    parent = form_page.cssselect("input[name=parent]")[0].get("value")
    response = stranger.post(
        "/comments/post/",
        comment_data(article, parent=parent, comment="Agreed.", email="s@example.com"),
        REMOTE_ADDR="198.51.100.50",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    thread = html(stranger.get(article.get_absolute_url()))
    reply = thread.cssselect(f"#comment-{comment.pk} ol.comment-children .comment--pending")[0]
    assert "Agreed." in text(reply)


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        ("pending", ["approve", "spam", "remove"]),
        ("approved", ["spam", "remove"]),
        ("spam", ["restore", "remove"]),
        ("removed", ["restore"]),
    ],
)
def test_each_row_offers_only_the_decisions_that_fit_its_status(
    client, html, moderator, article, status, buttons
):
    make_comment(article, status=status)
    (row,) = rows(html(client.get(reverse(CHANGELIST))))
    assert [b.get("value") for b in row.cssselect("button[name=moderation]")] == buttons


def test_a_row_shows_the_words_who_wrote_them_and_on_which_article(client, html, moderator):
    article = make_article(headline="Ferry timetable changes")
    make_comment(article, name="Sam Okafor", email="sam@example.com", text="Good news.")
    (row,) = rows(html(client.get(reverse(CHANGELIST))))
    cell = row.cssselect(".comment-cell")[0]
    assert text(cell.cssselect("a.comment-excerpt")[0]) == "Good news."
    assert "by Sam Okafor sam@example.com" in text(cell)
    assert "on Ferry timetable changes" in text(cell)
    # The buttons sit in the comment's own cell, under its words: no column far to the right.
    assert [text(b) for b in cell.cssselect("button")] == ["Spam", "Remove"]


def test_one_click_returns_to_the_same_queue_page_and_names_what_happened(client, html, moderator):
    article = make_article(headline="Ferry timetable changes")
    comment = make_comment(article, name="Sam", status="pending", text="When from?")
    queue = reverse(CHANGELIST) + "?status__exact=pending&q=When"
    page = html(client.get(queue))
    form = page.cssselect("#changelist-form")[0]
    assert form.get("method") == "post" and form.cssselect("input[name=csrfmiddlewaretoken]")
    fields = {i.get("name"): i.get("value") for i in form.cssselect("input[type=hidden]")}
    assert fields["next"] == queue
    button = form.cssselect("button[value=approve]")[0]

    response = client.post(button.get("formaction"), {"moderation": "approve", **fields})
    assert response.status_code == 302 and response["Location"] == queue
    messages = text(html(client.get(queue)).cssselect(".messagelist")[0])
    assert messages == "Approved Sam’s comment on “Ferry timetable changes”."
    comment.refresh_from_db()
    assert comment.status == "approved"
    event = comment.events.get(actor=moderator)
    assert (event.from_status, event.to_status) == ("pending", "approved")


def test_a_return_address_on_another_site_is_not_followed(client, moderator, article):
    comment = make_comment(article, status="pending")
    response = client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]),
        {"moderation": "spam", "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse(CHANGELIST)


def test_a_link_cannot_moderate(client, moderator, article):
    comment = make_comment(article, status="pending")
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.get(url, {"moderation": "approve"}).status_code == 405
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_row_buttons_need_the_csrf_token(moderator, article):
    comment = make_comment(article, status="pending")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert browser.post(url, {"moderation": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"
