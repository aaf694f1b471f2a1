"""The moderation queue in the admin.

Comments awaiting moderation come first, with the reasons the policy held them. Moderators act
on one comment (buttons on its row and on its page, with an optional note) or on many (bulk
actions); both call ``comments.moderation.moderate``, which records who did what and when.
Comments are never edited or deleted here: a removed comment stays, with its history.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme

from . import moderation
from .models import Comment, ModerationEvent

ACTION_LABELS = {
    "approve": "Approve",
    "spam": "Mark as spam",
    "remove": "Remove",
    "restore": "Restore",
}

# Shorter words on the queue's rows, so three buttons sit side by side in the comment column.
ROW_LABELS = {**ACTION_LABELS, "spam": "Spam"}

ACTIONS_BY_STATUS = {
    Comment.Status.PENDING: ["approve", "spam", "remove"],
    Comment.Status.APPROVED: ["spam", "remove"],
    Comment.Status.SPAM: ["restore", "remove"],
    Comment.Status.REMOVED: ["restore"],
}

DONE = {
    "approve": "Approved",
    "spam": "Marked as spam",
    "remove": "Removed",
    "restore": "Restored",
}

# What the message after one decision says: "Approved Sam's comment on “Headline”."
DONE_ONE = {
    "approve": "Approved {name}’s comment on “{article}”.",
    "spam": "Marked {name}’s comment on “{article}” as spam.",
    "remove": "Removed {name}’s comment on “{article}”.",
    "restore": "Restored {name}’s comment on “{article}”.",
}


def done_message(action, comment):
    return DONE_ONE[action].format(name=comment.name, article=comment.article.headline)


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "history (who moderated what, and when)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Three columns, WordPress-style, so every row's buttons fit a 1280 px screen: the status
    # with the reasons it was held, the comment (its words, who wrote it on which article, and
    # the buttons), and when it was posted and moderated.
    list_display = ["status_and_why", "comment", "posted"]
    list_display_links = None  # the comment column links its words to the comment's page
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "email", "text", "ip_address"]
    list_select_related = ["article", "moderated_by"]
    list_per_page = 50
    fields = [
        "status",
        "why",
        "article",
        "parent",
        "name",
        "email",
        "url",
        "text",
        "created_at",
        "ip_address",
        "user_agent",
        "moderated",
    ]
    readonly_fields = fields
    inlines = [ModerationEventInline]
    actions = ["approve_selected", "spam_selected", "remove_selected", "restore_selected"]
    change_form_template = "admin/comments/comment/change_form.html"

    class Media:
        css = {"all": ["comments/admin/moderation.css"]}

    def get_queryset(self, request):
        # ModelAdmin.get_queryset orders before we could annotate: order after annotating.
        return (
            Comment.objects.annotate(
                queue_order=Case(
                    When(status=Comment.Status.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .select_related("article", "moderated_by")
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        # The queue: pending first, newest first within each group.
        return ["queue_order", "-created_at"]

    # Comments come from readers and are never edited or deleted here: only moderated.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return moderation.can_moderate(request.user)

    def get_list_display(self, request):
        # The row buttons are only for moderators; the list itself is for every reader of it.
        if self.has_moderate_permission(request):
            return ["status_and_why", "comment_to_moderate", "posted"]
        return self.list_display

    @admin.display(description="status", ordering="queue_order")
    def status_and_why(self, comment):
        badge = format_html(
            '<span class="comment-status comment-status--{}">{}</span>',
            comment.status,
            comment.get_status_display(),
        )
        if not comment.reasons:
            return badge
        return format_html("{}{}", badge, self.why(comment))

    @admin.display(description="comment")
    def comment(self, comment):
        return self._comment_cell(comment, "")

    @admin.display(description="comment")
    def comment_to_moderate(self, comment):
        return self._comment_cell(comment, self.row_actions(comment))

    def _comment_cell(self, comment, buttons):
        """The comment's words (a link to its page), who wrote it on which article, and the
        moderator's buttons under them."""
        text = " ".join(comment.text.split())
        return format_html(
            '<div class="comment-cell"><a class="comment-excerpt" href="{}">{}</a>'
            '<p class="comment-byline">by <strong>{}</strong> '
            '<span class="comment-contact">{} · {}</span></p>'
            '<p class="comment-on">on <cite>{}</cite></p>{}</div>',
            reverse("admin:comments_comment_change", args=[comment.pk]),
            text[:200] + ("…" if len(text) > 200 else ""),
            comment.name,
            comment.email or "no email",
            comment.ip_address or "no IP",
            comment.article.headline,
            buttons,
        )

    @admin.display(description="posted", ordering="created_at")
    def posted(self, comment):
        posted = timezone.localtime(comment.created_at)
        posted = format_html(
            '<time datetime="{}">{}<br>{}</time>',
            posted.isoformat(),
            posted.strftime("%d %b %Y"),
            posted.strftime("%H:%M"),
        )
        if not comment.moderated_at:
            return posted
        return format_html("{}<br><small>moderated {}</small>", posted, self.moderated(comment))

    @admin.display(description="why held or spam")
    def why(self, comment):
        if not comment.reasons:
            return "-"
        return format_html(
            '<ul class="comment-reasons">{}</ul>',
            format_html_join("", "<li>{}</li>", ((reason,) for reason in comment.reasons)),
        )

    @admin.display(description="moderated", ordering="moderated_at")
    def moderated(self, comment):
        if not comment.moderated_at:
            return "-"
        who = comment.moderated_by.get_username() if comment.moderated_by else "the site"
        return format_html(
            "{} by {}",
            timezone.localtime(comment.moderated_at).strftime("%d %b %Y %H:%M"),
            who,
        )

    @staticmethod
    def actions_for(comment):
        """The decisions that make sense for ``comment`` now, with their button labels."""
        return [(action, ACTION_LABELS[action]) for action in ACTIONS_BY_STATUS[comment.status]]

    def row_actions(self, comment):
        """One button per decision that makes sense for the comment's status. Each submits the
        queue's own form (CSRF token included) to the comment's moderate view."""
        url = reverse("admin:comments_comment_moderate", args=[comment.pk])
        return format_html(
            '<div class="comment-actions">{}</div>',
            format_html_join(
                "",
                '<button type="submit" class="button comment-action comment-action--{}" '
                'formaction="{}" name="moderation" value="{}" aria-label="{} comment by {}">'
                "{}</button>",
                (
                    (action, url, action, ROW_LABELS[action], comment.name, ROW_LABELS[action])
                    for action, _label in self.actions_for(comment)
                ),
            ),
        )

    def _bulk(self, request, queryset, action):
        count = moderation.moderate(queryset, action, actor=request.user, note="Bulk action")
        self.message_user(request, f"{DONE[action]}: {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def spam_selected(self, request, queryset):
        self._bulk(request, queryset, "spam")

    @admin.action(description="Remove selected comments", permissions=["moderate"])
    def remove_selected(self, request, queryset):
        self._bulk(request, queryset, "remove")

    @admin.action(description="Restore selected comments", permissions=["moderate"])
    def restore_selected(self, request, queryset):
        self._bulk(request, queryset, "restore")

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One comment, one decision: from its row in the queue or from its page. Back to the
        page the moderator came from (the same queue page and filter), saying what happened."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        action = request.POST.get("moderation", "")
        if action not in ACTION_LABELS:
            self.message_user(request, "Choose what to do with the comment.", messages.ERROR)
        elif moderation.moderate(
            [comment], action, actor=request.user, note=request.POST.get("note", "").strip()
        ):
            self.message_user(request, done_message(action, comment), messages.SUCCESS)
        else:
            self.message_user(request, "Nothing changed: the comment was already there.")
        return HttpResponseRedirect(self._back(request))

    def _back(self, request):
        for back in [request.POST.get("next", ""), request.headers.get("Referer", "")]:
            if back and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return back
        return reverse("admin:comments_comment_changelist")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if comment is not None and self.has_moderate_permission(request):
            extra_context["moderation_actions"] = self.actions_for(comment)
        return super().change_view(request, object_id, form_url, extra_context)
