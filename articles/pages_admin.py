"""Static pages in the admin: the body written in the same rich-text editor as an article's
paragraphs (``static/articles/admin/body-text.js``), "View on site" for a preview, and the
list with what readers see. Registered from ``articles.admin``."""

from django import forms
from django.contrib import admin
from django.forms.widgets import Script
from django.utils.html import format_html

from .pages import Page


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "body", "published", "in_footer", "footer_order"]
        widgets = {
            # articles/static/articles/admin/body-text.js turns it into the rich-text editor.
            "body": forms.Textarea(attrs={"rows": 14, "cols": 80, "data-rich-text": ""}),
        }


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageAdminForm
    list_display = ["title", "address", "published", "in_footer", "footer_order", "updated_at"]
    list_display_links = ["title"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        ("Publishing", {"fields": ["published", "in_footer", "footer_order", "updated_at"]}),
    ]

    class Media:
        # Loaded as articles' body pieces load it (articles.admin.BlockInline): a module of our
        # own, since prose-editor's inline import map and injected styles break the site's CSP.
        js = [Script("articles/admin/body-text.js", type="module")]
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "articles/admin/page.css",
            ]
        }

    @admin.display(description="address", ordering="slug")
    def address(self, page):
        url = page.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)
