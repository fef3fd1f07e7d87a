"""Design services, the development stage assessment: complete answers, no future dates, journaled
with the overall stage."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concordia.alliances.choices import Level, Role
from concordia.core.errors import DomainError
from concordia.design import services
from concordia.design.models import StageAssessment, StageRaters
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    answers,
    entries_after,
    last_seq,
)
from concordia.testing.factories import PersonFactory, give_role

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
            assessment.note, assessment.assessed_by_id, assessment.partner_id) == (
        "procedural", expected_dimensions, given, "First look", world.founder.pk,
        world.partner_a.pk)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "StageAssessed", {"assessed_on": "2024-03-01", "overall": "procedural",
                                    "dimensions": expected_dimensions,
                                    "partner": world.partner_a.organisation.name})]


def test_each_partners_people_rate_for_their_own_partner_in_the_chosen_roles(world):
    """By default every role that is not read-only rates; the key alliance manager may narrow
    it down, and then the others are refused, nothing saved."""
    services.stage_assess(actor=world.professional_a, alliance=world.alliance,
                          assessed_on=dt.date(2024, 3, 1), answers=answers(2))
    services.stage_assess(actor=world.coordinator_b, alliance=world.alliance,
                          assessed_on=dt.date(2024, 3, 1), answers=answers(1))
    assert sorted(StageAssessment.objects.values_list("assessed_by_id", "partner_id")) == sorted(
        [(world.professional_a.pk, world.partner_a.pk),
         (world.coordinator_b.pk, world.partner_b.pk)])
    for read_only in (world.observer_b, world.reviewer):
        with pytest.raises(PermissionDenied):
            services.stage_assess(actor=read_only, alliance=world.alliance,
                                  assessed_on=dt.date(2024, 3, 1), answers=answers(2))

    seq = last_seq(world.alliance)
    services.stage_raters_set(actor=world.founder, alliance=world.alliance,
                              roles=["alliance_coordinator", "key_alliance_manager"])
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "StageRatersChosen", {"roles": ["key_alliance_manager",
                                                  "alliance_coordinator"], "levels": []})]
    with pytest.raises(PermissionDenied):
        services.stage_assess(actor=world.professional_a, alliance=world.alliance,
                              assessed_on=dt.date(2024, 3, 2), answers=answers(2))
    assert StageAssessment.objects.count() == 2


def test_only_the_key_alliance_manager_chooses_who_rates(world):
    with pytest.raises(PermissionDenied):
        services.stage_raters_set(actor=world.coordinator_b, alliance=world.alliance,
                                  roles=["professional"])
    for roles, levels, field in (([], [], "roles"), (["observer"], [], "roles"),
                                 (["professional", "nonsense"], [], "roles"),
                                 ([], ["board"], "levels"), (["professional"], ["nonsense"],
                                                             "levels")):
        with pytest.raises(DomainError) as refused:
            services.stage_raters_set(actor=world.founder, alliance=world.alliance,
                                      roles=roles, levels=levels)
        assert refused.value.field == field
    assert not StageRaters.objects.exists()


def test_raters_chosen_by_level_rate_whatever_their_role_but_never_read_only(world):
    """The key alliance manager chooses the strategic level only: a line manager of partner A
    at the strategic level rates; the professional (operational) does not; the external
    reviewer, strategic but read-only, does not either. The journal carries the levels."""
    strategist = PersonFactory(organisation=world.founder.organisation, full_name="Strategist")
    give_role(world.partner_a, strategist, Role.LINE_MANAGER, Level.STRATEGIC)
    seq = last_seq(world.alliance)

    raters = services.stage_raters_set(actor=world.founder, alliance=world.alliance, roles=[],
                                       levels=["strategic"])

    assert (raters.roles, raters.levels) == ([], ["strategic"])
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "StageRatersChosen", {"roles": [], "levels": ["strategic"]})]
    services.stage_assess(actor=strategist, alliance=world.alliance,
                          assessed_on=dt.date(2024, 3, 1), answers=answers(2))
    for refused in (world.professional_a, world.reviewer, world.founder):  # founder: tactical
        with pytest.raises(PermissionDenied):
            services.stage_assess(actor=refused, alliance=world.alliance,
                                  assessed_on=dt.date(2024, 3, 1), answers=answers(2))
    assert list(StageAssessment.objects.values_list("assessed_by_id", flat=True)) == [
        strategist.pk]


def test_a_role_or_a_level_is_enough_to_rate(world):
    """Professionals by role and the tactical level (the founder, the coordinator): each of
    them rates; the observer (operational, read-only) does not."""
    services.stage_raters_set(actor=world.founder, alliance=world.alliance,
                              roles=["professional"], levels=["tactical", "tactical"])
    assert StageRaters.objects.get().levels == ["tactical"]
    for rater in (world.professional_a, world.founder, world.coordinator_b):
        services.stage_assess(actor=rater, alliance=world.alliance,
                              assessed_on=dt.date(2024, 3, 1), answers=answers(2))
    with pytest.raises(PermissionDenied):
        services.stage_assess(actor=world.observer_b, alliance=world.alliance,
                              assessed_on=dt.date(2024, 3, 1), answers=answers(2))
    assert StageAssessment.objects.count() == 3


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
