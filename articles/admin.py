"""The newsdesk in the Django admin: articles, photos, reporters and sections."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import now

from . import frontpage_admin, publishing
from .forms import LAST, ArticleAdminForm, BlockForm, PhotoAdminForm, published_now
from .models import Article, Block, Byline, Photo, Reporter, Section
from .photos.storage import atomic_files, delete_photo, save_photo


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
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="{}" width="{}" height="{}" class="newsroom-preview">'
            '<span class="focal-picker__mark" data-focal-mark hidden></span></div>',
            src,
            photo.alt_text,
            width,
            height,
        )

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The photo's files are deleted again if anything after its save fails too.
        with atomic_files():
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


def photo_preview_source(photo, width):
    """A JPEG rendition about ``width`` wide for the admin (the original until they exist)."""
    plan = photo.rendition_plan
    if plan is None:
        if not photo.image or not photo.width:
            return "", 0, 0
        return photo.image.url, photo.width, photo.height
    jpegs = [spec for spec in plan.for_crop("full") if spec.format == "jpeg"]
    spec = next((s for s in jpegs if s.width >= width), jpegs[-1])
    return photo.image.storage.url(spec.name), spec.width, spec.height


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    min_num = 0
    autocomplete_fields = ["reporter"]
    fields = ["reporter", "position"]
    verbose_name = "byline"
    verbose_name_plural = "byline (in order)"


class BlockInline(admin.StackedInline):
    model = Block
    form = BlockForm
    extra = 3
    autocomplete_fields = ["photo"]
    verbose_name = "body piece"
    verbose_name_plural = "body (pieces in order of position)"

    class Media:
        # Shows only the fields that the chosen kind of piece uses.
        js = ["articles/admin/block-kind.js"]


class PublishedFilter(admin.SimpleListFilter):
    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "section",
        "byline_names",
        "status",
        "publish_at",
        "is_published",
    ]
    list_filter = [PublishedFilter, "status", "section", "reporters"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "section"]
    readonly_fields = ["preview_link", "first_published_at", "updated_at", "front_page"]
    inlines = [BylineInline, BlockInline]
    actions = ["publish_selected", "unpublish_selected", *frontpage_admin.ARTICLE_ACTIONS]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "section", "lead_photo"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "comments_open",
                    "preview_link",
                    "front_page",
                    "first_published_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__reporter")

    @admin.display(description="byline")
    def byline_names(self, article):
        return ", ".join(str(byline.reporter) for byline in article.bylines.all())

    @admin.display(description="live", boolean=True)
    def is_published(self, article):
        return article.is_published

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>',
            reverse("articles:article-preview", kwargs={"pk": article.pk}),
        )

    @admin.display(description="front page")
    def front_page(self, article):
        return frontpage_admin.front_page_state(article)

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED:
            # Published from the form without a chosen time: it goes live now, not at the time
            # the draft was started. Otherwise at the time in the form (a future one schedules).
            publishing.publish(obj, at=now() if published_now(form) else obj.publish_at)
        else:
            publishing.unpublish(obj)

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

    @admin.action(description="Publish selected articles now", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = publishing.publish_many(queryset)
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = publishing.unpublish_many(queryset)
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)
