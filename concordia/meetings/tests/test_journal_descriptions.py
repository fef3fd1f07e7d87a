"""Journal lines about minutes say which meeting, which version and, for a correction, which
item and how it was settled (pure: payloads in, one line out)."""

import pytest
from django.utils import translation

from concordia.meetings.journal_kinds import describe_correction, describe_minutes

MEETING = {"body": "Tactical table", "starts_at": "2026-11-13T14:00:00+00:00"}


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Tactical table 2026-11-13 — minutes version 2"),
    ("nl", "Tactisch overleg 2026-11-13 — verslag versie 2"),
])
def test_minutes_say_which_meeting_and_version(language, expected):
    body = "Tactisch overleg" if language == "nl" else "Tactical table"
    with translation.override(language):
        assert describe_minutes({**MEETING, "body": body, "version": 2}) == expected


def test_minutes_of_an_old_entry_without_a_version_still_name_the_meeting():
    assert describe_minutes(MEETING) == "Tactical table 2026-11-13"


@pytest.mark.parametrize(("language", "accepted", "expected"), [
    ("en", None, "Tactical table 2026-11-13 — minutes version 1: correction on “Figures”"),
    ("en", True, "Tactical table 2026-11-13 — minutes version 1: correction on “Figures” "
                 "(taken over)"),
    ("nl", False, "Tactical table 2026-11-13 — verslag versie 1: correctie op “Figures” "
                  "(niet overgenomen)"),
])
def test_a_correction_says_which_item_and_how_it_was_settled(language, accepted, expected):
    payload = {**MEETING, "version": 1, "item": "Figures"}
    if accepted is not None:
        payload["accepted"] = accepted
    with translation.override(language):
        assert describe_correction(payload) == expected
