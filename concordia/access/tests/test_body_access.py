"""Bodies and meetings: every rule of that section of access/rules.py against the table in
docs/access.md ("Bodies and meetings"), over every set of the actor's roles (all 256) × every
combination of the boolean facts it takes (member, organiser, present, own partner, owner,
creator, empty); no database. The reading of the table: rule_tables.py.
"""

import pytest

from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

# A cell's words and the rules' keywords for them.
FACTS = {"member": "member", "organiser": "organiser", "present": "present",
         "own partner": "own_partner", "owner": "owner", "creator": "creator",
         "empty": "empty"}
SECTION = Section("# --- Bodies and meetings", "body", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules()
    assert {"may_set_up_bodies", "may_remove_seat", "may_fill_seat", "may_read_confidential",
            "may_write_in_body",
            "may_organise_body", "may_correct_minutes", "may_update_action",
            "may_create_action"} <= set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    check_rule(name, TABLE[name])


def test_the_cells_read_as_written():
    cell, named = SECTION.parse_cell("owner, organiser or creator")
    assert named == {"owner", "organiser", "creator"}
    assert cell({"owner": False, "organiser": False, "creator": True}) is True
    assert cell({"owner": False, "organiser": False, "creator": False}) is False
    with pytest.raises(KeyError):
        SECTION.parse_cell("on Tuesdays")
