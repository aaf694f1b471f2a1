"""Live coverage in the admin: the story's "Live coverage" box on its change page (start, post an
update, end, and the list of updates with Edit and Withdraw), the short update form (its body
the same pieces editor as the story's, the cursor in its first paragraph), and the start, end
and withdraw screens. Every write goes through ``articles.live``; who may do what is
``live.may_post_to`` and ``roles.may_publish``. Registered from ``articles.admin``."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import live
from .body_admin import BodyInline
from .forms import LAST, BlockForm, ShownOnlyFormSet
from .models import Article, LiveUpdate, Reporter, UpdateBlock
from .roles import may_publish


def post_url(article):
    """The update form for the live ``article``."""
    return reverse("admin:articles_liveupdate_add") + "?" + urlencode({"article": article.pk})


def number(value):
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


class LiveUpdateForm(forms.ModelForm):
    class Meta:
        model = LiveUpdate
        fields = ["article", "title", "key_event", "reporter"]
        widgets = {"article": forms.HiddenInput}

    # Set by LiveUpdateAdmin.get_form: who is posting.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" not in self.fields:
            return  # a withdrawn update, only viewed
        self.fields["title"].widget.attrs["size"] = 60
        reporters = self.fields["reporter"]
        reporters.queryset = Reporter.objects.filter(is_active=True)
        reporters.empty_label = "No name"
        if self.instance.pk:
            self.fields["article"].disabled = True

    def clean(self):
        data = super().clean()
        article = data.get("article")
        if article is None:
            raise ValidationError("Post updates from the live story’s page.")
        if not live.may_post_to(self.user, article):
            raise ValidationError(live.NOT_YOURS)
        if not self.instance.pk:
            for name, message in live.problems(
                article, data.get("title"), data.get("key_event")
            ).items():
                self.add_error(None if name == "article" else name, message)
        elif data.get("key_event") and not (data.get("title") or "").strip():
            self.add_error("title", live.TITLE_NEEDED)
        return data


class UpdateBlockForm(BlockForm):
    """A piece of an update's body: the story body's form, on the update's own rows."""

    class Meta(BlockForm.Meta):
        model = UpdateBlock
        labels = {**BlockForm.Meta.labels, "caption": "Caption in this update"}


class UpdatePiecesFormSet(BaseInlineFormSet):
    """An update says something: at least one piece, and the first new one is where the cursor
    starts (``autofocus``; ``body-text.js`` hands it to the rich-text editor)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.extra_forms:
            self.extra_forms[0].fields["text"].widget.attrs["autofocus"] = ""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() and form not in self.deleted_forms and form.is_valid()
        ]
        kept += [
            form
            for form in self.initial_forms
            if form not in kept and form not in self.deleted_forms
        ]
        if not kept:
            raise ValidationError("Write the update: its body has no pieces.")


class UpdatePiecesInline(BodyInline):
    """The update's body: the story's pieces editor."""

    model = UpdateBlock
    form = UpdateBlockForm
    formset = UpdatePiecesFormSet
    fk_name = "update"
    verbose_name = "piece"
    verbose_name_plural = "update"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.pk else 1  # a new update starts with its text


@admin.register(LiveUpdate)
class LiveUpdateAdmin(admin.ModelAdmin):
    """Every update of every live story (a reporter sees those of the stories they are on),
    newest first; reached from the story's "Live coverage" box."""

    form = LiveUpdateForm
    list_display = ["posted", "__str__", "article", "reporter", "key_event", "state"]
    list_display_links = ["posted", "__str__"]
    list_filter = ["key_event", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "reporter"]
    search_fields = ["title", "article__headline"]
    readonly_fields = ["posted_at", "posted_by", "edited_at", "state"]
    inlines = [UpdatePiecesInline]

    class Media:
        css = {"all": ["articles/admin/live.css"]}

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "title", "key_event", "reporter"]
        return ["article", "title", "key_event", "reporter", "posted_at", "state"]

    def get_queryset(self, request):
        updates = super().get_queryset(request).select_related("article", "reporter")
        if may_publish(request.user):
            return updates
        return updates.filter(article__in=Article.objects.owned_by(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "reporter" and isinstance(field.widget, RelatedFieldWidgetWrapper):
            # Choose a name; reporters are added and edited on their own screen.
            field.widget = field.widget.widget
        return field

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Back to the story after each save: another update starts from the story's page.
        context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        reporter = getattr(request.user, "reporter", None)
        if reporter is not None and reporter.is_active:
            initial.setdefault("reporter", reporter.pk)
        return initial

    def story_of(self, request, obj=None):
        if obj is not None and obj.pk:
            return obj.article
        pk = number(request.POST.get("article") or request.GET.get("article"))
        return Article.objects.filter(pk=pk).first() if pk else None

    @admin.display(description="posted", ordering="posted_at")
    def posted(self, update):
        return update.posted_at.strftime("%d %b %Y, %H:%M") if update.posted_at else ""

    @admin.display(description="readers see")
    def state(self, update):
        if update.is_withdrawn:
            return f"Withdrawn: {update.withdrawal_note}"
        if update.edited_at:
            return "The update, marked “Edited”"
        return "The update"

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return not obj.is_withdrawn and live.may_post_to(request.user, obj.article)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn with a note instead, never deleted

    def add_view(self, request, form_url="", extra_context=None):
        article = self.story_of(request)
        if article is None:
            raise Http404("Post updates from the live story’s page.")
        if not live.may_post_to(request.user, article):
            raise PermissionDenied
        if not article.is_live:
            self.message_user(request, live.NOT_RUNNING, messages.WARNING)
            return HttpResponseRedirect(story_admin_url(article))
        extra = {"title": f"Post an update on “{article.headline}”", "story": article}
        return super().add_view(request, form_url, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        update = self.get_object(request, unquote(object_id))
        extra = {}
        if update is not None:
            extra = {"title": f"Edit the update “{update}”", "story": update.article}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def save_model(self, request, obj, form, change):
        if change:
            live.edit_update(obj, by=request.user)
        else:
            live.post_update(
                obj.article,
                by=request.user,
                title=obj.title,
                key_event=obj.key_event,
                reporter=obj.reporter,
                update=obj,
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        rows = [
            (f.cleaned_data.get("position") or LAST, index, f.instance)
            for index, f in enumerate(formset.forms)
            if f.instance.pk and f not in formset.deleted_forms
        ]
        for position, (_, _, row) in enumerate(sorted(rows, key=lambda r: r[:2]), 1):
            if row.position != position:
                UpdateBlock.objects.filter(pk=row.pk).update(position=position)

    def response_add(self, request, obj, post_url_continue=None):
        return self.back_to_story(request, obj, "Posted: readers see it on the story now")

    def response_change(self, request, obj):
        return self.back_to_story(request, obj, "Saved: readers see the update as edited now")

    def back_to_story(self, request, update, said):
        self.message_user(
            request,
            format_html(
                '{}. <a href="{}">See it as readers do</a>', said, update.get_absolute_url()
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(story_admin_url(update.article))

    # The start, end and withdraw screens.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/<int:article_id>/", view(self.start_view), name="articles_live_start"),
            path("end/<int:article_id>/", view(self.end_view), name="articles_live_end"),
            path(
                "<int:update_id>/withdraw/",
                view(self.withdraw_view),
                name="articles_liveupdate_withdraw",
            ),
            *super().get_urls(),
        ]

    def screen(self, request, article, title, template, **context):
        return TemplateResponse(
            request,
            f"admin/articles/liveupdate/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "subtitle": None,
                "opts": self.opts,
                "article": article,
                "article_url": story_admin_url(article),
                **context,
            },
        )

    def start_view(self, request, article_id):
        article = get_object_or_404(Article, pk=article_id)
        if not may_publish(request.user):
            raise PermissionDenied
        if request.method == "POST":
            try:
                live.start_coverage(article, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                self.message_user(
                    request,
                    "Live coverage started: post the first update. Readers see the “Live” badge "
                    "on the story and its teasers.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(story_admin_url(article))
        return self.screen(
            request, article, f"Start live coverage of “{article.headline}”", "start.html"
        )

    def end_view(self, request, article_id):
        article = get_object_or_404(Article, pk=article_id)
        if not may_publish(request.user):
            raise PermissionDenied
        errors = []
        summary = article.live_summary
        if request.method == "POST":
            summary = request.POST.get("summary", "")
            try:
                live.end_coverage(article, summary, by=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    "Live coverage ended: readers see your summary and the updates in the "
                    "order they were posted.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(story_admin_url(article))
        return self.screen(
            request,
            article,
            f"End live coverage of “{article.headline}”",
            "end.html",
            summary=summary,
            errors=errors,
        )

    def withdraw_view(self, request, update_id):
        update = get_object_or_404(LiveUpdate.objects.select_related("article"), pk=update_id)
        if not live.may_post_to(request.user, update.article):
            raise PermissionDenied
        errors, note = [], ""
        if request.method == "POST":
            note = request.POST.get("note", "")
            try:
                live.withdraw_update(update, note, by=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    "Withdrawn: readers see your note in its place.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(story_admin_url(update.article))
        return self.screen(
            request,
            update.article,
            f"Withdraw the update “{update}”",
            "withdraw.html",
            update=update,
            note=note,
            errors=errors,
        )


def story_admin_url(article):
    return reverse("admin:articles_article_change", args=[article.pk]) + "#live-coverage"


class LiveUpdateInline(admin.TabularInline):
    """The "Live coverage" box on the story's change page: start or end the coverage (editors),
    "Post an update", and every update with Edit and Withdraw. Each opens a screen of its own,
    so none of them saves the story."""

    model = LiveUpdate
    formset = ShownOnlyFormSet
    fk_name = "article"
    template = "admin/articles/liveupdate/story_updates.html"
    extra = 0
    fields = ["posted_at", "title", "reporter", "key_event"]
    readonly_fields = fields
    verbose_name = "live update"
    verbose_name_plural = "live coverage"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter").order_by("-id")

    def has_add_permission(self, request, obj=None):
        return False  # through "Post an update", which does not save the story

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
