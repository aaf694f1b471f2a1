"""Commenters' words as readers see them: plain text, escaped, in paragraphs, links clickable.

No HTML a commenter types is ever rendered: ``<b>`` shows as the four characters ``<b>``.
The result is computed once, when the comment is submitted, and kept in ``Comment.text_html``,
so showing a thread does no text processing at all.
"""

import re
import unicodedata

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
TRAILING_PUNCTUATION = ".,;:!?'\"*"
LINK_REL = "nofollow ugc noopener"

# Explicit bidirectional embeddings, overrides and isolates: in a name they can make the text
# around it read backwards ("Reply to …" turned around).
BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def find_urls(text):
    """The addresses in ``text`` that become links, without trailing punctuation."""
    return [match for _, match in _split_urls(text) if match is not None]


def _trim(url):
    """Drop punctuation that ends a sentence rather than the address, and an unmatched ')'."""
    while url:
        unmatched = url[-1] == ")" and url.count(")") > url.count("(")
        if url[-1] not in TRAILING_PUNCTUATION and not unmatched:
            break
        url = url[:-1]
    return url


def _split_urls(text):
    """``text`` as (plain, url) pairs; ``url`` is None for the last plain piece."""
    pieces = []
    position = 0
    for match in URL_RE.finditer(text):
        url = _trim(match.group())
        if not url or url.lower() in ("www.", "http://", "https://"):
            continue
        pieces.append((text[position : match.start()], url))
        position = match.start() + len(url)
    pieces.append((text[position:], None))
    return pieces


def _link(url):
    href = url if "://" in url else f"https://{url}"
    return format_html('<a href="{}" rel="{}">{}</a>', href, LINK_REL, url)


def _paragraph(text):
    lines = []
    for line in text.split("\n"):
        lines.append(
            format_html_join(
                "", "{}{}", ((plain, _link(url) if url else "") for plain, url in _split_urls(line))
            )
        )
    return format_html("<p>{}</p>", SafeString("<br>".join(lines)))


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render_text(text):
    """Reader-facing HTML for a comment's ``text``: every character of it escaped."""
    text = normalise_newlines(text).strip()
    paragraphs = [p.strip() for p in PARAGRAPH_BREAK_RE.split(text) if p.strip()]
    return SafeString("".join(_paragraph(p) for p in paragraphs))


def strip_bidi_controls(value):
    return value.translate(BIDI_CONTROLS)


def single_line(value):
    """A name as one clean line: bidi controls and other control characters removed."""
    value = strip_bidi_controls(value)
    return " ".join(
        "".join(ch for ch in value if unicodedata.category(ch) != "Cc" or ch == " ").split()
    )
