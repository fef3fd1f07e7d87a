"""Names people can trust: normalisation and look-alike detection, pure (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.core.name_rules import NameRefused, confusable, name_skeleton, normalise_name

TAX = "Tax Authority"
LOOK_ALIKES = [
    "Tax \u0410uthority",         # Cyrillic capital A
    "T\u0430x Authority",         # Cyrillic small a
    "Tax\u00a0Authority",         # no-break space
    "Tax  Authority",             # two spaces
    "tax authority",              # case only
    "\uff34ax \uff21uthority",    # full-width letters
    "Tax Author\u0456ty",         # Cyrillic i
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_look_alikes_share_the_skeleton(name):
    assert name_skeleton(name) == name_skeleton(TAX)
    assert confusable(name, TAX)


@pytest.mark.parametrize("name", ["Tax Authorities", "Statistics Office", "Tax Authority 2",
                                  "Belastingdienst"])
def test_different_names_are_not_confusable(name):
    assert not confusable(name, TAX)


@pytest.mark.parametrize(("raw", "stored"), [
    ("Tax\u00a0Authority", TAX),
    ("  Tax   Authority  ", TAX),
    ("\uff34ax \uff21uthority", TAX),      # NFKC: full-width to ASCII
    ("Caf\u0065\u0301", "Caf\u00e9"),       # NFKC composes
    ("Gemeente \u2019s-Hertogenbosch", "Gemeente \u2019s-Hertogenbosch"),
])
def test_names_are_stored_nfkc_with_single_spaces(raw, stored):
    assert normalise_name(raw) == stored


@pytest.mark.parametrize(("name", "codepoint", "category"), [
    ("Tax\u200b Authority", "U+200B", "Cf"),   # zero-width space
    ("Tax\u200dAuthority", "U+200D", "Cf"),    # zero-width joiner
    ("\u202eytirohtuA xaT", "U+202E", "Cf"),   # right-to-left override
    ("Tax \u2066Authority\u2069", "U+2066", "Cf"),  # left-to-right isolate
    ("Tax\u200fAuthority", "U+200F", "Cf"),    # right-to-left mark
    ("\ufeffTax Authority", "U+FEFF", "Cf"),   # byte order mark
    ("Tax\u0007Authority", "U+0007", "Cc"),    # bell
    ("Tax\nAuthority", "U+000A", "Cc"),        # line feed
    ("Tax\u2028Authority", "U+2028", "Zl"),
    ("Tax\ue000Authority", "U+E000", "Co"),    # private use
])
def test_invisible_and_direction_characters_are_refused(name, codepoint, category):
    with pytest.raises(NameRefused) as refused:
        normalise_name(name)

    assert (refused.value.codepoint, refused.value.category) == (codepoint, category)


@given(st.text(max_size=40))
def test_a_stored_name_is_stable_and_shows_only_visible_characters(text):
    try:
        stored = normalise_name(text)
    except NameRefused:
        return
    assert normalise_name(stored) == stored
    assert stored == stored.strip()
    assert "  " not in stored
    assert name_skeleton(stored) == name_skeleton(text)
