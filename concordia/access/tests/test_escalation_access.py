"""Escalations: every rule of that section of access/rules.py against the table in docs/access.md
("Escalations"), over every set of the actor's roles (all 256) × every combination of the boolean
facts it takes (concerned, involved, at board, alliance-wide, owner, raiser); no database. The
reading of the table: rule_tables.py.
"""

import pytest

from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

# A cell's words and the rules' keywords for them.
FACTS = {"concerned": "concerned", "involved": "involved", "at board": "at_board",
         "alliance-wide": "alliance_wide", "owner": "owner", "raiser": "raiser"}
SECTION = Section("# --- Escalations", "escalation", FACTS)
TABLE = SECTION.read_table()


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules()
    assert {"may_see_bottleneck", "may_raise_bottleneck", "may_record_attempt",
            "may_move_bottleneck", "may_withdraw_bottleneck", "may_set_up_ladder"} <= set(TABLE)
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    check_rule(name, TABLE[name])


def test_the_cells_read_as_written():
    cell, named = SECTION.parse_cell("concerned, involved, at board or alliance-wide")
    assert named == {"concerned", "involved", "at_board", "alliance_wide"}
    assert cell({"concerned": False, "involved": False, "at_board": True,
                 "alliance_wide": False}) is True
    assert cell(dict.fromkeys(named, False)) is False
    with pytest.raises(KeyError):
        SECTION.parse_cell("on Tuesdays")
