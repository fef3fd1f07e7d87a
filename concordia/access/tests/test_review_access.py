"""External review: every rule of that section of access/rules.py against the table in
docs/access.md ("External review"), over every set of the actor's roles (all 256) × every
combination of the facts it takes (author); no database. The reading of the table:
rule_tables.py.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.access import rules
from concordia.access.tests.rule_tables import Section, check_rule
from concordia.alliances.choices import Role

FACTS = {"author": "author", "invited": "invited", "partner-bound": "partner_bound"}
SECTION = Section("# --- Reviews", "review", FACTS)
TABLE = SECTION.read_table()
WITH_FACTS = {"may_edit_finding": 1, "may_record_finding": 2}


def test_the_table_has_a_column_for_every_rule_of_the_section_and_a_row_for_every_role():
    assert set(TABLE) == SECTION.rules() == {
        "may_read_reviews", "may_run_review", "may_record_finding", "may_edit_finding",
        "may_answer_recommendation"}
    assert all(set(column) == set(Role.values) for column in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_rule_follows_the_table_for_every_combination(name):
    assert check_rule(name, TABLE[name]) == 256 * 2 ** WITH_FACTS.get(name, 0)


def test_answering_a_recommendation_is_not_giving_an_action_in_general():
    # A board member answers recommendations but still gives no alliance-wide action.
    assert rules.may_answer_recommendation({Role.BOARD_MEMBER})
    assert not rules.may_create_action({Role.BOARD_MEMBER}, organiser=False)


@given(st.booleans(), st.dates(), st.dates(), st.dates())
def test_findings_are_open_exactly_within_the_dates_until_submitted(submitted, start, end,
                                                                    today):
    is_open = rules.review_open_for_findings(submitted=submitted, starts_on=start,
                                             ends_on=end, today=today)
    assert is_open == (not submitted and start <= today <= end)
    if is_open:
        assert not rules.review_open_for_findings(submitted=submitted, starts_on=start,
                                                  ends_on=end,
                                                  today=end + dt.timedelta(days=1))
