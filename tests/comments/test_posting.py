"""A reader posts a comment: it is stored once, held for moderation, and shown to them alone."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import comment_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def text(node):
    return " ".join(node.text_content().split())


def test_posted_comment_awaits_moderation_and_only_its_writer_sees_it(client, html, article, post):
    response = post(comment_data(article, comment="Mill Lane is under water again."))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    cookie = response.cookies["newsroom_pending"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert 0 < int(cookie["max-age"]) <= 86400

    mine = client.get(article.get_absolute_url())
    item = html(mine).cssselect(f"#comment-{comment.pk}")[0]
    assert "Your comment is awaiting moderation." in text(item)
    assert "Mill Lane is under water again." in text(item)
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]

    other = Client().get(article.get_absolute_url())
    assert "Mill Lane is under water again." not in other.content.decode()
    assert "awaiting moderation" not in other.content.decode()
    assert "private" not in other.get("Cache-Control", "")


def test_pending_cookie_cannot_be_forged_to_see_other_peoples_comments(client, article):
    held = make_comment(article, status="pending", text="Someone else's held words.")
    client.cookies["newsroom_pending"] = str(held.pk)
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Someone else's held words." not in content


def test_consent_cookie_is_set_only_when_ticked(client, article, post):
    response = post(comment_data(article))
    assert "newsroom_commenter" not in response.cookies
    response = post(
        comment_data(article, comment="More.", email="jo2@example.com", cookies_consent="on"),
        ip="203.0.113.9",
    )
    assert response.cookies["newsroom_commenter"].value
    assert response.cookies["newsroom_commenter"]["httponly"]


def test_posting_without_the_tick_forgets_saved_details(client, article, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post(comment_data(article, cookies_consent="on"))
    response = post(comment_data(article, comment="Without the tick this time."))
    assert response.cookies["newsroom_commenter"]["max-age"] == 0


def test_double_click_stores_one_comment_and_shows_the_same_result(client, article, post):
    data = comment_data(article)
    first = post(data)
    second = post(data)
    assert Comment.objects.count() == 1
    assert second.status_code == first.status_code == 303
    assert second["Location"] == first["Location"]
    assert second.cookies["newsroom_pending"].value.split(":")[0] == str(Comment.objects.get().pk)


def test_same_words_from_a_new_form_are_a_duplicate_409(client, html, article, post):
    post(comment_data(article))
    # Another load of the page (another nonce), the same words: WordPress's message, no new row.
    other = comment_data(article, nonce="another page load")
    response = post(other, ip="198.51.100.7")
    assert response.status_code == 409
    assert "Duplicate comment detected; it looks as though you’ve already said that!" in text(
        html(response)
    )
    assert Comment.objects.count() == 1


def test_second_comment_within_15_seconds_is_refused_429(client, html, article, post):
    assert post(comment_data(article)).status_code == 303
    response = post(comment_data(article, comment="And another thing.", email="new@example.com"))
    assert response.status_code == 429
    assert "You are posting comments too quickly. Slow down." in text(html(response))
    assert response["Retry-After"] == "15"
    # Same email from another address is a flood too.
    response = post(comment_data(article, comment="Third."), ip="198.51.100.8")
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_flood_uses_the_trusted_proxy_header_when_configured(client, article, post, settings):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    post(comment_data(article), HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.20")
    assert Comment.objects.get().ip_address == "198.51.100.20"
    response = post(
        comment_data(article, comment="Other words.", email="other@example.com"),
        HTTP_X_FORWARDED_FOR="198.51.100.21",
    )
    assert response.status_code == 303


def test_reply_lands_in_its_thread_at_the_right_depth(client, html, article, post):
    parent = make_comment(article, name="Rachel Dunn")
    response = post(comment_data(article, parent=str(parent.pk)))
    reply = Comment.objects.get(parent=parent)
    assert (reply.root, reply.depth) == (parent, 1)
    page = html(client.get(response["Location"].split("#")[0]))
    nested = page.cssselect(f"#comment-{parent.pk} > ol.comment-children > #comment-{reply.pk}")
    assert nested and "Your comment is awaiting moderation." in text(nested[0])


def test_reply_on_a_later_page_redirects_to_that_page(client, article, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    tops = [make_comment(article) for _ in range(5)]
    response = post(comment_data(article, parent=str(tops[4].pk)))
    reply = Comment.objects.get(parent=tops[4])
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{reply.pk}"


def test_known_commenter_is_approved_at_once_when_the_setting_allows(article, post, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(article, email="jo@example.com", name="Jo Reader")
    response = post(comment_data(article, comment="Back again."))
    comment = Comment.objects.get(text="Back again.")
    assert comment.status == Comment.Status.APPROVED
    assert "newsroom_pending" not in response.cookies
    assert "Back again." in Client().get(article.get_absolute_url()).content.decode()


def test_known_commenter_is_still_held_by_default(article, post):
    make_comment(article, email="jo@example.com", name="Jo Reader")
    post(comment_data(article, comment="Back again."))
    comment = Comment.objects.get(text="Back again.")
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons == ["Every comment is checked by a moderator before it appears"]


def test_get_on_the_post_address_is_not_allowed(client):
    assert client.get("/comments/post/").status_code == 405


def test_commenter_email_and_ip_never_appear_on_public_pages(client, article, post):
    other = make_article(section=article.section)
    make_comment(article, email="secret.person@example.com", ip_address="198.51.100.99")
    post(comment_data(article, email="also.secret@example.com"), ip="198.51.100.77")
    for url in [
        article.get_absolute_url(),
        other.get_absolute_url(),
        article.section.get_absolute_url(),
        "/",
        article.bylines.first().reporter.get_absolute_url(),
    ]:
        content = client.get(url).content.decode()
        for secret in ["secret.person@", "also.secret@", "198.51.100.99", "198.51.100.77"]:
            assert secret not in content, (url, secret)
