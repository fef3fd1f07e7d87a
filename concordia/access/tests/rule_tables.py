"""Reading the permission tables of docs/access.md, so that a test can check a section of
access/rules.py against its table for every combination of roles and facts (no database).

A table lies between two HTML comments (``<!-- NAME-access:start -->`` … ``:end -->``): a
header row whose columns name a rule in backticks, a separator, then one row per role (its
English label) whose cells say when the role may: "yes", "—", or alternatives separated by
"," or " or ", each a conjunction (" and ") of facts, a fact possibly negated ("not secret").
The words of a section's facts map to the keyword arguments of its rules; unknown words fail
loudly, so the document and the code cannot drift apart.
"""

import ast
import inspect
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from concordia.access import rules
from concordia.alliances.choices import Role

ACCESS_DOC = Path(__file__).resolve().parents[3] / "docs" / "access.md"
RULES_SOURCE = Path(rules.__file__)
# Every set of roles an actor may hold at once (2^8 = 256).
ROLE_SETS = [frozenset(c) for n in range(len(Role.values) + 1)
             for c in itertools.combinations(Role.values, n)]

Cell = Callable[[Mapping[str, bool]], bool]


@dataclass(frozen=True)
class Section:
    """One section of rules.py (from its ``# --- Title`` heading) and its table."""

    heading: str  # "# --- Decisions"
    marker: str  # "decision" for <!-- decision-access:start -->
    facts: Mapping[str, str]  # a cell's word -> the rule's keyword

    def parse_cell(self, text: str) -> tuple[Cell, frozenset[str]]:
        """A cell as a function of the facts, and the facts it names."""
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
                    terms.append((self.facts[word.removeprefix("not ")], not negated))
                alternatives.append(terms)
        names = frozenset(name for terms in alternatives for name, _value in terms)
        return (lambda facts: any(all(facts[n] is v for n, v in terms)
                                  for terms in alternatives)), names

    def read_table(self) -> dict[str, dict[str, tuple[Cell, frozenset[str]]]]:
        """rule name -> role -> (cell, facts named)."""
        text = ACCESS_DOC.read_text(encoding="utf-8")
        start, end = f"<!-- {self.marker}-access:start -->", f"<!-- {self.marker}-access:end -->"
        lines = text[text.index(start) + len(start):text.index(end)].strip().splitlines()
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
                table[column][labels[actor]] = self.parse_cell(cell)
        return table

    def rules(self) -> set[str]:
        """The rules (``may_*`` functions) defined in the section(s) of rules.py under this
        heading: each from the heading to the next heading. Helpers that compute a fact are not
        rules and have no column."""
        source = RULES_SOURCE.read_text(encoding="utf-8")
        inside, spans, start = False, [], 0
        lines = source.splitlines()
        for number, line in enumerate(lines, start=1):
            if line.startswith("# --- "):
                if inside:
                    spans.append((start, number))
                inside, start = line.startswith(self.heading), number
        if inside:
            spans.append((start, len(lines) + 1))
        return {node.name for node in ast.parse(source).body
                if isinstance(node, ast.FunctionDef) and node.name.startswith("may_")
                and any(a <= node.lineno < b for a, b in spans)}


def check_rule(name: str, column: Mapping[str, tuple[Cell, frozenset[str]]]) -> int:
    """Check the rule against its column for every role set × every combination of the boolean
    facts it takes; returns how many combinations were checked."""
    rule = getattr(rules, name)
    facts = [p.name for p in inspect.signature(rule).parameters.values()
             if p.kind is inspect.Parameter.KEYWORD_ONLY]
    named = frozenset().union(*(named for _cell, named in column.values()))
    assert named <= set(facts), f"{name}: the table names facts the rule does not take"
    checked = 0
    for roles in ROLE_SETS:
        for values in itertools.product([False, True], repeat=len(facts)):
            given = dict(zip(facts, values, strict=True))
            expected = any(column[role][0](given) for role in roles)
            assert rule(roles, **given) is expected, (name, sorted(roles), given)
            checked += 1
    assert checked == len(ROLE_SETS) * 2 ** len(facts)
    return checked
