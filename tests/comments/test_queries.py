"""The article page runs the same queries with 1 comment or 200, threaded and paged."""

import pytest

from comments.models import Comment
from tests.factories import comment_data, make_comment

pytestmark = pytest.mark.django_db


def add_comments(article, count, tops=None):
    """``count`` approved comments: ``tops`` threads (a fifth by default), the rest replies
    spread over them, nested up to 4 deep."""
    tops = tops or max(1, count // 5)
    made = [make_comment(article) for _ in range(min(tops, count))]
    for i in range(count - len(made)):
        parent = made[(i * 7) % len(made)]
        made.append(make_comment(article, parent=parent if parent.depth < 4 else parent.root))
    return made


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_queries_do_not_grow_with_comments(
    client, django_assert_num_queries, article, count
):
    add_comments(article, count)
    make_comment(article, status=Comment.Status.PENDING)
    # article, bylines, blocks, sections nav, related articles; comment counts, the page of
    # threads; the Breaking banner; the corrections it shows; the article's topics
    with django_assert_num_queries(10):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="comment"') == count


@pytest.mark.parametrize("count", [1, 200])
def test_commenter_with_a_pending_comment_costs_one_query_more(
    client, django_assert_num_queries, article, post, count
):
    add_comments(article, count)
    post(comment_data(article))
    with django_assert_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert "Your comment is awaiting moderation." in response.content.decode()


@pytest.mark.parametrize("count", [60, 200])
def test_second_page_of_comments_is_as_cheap(client, django_assert_num_queries, article, count):
    add_comments(article, count, tops=51)
    with django_assert_num_queries(10):  # as the first page: banner, corrections, topics
        assert client.get(article.get_absolute_url(), {"cpage": 2}).status_code == 200
