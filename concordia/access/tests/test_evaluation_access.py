"""The evaluation: every rule of that section of access/rules.py against the table in
docs/access.md ("Evaluation"), over every set of the actor's roles (all 256); no database."""

import pytest

from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

SECTION = Section("# --- Evaluation", "evaluation", {})
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules() == {"may_view_evaluation", "may_run_evaluation"}
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    assert check_rule(name, TABLE[name]) == 256
