"""Roles and review in the article admin: what a reporter may open, change and press, the
"Submit for review" and "Send back" buttons, the story's review history, and its editorial
notes. Every write goes through ``articles.review`` and ``articles.publishing``; this module only
decides what each member of the desk is offered. Used by ``articles.admin.ArticleAdmin``.

Reporters (no ``articles.publish_article``) see only their own stories (``owned_by``: the ones
they started or whose byline names them): drafts to edit, and their published or scheduled ones
read-only. Other reporters' stories are not listed and do not open for them.
"""

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.html import format_html, format_html_join

from newsroom.site import absolute_url

from . import review
from .forms import EDITORS_ONLY, SEND_BACK, SUBMIT_REVIEW, ArticleAdminForm, site_time
from .models import Article, EditorialNote, ReviewRequest
from .roles import may_publish

NOT_AN_EDITOR = (
    "Only editors may publish, schedule, unpublish or send back a story. Nothing was saved: "
    "press “Submit for review” to hand it to an editor."
)
LIST_TIME = "j M Y, H:i T"


class ReviewArticleForm(ArticleAdminForm):
    """The article form with the send-back note and a new editorial note. ``may_publish`` is
    set for each request (``RolesAdminMixin.get_form``): a button only editors have, sent by
    anyone else, makes the form invalid and nothing is saved."""

    may_publish = True

    review_note = forms.CharField(
        label="Note for the reporter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Required to send the story back: say what it needs before it can go out.",
    )
    editorial_note = forms.CharField(
        label="Add a note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="For the newsdesk only: readers never see editorial notes.",
    )

    def clean(self):
        cleaned = super().clean()
        action = self.action
        if action in EDITORS_ONLY and not self.may_publish:
            raise forms.ValidationError(NOT_AN_EDITOR, code="not_an_editor")
        waiting = review.current(self.instance)
        if action == SUBMIT_REVIEW:
            if self.instance.status != Article.Status.DRAFT:
                raise forms.ValidationError("Only a draft can be submitted for review.")
            if waiting is not None:
                raise forms.ValidationError("This story is already waiting for review.")
        if action == SEND_BACK:
            if waiting is None:
                raise forms.ValidationError("This story is not waiting for review.")
            if not cleaned.get("review_note", "").strip():
                self.add_error(
                    "review_note", "Write a note to send it back: the reporter reads it."
                )
        return cleaned


class ReviewFilter(admin.SimpleListFilter):
    """Stories waiting for an editor, and stories sent back to their reporter."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("needs_review", "Needs review"), ("sent_back", "Sent back")]

    def queryset(self, request, queryset):
        if self.value() == "needs_review":
            return queryset.needing_review()
        if self.value() == "sent_back":
            return queryset.sent_back()
        return queryset


class RolesAdminMixin:
    """``ArticleAdmin``'s share of the roles and review (see the module's docstring)."""

    def has_publish_permission(self, request):
        """Actions marked ``permissions=["publish"]`` (bulk publish, pin, Breaking)."""
        return may_publish(request.user)

    def get_queryset(self, request):
        latest = (
            ReviewRequest.objects.filter(article=OuterRef("pk"))
            .order_by("-submitted_at", "-id")
            .values("outcome")[:1]
        )
        articles = super().get_queryset(request).annotate(last_review=Subquery(latest))
        if not may_publish(request.user):
            articles = articles.owned_by(request.user)
        return articles

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or may_publish(request.user):
            return True
        # A reporter: their own story, while it is a draft.
        own = Article.objects.owned_by(request.user).filter(pk=obj.pk)
        return obj.status == Article.Status.DRAFT and own.exists()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"may_publish": may_publish(request.user)})

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "review_history",
            "editorial_notes_thread",
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        new = obj is None or not obj.pk
        notes = (
            {
                "fields": ["editorial_note"],
                "description": "A note to the editors about this story. Readers never see it.",
            }
            if new
            else {
                "fields": ["editorial_notes_thread", "editorial_note"]
                if self.has_change_permission(request, obj)
                else ["editorial_notes_thread"],
                "description": "Notes between the newsdesk's members. Readers never see them.",
            }
        )
        review_fieldset = [] if new else [("Review", {"fields": ["review_history"]})]
        return [fieldsets[0], *review_fieldset, *fieldsets[1:], ("Editorial notes", notes)]

    def review_context(self, request, obj):
        """What the buttons at the foot of the form need to know (``submit_line.html``)."""
        waiting = review.current(obj) if obj is not None else None
        draft = obj is None or not obj.pk or obj.status == Article.Status.DRAFT
        return {
            "may_publish": may_publish(request.user),
            "waiting": waiting,
            "waiting_by": review.person(waiting.submitted_by) if waiting else "",
            "may_submit": draft and waiting is None,
            "may_send_back": waiting is not None and may_publish(request.user),
        }

    def save_review(self, request, obj, form):
        """After the story is saved: its review step, and a new editorial note."""
        if form.action == SUBMIT_REVIEW:
            review.submit(obj, by=request.user, base_url=absolute_url(request, "/").rstrip("/"))
        elif form.action == SEND_BACK:
            review.send_back(obj, by=request.user, note=form.cleaned_data["review_note"])
        note = form.cleaned_data.get("editorial_note", "").strip()
        if note:
            EditorialNote.objects.create(article=obj, author=request.user, text=note)

    def review_status(self, article):
        """ "Needs review" or "Sent back" for the list's status column, or ""."""
        last = getattr(article, "last_review", None)
        if last == ReviewRequest.Outcome.PENDING:
            return "Needs review"
        if last == ReviewRequest.Outcome.SENT_BACK and article.status == Article.Status.DRAFT:
            return "Sent back"
        return ""

    @admin.display(description="history")
    def review_history(self, article):
        rounds = review.history(article)
        if not rounds:
            return "Not submitted for review yet."
        return format_html(
            '<ul class="review-history">{}</ul>',
            format_html_join("", "<li>{}</li>", ((round_text(r),) for r in rounds)),
        )

    @admin.display(description="notes")
    def editorial_notes_thread(self, article):
        notes = list(article.editorial_notes.select_related("author")) if article.pk else []
        if not notes:
            return "No notes yet."
        return format_html(
            '<ol class="editorial-notes">{}</ol>',
            format_html_join(
                "",
                '<li><p class="editorial-notes__meta">{}, {}</p>'
                '<p class="editorial-notes__text">{}</p></li>',
                (
                    (review.person(note.author), site_time(note.created_at, LIST_TIME), note.text)
                    for note in notes
                ),
            ),
        )


def round_text(request):
    """One round of review for the story's form, newest first."""
    submitted = format_html(
        "Submitted by {} on {}",
        review.person(request.submitted_by),
        site_time(request.submitted_at, LIST_TIME),
    )
    if request.outcome == ReviewRequest.Outcome.PENDING:
        return format_html("<strong>Needs review.</strong> {}.", submitted)
    decided = format_html(
        "{} by {} on {}",
        request.get_outcome_display(),
        review.person(request.decided_by),
        site_time(request.decided_at, LIST_TIME),
    )
    if request.outcome == ReviewRequest.Outcome.SENT_BACK:
        return format_html(
            '<strong>{}:</strong> <span class="review-note">{}</span> ({}.)',
            decided,
            request.note,
            submitted,
        )
    return format_html("{}. {}.", decided, submitted)
