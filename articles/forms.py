"""Admin forms for the newsdesk."""

from django import forms
from django.utils import timezone

from .models import Article, Block, Photo
from .photos.uploads import SUPPORTED_TEXT, prepare
from .richtext import to_text


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "section",
            "lead_photo",
            "status",
            "publish_at",
            "comments_open",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }


LAST = 32000

ACCEPT = "image/jpeg,image/png,image/webp,image/avif,.jpg,.jpeg,.png,.webp,.avif"


class PhotoAdminForm(forms.ModelForm):
    """The photo itself goes through articles.photos: checked, cleaned, stored with its
    renditions by ``photos.storage.save_photo`` (the admin's ``save_model``)."""

    image = forms.FileField(
        label="Photo file",
        required=False,
        # Empty files get the pipeline's own message, not the generic one.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=(
            f"{SUPPORTED_TEXT}, at most 10 MB and 40 megapixels. Location and camera "
            "details are removed; the file name is not kept."
        ),
    )

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = None
        if self.instance.pk:
            self.fields["image"].label = "Replace the photo file"

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError("Choose the photo file to upload.", code="required")
        else:
            self.prepared = prepare(upload, upload.name)
        # Never the upload itself: the model field is set by photos.storage.save_photo.
        return None

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("focal_x") is None) != (cleaned.get("focal_y") is None):
            raise forms.ValidationError(
                "Give both numbers of the focal point (across and down), or neither.",
                code="focal_point_half",
            )
        return cleaned


class BlockForm(forms.ModelForm):
    """One piece of the body. Its kind is set by the button that added it (a hidden field);
    a piece keeps only the fields its kind uses, so what it shows is what it stores."""

    FIELDS_OF_KIND = {
        Block.Kind.TEXT: {"text"},
        Block.Kind.HEADING: {"words"},
        Block.Kind.QUOTE: {"words", "attribution"},
        Block.Kind.PHOTO: {"photo", "caption"},
    }
    EMPTY = {"text": "", "words": "", "attribution": "", "photo": None, "caption": ""}

    class Meta:
        model = Block
        fields = ["position", "kind", "text", "words", "attribution", "photo", "caption"]
        labels = {"text": "Paragraphs", "words": "Words", "caption": "Caption in this article"}
        widgets = {
            "kind": forms.HiddenInput,
            # articles/static/articles/admin/body-text.js turns it into the rich-text editor.
            "text": forms.Textarea(attrs={"rows": 6, "cols": 80, "data-body-text": ""}),
            "words": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Leave empty to add this piece at the end."
        if not self.instance.pk:
            self.initial.pop("position", None)
            self.fields["position"].initial = None

    @property
    def kind_label(self):
        """What the piece is, as its heading says: "Paragraphs", "Photo"…"""
        kind = self["kind"].value()
        return Block.Kind(kind).label if kind in Block.Kind.values else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("position") is None:
            cleaned["position"] = LAST  # renumbered after the others when the article is saved
        kind = cleaned.get("kind")
        if kind not in self.FIELDS_OF_KIND:
            return cleaned
        if kind == Block.Kind.PHOTO and not cleaned.get("photo"):
            self.add_error("photo", "Choose the photo to show here.")
        if kind == Block.Kind.TEXT and not to_text(cleaned.get("text")):
            self.add_error("text", "Write the paragraphs of this piece, or remove it.")
        if kind in (Block.Kind.HEADING, Block.Kind.QUOTE) and not cleaned.get("words"):
            self.add_error("words", f"Write the words of this {Block.Kind(kind).label.lower()}.")
        for name, empty in self.EMPTY.items():
            if name not in self.FIELDS_OF_KIND[kind]:
                cleaned[name] = empty
        return cleaned


def published_now(form):
    """Whether the admin form turns a draft into a published article without a chosen time."""
    return (
        form.cleaned_data.get("status") == Article.Status.PUBLISHED
        and (not form.instance.pk or "status" in form.changed_data)
        and "publish_at" not in form.changed_data
        and form.cleaned_data.get("publish_at", timezone.now()) <= timezone.now()
    )
