"""Admin forms for the newsdesk."""

from django import forms
from django.utils import timezone

from .models import Article, Block


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


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = ["position", "kind", "text", "photo", "caption", "attribution"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6, "cols": 80}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Leave empty to add this piece at the end."
        if not self.instance.pk:
            self.initial.pop("position", None)
            self.fields["position"].initial = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("position") is None:
            cleaned["position"] = LAST  # renumbered after the others when the article is saved
        kind = cleaned.get("kind")
        text = (cleaned.get("text") or "").strip()
        if kind == Block.Kind.PHOTO and not cleaned.get("photo"):
            self.add_error("photo", "Choose the photo to show here.")
        if kind in {Block.Kind.TEXT, Block.Kind.HEADING, Block.Kind.QUOTE} and not text:
            label = Block.Kind(kind).label.lower()
            self.add_error("text", f"Write the words of this {label}.")
        return cleaned


def published_now(form):
    """Whether the admin form turns a draft into a published article without a chosen time."""
    return (
        form.cleaned_data.get("status") == Article.Status.PUBLISHED
        and (not form.instance.pk or "status" in form.changed_data)
        and "publish_at" not in form.changed_data
        and form.cleaned_data.get("publish_at", timezone.now()) <= timezone.now()
    )
