"""Decisions: every rule of that section of access/rules.py against the table in docs/access.md
("Decisions"), over every set of the actor's roles (all 256) × every combination of the boolean
facts it takes (confidential, member, organiser, own partner, authorised, proposer, secret, closed,
own unit); no database. The reading of the table: rule_tables.py.
"""

import pytest

from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

# A cell's words and the rules' keywords for them.
FACTS = {"confidential": "confidential", "member": "member", "organiser": "organiser",
         "own partner": "own_partner", "authorised": "authorised", "proposer": "proposer",
         "secret": "secret", "closed": "closed", "own unit": "own_unit"}
SECTION = Section("# --- Decisions", "decision", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules()
    assert {"may_read_decision", "may_propose_decision", "may_vote_for_unit",
            "may_close_decision", "may_withdraw_decision", "may_see_votes",
            "may_name_delegate", "may_add_follow_up"} == set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    check_rule(name, TABLE[name])


def test_the_cells_read_as_written():
    cell, named = SECTION.parse_cell("closed, not secret or own unit")
    assert named == {"closed", "secret", "own_unit"}
    assert cell({"closed": False, "secret": True, "own_unit": False}) is False
    assert cell({"closed": False, "secret": False, "own_unit": False}) is True
    cell, named = SECTION.parse_cell("own partner and authorised")
    assert cell({"own_partner": True, "authorised": False}) is False
    assert cell({"own_partner": True, "authorised": True}) is True
    with pytest.raises(KeyError):
        SECTION.parse_cell("on Tuesdays")
