"""The reply form: what readers fill in under an article. It validates; crispy lays it out."""

import functools
from urllib.parse import quote, urlsplit, urlunsplit

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.core.validators import URLValidator

from . import formatting, marks

CONSENT_LABEL = "Save my name, email, and website in this browser for the next time I comment."
REQUIRED_MESSAGE = "Please fill the required fields."
STACKED_MARKS_MESSAGE = (
    "Your {field} has more accent marks piled on one letter than any language needs "
    f"(we take up to {marks.MAX_GENERIC_MARKS_ON_A_LETTER} accents, or "
    f"{marks.MAX_MARKS_ON_A_LETTER} marks in all, on a letter). Please remove the extra marks."
)
MOSTLY_MARKS_MESSAGE = "Your name is mostly accent marks. Please write it with fewer of them."
HOURLY_LIMIT_MESSAGE = (
    "{limit} comments have been sent from your connection in the last hour, the most we take "
    "from one address. Your comment has not been sent: it is kept below, so you can send it "
    "again after {time}."
)
TOO_QUICK_MESSAGE = (
    "That was quick: your comment has not been sent yet. Please check it and send it again."
)


# Characters a URL may carry as they are (RFC 3986's reserved and unreserved ones, and `%` so an
# address already encoded is not encoded twice); anything else is percent-encoded.
URL_SAFE = "/:@!$&'()*+,;=~%?"


class WebsiteField(forms.URLField):
    """A commenter's website, stored the one way it is written: scheme and host lower-cased,
    path, query and fragment percent-encoded (`"`, spaces, `<` and `>` typed into it become
    %22, %20, %3C, %3E), so the link on the page is a valid address."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            parts = urlsplit(value)
        except ValueError:
            return value  # the validators refuse it
        userinfo, at, host = parts.netloc.rpartition("@")
        return urlunsplit(
            (
                parts.scheme.lower(),
                userinfo + at + host.lower(),
                quote(parts.path, safe=URL_SAFE),
                quote(parts.query, safe=URL_SAFE),
                quote(parts.fragment, safe=URL_SAFE + "#"),
            )
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label="Comment")  # made in __init__: its limit is a setting
    name = forms.CharField(
        label="Name",
        max_length=245,
        widget=forms.TextInput(attrs={"autocomplete": "name", "size": 30}),
        error_messages={
            "required": "Please enter your name.",
            "max_length": "Please shorten your name to %(limit_value)d characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Email",
        max_length=100,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "size": 30}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address.",
            "max_length": "Please enter an email address of %(limit_value)d characters or fewer.",
        },
    )
    url = WebsiteField(
        label="Website",
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "size": 30}),
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message="Please enter a web address starting with http:// or https://.",
            )
        ],
        error_messages={
            "invalid": "Please enter a web address starting with http:// or https://.",
            "max_length": "Please enter a web address of %(limit_value)d characters or fewer.",
        },
    )
    cookies_consent = forms.BooleanField(label=CONSENT_LABEL, required=False)
    # The honeypot: hidden from people (by the stylesheet and from assistive technology),
    # filled in by bots that fill in every field.
    subject = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.COMMENTS_MAX_LENGTH
        self.fields["comment"] = forms.CharField(
            label="Comment",
            max_length=limit,
            widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
            error_messages={
                "required": "Please type your comment text.",
                "max_length": f"Please shorten your comment to {limit:,} characters or fewer "
                "(it has %(show_value)d).",
            },
        )
        self.order_fields(["comment", "name", "email", "url", "cookies_consent", "subject"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_show_errors = True
        self.helper.layout = Layout(
            "comment",
            "name",
            "email",
            "url",
            Div("subject", css_class="comment-form__trap", aria_hidden="true"),
            "cookies_consent",
        )

    def clean_name(self):
        name = formatting.single_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        if marks.overloaded(name):
            raise forms.ValidationError(STACKED_MARKS_MESSAGE.format(field="name"))
        if marks.mostly_marks(name):
            raise forms.ValidationError(MOSTLY_MARKS_MESSAGE)
        return name

    def clean_comment(self):
        text = formatting.normalise_newlines(self.cleaned_data["comment"]).strip()
        if not text:
            raise forms.ValidationError(self.fields["comment"].error_messages["required"])
        if marks.overloaded(text):
            raise forms.ValidationError(STACKED_MARKS_MESSAGE.format(field="comment"))
        return text

    def error_summary(self):
        """The errors for the summary at the top of the form: (field id, message) pairs, the
        general "fill the required fields" first when any required field was left empty."""
        items = []
        missing = any(
            error.code == "required"
            for errors in self.errors.as_data().values()
            for error in errors
        )
        if missing:
            items.append(("", REQUIRED_MESSAGE))
        for error in self.non_field_errors():
            items.append(("", error))
        for name in self.fields:
            for error in self.errors.get(name, []):
                items.append((self[name].id_for_label, error))
        return items


def render_form(form):
    return render_crispy_form(form, form.helper)


@functools.lru_cache(maxsize=8)
def _blank_form_html(max_length):
    return render_form(CommentForm())


def blank_form_html():
    """The empty form's fields, rendered once per server process: the same for every article
    and every reader (the token and the reply target are added by the page around it)."""
    return _blank_form_html(settings.COMMENTS_MAX_LENGTH)
