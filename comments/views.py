"""The reply form's target: checks where a post comes from, then hands it to ``submit_comment``.

Every refusal is a page in the site's design, with WordPress's statuses: 403 for a post from
another site or without a valid form token, 404 for an article readers cannot see, 403 for
closed comments, 409 for a duplicate, 413 for an oversized post, 429 for posting too quickly.
Over the hourly limit per address the form comes back with the reader's words (429).
Bad input gets the form again, with the reader's words and what to fix (200, as WordPress and
Django's own form views answer).
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from newsroom.caching import mark_private

from . import cookies, notify, posting, protection
from .forms import HOURLY_LIMIT_MESSAGE, TOO_QUICK_MESSAGE, CommentForm
from .models import Comment
from .moderation import comments_open

logger = logging.getLogger(__name__)

REFUSALS = {
    "cross-site": (
        403,
        "That comment could not be sent",
        "We could not check that this form came from our site, or it was opened too long ago. "
        "Go back, reload the article and post your comment again. Nothing was saved.",
    ),
    "closed": (403, "Comments are closed", "Sorry, comments are closed for this item."),
    "not-found": (
        404,
        "No such article",
        "This article is not published, so it cannot take comments.",
    ),
    "duplicate": (
        409,
        "Duplicate comment",
        "Duplicate comment detected; it looks as though you’ve already said that!",
    ),
    "flood": (
        429,
        "Slow down",
        "You are posting comments too quickly. Slow down. Wait a few seconds, then go back "
        "and post your comment again.",
    ),
    "too-large": (
        413,
        "That comment is too long to send",
        "Your post was larger than we accept. Go back, shorten your comment and post it again. "
        "Nothing was saved.",
    ),
}


def refuse(request, kind, article=None):
    status, title, message = REFUSALS[kind]
    mark_private(request)
    response = render(
        request,
        "comments/post_refused.html",
        {"title": title, "message": message, "article": article},
        status=status,
    )
    if kind == "flood":
        response["Retry-After"] = str(settings.COMMENTS_FLOOD_SECONDS)
    return response


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _parent_error(article, parent_id):
    """The parent comment and an error message (one of them None) for a reply."""
    if parent_id is None:
        return None, "Sorry, replies to unapproved comments are not allowed."
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None or parent.status != Comment.Status.APPROVED:
        return None, "Sorry, replies to unapproved comments are not allowed."
    if parent.article_id != article.pk:
        return None, "You can only reply to comments on this article."
    if parent.depth + 1 >= settings.COMMENTS_THREAD_DEPTH:
        return None, (
            f"Replies nest at most {settings.COMMENTS_THREAD_DEPTH} levels deep: "
            "reply to an earlier comment in this thread."
        )
    return parent, None


def _form_page(request, article, form, token, parent=None, status=200):
    """The form again with the reader's words and what to fix: never cached, never shared."""
    mark_private(request)
    return render(
        request,
        "comments/comment_form_page.html",
        {
            "article": article,
            "form": form,
            "form_html": None,
            "token": token,
            "reply_to": parent,
            "errors": form.error_summary(),
        },
        status=status,
    )


def _over_hourly_limit(request, article, form, token, parent, retry_at):
    """The form again, words kept, saying how many comments an hour an address may send and
    when this one may send again (429, with Retry-After)."""
    form.add_error(
        None,
        HOURLY_LIMIT_MESSAGE.format(
            limit=settings.COMMENTS_HOURLY_LIMIT,
            time=timezone.localtime(retry_at).strftime("%H:%M"),
        ),
    )
    response = _form_page(request, article, form, token, parent, status=429)
    response["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds()) + 1))
    return response


def _drop_bot(article, why):
    """What a bot gets: the redirect a person would get, and nothing stored (not even as spam,
    so bots cannot fill the database). The log says why."""
    logger.info("Comment on article %s dropped as a bot's: %s.", article.pk, why)
    return HttpResponseRedirect(article.get_absolute_url() + "#comments", status=303)


@csrf_exempt  # cookie-free by design: see comments.protection for the checks that replace it
@require_POST
def post_comment(request):
    if (_int(request.META.get("CONTENT_LENGTH")) or 0) > settings.COMMENTS_MAX_BODY_BYTES:
        return refuse(request, "too-large")
    reason = protection.cross_site_reason(request)
    if reason:
        logger.info("Comment refused as cross-site: %s", reason)
        return refuse(request, "cross-site")
    try:
        data = request.POST
    except SuspiciousOperation:  # too big, or too many fields (RequestDataTooBig and kin)
        return refuse(request, "too-large")

    article_id = _int(data.get("article"))
    token = data.get("token", "")
    try:
        stamp = protection.read_form_token(token, article_id)
    except protection.BadToken as exc:
        logger.info("Comment refused: %s", exc)
        return refuse(request, "cross-site")

    article = Article.objects.published().select_related("section").filter(pk=article_id).first()
    if article is None:
        return refuse(request, "not-found")
    if not comments_open(article):
        return refuse(request, "closed", article)

    if data.get("subject"):
        return _drop_bot(article, "filled in the hidden field")
    form = CommentForm(data)
    parent = None
    if data.get("parent"):
        parent, error = _parent_error(article, _int(data["parent"]))
        if error:
            form.add_error(None, error)
    if protection.too_soon(stamp, data.get("shown"), data.get("sent")):
        # A person who pasted their words and pressed "Post Comment" at once must not lose
        # them; a bot gets the same page and stores nothing.
        logger.info("Comment on article %s sent too soon after the form was shown.", article.pk)
        form.add_error(None, TOO_QUICK_MESSAGE)
    if not form.is_valid():
        # Errors are shown even to a bot: they store nothing and reveal nothing.
        return _form_page(request, article, form, token, parent)

    outcome = posting.submit_comment(
        article=article,
        parent=parent,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        url=form.cleaned_data["url"],
        text=form.cleaned_data["comment"],
        token=token,
        nonce=data.get("nonce", "")[:64],
        ip_address=protection.client_ip(request),
        user_agent=request.headers.get("User-Agent", "").replace("\x00", ""),
        base_url=notify.base_url_for(request),
    )
    if outcome.refused == "hourly":
        return _over_hourly_limit(request, article, form, token, parent, outcome.retry_at)
    if outcome.refused:
        return refuse(request, outcome.refused, article)

    comment = outcome.comment
    url = article.get_absolute_url()
    if comment.status == Comment.Status.SPAM:
        url += "#comments"
    else:
        page = posting.page_of(comment)
        url += (f"?cpage={page}" if page > 1 else "") + f"#comment-{comment.pk}"
    response = HttpResponseRedirect(url, status=303)
    if comment.status == Comment.Status.PENDING:
        cookies.add_pending(response, request, comment.pk)
    cookies.remember_commenter(response, request, form.cleaned_data)
    return response
