"""Learning: every rule of that section of access/rules.py against the table in docs/access.md
("Health checks and lessons learned"), over every set of the actor's roles (all 256) × every
combination of the facts it takes (author); no database. The reading of the table:
rule_tables.py.
"""

import pytest

from concordia.access import rules
from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

FACTS = {"author": "author"}
SECTION = Section("# --- Learning", "learning", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules() == {"may_score_pillars", "may_record_lesson",
                                             "may_edit_lesson"}
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    assert check_rule(name, TABLE[name]) == 256 * 2 ** len(
        [f for f in FACTS if name == "may_edit_lesson"])


def test_the_core_team_is_the_key_alliance_manager_and_the_coordinators():
    assert {Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR} == rules.CORE_TEAM_ROLES
    assert rules.may_score_pillars({Role.ALLIANCE_COORDINATOR}) is True
    assert rules.may_score_pillars({Role.BOARD_MEMBER, Role.LINE_MANAGER}) is False
