"""The front page desk in the admin: the "Front page" screen (the pinned places and the Breaking
banner), the Breaking banners' record, and the article list's actions. Every write goes through
``articles.frontpage``. Registered from ``articles.admin``."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from . import frontpage
from .models import BreakingNews, FrontPageSlot


class FrontPageSlotForm(forms.ModelForm):
    class Meta:
        model = FrontPageSlot
        fields = ["position", "article", "pinned_until"]

    def validate_unique(self):
        # A place already taken is not an error: ``frontpage.pin`` moves the story there (and
        # the ones right below it) one place down, and gives up the article's earlier place.
        pass


def story_state(article):
    if article.is_published:
        return "Live"
    if article.is_scheduled:
        return "Scheduled: shows once published"
    return "Draft: shows once published"


@admin.register(FrontPageSlot)
class FrontPageSlotAdmin(admin.ModelAdmin):
    form = FrontPageSlotForm
    list_display = ["position", "article", "story", "pinned_until", "who_and_when"]
    list_display_links = ["position", "article"]
    list_select_related = ["article", "set_by"]
    autocomplete_fields = ["article"]
    actions = ["unpin_selected"]

    @admin.display(description="pinned by", ordering="set_at")
    def who_and_when(self, slot):
        when = date_format(timezone.localtime(slot.set_at), "j M Y, H:i")
        return f"{slot.set_by}, {when}" if slot.set_by else when

    @admin.display(description="on the front page")
    def story(self, slot):
        if slot.has_expired:
            return "Pin ran out: listed among the newest"
        return story_state(slot.article)

    def get_urls(self):
        clear = self.admin_site.admin_view(self.clear_breaking_view)
        return [
            path("clear-breaking/", clear, name="articles_frontpageslot_clear_breaking"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        banner = BreakingNews.objects.current().select_related("article").first()
        return super().changelist_view(
            request,
            {
                "title": "Front page",
                **(extra_context or {}),
                "breaking": banner,
                "breaking_state": story_state(banner.article) if banner else "",
                "may_clear_breaking": self.has_change_permission(request),
            },
        )

    def clear_breaking_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            self.message_user(request, "You may not change the front page.", messages.ERROR)
        elif frontpage.clear_breaking(by=request.user):
            self.message_user(request, "The Breaking banner was cleared.", messages.SUCCESS)
        else:
            self.message_user(request, "No Breaking banner was showing.", messages.WARNING)
        return HttpResponseRedirect(reverse("admin:articles_frontpageslot_changelist"))

    def save_model(self, request, obj, form, change):
        if change and "article" in form.changed_data:
            frontpage.unpin(form.initial_article, by=request.user)
        slot = frontpage.pin(obj.article, obj.position, until=obj.pinned_until, by=request.user)
        obj.pk, obj.set_by, obj.set_at = slot.pk, slot.set_by, slot.set_at

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.initial_article = obj.article if obj is not None else None
        return form

    def delete_model(self, request, obj):
        frontpage.unpin(obj.article, by=request.user)

    def delete_queryset(self, request, queryset):
        for slot in queryset.select_related("article"):
            frontpage.unpin(slot.article, by=request.user)

    @admin.action(description="Unpin selected stories", permissions=["change"])
    def unpin_selected(self, request, queryset):
        count = sum(
            frontpage.unpin(slot.article, by=request.user)
            for slot in queryset.select_related("article")
        )
        message = f"Unpinned {count} story(ies): they are listed among the newest."
        self.message_user(request, message, messages.SUCCESS)


class BreakingNewsForm(forms.ModelForm):
    class Meta:
        model = BreakingNews
        fields = ["article", "label", "expires_at"]


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    """Every banner ever set, newest first; a new one replaces the one showing."""

    form = BreakingNewsForm
    list_display = ["article", "banner_label", "expires_at", "state", "set_by", "set_at"]
    list_select_related = ["article", "set_by"]
    autocomplete_fields = ["article"]
    readonly_fields = ["set_by", "set_at", "cleared_at", "cleared_by"]
    actions = ["clear_selected"]

    @admin.display(description="label")
    def banner_label(self, banner):
        return banner.banner_label

    @admin.display(description="state")
    def state(self, banner):
        if banner.cleared_at:
            return "Cleared"
        if banner.expires_at and not BreakingNews.objects.current().filter(pk=banner.pk).exists():
            return "Ran out"
        return f"Showing ({story_state(banner.article)})"

    def has_change_permission(self, request, obj=None):
        # A banner is set, then cleared: never edited (set a new one instead).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what readers were shown stays

    def save_model(self, request, obj, form, change):
        banner = frontpage.mark_breaking(
            obj.article, obj.label, until=obj.expires_at, by=request.user
        )
        obj.pk, obj.set_by, obj.set_at = banner.pk, banner.set_by, banner.set_at

    @admin.action(description="Clear selected banners", permissions=["change"])
    def clear_selected(self, request, queryset):
        count = sum(
            frontpage.clear_breaking(banner.article, by=request.user)
            for banner in queryset.filter(cleared_at__isnull=True).select_related("article")
        )
        self.message_user(request, f"Cleared {count} banner(s).", messages.SUCCESS)


# The article list's actions (``ArticleAdmin.actions``), for editors only
# (``ArticleAdmin.has_publish_permission``).


def _one_article(modeladmin, request, queryset, doing):
    if queryset.count() != 1:
        modeladmin.message_user(request, f"Select one article to {doing}.", messages.WARNING)
        return None
    return queryset.first()


def _waits_note(article):
    return "" if article.is_published else " Readers see it once it is published."


@admin.action(description="Pin as lead story", permissions=["publish"])
def pin_as_lead(modeladmin, request, queryset):
    article = _one_article(modeladmin, request, queryset, "pin as the lead story")
    if article is not None:
        frontpage.pin(article, frontpage.LEAD, by=request.user)
        modeladmin.message_user(
            request,
            format_html(
                '“{}” leads the front page until it is moved. {}<a href="{}">Front page</a>',
                article,
                _waits_note(article),
                reverse("admin:articles_frontpageslot_changelist"),
            ),
            messages.SUCCESS,
        )


@admin.action(description="Mark as Breaking", permissions=["publish"])
def mark_as_breaking(modeladmin, request, queryset):
    article = _one_article(modeladmin, request, queryset, "mark as Breaking")
    if article is not None:
        frontpage.mark_breaking(article, by=request.user)
        modeladmin.message_user(
            request,
            f"“{article}” is in the Breaking banner on every page until it is cleared."
            + _waits_note(article),
            messages.SUCCESS,
        )


@admin.action(description="Clear Breaking", permissions=["publish"])
def clear_breaking(modeladmin, request, queryset):
    count = sum(frontpage.clear_breaking(article, by=request.user) for article in queryset)
    if count:
        modeladmin.message_user(request, "The Breaking banner was cleared.", messages.SUCCESS)
    else:
        modeladmin.message_user(
            request, "None of the selected articles was in the Breaking banner.", messages.WARNING
        )


ARTICLE_ACTIONS = [pin_as_lead, mark_as_breaking, clear_breaking]


def front_page_state(article):
    """The read-only line on the article's change form."""
    if not article.pk:
        return "Save the article to pin it or mark it Breaking."
    return format_html(
        '{} <a href="{}">Front page</a>',
        frontpage.describe(article),
        reverse("admin:articles_frontpageslot_changelist"),
    )
