"""The catalogue and its texts: pure tests, no database."""

import re

import pytest
from django.utils import translation

from concordia.handbook import catalogue, texts
from concordia.handbook.catalogue import (
    BLOCK_NUMBER,
    KIND_KEYS,
    PILLAR_NUMBER,
    Block,
    Dimension,
    Kind,
    Pillar,
    Strength,
)
from concordia.handbook.texts import BlockText, DimensionText, FormText, UnknownItem

D, S = Strength.DOMINANT, Strength.SECONDARY

# DOMAIN.md, "The eighteen building blocks": block number | dominant | secondary.
DOMAIN_TABLE = """
1  | P1, P5 | P4, P8
2  | P5, P1 | P6, P8
3  | P5     | P4, P6
4  | P4, P3 | P7
5  | P5, P6 | P7
6  | P5     | P3, P4
7  | P5, P4 | P3, P7, P1
8  | P6     | P3
9  | P7     | P6
10 | P5     | P3, P6
11 | P2     | P3
12 | P2     | P1
13 | P3     | P4, P1
14 | P7, P4 | P3
15 | P7     | P8, P4
16 | P8, P6 | P5
17 | P1, P3 | P4, P7, P8
18 | P6, P4 | P1
"""


def expected_matrix() -> dict[tuple[Block, Pillar], Strength]:
    blocks = {n: b for b, n in BLOCK_NUMBER.items()}
    pillars = {f"P{n}": p for p, n in PILLAR_NUMBER.items()}
    matrix = {}
    for line in DOMAIN_TABLE.strip().splitlines():
        number, dominant, secondary = (part.strip() for part in line.split("|"))
        for codes, strength in ((dominant, D), (secondary, S)):
            for code in codes.split(", "):
                matrix[(blocks[int(number)], pillars[code])] = strength
    return matrix


def test_matrix_is_the_table_of_domain_md():
    assert catalogue.default_matrix() == expected_matrix()
    assert len(catalogue.default_matrix()) == 56


def test_every_block_has_a_dominant_pillar():
    matrix = catalogue.default_matrix()
    without = [b for b in Block if not any(matrix.get((b, p)) == D for p in Pillar)]
    assert without == []


def test_every_pillar_has_a_dominant_block():
    matrix = catalogue.default_matrix()
    without = [p for p in Pillar if not any(matrix.get((b, p)) == D for b in Block)]
    assert without == []


def test_kinds_cover_the_model():
    assert {k: len(keys) for k, keys in KIND_KEYS.items()} == {
        Kind.FEATURE: 6, Kind.CONCEPT: 3, Kind.COLLABORATION_FORM: 6, Kind.RATIONALE: 5,
        Kind.RESISTANCE: 4, Kind.DIMENSION: 4, Kind.PILLAR: 8, Kind.BUILDING_BLOCK: 18,
        Kind.ESCALATION_RUNG: 5, Kind.STAGE: 3,
    }


@pytest.mark.parametrize("kind", list(Kind))
def test_every_catalogue_key_has_a_text_and_no_text_is_orphaned(kind):
    assert set(texts.TEXTS[kind]) == set(KIND_KEYS[kind])
    assert kind in texts.KINDS


def all_texts():
    for kind in Kind:
        for key, text in texts.TEXTS[kind].items():
            yield kind, key, text


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


@pytest.mark.parametrize(("kind", "key", "text"), list(all_texts()),
                         ids=[f"{k}/{key}" for k, key, _t in all_texts()])
def test_texts_are_complete_and_concise(kind, key, text):
    with translation.override("en"):
        assert str(text.title).strip() != ""
        assert 1 <= sentences(str(text.description)) <= 5, str(text.description)
        if kind == Kind.COLLABORATION_FORM:
            assert isinstance(text, FormText)
            assert str(text.fits_when)
        if kind == Kind.DIMENSION:
            assert isinstance(text, DimensionText)
            assert str(text.friction)
            assert str(text.managed)
        if kind == Kind.BUILDING_BLOCK:
            assert isinstance(text, BlockText)
            assert len(text.signs) >= 1
            assert len(text.risks) >= 1


# Titles that read the same in Dutch (loanwords used in Dutch practice).
SAME_IN_DUTCH = {"Joint venture", "Soft skills"}


def test_every_text_has_a_dutch_translation():
    untranslated = []
    for _kind, _key, text in all_texts():
        parts = [text.title, text.description]
        parts += [getattr(text, f) for f in ("fits_when", "friction", "managed") if
                  hasattr(text, f)]
        parts += [*getattr(text, "signs", ()), *getattr(text, "risks", ())]
        for part in parts:
            with translation.override("en"):
                english = str(part)
            with translation.override("nl"):
                dutch = str(part)
            if dutch == english and english not in SAME_IN_DUTCH:
                untranslated.append(english)
    assert untranslated == []


def test_item_lookup():
    with translation.override("en"):
        trust = texts.item("pillars", "trust")
        assert (trust.kind, trust.key, trust.number, trust.code) == (Kind.PILLAR, "trust", 3, "P3")
        assert str(trust.title) == "Trust between alliance partners"
        board = texts.item(Kind.BUILDING_BLOCK, Block.BOARD)
        assert (board.number, board.code, str(board.title)) == (1, "1", "Alliance board")
        assert board.has_page is True
        assert texts.item("stages", "cultural").has_page is False


@pytest.mark.parametrize(("kind", "key"), [
    ("pillars", "nope"), ("nope", "trust"), ("building-blocks", "trust"), ("", ""),
    ("dimensions", "Cultural"),
])
def test_unknown_kind_or_key_is_refused(kind, key):
    with pytest.raises(UnknownItem):
        texts.item(kind, key)


def test_items_follow_the_model_order():
    assert [i.key for i in texts.items("collaboration-forms")] == [
        "covenant", "customer_supplier", "shared_service_centre", "joint_venture", "alliance",
        "merger"]
    assert [i.key for i in texts.items("escalation-rungs")] == [
        "horizontal", "coordinator", "key_alliance_manager", "board", "minister"]
    assert [i.key for i in texts.items("stages")] == ["opportunistic", "procedural", "cultural"]
    assert [i.number for i in texts.items("building-blocks")] == list(range(1, 19))


def test_pillar_blocks_dominant_first_then_in_model_order():
    assert texts.pillar_blocks("trust") == [
        (Block.COORDINATOR, D), (Block.SOFT_SKILLS, D), (Block.CONFERENCE, D),
        (Block.DECISION_MODEL, S), (Block.MEETING_STRUCTURE, S), (Block.REPORTING, S),
        (Block.FINANCING, S), (Block.AUTONOMOUS_PROFESSIONAL, S), (Block.LEARNING_CIRCLE, S),
    ]
    assert texts.pillar_blocks("playing_field") == [
        (Block.AUTONOMOUS_PROFESSIONAL, D), (Block.COACHING_MANAGER, D)]


def test_block_pillars_dominant_first():
    assert texts.block_pillars("key_alliance_manager") == [
        (Pillar.MINDSET, D), (Pillar.STRUCTURE, D), (Pillar.TRANSPARENCY, S),
        (Pillar.OBJECTIVE, S)]
    assert texts.block_pillars("reporting") == [(Pillar.TRANSPARENCY, D), (Pillar.TRUST, S)]


def test_dimensions_and_pillars():
    assert texts.dimension_pillars("relational") == (Pillar.TRUST, Pillar.DIALOGUE)
    assert texts.pillar_dimension("objective") == Dimension.CONTENT
    assert [p for d in Dimension for p in texts.dimension_pillars(d)] == list(Pillar)


@pytest.mark.parametrize("lookup", [texts.pillar_blocks, texts.block_pillars,
                                    texts.dimension_pillars, texts.pillar_dimension])
def test_relation_lookups_refuse_unknown_keys(lookup):
    with pytest.raises(UnknownItem):
        lookup("nope")


def test_matrix_rows():
    rows = texts.matrix_rows()
    assert [b for b, _cells in rows] == list(Block)
    assert rows[0] == (Block.BOARD, [D, None, None, S, D, None, None, S])
    assert rows[17] == (Block.ANNUAL_EVALUATION, [S, None, None, D, None, D, None, None])
