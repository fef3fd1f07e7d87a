"""Names people can trust: pure rules for every name and title a person types (organisations,
alliances, documents, glossary terms, saved advice).

A name is NFKC-normalised (a no-break space becomes a space, a full-width A (U+FF21) an ASCII
A), its runs of white space become one space, and it may not contain characters that are
invisible or reorder what is shown: control characters (Cc), format characters (Cf: zero-width
spaces and joiners, bidi embeddings, overrides and isolates), line and paragraph separators,
private-use, unassigned and surrogate code points.

Two names are *confusable* when their Unicode TR39 skeletons are equal ("Tax Authority" and
the same with a Cyrillic capital A, U+0410). The skeleton comes from ``disarm``, which ships the
Unicode confusables data (UTS #39) and folds case, so "TAX AUTHORITY" is confusable too.
"""

import unicodedata

from disarm import skeleton_key

# Categories that have no business in a name: invisible, reordering or not characters at all.
REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character (zero-width or text direction)",
    "Co": "a private-use character",
    "Cs": "a surrogate code point",
    "Cn": "an unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


class NameRefused(ValueError):
    """The name contains a character that cannot be shown as what it is."""

    def __init__(self, character: str, category: str) -> None:
        self.character = character
        self.category = category
        self.codepoint = f"U+{ord(character):04X}"
        self.kind = REFUSED_CATEGORIES[category]
        super().__init__(f"{self.codepoint} is {self.kind}")


def refused_character(text: str) -> NameRefused | None:
    for character in text:
        category = unicodedata.category(character)
        if category in REFUSED_CATEGORIES:
            return NameRefused(character, category)
    return None


def normalise_name(text: str) -> str:
    """The name as stored: NFKC, one space between words, no space at either end.

    Raises NameRefused for a character a reader cannot see for what it is.
    """
    normal = unicodedata.normalize("NFKC", text)
    if (refused := refused_character(normal)) is not None:
        raise refused
    return " ".join(normal.split())


def name_skeleton(text: str) -> str:
    """The TR39 skeleton of a name (case folded): equal skeletons are confusable names."""
    return skeleton_key(unicodedata.normalize("NFKC", text))


def confusable(first: str, second: str) -> bool:
    return name_skeleton(first) == name_skeleton(second)
