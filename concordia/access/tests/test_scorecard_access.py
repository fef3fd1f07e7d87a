"""Scorecard: every rule of that section of access/rules.py against the table in docs/access.md
("Scorecard"), over every set of the actor's roles (all 256) × every combination of the facts
it takes (own partner); no database. The reading of the table: rule_tables.py.
"""

import pytest

from concordia.access import rules
from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

FACTS = {"own partner": "own_partner"}
SECTION = Section("# --- Scorecard", "scorecard", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules() == {"may_view_scorecard", "may_define_indicator",
                                             "may_enter_measurement"}
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    assert check_rule(name, TABLE[name]) == 256 * (2 if name == "may_enter_measurement" else 1)


def test_a_partner_never_enters_values_for_another_partners_indicator():
    every_role = set(Role.values)
    assert rules.may_enter_measurement(every_role, own_partner=False) is False
    assert rules.may_enter_measurement({Role.OBSERVER, Role.EXTERNAL_REVIEWER},
                                       own_partner=True) is False
