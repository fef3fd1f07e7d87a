"""Journal lines about decisions read in the reader's language: the outcome and a vote's choice
are labels, not stored values (pure: payloads in, one line out)."""

import pytest
from django.utils import translation

from concordia.decisions.journal_kinds import describe_outcome, describe_vote

DECISION = {"number": 5, "title": "Hours worked", "body": "Working group data quality"}


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "#5 Hours worked — Working group data quality: carried"),
    ("nl", "#5 Hours worked — Working group data quality: aangenomen"),
])
def test_the_outcome_is_a_label(language, expected):
    with translation.override(language):
        assert describe_outcome({**DECISION, "outcome": "carried"}) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "#5 Hours worked — Working group data quality: Statistics Office (for)"),
    ("nl", "#5 Hours worked — Working group data quality: Statistics Office (voor)"),
])
def test_a_votes_choice_is_a_label(language, expected):
    with translation.override(language):
        assert describe_vote({**DECISION, "unit_name": "Statistics Office",
                              "choice": "for"}) == expected


def test_an_unknown_stored_value_reads_as_stored():
    assert describe_outcome({**DECISION, "outcome": "postponed"}).endswith(": postponed")
