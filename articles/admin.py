"""The newsdesk in the Django admin: articles, photos, reporters, sections and topics (static
pages: ``articles.pages_admin``)."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import now

from . import forms as article_forms
from . import (
    frontpage_admin,
    pages_admin,  # noqa: F401  (registers the static pages)
    publishing,
    revisions,
)
from .body_admin import BodyInline, PhotoChooserMixin
from .corrections_admin import CorrectionInline
from .forms import (
    LAST,
    BlockForm,
    BylineFormSet,
    PhotoAdminForm,
    publishing_action,
    site_time,
)
from .live_admin import LiveUpdateInline
from .models import (
    Article,
    Block,
    Byline,
    Photo,
    Redirect,
    Reporter,
    Section,
    Topic,
    WordPressObject,
)
from .photos.storage import PhotoNotStored, atomic_files, delete_photo, save_photo
from .review_admin import ReviewArticleForm, ReviewFilter, RolesAdminMixin
from .revisions_admin import RevisionsAdminMixin
from .widgets import describe, photo_preview_source


class TopicsAutocomplete(AutocompleteSelectMultiple):
    """The topics box without select2's "Remove all items" cross: each chosen topic has its own,
    and that one sits in the box's list as a bare element, which screen readers cannot make
    sense of (axe: "ul must only directly contain li")."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


# How many photos the chooser's search shows at once (newest first).
CHOOSER_RESULTS = 24


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "article_count"]
    list_editable = ["order"]
    # Stated here because the article count's GROUP BY drops the model's default ordering.
    ordering = ["order", "name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, section):
        return section.article_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    # Stated here because the article count's GROUP BY drops the model's default ordering.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, topic):
        return topic.article_count


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "is_active", "user"]
    list_filter = ["is_active"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["portrait", "user"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "byline":
            # New bylines offer only reporters still on the staff.
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ["thumbnail", "caption_short", "credit", "dimensions", "uses", "uploaded_at"]
    list_display_links = ["thumbnail", "caption_short"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption", "credit"]}),
        (
            "Focal point",
            {
                "fields": ["focal_x", "focal_y"],
                "description": (
                    "The part of the photo that crops for teasers (16:9) and portraits (1:1) "
                    "keep. Click the photo above to set it, or type two numbers from 0 to 1; "
                    "leave both empty for the centre."
                ),
            },
        ),
        ("About the file", {"fields": ["dimensions", "used_in", "uploaded_by", "uploaded_at"]}),
    ]
    readonly_fields = ["preview", "dimensions", "used_in", "uploaded_by", "uploaded_at"]

    class Media:
        # Click the preview to set the focal point (the number fields work without it).
        js = ["articles/admin/focal-point.js"]
        css = {"all": ["articles/admin/photo.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.pk:
            return fieldsets
        # Before there is a photo there is nothing to click: only the numbers, or later.
        adding = []
        for name, options in fieldsets:
            if name == "Focal point":
                options = {**options, "description": FOCAL_POINT_BEFORE_UPLOAD}
            adding.append((name, options))
        return adding

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "choose/",
                self.admin_site.admin_view(self.choose_view),
                name=f"{info}_choose",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name=f"{info}_upload",
            ),
            *super().get_urls(),
        ]

    def choose_view(self, request):
        """The photo chooser's search: photos whose caption, credit or alt text match ``q``,
        newest first, as JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photos = Photo.objects.order_by("-uploaded_at", "-pk")
        term = request.GET.get("q", "").strip()
        if term:
            photos, _ = self.get_search_results(request, photos, term)
        found = list(photos[: CHOOSER_RESULTS + 1])
        return JsonResponse(
            {
                "results": [describe(photo) for photo in found[:CHOOSER_RESULTS]],
                "more": len(found) > CHOOSER_RESULTS,
            }
        )

    def upload_view(self, request):
        """The photo chooser's upload: the same form and pipeline as the add page; the new
        photo as JSON, or each field's errors."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PhotoAdminForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {
                field: [error["message"] for error in field_errors]
                for field, field_errors in form.errors.get_json_data().items()
            }
            return JsonResponse({"errors": errors}, status=400)
        try:
            with atomic_files():
                photo = form.save(commit=False)
                photo.uploaded_by = request.user
                save_photo(photo, form.prepared)
                self.log_addition(request, photo, [{"added": {}}])
        except PhotoNotStored as exc:
            # Insufficient Storage for a full disk or quota; Service Unavailable otherwise.
            status = 507 if exc.code in {"disk_full", "quota_full"} else 503
            return JsonResponse({"errors": {"image": exc.messages}}, status=status)
        return JsonResponse({"photo": describe(photo)}, status=201)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                use_count=Count("lead_of", distinct=True)
                + Count("blocks__article", distinct=True)
                + Count("portrait_of", distinct=True)
            )
        )

    @admin.display(description="photo")
    def thumbnail(self, photo):
        src, width, height = photo_preview_source(photo, 320)
        if not src:
            return "-"
        return format_html(
            '<img src="{}" alt="" width="96" height="{}" class="newsroom-thumb">',
            src,
            round(96 * height / width),
        )

    @admin.display(description="current photo")
    def preview(self, photo):
        src, width, height = photo_preview_source(photo, 640)
        if not photo.pk or not src:
            return "-"
        preview = format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="{}" width="{}" height="{}" class="newsroom-preview">'
            '<span class="focal-picker__mark" data-focal-mark hidden></span></div>',
            src,
            photo.alt_text,
            width,
            height,
        )
        if photo.rendition_plan is None:
            # A large photo's sizes are made by a background job (articles.photos.storage).
            preview += format_html(
                '<p class="help">{}</p>',
                "The sizes readers are sent are still being made: pages show the original "
                "photo until then (a few seconds to a minute).",
            )
        return preview

    @admin.display(description="caption", ordering="caption")
    def caption_short(self, photo):
        return photo.caption[:90] or photo.alt_text[:90]

    @admin.display(description="size")
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "-"

    @admin.display(description="uses", ordering="use_count")
    def uses(self, photo):
        return photo.use_count

    @admin.display(description="used in")
    def used_in(self, photo):
        if not photo.pk:
            return "-"
        uses = [
            ("Lead photo of", "admin:articles_article_change", a)
            for a in Article.objects.filter(lead_photo=photo).only("pk", "headline")
        ]
        uses += [
            ("In the body of", "admin:articles_article_change", a)
            for a in Article.objects.filter(blocks__photo=photo).distinct().only("pk", "headline")
        ]
        uses += [
            ("Portrait of", "admin:articles_reporter_change", r)
            for r in Reporter.objects.filter(portrait=photo).only("pk", "name")
        ]
        if not uses:
            return "Not used yet: it can be deleted."
        return format_html(
            '<ul class="photo-uses">{}</ul>',
            format_html_join(
                "",
                '<li>{} <a href="{}">{}</a></li>',
                ((label, reverse(url, args=[obj.pk]), str(obj)) for label, url, obj in uses),
            ),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        not_stored = getattr(request, "photo_not_stored", None)
        if not_stored is None:
            return form
        return type(form.__name__, (form,), {"not_stored": not_stored})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The photo's files are deleted again if anything after its save fails too.
        try:
            with atomic_files():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except PhotoNotStored as exc:
            # Nothing was saved. The same form again, with what the editor typed and why the
            # photo could not be stored (the form shows it instead of decoding the file again).
            request.photo_not_stored = exc
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        save_photo(obj, form.prepared)

    def delete_model(self, request, obj):
        delete_photo(obj)

    def delete_queryset(self, request, queryset):
        for photo in queryset:
            delete_photo(photo)


FOCAL_POINT_BEFORE_UPLOAD = (
    "The part of the photo that crops for teasers (16:9) and portraits (1:1) keep. Type two "
    "numbers from 0 to 1, or leave both empty for the centre; once the photo is saved you can "
    "also click it to set the point."
)


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet  # publishing needs a reporter in it
    extra = 1
    min_num = 0
    autocomplete_fields = ["reporter"]
    fields = ["reporter", "position"]
    verbose_name = "byline"
    verbose_name_plural = "byline (in order)"

    def get_extra(self, request, obj=None, **kwargs):
        # One empty row for a new byline; none once the article has one ("Add another" adds).
        return 0 if obj is not None and obj.pk and obj.bylines.exists() else 1


class BlockInline(BodyInline):
    """The story's body."""

    model = Block
    form = BlockForm
    verbose_name = "body piece"
    verbose_name_plural = "body"


class PublishedFilter(admin.SimpleListFilter):
    """Draft, scheduled, published or unpublished (``publishing.state``)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return publishing.State.choices

    def queryset(self, request, queryset):
        if self.value() in publishing.State.values:
            return queryset.in_state(self.value())
        return queryset


LIST_TIME = "j M Y, H:i T"


def state_text(article, format=LIST_TIME):
    """ "Draft", "Scheduled for 2 Dec 2026, 06:00 GMT", "Published 1 Dec 2026, 09:30 GMT"…"""
    state = publishing.state(article)
    if state == publishing.State.SCHEDULED:
        return f"Scheduled for {site_time(article.publish_at, format)}"
    if state == publishing.State.PUBLISHED:
        return f"Published {site_time(article.publish_at, format)}"
    return state.label


def outcome_text(action, article):
    """What saving with ``action`` did, for the message after the save."""
    if action == article_forms.SUBMIT_REVIEW:
        return "Submitted for review: the editors have been emailed. Readers cannot see it."
    if action == article_forms.SEND_BACK:
        return "Sent back to the reporter with your note. Readers cannot see it."
    if action == article_forms.SAVE_FOR_LATER:
        return (
            "Changes saved for later: readers still see the published version until an editor "
            "presses “Publish changes”."
        )
    state = publishing.state(article)
    if state == publishing.State.SCHEDULED:
        when = site_time(article.publish_at)
        if action == article_forms.SCHEDULE:
            return f"Scheduled for {when}: readers will see it from then."
        return f"Changes saved. Still scheduled for {when}: readers cannot see it yet."
    if state == publishing.State.PUBLISHED:
        if action == article_forms.PUBLISH:
            return "Published now: readers can see it."
        return "Changes saved: readers can see them now."
    if action == article_forms.UNPUBLISH:
        return "Unpublished: readers can no longer see it."
    return "Saved as a draft: readers cannot see it."


@admin.register(Article)
class ArticleAdmin(RevisionsAdminMixin, RolesAdminMixin, PhotoChooserMixin, admin.ModelAdmin):
    form = ReviewArticleForm  # ArticleAdminForm with the review's fields (review_admin)
    list_display = ["headline", "section", "byline_names", "publication_status"]
    list_filter = [PublishedFilter, ReviewFilter, "section", "reporters"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "topics"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            kwargs["widget"] = TopicsAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    photo_chooser_fields = ["lead_photo"]
    readonly_fields = ["preview_link", "first_published_at", "updated_at", "front_page"]
    inlines = [BylineInline, BlockInline, CorrectionInline, LiveUpdateInline]
    actions = ["publish_selected", "unpublish_selected", *frontpage_admin.ARTICLE_ACTIONS]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "section", "topics", "lead_photo"]}),
        (
            "Publishing",
            {
                # Publishing itself is the buttons at the foot of the form (submit_line.html).
                "fields": [
                    "comments_open",
                    "preview_link",
                    "front_page",
                    "first_published_at",
                    "updated_at",
                ]
            },
        ),
    ]

    class Media:
        # "Schedule…" opens the date-time picker (visible without JavaScript).
        js = ["articles/admin/publishing.js"]
        css = {
            "all": [
                "articles/admin/publishing.css",
                "articles/admin/review.css",
                "articles/admin/live.css",
            ]
        }

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__reporter")

    @admin.display(description="byline")
    def byline_names(self, article):
        return ", ".join(str(byline.reporter) for byline in article.bylines.all())

    @admin.display(description="status", ordering="publish_at")
    def publication_status(self, article):
        review = self.review_status(article)
        return f"{state_text(article)} · {review}" if review else state_text(article)

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>',
            reverse("articles:article-preview", kwargs={"pk": article.pk}),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        state = publishing.state(obj) if obj is not None and obj.pk else publishing.State.DRAFT
        context["publication"] = {
            "state": state,
            "text": state_text(obj, "j F Y, H:i T") if obj is not None and obj.pk else "Draft",
            "live": state in (publishing.State.PUBLISHED, publishing.State.SCHEDULED),
            "published": state == publishing.State.PUBLISHED,
            "scheduled": state == publishing.State.SCHEDULED,
        }
        context["review"] = self.review_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="front page")
    def front_page(self, article):
        return frontpage_admin.front_page_state(article)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user  # the story is theirs to edit while it is a draft
        action, by = form.action, request.user
        if action == article_forms.SAVE_FOR_LATER:
            return  # the live story stays as it is (RevisionsAdminMixin.save_related)
        if action == article_forms.PUBLISH:
            publishing.publish(obj, at=now(), by=by)
        elif action == article_forms.SCHEDULE:
            publishing.schedule(obj, form.cleaned_data["schedule_at"], by=by)
        elif action == article_forms.UNPUBLISH or (
            action == article_forms.SAVE_DRAFT and obj.status != Article.Status.DRAFT
        ):
            publishing.unpublish(obj, by=by)
        else:
            obj.save()  # a draft saved, or "Update": its publication stays as it is
        self.save_review(request, obj, form)

    def response_add(self, request, obj, post_url_continue=None):
        return self.publishing_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.publishing_response(request, obj) or super().response_change(request, obj)

    def publishing_response(self, request, obj):
        """The message saying what the button did and when, and where the editor goes next:
        the same page after "Save draft" or "Save and continue editing", the list otherwise."""
        if IS_POPUP_VAR in request.POST or {"_addanother", "_saveasnew"} & set(request.POST):
            return None
        action = publishing_action(request.POST)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        self.message_user(
            request,
            format_html('“<a href="{}">{}</a>” — {}', change_url, obj, outcome_text(action, obj)),
            messages.SUCCESS,
        )
        if action in article_forms.STAYS_ON_PAGE:
            url = change_url
        else:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return HttpResponseRedirect(add_preserved_filters(preserved, url))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model in (Block, Byline):
            # Number the rows 1, 2, 3… in the order the editor gave; a row left without a
            # position goes after the others, in the order it appears on the page.
            rows = [
                (f.cleaned_data.get("position") or LAST, index, f.instance)
                for index, f in enumerate(formset.forms)
                if f.instance.pk and f not in formset.deleted_forms
            ]
            for position, (_, _, row) in enumerate(sorted(rows, key=lambda r: r[:2]), 1):
                if row.position != position:
                    formset.model.objects.filter(pk=row.pk).update(position=position)

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        with revisions.recording(request.user, "Published from the article list"):
            count, refused = publishing.publish_many(queryset, by=request.user)
        if count or not refused:
            self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "Not published, missing what publishing requires: "
                + "; ".join(f"“{article}” ({', '.join(missing)})" for article, missing in refused)
                + ".",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = publishing.unpublish_many(queryset, by=request.user)
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses answering 301 (``articles.redirects``): the WordPress importer's, and any
    an editor adds when a story's address has to change."""

    form = article_forms.RedirectForm
    list_display = ["old_path", "new_path", "note", "created_at"]
    search_fields = ["old_path", "new_path", "note"]
    list_per_page = 100


@admin.register(WordPressObject)
class WordPressObjectAdmin(admin.ModelAdmin):
    """What each WordPress object became (``manage.py import_wordpress``): for looking up,
    never for editing."""

    list_display = ["kind", "wp_id", "object_id", "site", "imported_at"]
    list_filter = ["kind", "site"]
    search_fields = ["=wp_id", "=object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
