"""The admin's pieces editor, shared by a story's body (``articles.admin.BlockInline``) and a live
update's (``articles.live_admin.UpdatePiecesInline``), and the photo chooser it uses."""

from django.contrib import admin
from django.forms.widgets import Script

from .widgets import PhotoChooser


class PhotoChooserMixin:
    """Chooses ``photo_chooser_fields`` (ForeignKeys to Photo) with the photo chooser: its
    thumbnail, caption and credit, searched or uploaded in a dialog. Its own upload replaces
    the related-object links Django adds around a ForeignKey."""

    photo_chooser_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.photo_chooser_fields:
            return db_field.formfield(widget=PhotoChooser(), **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        # Each chooser shows its photo without a query of its own (``show_chosen_photo``).
        return super().get_queryset(request).select_related(*self.photo_chooser_fields)


class BodyInline(PhotoChooserMixin, admin.StackedInline):
    """A body: pieces added with a button for each kind, moved with buttons or by dragging,
    paragraphs written in a rich-text editor (django-prose-editor's Tiptap build), photos
    chosen or uploaded with the photo chooser. Subclasses name the model and its form."""

    template = "admin/articles/block/body_inline.html"
    extra = 0
    photo_chooser_fields = ["photo"]

    class Media:
        # Our own module loads prose-editor's editor.js by a relative URL: its widget media's
        # inline import map and Tiptap's injected <style> are refused by the site's CSP.
        js = [
            "articles/admin/body-pieces.js",
            Script("articles/admin/body-text.js", type="module"),
        ]
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "articles/admin/body.css",
            ]
        }
