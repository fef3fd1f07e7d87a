"""Design services, the development stage assessment: complete answers, no future dates, journaled
with the overall stage."""

import datetime as dt

import pytest
from django.utils import timezone

from concordia.core.errors import DomainError
from concordia.design import services
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    answers,
    entries_after,
    last_seq,
)

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")


# --- stage_assess --------------------------------------------------------------------------


def test_stage_assessment_is_stored_and_journaled_with_the_overall_stage(world):
    seq = last_seq(world.alliance)
    given = {**answers(2), "leadership": 1, "room": 1}

    assessment = services.stage_assess(actor=world.founder, alliance=world.alliance,
                                       assessed_on=dt.date(2024, 3, 1), answers=given,
                                       note=" First look ")

    expected_dimensions = {"cultural": "opportunistic", "relational": "procedural",
                           "procedural": "procedural", "content": "procedural"}
    assert (assessment.overall, assessment.dimension_stages, assessment.answers,
            assessment.note, assessment.assessed_by_id) == (
        "procedural", expected_dimensions, given, "First look", world.founder.pk)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "StageAssessed", {"assessed_on": "2024-03-01", "overall": "procedural",
                                    "dimensions": expected_dimensions})]


def test_assessment_today_is_accepted_and_tomorrow_refused(world):
    today = timezone.localdate()
    services.stage_assess(actor=world.founder, alliance=world.alliance, assessed_on=today,
                          answers=answers(3))
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.stage_assess(actor=world.founder, alliance=world.alliance,
                              assessed_on=today + dt.timedelta(days=1), answers=answers(3))

    assert (refused.value.field, refused.value.message) == (
        "assessed_on", "The date lies in the future.")
    assert design_state() == before


@pytest.mark.parametrize("bad", [
    {k: 2 for k in QUESTION_KEYS if k != "trust"},
    {**dict.fromkeys(QUESTION_KEYS, 2), "trust": 4},
    {},
])
def test_incomplete_or_invalid_answers_are_refused(world, bad):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.stage_assess(actor=world.founder, alliance=world.alliance,
                              assessed_on=dt.date(2024, 1, 1), answers=bad)

    assert refused.value.field == "answers"
    assert design_state() == before
