"""Decisions: every rule of that section of access/rules.py against the table in docs/access.md
("Decisions").

The table is read from the document itself, so the document and the code cannot drift apart.
Each rule is checked over every set of the actor's roles (all 256) × every combination of the
boolean facts it takes (confidential, member, organiser, own partner, authorised, proposer,
secret, closed, own unit); no database.
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
SECTION = "# --- Decisions"
MARKERS = ("<!-- decision-access:start -->", "<!-- decision-access:end -->")

# The words of a cell and the rule's keyword for each.
FACTS = {"confidential": "confidential", "member": "member", "organiser": "organiser",
         "own partner": "own_partner", "authorised": "authorised", "proposer": "proposer",
         "secret": "secret", "closed": "closed", "own unit": "own_unit"}

Cell = Callable[[dict[str, bool]], bool]


def parse_cell(text: str) -> tuple[Cell, frozenset[str]]:
    """A cell as a function of the facts, and the facts it names: "yes", "—", or alternatives
    (separated by "," or " or "), each a conjunction (" and ") of facts, a fact possibly
    negated ("not secret"). Unknown words fail loudly."""
    if text == "yes":
        return (lambda facts: True), frozenset()
    if text == "—":
        return (lambda facts: False), frozenset()
    alternatives: list[list[tuple[str, bool]]] = []
    for part in text.split(","):
        for alternative in part.split(" or "):
            terms = []
            for word in alternative.split(" and "):
                word = word.strip()
                negated = word.startswith("not ")
                terms.append((FACTS[word.removeprefix("not ")], not negated))
            alternatives.append(terms)
    names = frozenset(name for terms in alternatives for name, _value in terms)
    return (lambda facts: any(all(facts[n] is v for n, v in terms) for terms in alternatives),
            names)


def role_by_label() -> dict[str, str]:
    with translation.override("en"):
        return {str(label): value for value, label in Role.choices}


def read_table() -> dict[str, dict[str, tuple[Cell, frozenset[str]]]]:
    """rule name -> role -> (cell, facts named)."""
    text = ACCESS_DOC.read_text(encoding="utf-8")
    start, end = MARKERS
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
    """The rules (``may_*`` functions) defined in the "Decisions" section of rules.py: from its
    heading to the next heading."""
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
    assert {"may_read_decision", "may_propose_decision", "may_vote_for_unit",
            "may_close_decision", "may_withdraw_decision", "may_see_votes",
            "may_name_delegate", "may_add_follow_up"} == set(TABLE)
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
    cell, named = parse_cell("closed, not secret or own unit")
    assert named == {"closed", "secret", "own_unit"}
    assert cell({"closed": False, "secret": True, "own_unit": False}) is False
    assert cell({"closed": False, "secret": False, "own_unit": False}) is True
    cell, named = parse_cell("own partner and authorised")
    assert cell({"own_partner": True, "authorised": False}) is False
    assert cell({"own_partner": True, "authorised": True}) is True
    with pytest.raises(KeyError):
        parse_cell("sometimes")
