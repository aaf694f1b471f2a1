"""Stacked combining marks ("Zalgo" text): accents piled on a letter until they spill over the
lines above and below, over other readers' comments and names.

Writing systems put marks on letters all the time: Vietnamese tones over vowel signs, Arabic
harakat and shadda, Hebrew niqqud with dagesh and the shin dot, Devanagari's virama and nukta,
Yoruba tones over a dot below. None of them needs more than two of the script-free marks from the
Combining Diacritical Marks blocks on one letter, nor more than four marks of any kind; text made
to overflow uses dozens. Marks are counted in the decomposed form (NFD), so a letter counts the
same whether it was typed as one character ("ệ") or as a letter and its marks (e, dot below,
circumflex: two). Variation selectors (an emoji's U+FE0F) are not marks here,
and joiners and skin tones are not marks at all.

Pure functions on strings: no model, no settings.
"""

import unicodedata

# Marks that belong to no script (Unicode's "Inherited" diacritics): what stacked text is made of.
GENERIC_MARK_BLOCKS = [
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x20D0, 0x20FF),  # Combining Diacritical Marks for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
]
VARIATION_SELECTORS = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]

MAX_GENERIC_MARKS_ON_A_LETTER = 2
MAX_MARKS_ON_A_LETTER = 4
# A name of which more than this share of its characters are script-free marks.
MAX_NAME_GENERIC_SHARE = 0.5


def _within(code, blocks):
    return any(low <= code <= high for low, high in blocks)


def _kind(char):
    """What ``char`` is here: a script-free mark ("generic"), another nonspacing or enclosing
    mark ("script"), a variation selector ("skip"), or None for anything else (a letter, digit,
    space, emoji, joiner)."""
    code = ord(char)
    if _within(code, VARIATION_SELECTORS):
        return "skip"
    if unicodedata.category(char) not in {"Mn", "Me"}:
        return None
    return "generic" if _within(code, GENERIC_MARK_BLOCKS) else "script"


def stacks(text):
    """The most script-free marks, and the most marks of any kind, on one character of ``text``."""
    most_generic = most_marks = generic = marks = 0
    for char in unicodedata.normalize("NFD", text):
        kind = _kind(char)
        if kind == "skip":
            continue
        if kind is None:
            generic = marks = 0
            continue
        marks += 1
        generic += kind == "generic"
        most_generic, most_marks = max(most_generic, generic), max(most_marks, marks)
    return most_generic, most_marks


def overloaded(text):
    """Whether ``text`` stacks more marks on one character than any writing system needs."""
    most_generic, most_marks = stacks(text)
    return most_generic > MAX_GENERIC_MARKS_ON_A_LETTER or most_marks > MAX_MARKS_ON_A_LETTER


def mostly_marks(name):
    """Whether more than half of ``name``'s characters (spaces aside) are script-free marks."""
    # Composed (NFC) here: "Ệ" is one letter, not a letter that is two-thirds marks.
    chars = [c for c in unicodedata.normalize("NFC", name) if not c.isspace()]
    generic = sum(_kind(c) == "generic" for c in chars)
    return bool(chars) and generic / len(chars) > MAX_NAME_GENERIC_SHARE
