"""Design services, the alliance profile and each partner's interest and expected resistance:
versioned, validated, and refused for partners out of reach."""

import pytest
from django.core.exceptions import PermissionDenied

from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Partner
from concordia.core.errors import Conflict, DomainError
from concordia.design import selectors, services
from concordia.design.models import (
    AllianceProfile,
    ExpectedResistance,
    PartnerInterest,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import SERVICE_PROFILE as PROFILE
from concordia.design.tests.support import fresh

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")

# --- profile_update ------------------------------------------------------------------------


def test_profile_versions_count_up_from_one(world):
    assert selectors.profile_get(user=world.founder, alliance=world.alliance).version == 0

    first = services.profile_update(actor=world.founder, alliance=world.alliance,
                                    expected_version=0, **PROFILE)
    second = services.profile_update(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                     expected_version=1, **{**PROFILE, "origin": "imposed"})

    assert first.pk == second.pk
    stored = AllianceProfile.objects.get(alliance=world.alliance)
    assert (stored.version, stored.origin, stored.rationales, stored.joint_activities,
            stored.centralisation, stored.joint_work_weight, stored.updated_by_id) == (
        2, "imposed", ["efficiency", "innovation"], 4, "high", "low", world.coordinator_b.pk)


def test_stale_profile_edit_is_a_conflict_and_changes_nothing(world):
    # given two editors opened version 1 and the first saved
    services.profile_update(actor=world.founder, alliance=world.alliance, expected_version=0,
                            **PROFILE)
    services.profile_update(actor=world.founder, alliance=world.alliance, expected_version=1,
                            **{**PROFILE, "joint_activities": 7})
    before = design_state()

    # when the second saves on version 1
    with pytest.raises(Conflict) as refused:
        services.profile_update(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                expected_version=1, **{**PROFILE, "joint_activities": 9})

    # then nothing is overwritten
    assert refused.value.code == "stale"
    assert design_state() == before
    assert AllianceProfile.objects.get(alliance=world.alliance).joint_activities == 7


def test_editing_a_profile_that_does_not_exist_yet_from_a_later_version_is_stale(world):
    before = design_state()

    with pytest.raises(Conflict):
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=3, **PROFILE)

    assert design_state() == before
    assert AllianceProfile.objects.count() == 0


def test_unknown_rationale_is_refused_on_the_rationales_field(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=0,
                                **{**PROFILE, "rationales": ["efficiency", "world_peace"]})

    assert (refused.value.field, refused.value.message) == ("rationales", "Unknown rationale.")
    assert design_state() == before


@pytest.mark.parametrize("count", [0, 1000])
def test_joint_activities_out_of_range_is_refused(world, count):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=0, **{**PROFILE, "joint_activities": count})

    assert refused.value.field == "joint_activities"
    assert design_state() == before


# --- partner_interest_set / resistance_set -------------------------------------------------


def test_interest_is_set_and_updated_for_a_partner(world):
    services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                  partner=world.partner_b, own_interest=" Fewer calls ",
                                  shared_interest="One register")
    services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                  partner=world.partner_b, own_interest="Fewer calls",
                                  shared_interest="One register, kept current")

    assert list(PartnerInterest.objects.values_list("partner_id", "own_interest",
                                                    "shared_interest")) == [
        (world.partner_b.pk, "Fewer calls", "One register, kept current")]


def test_resistance_is_recorded_once_per_source_and_updated(world):
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="autonomy_loss", note="Fear")
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="autonomy_loss", note="Fear",
                            mitigation=" Shared chair ")
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="imposed")

    assert sorted(ExpectedResistance.objects.values_list(
        "partner_id", "source", "note", "mitigation")) == [
        (world.partner_a.pk, "autonomy_loss", "Fear", "Shared chair"),
        (world.partner_a.pk, "imposed", "", "")]


def test_partner_of_another_alliance_is_refused(world):
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    before = design_state()

    with pytest.raises(DomainError) as interest:
        services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                      partner=partner_z, own_interest="x", shared_interest="y")
    with pytest.raises(DomainError) as resistance:
        services.resistance_set(actor=world.founder, alliance=world.alliance,
                                partner=partner_z, source="imposed")

    assert (interest.value.field, resistance.value.field) == ("partner", "partner")
    assert interest.value.message == "Choose an active partner of this alliance."
    assert design_state() == before


def test_partner_that_left_is_refused(world):
    left = Partner.objects.get(alliance=world.alliance, status=PartnerStatus.LEFT)
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                      partner=left, own_interest="x", shared_interest="y")

    assert refused.value.field == "partner"
    assert design_state() == before


def test_unknown_source_of_resistance_is_refused(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.resistance_set(actor=world.founder, alliance=world.alliance,
                                partner=world.partner_a, source="weather")

    assert (refused.value.field, refused.value.message) == (
        "source", "Unknown source of resistance.")
    assert design_state() == before


def test_resistance_of_another_alliance_cannot_be_removed(world):
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    foreign = ExpectedResistance.objects.create(partner=partner_z, source="imposed")
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.resistance_remove(actor=world.founder, alliance=world.alliance,
                                   resistance=foreign)

    assert design_state() == before


def test_resistance_is_removed(world):
    resistance = services.resistance_set(actor=world.founder, alliance=world.alliance,
                                         partner=world.partner_a, source="imposed")

    services.resistance_remove(actor=world.founder, alliance=world.alliance,
                               resistance=resistance)

    assert ExpectedResistance.objects.count() == 0
