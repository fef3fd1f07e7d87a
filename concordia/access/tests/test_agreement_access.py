"""Agreements: every rule of that section of access/rules.py against the table in docs/access.md
("Agreements"), over every set of the actor's roles (all 256) × every combination of the boolean
facts it takes (in circle, own party); no database. The reading of the table: rule_tables.py.
"""

import pytest

from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

# A cell's words and the rules' keywords for them.
FACTS = {"in circle": "in_circle", "own party": "own_party"}
SECTION = Section("# --- Agreements", "agreement", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules()
    assert {"may_read_agreement", "may_draft_agreement", "may_sign_agreement"} == set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    check_rule(name, TABLE[name])


def test_the_cells_read_as_written():
    cell, named = SECTION.parse_cell("in circle or own party")
    assert named == {"in_circle", "own_party"}
    assert cell({"in_circle": False, "own_party": True}) is True
    assert cell({"in_circle": False, "own_party": False}) is False
    with pytest.raises(KeyError):
        SECTION.parse_cell("on Tuesdays")
