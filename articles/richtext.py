"""Rich text that editors write and readers read: sanitised on the way into the database.

Editors may paste HTML from anywhere. Whatever they paste, only this allowlist survives, so no
script, event handler, style or ``javascript:`` URL ever reaches a reader. The sanitiser is nh3
(the Rust ammonia library), which parses HTML the way browsers do instead of pattern-matching it.
"""

import html as html_lib
import re

import nh3
from django.db import models
from django.utils.html import escape

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "i", "b", "s", "sub", "sup", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
BLOCK_TAG = re.compile(r"<\s*(p|ul|ol)[\s>]", re.IGNORECASE)
BLANK_LINES = re.compile(r"\n\s*\n")


def clean(html):
    """Return ``html`` reduced to the allowlist. Plain text with blank lines between paragraphs
    becomes ``<p>`` paragraphs; single line breaks become ``<br>``."""
    if not html:
        return ""
    html = html.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not BLOCK_TAG.search(html):
        paragraphs = [part.strip() for part in BLANK_LINES.split(html) if part.strip()]
        html = "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def to_text(html):
    """The words of sanitised HTML without any markup, for summaries and search."""
    return html_lib.unescape(nh3.clean(html or "", tags=set())).strip()


def plain_paragraphs(text):
    """Escaped plain text as HTML paragraphs (for text that must never carry markup)."""
    paragraphs = [part.strip() for part in BLANK_LINES.split(text or "") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in paragraphs)


class RichTextField(models.TextField):
    """A text field whose value is sanitised every time it is written to the database, whatever
    the path: admin forms, fixtures, imports, ``bulk_create`` or ``update``."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean(value) if value is not None else value
