"""An article's comment thread as a page shows it, in a constant number of queries.

One query counts the approved comments; one fetches a page of top-level approved comments with
every approved reply under them (each comment knows its thread's ``root``). The tree is put
together here, in Python, and flattened into the order the template prints it, each item
saying how far it is nested and how many lists close after it, so the template renders the
whole thread in one loop with no include or recursion per comment.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import cookies
from .models import Comment

FIELDS = ["id", "parent_id", "root_id", "name", "url", "text_html", "created_at", "status"]


@dataclass
class Thread:
    count: int = 0
    comments: list = field(default_factory=list)
    page: int = 1
    pages: int = 1
    has_pending: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


# The site is written in British English; plain strings format faster than translated ones.
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {MONTH_NAMES[local.month]} {local.year} at {local:%H:%M}"


def _page_number(value, pages):
    if value in (None, ""):
        return 1
    if not value.isdigit() or not 1 <= int(value) <= pages:
        raise Http404("No such page of comments.")
    return int(value)


def load_thread(article, *, cpage=None, pending=(), replyable=True):
    """The page ``cpage`` of ``article``'s approved comments, oldest first, with ``pending``
    (this visitor's own comments awaiting moderation) in their places."""
    per_page = settings.COMMENTS_PER_PAGE
    approved = Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
    counts = approved.aggregate(total=Count("id"), tops=Count("id", filter=Q(parent=None)))
    pages = max(1, -(-counts["tops"] // per_page))
    page = _page_number(cpage, pages)

    rows = []
    if pages == 1 and counts["tops"]:
        # Every thread fits on one page (the usual case): the simplest query fetches them.
        rows = list(approved.order_by("created_at", "id").values(*FIELDS))
    elif counts["tops"]:
        tops = approved.filter(parent=None).order_by("created_at", "id")
        tops = tops.values("id")[(page - 1) * per_page : page * per_page]
        rows = list(
            approved.filter(Q(id__in=tops) | Q(root_id__in=tops))
            .order_by("created_at", "id")
            .values(*FIELDS)
        )
    thread = Thread(count=counts["total"], page=page, pages=pages)
    ids = {row["id"] for row in rows}
    for row in pending:
        # Replies under a thread on this page; new threads on the last page.
        if (row["parent_id"] in ids) or (row["parent_id"] is None and page == pages):
            rows.append(row)
            thread.has_pending = True
    thread.comments = _flatten(rows, page if pages > 1 else None, replyable)
    return thread


def visitor_pending(request, article):
    """This visitor's comments on ``article`` still awaiting moderation, as thread rows."""
    ids = cookies.pending_ids(request)
    if not ids:
        return []
    return list(
        Comment.objects.filter(pk__in=ids, article=article, status=Comment.Status.PENDING)
        .order_by("created_at", "id")
        .values(*FIELDS)
    )


def _flatten(rows, page, replyable):
    """Rows in reading order, each with ``depth``, ``has_children`` and ``closers``."""
    children = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    max_depth = settings.COMMENTS_THREAD_DEPTH
    page_query = f"cpage={page}&" if page else ""
    ordered = []
    stack = [(row, 0) for row in reversed(children.get(None, []))]
    while stack:
        row, depth = stack.pop()
        row["depth"] = depth
        # Strings, not numbers: a number in a template goes through locale formatting.
        row["sid"] = str(row["id"])
        pending = row["status"] == Comment.Status.PENDING
        row["is_pending"] = pending
        row["can_reply"] = replyable and not pending and depth + 1 < max_depth
        row["reply_query"] = f"{page_query}replyto={row['id']}"
        row["iso"] = timezone.localtime(row["created_at"]).isoformat(timespec="seconds")
        row["when"] = _when(row["created_at"])
        # Made by formatting.render_text at submission: the commenter's text, escaped.
        row["body"] = mark_safe(row["text_html"])  # noqa: S308
        ordered.append(row)
        stack.extend((child, depth + 1) for child in reversed(children.get(row["id"], [])))
    for index, row in enumerate(ordered):
        following = ordered[index + 1]["depth"] if index + 1 < len(ordered) else 0
        row["has_children"] = following > row["depth"]
        row["closers"] = range(max(0, row["depth"] - following))
    return ordered


def find_reply_target(article, thread, value):
    """The approved comment ``?replyto=`` names, if readers may reply to it here."""
    if not value or not value.isdigit():
        return None
    wanted = int(value)
    for row in thread.comments:
        if row["id"] == wanted:
            return row if row["can_reply"] else None
    return None
