"""Reports: every rule of that section of access/rules.py against the table in docs/access.md
("Periodic report"), over every set of the actor's roles (all 256) × every combination of the facts
it takes (own partner); no database. The reading of the table: rule_tables.py.
"""

import pytest

from concordia.access import rules
from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

FACTS = {"own partner": "own_partner"}
SECTION = Section("# --- Reports", "reports", FACTS)
TABLE = SECTION.read_table()
WITH_FACTS = {"may_write_section", "may_read_draft_section"}


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules() == {"may_view_reports", "may_run_report",
                                                   "may_approve_report", *WITH_FACTS}
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    assert check_rule(name, TABLE[name]) == 256 * 2 ** len(
        [f for f in FACTS if name in WITH_FACTS])


def test_nobody_writes_or_reads_the_draft_of_another_partner():
    every_role = set(Role.values)
    for rule in (rules.may_write_section, rules.may_read_draft_section):
        assert rule(every_role, own_partner=False) is False
