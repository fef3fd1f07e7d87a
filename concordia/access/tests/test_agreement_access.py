"""Agreements: every rule of that section of access/rules.py against the table in
docs/access.md ("Agreements").

The table is read from the document itself, so the document and the code cannot drift apart.
Each rule is checked over every set of the actor's roles (all 256) × every combination of the
boolean facts it takes (in circle, own party); no database.
"""

import ast
import inspect
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from concordia.access import rules
from concordia.alliances.choices import Role

ACCESS_DOC = Path(__file__).resolve().parents[3] / "docs" / "access.md"
RULES_SOURCE = Path(rules.__file__)
SECTION = "# --- Agreements"

# The words of a cell and the rule's keyword for each.
FACTS = {"in circle": "in_circle", "own party": "own_party"}

Cell = Callable[[dict[str, bool]], bool]


def parse_cell(text: str) -> tuple[Cell, frozenset[str]]:
    """A cell as a function of the facts, and the facts it names. "yes", "—", or facts of which
    one must hold ("in circle or own party"). Unknown words fail loudly."""
    if text == "yes":
        return (lambda facts: True), frozenset()
    if text == "—":
        return (lambda facts: False), frozenset()
    words = [w.strip() for part in text.split(",") for w in part.split(" or ")]
    names = frozenset(FACTS[w] for w in words)
    return (lambda facts: any(facts[n] for n in names)), names


def role_by_label() -> dict[str, str]:
    with translation.override("en"):
        return {str(label): value for value, label in Role.choices}


def read_table() -> dict[str, dict[str, tuple[Cell, frozenset[str]]]]:
    """rule name -> role -> (cell, facts named)."""
    text = ACCESS_DOC.read_text(encoding="utf-8")
    start, end = "<!-- agreement-access:start -->", "<!-- agreement-access:end -->"
    lines = text[text.index(start) + len(start):text.index(end)].strip().splitlines()
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    header, _rule, *body = rows
    columns = []
    for title in header[1:]:
        assert title.count("`") == 2, title
        columns.append(title.split("`")[1])
    labels = role_by_label()
    table: dict[str, dict[str, tuple[Cell, frozenset[str]]]] = {c: {} for c in columns}
    for line in body:
        actor, *cells = line
        assert len(cells) == len(columns), line
        for column, cell in zip(columns, cells, strict=True):
            table[column][labels[actor]] = parse_cell(cell)
    return table


def section_rules() -> set[str]:
    """The rules (``may_*`` functions) defined in the "Agreements" section of rules.py: from
    its heading to the next heading of another section."""
    source = RULES_SOURCE.read_text(encoding="utf-8")
    inside, spans, start = False, [], 0
    lines = source.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("# --- "):
            if inside:
                spans.append((start, number))
            inside, start = line.startswith(SECTION), number
    if inside:
        spans.append((start, len(lines) + 1))
    tree = ast.parse(source)
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("may_")
            and any(a <= node.lineno < b for a, b in spans)}


TABLE = read_table()
ROLE_SETS = [frozenset(c) for n in range(len(Role.values) + 1)
             for c in itertools.combinations(Role.values, n)]


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == section_rules()
    assert {"may_read_agreement", "may_draft_agreement", "may_sign_agreement"} == set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())
    assert len(ROLE_SETS) == 256


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    rule = getattr(rules, name)
    facts = [p.name for p in inspect.signature(rule).parameters.values()
             if p.kind is inspect.Parameter.KEYWORD_ONLY]
    column = TABLE[name]
    named = frozenset().union(*(named for _cell, named in column.values()))
    assert named <= set(facts), f"{name}: the table names facts the rule does not take"
    checked = 0
    for roles in ROLE_SETS:
        for values in itertools.product([False, True], repeat=len(facts)):
            given = dict(zip(facts, values, strict=True))
            expected = any(column[role][0](given) for role in roles)
            assert rule(roles, **given) is expected, (name, sorted(roles), given)
            checked += 1
    assert checked == 256 * 2 ** len(facts)


def test_the_cells_read_as_written():
    cell, named = parse_cell("in circle or own party")
    assert named == {"in_circle", "own_party"}
    assert cell({"in_circle": False, "own_party": True}) is True
    assert cell({"in_circle": False, "own_party": False}) is False
    with pytest.raises(KeyError):
        parse_cell("sometimes")
