"""The admin's photo chooser: a photo's thumbnail, caption and credit where it is used, and a
dialog that searches the photo desk or uploads a new photo (``static/articles/admin/
photo-chooser.js``). Without JavaScript it is a number field holding the photo's number."""

from django import forms
from django.template import loader
from django.urls import reverse

from .forms import ACCEPT
from .models import Photo
from .photos.uploads import SUPPORTED_TEXT

THUMBNAIL_WIDTH = 320


def photo_preview_source(photo, width=THUMBNAIL_WIDTH):
    """A JPEG rendition about ``width`` wide for the admin (the original until they exist):
    ``(url, width, height)``, or ``("", 0, 0)`` for a photo without its file."""
    plan = photo.rendition_plan
    if plan is None:
        if not photo.image or not photo.width:
            return "", 0, 0
        return photo.image.url, photo.width, photo.height
    jpegs = [spec for spec in plan.for_crop("full") if spec.format == "jpeg"]
    spec = next((s for s in jpegs if s.width >= width), jpegs[-1])
    return photo.image.storage.url(spec.name), spec.width, spec.height


def describe(photo):
    """A photo as the chooser shows it (and as its JSON views answer)."""
    src, width, height = photo_preview_source(photo)
    return {
        "id": photo.pk,
        "caption": photo.caption,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
        "label": photo.caption or photo.alt_text,
        "thumbnail": src,
        "width": width,
        "height": height,
    }


class PhotoChooser(forms.NumberInput):
    """A ForeignKey to Photo: the chosen photo's number, shown as its thumbnail, caption and
    credit, with "Choose photo…" and "Remove" when JavaScript runs."""

    # In the project's templates (the form renderer reads only apps' and Django's own): the
    # number field itself is drawn by the renderer as any NumberInput is.
    template_name = "admin/articles/widgets/photo_chooser.html"
    input_template_name = forms.NumberInput.template_name

    class Media:
        js = ["articles/admin/photo-chooser.js"]
        css = {"all": ["articles/admin/photo-chooser.css"]}

    # The photo the form's instance already holds (``articles.forms.show_chosen_photo``): a
    # body of many photo pieces is then drawn without reading each photo again.
    chosen = None

    def __init__(self, attrs=None):
        super().__init__({"min": "1", "step": "1", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if self.chosen is not None and str(self.chosen.pk) == str(value):
            photo = self.chosen
        elif value not in (None, ""):
            try:
                photo = Photo.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                photo = None
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["chooser"] = {
            "id": widget_id,
            "photo": describe(photo) if photo else None,
            "search_url": reverse("admin:articles_photo_choose"),
            "upload_url": reverse("admin:articles_photo_upload"),
            "list_url": reverse("admin:articles_photo_changelist"),
            "accept": ACCEPT,
            "supported": SUPPORTED_TEXT,
        }
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        context["number_input"] = self._render(self.input_template_name, context, renderer)
        return loader.render_to_string(self.template_name, context)
