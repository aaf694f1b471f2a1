"""Word-level differences between two texts, for comparing revisions side by side.

Pure functions on strings (no model): ``diff_words`` marks what the older text lost with
``<del>`` and what the newer one gained with ``<ins>``; everything else is escaped.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Words, each with the spaces after it (and any spaces before the first), so the marked text
# keeps its spacing while words alone are compared.
TOKENS = re.compile(r"^\s+|\S+\s*")


def diff_words(old, new):
    """``(old_html, new_html)``: both texts escaped, with the words only the old one has in
    ``<del>`` and those only the new one has in ``<ins>``."""
    old_tokens = TOKENS.findall(old or "")
    new_tokens = TOKENS.findall(new or "")
    left, right = [], []
    old_words = [token.strip() for token in old_tokens]
    new_words = [token.strip() for token in new_tokens]
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = "".join(old_tokens[i1:i2])
        added = "".join(new_tokens[j1:j2])
        if tag == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(marked("del", removed))
        if added:
            right.append(marked("ins", added))
    # Every part is escaped or built by format_html.
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308


def marked(tag, text):
    """``text`` in ``<del>`` or ``<ins>``, the spaces after its last word left outside."""
    words = text.rstrip()
    return format_html("<{}>{}</{}>{}", tag, words, tag, text[len(words) :])


def align(old_keys, new_keys):
    """Pairs of indexes ``(i, j)`` matching the old pieces to the new ones in order: ``i`` is
    None for a piece added, ``j`` None for a piece removed; changed pieces are paired."""
    pairs = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        old_range, new_range = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(old_range), len(new_range))):
            pairs.append(
                (
                    old_range[k] if k < len(old_range) else None,
                    new_range[k] if k < len(new_range) else None,
                )
            )
    return pairs
