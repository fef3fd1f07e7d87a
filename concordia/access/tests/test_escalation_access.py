"""Escalations: every rule of that section of access/rules.py against the table in
docs/access.md ("Escalations").

The table is read from the document itself, so the document and the code cannot drift apart.
Each rule is checked over every set of the actor's roles (all 256) × every combination of the
boolean facts it takes (concerned, involved, at board, alliance-wide, owner, raiser); no
database. The reading of the table is the one of the bodies' table (test_body_access).
"""

import ast
import inspect
import itertools
from collections.abc import Callable

import pytest
from django.utils import translation

from concordia.access import rules
from concordia.access.tests.test_body_access import ACCESS_DOC, ROLE_SETS, RULES_SOURCE
from concordia.alliances.choices import Role

SECTION = "# --- Escalations"
START, END = "<!-- escalation-access:start -->", "<!-- escalation-access:end -->"

# The words of a cell and the rule's keyword for each.
FACTS = {"concerned": "concerned", "involved": "involved", "at board": "at_board",
         "alliance-wide": "alliance_wide", "owner": "owner", "raiser": "raiser"}

Cell = Callable[[dict[str, bool]], bool]


def parse_cell(text: str) -> tuple[Cell, frozenset[str]]:
    """A cell as a function of the facts, and the facts it names. "yes", "—", or facts of which
    one must hold ("concerned, involved or alliance-wide"). Unknown words fail loudly."""
    if text == "yes":
        return (lambda facts: True), frozenset()
    if text == "—":
        return (lambda facts: False), frozenset()
    words = [w.strip() for part in text.split(",") for w in part.split(" or ")]
    names = frozenset(FACTS[w] for w in words)
    return (lambda facts: any(facts[n] for n in names)), names


def read_table() -> dict[str, dict[str, tuple[Cell, frozenset[str]]]]:
    """rule name -> role -> (cell, facts named)."""
    text = ACCESS_DOC.read_text(encoding="utf-8")
    lines = text[text.index(START) + len(START):text.index(END)].strip().splitlines()
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    header, _rule, *body = rows
    columns = []
    for title in header[1:]:
        assert title.count("`") == 2, title
        columns.append(title.split("`")[1])
    with translation.override("en"):
        labels = {str(label): value for value, label in Role.choices}
    table: dict[str, dict[str, tuple[Cell, frozenset[str]]]] = {c: {} for c in columns}
    for line in body:
        actor, *cells = line
        assert len(cells) == len(columns), line
        for column, cell in zip(columns, cells, strict=True):
            table[column][labels[actor]] = parse_cell(cell)
    return table


def section_rules() -> set[str]:
    """The rules (``may_*`` functions) of the "Escalations" section of rules.py: from its
    heading to the next heading."""
    source = RULES_SOURCE.read_text(encoding="utf-8")
    lines = source.splitlines()
    start = next(n for n, line in enumerate(lines, start=1) if line.startswith(SECTION))
    end = next((n for n, line in enumerate(lines, start=1)
                if n > start and line.startswith("# --- ")), len(lines) + 1)
    return {node.name for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("may_")
            and start <= node.lineno < end}


TABLE = read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == section_rules()
    assert {"may_see_bottleneck", "may_raise_bottleneck", "may_record_attempt",
            "may_move_bottleneck", "may_withdraw_bottleneck", "may_set_up_ladder"} <= set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())


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
    cell, named = parse_cell("concerned, involved, at board or alliance-wide")
    assert named == {"concerned", "involved", "at_board", "alliance_wide"}
    assert cell({"concerned": False, "involved": False, "at_board": True,
                 "alliance_wide": False}) is True
    assert cell(dict.fromkeys(named, False)) is False
    with pytest.raises(KeyError):
        parse_cell("on Tuesdays")
