"""Admin forms for the newsdesk."""

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy

from . import publishing
from .models import Article, Block, Photo, Redirect
from .photos.uploads import SUPPORTED_TEXT, prepare
from .richtext import to_text

# The article form's buttons. The name of the one pressed is in the POST and says what saving
# does to the article; articles.publishing carries it out (ArticleAdmin.save_model).
SAVE_DRAFT = "_draft"  # saved as a draft, and the editor stays on the page
PUBLISH = "_publish"  # readers see it now
SCHEDULE = "_schedule"  # readers see it from the time in the picker
UNPUBLISH = "_unpublish"  # off the site, back to a draft
KEEP = "_save"  # "Update": saved, as it stands (live stays live, scheduled stays scheduled)
KEEP_EDITING = "_continue"  # the same, staying on the page
SUBMIT_REVIEW = "_submit_review"  # saved as a draft and put in the "Needs review" queue
SEND_BACK = "_send_back"  # an editor sends it back to its reporter with a note
# A live story's changes kept beside it until "Publish changes" (articles.revisions_admin).
SAVE_FOR_LATER = "_later"
STAYS_ON_PAGE = {SAVE_DRAFT, KEEP_EDITING, SUBMIT_REVIEW, SEND_BACK, SAVE_FOR_LATER}
# What only an editor may press (``articles.roles.may_publish``); the services refuse it too.
EDITORS_ONLY = {PUBLISH, SCHEDULE, UNPUBLISH, SEND_BACK}


def publishing_action(data):
    """The button the editor pressed; a save without one of ours keeps the article as it is."""
    for name in (
        *(PUBLISH, SCHEDULE, UNPUBLISH, SUBMIT_REVIEW, SEND_BACK),
        *(SAVE_DRAFT, SAVE_FOR_LATER, KEEP_EDITING),
    ):
        if name in data:
            return name
    return KEEP


def goes_to_readers(action, article):
    """Whether saving ``article`` with ``action`` leaves it published or scheduled, or puts it
    before an editor who may publish it as it stands: then it must have what publishing requires
    (``publishing.missing_for_publishing``)."""
    if action in (PUBLISH, SCHEDULE, SUBMIT_REVIEW):
        return True
    live = (KEEP, KEEP_EDITING, SAVE_FOR_LATER)
    return action in live and article.status == Article.Status.PUBLISHED


def site_time(value, format="j F Y, H:i T"):
    """``value`` in the site's time zone, e.g. "2 December 2026, 06:00 GMT"."""
    return date_format(timezone.localtime(value), format)


def site_zone():
    """The site's time zone's abbreviation now, e.g. "GMT" (or "BST" in summer)."""
    return timezone.localtime().tzname()


def updated_rule():
    minutes = settings.NEWSROOM_UPDATED_AFTER_MINUTES
    return (
        f'Readers see "Updated" with this time when the article is saved more than {minutes} '
        f"minute{'' if minutes == 1 else 's'} after it was published "
        "(setting NEWSROOM_UPDATED_AFTER_MINUTES)."
    )


PICKER_FORMAT = "%Y-%m-%dT%H:%M"


def show_chosen_photo(form, name):
    """Hands the photo chooser of field ``name`` the photo ``form.instance`` already holds,
    when it was read with the instance (the admin's ``select_related``), so a body of many photo
    pieces is drawn without reading each photo again."""
    field = form.fields.get(name)
    photo = form.instance._state.fields_cache.get(name)
    if field is not None and photo is not None and hasattr(field.widget, "chosen"):
        field.widget.chosen = photo


class ArticleAdminForm(forms.ModelForm):
    """The article with its publishing buttons (``publishing_action``). Publishing and
    scheduling ask ``publishing.missing_for_publishing`` and say by each field what is missing; a
    draft may be saved without a standfirst or byline."""

    schedule_at = forms.DateTimeField(
        required=False,
        input_formats=[PICKER_FORMAT, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=PICKER_FORMAT),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "section",
            "topics",
            "lead_photo",
            "comments_open",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"first_published_at": "first published"}
        help_texts = {
            "standfirst": (
                "The summary under the headline: one or two sentences. A draft may wait for it; "
                "publishing needs it."
            ),
            # Read by the admin for the read-only field; lazy, so it says the setting in force.
            "updated_at": lazy(updated_rule, str)(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_chosen_photo(self, "lead_photo")
        self.action = publishing_action(self.data) if self.is_bound else None
        picker = self.fields["schedule_at"]
        picker.label = f"Publish at ({timezone.get_current_timezone_name()}, {site_zone()})"
        picker.widget.attrs["min"] = timezone.localtime().strftime(PICKER_FORMAT)
        if self.instance.pk and self.instance.is_scheduled:
            picker.initial = timezone.localtime(self.instance.publish_at)
        if "standfirst" in self.fields:  # not when the story opens read-only
            self.fields["standfirst"].required = False  # a draft may wait for its standfirst
        # Publishing says what is missing in its own words (_post_clean), not "required".
        self.publishing = self.is_bound and goes_to_readers(self.action, self.instance)

    def full_clean(self):
        relaxed = [
            field
            for name, field in self.fields.items()
            if self.publishing and name in ("headline", "section") and field.required
        ]
        for field in relaxed:
            field.required = False
        try:
            super().full_clean()
        finally:
            for field in relaxed:
                field.required = True  # still shown as required

    def clean(self):
        cleaned = super().clean()
        if self.action == SCHEDULE and "schedule_at" not in self.errors:
            at = cleaned.get("schedule_at")
            if at is None:
                self.add_error("schedule_at", "Choose the date and time to publish it.")
            elif at <= timezone.now():
                self.add_error(
                    "schedule_at",
                    f"Choose a time in the future: {site_time(at)} has already passed.",
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the form's values
        if self.publishing:
            missing = publishing.missing_for_publishing(self.instance, byline=False)
            for field, message in missing.items():
                if field not in self.errors:
                    self.add_error(field, message)


class BylineFormSet(forms.BaseInlineFormSet):
    """The byline: publishing or scheduling needs at least one reporter in it."""

    def clean(self):
        super().clean()
        if not goes_to_readers(publishing_action(self.data), self.instance):
            return
        reporters = sum(
            1
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("reporter")
            and not (self.can_delete and self._should_delete_form(form))
        )
        missing = publishing.missing_for_publishing(self.instance, reporters=reporters)
        if "byline" in missing:
            raise forms.ValidationError(missing["byline"], code="byline_required")


LAST = 32000

ACCEPT = "image/jpeg,image/png,image/webp,image/avif,.jpg,.jpeg,.png,.webp,.avif"


class PhotoAdminForm(forms.ModelForm):
    """The photo itself goes through articles.photos: checked, cleaned, stored with its
    renditions by ``photos.storage.save_photo`` (the admin's ``save_model``)."""

    # Set by the admin when storing this very submission failed (``PhotoNotStored``): the form
    # is shown again with that message on the file, keeping the rest of what was typed.
    not_stored = None

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
        if self.not_stored is not None:
            raise self.not_stored
        upload = self.cleaned_data.get("image")
        if not isinstance(upload, UploadedFile):
            # With no new file the field gives back the stored original: that is no upload, and
            # decoding it would store it again, re-encoded under a new name.
            upload = None
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
        show_chosen_photo(self, "photo")
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


class RedirectForm(forms.ModelForm):
    """An old address and where it goes: a path on this site, or a full http(s) address."""

    class Meta:
        model = Redirect
        fields = ["old_path", "new_path", "note"]

    def clean_old_path(self):
        old = self.cleaned_data["old_path"].strip()
        if not old.startswith("/"):
            raise forms.ValidationError("Start the old address with “/”: /2024/03/04/storm/.")
        return old

    def clean_new_path(self):
        new = self.cleaned_data["new_path"].strip()
        if not (new.startswith("/") and not new.startswith("//")) and not re.match(
            r"^https?://[^/\s]+", new
        ):
            raise forms.ValidationError(
                "Give a path on this site (/news/storm/) or a full address (https://…)."
            )
        return new

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old_path") and cleaned.get("old_path") == cleaned.get("new_path"):
            raise forms.ValidationError("An address cannot go to itself.")
        return cleaned


class ShownOnlyFormSet(BaseInlineFormSet):
    """An inline the story's change page only shows (its notes, its live updates): never bound
    to the story's POST, so saving the story neither needs nor takes anything from it (a form
    posted without it saves as before). Each row is changed on a screen of its own."""

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(None, None, **kwargs)

    def is_valid(self):
        return True

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []
