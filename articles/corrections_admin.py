"""Corrections in the admin: the record of every note (added, read, never changed or deleted),
its add form, and the list of a story's notes on the article's change page with "Add a
correction" and "Supersede". Every write goes through ``articles.corrections.add_correction``.
Registered from ``articles.admin``."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime

from . import corrections
from .forms import ShownOnlyFormSet
from .models import Correction

TIME = "j M Y, H:i"


def when(value):
    return date_format(localtime(value), TIME)


def note_label(note):
    """ "Correction, 2 Dec 2026, 10:00: The bridge reopens on…" for choosing the note replaced."""
    return f"{note.get_kind_display()}, {when(note.published_at)}: {Truncator(note.text).chars(60)}"


def add_url(article, supersedes=None):
    """The add form for a note on ``article``, replacing ``supersedes`` if given."""
    query = {"article": article.pk}
    if supersedes is not None:
        query |= {"supersedes": supersedes.pk, "kind": supersedes.kind}
    return reverse("admin:articles_correction_add") + "?" + urlencode(query)


def record(note):
    """Whether readers see ``note``, or who replaced it and when."""
    newer = getattr(note, "superseded_by", None)
    if newer is None:
        return "Shown on the story"
    who = f" by {newer.created_by}" if newer.created_by else ""
    return format_html(
        'Replaced by <a href="{}">a later {}</a>, added {}{}; kept on the record',
        reverse("admin:articles_correction_change", args=[newer.pk]),
        newer.get_kind_display().lower(),
        when(newer.published_at),
        who,
    )


def number(value):
    """A row's number from the address or the form (``?article=12``), or None."""
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "text", "supersedes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "supersedes" not in self.fields:
            return  # a note on the record, only viewed
        field = self.fields["supersedes"]
        field.label_from_instance = note_label
        field.empty_label = "None: a new note"
        article = number(self.data.get("article") or self.initial.get("article"))
        # Only this story's notes readers still see may be replaced.
        field.queryset = Correction.objects.shown().filter(article=article)
        if not article:
            field.help_text = "Choose the story first; a story's notes are offered from its page."
            return
        replaced = field.queryset.filter(pk=number(self.initial.get("supersedes"))).first()
        if replaced is not None:
            field.help_text = format_html(
                "Readers see this note instead of the {} of {}, which stays on the record: “{}”",
                replaced.get_kind_display().lower(),
                when(replaced.published_at),
                replaced.text,
            )

    def clean(self):
        data = super().clean()
        found = corrections.problems(data.get("article"), data.get("text"), data.get("supersedes"))
        for name, message in found.items():
            self.add_error(name, message)
        return data


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Every note on the record, newest first, with whether readers see it."""

    form = CorrectionForm
    list_display = ["time_and_who", "kind", "story", "text_start", "state"]
    list_display_links = ["time_and_who", "kind"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by", "superseded_by__created_by"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    readonly_fields = ["published_at", "created_by", "state"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article", "created_by", "supersedes", "superseded_by__created_by")
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "kind", "text", "supersedes"]
        return ["article", "kind", "text", "published_at", "created_by", "supersedes", "state"]

    @admin.display(description="added", ordering="published_at")
    def time_and_who(self, note):
        return (
            f"{when(note.published_at)} by {note.created_by}"
            if note.created_by
            else when(note.published_at)
        )

    @admin.display(description="story", ordering="article__headline")
    def story(self, note):
        return Truncator(note.article.headline).chars(50)

    @admin.display(description="text")
    def text_start(self, note):
        return Truncator(note.text).chars(70)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("article", "supersedes") and isinstance(
            field.widget, RelatedFieldWidgetWrapper
        ):
            # Choose a story or a note; nothing here adds, edits or deletes one.
            wrapper = field.widget
            wrapper.can_add_related = wrapper.can_change_related = False
            wrapper.can_delete_related = wrapper.can_view_related = False
        return field

    @admin.display(description="on the record")
    def state(self, note):
        return record(note)

    def view_on_site(self, note):
        # A replaced note is no longer on the story: nothing there to view.
        return None if getattr(note, "superseded_by", None) else note.get_absolute_url()

    def has_change_permission(self, request, obj=None):
        return False  # on the record: supersede a note with a later one instead

    def has_delete_permission(self, request, obj=None):
        return False  # never deleted, by anyone

    def save_model(self, request, obj, form, change):
        note = corrections.add_correction(
            obj.article, obj.kind, obj.text, by=request.user, supersedes=obj.supersedes
        )
        obj.pk, obj.published_at, obj.created_by = note.pk, note.published_at, note.created_by
        obj.text = note.text

    def response_add(self, request, obj, post_url_continue=None):
        """Back to the story, whose page now shows the note."""
        verb = "replaces the earlier one" if obj.supersedes_id else "is on the story"
        self.message_user(
            request,
            format_html(
                '{} added: it {} now, and the story’s “Updated” time moved. <a href="{}">See it '
                "as readers do</a>",
                obj.get_kind_display(),
                verb,
                obj.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        if request.user.has_perm("articles.view_article"):
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.article_id])
            )
        return HttpResponseRedirect(reverse("admin:articles_correction_changelist"))


class CorrectionInline(admin.TabularInline):
    """The story's notes on its change page, read-only, each with "Supersede", and "Add a
    correction": both open the note's own add form, so adding one never saves the story."""

    model = Correction
    formset = ShownOnlyFormSet
    fk_name = "article"
    template = "admin/articles/correction/story_notes.html"
    extra = 0
    fields = ["published_at", "kind", "text", "created_by"]
    readonly_fields = fields
    verbose_name = "correction"
    verbose_name_plural = "corrections and clarifications"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by", "superseded_by__created_by")
            .order_by("published_at", "pk")
        )

    def has_add_permission(self, request, obj=None):
        return False  # through "Add a correction", which does not save the story

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
