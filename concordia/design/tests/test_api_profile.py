"""Design API, the profile and the partner designs (interests and expected resistance)."""

import pytest

from concordia.alliances.models import Partner
from concordia.design import services
from concordia.design.models import (
    ExpectedResistance,
    PartnerInterest,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import API_BODY_PROFILE as PROFILE
from concordia.design.tests.support import (
    api,
    as_client,
    ok,
    problem,
    send,
)

# --- profile -------------------------------------------------------------------------------


def test_profile_reads_as_the_default_before_anyone_saved(world):
    body = ok(as_client(world.reviewer).get(api("get_profile", world)))

    assert body == {"rationales": [], "origin": "problem", "joint_activities": 1,
                    "centralisation": "medium", "joint_work_weight": "medium", "version": 0}


def test_profile_is_saved_and_versioned(world):
    client = as_client(world.founder)

    first = ok(send(client, "put", api("put_profile", world), PROFILE))
    second = ok(send(client, "put", api("put_profile", world),
                     {**PROFILE, "origin": "imposed", "version": 1}))

    assert first == {**PROFILE, "version": 1}
    assert second == {**PROFILE, "origin": "imposed", "version": 2}
    assert ok(as_client(world.observer_b).get(api("get_profile", world))) == second


def test_stale_profile_is_409_and_changes_nothing(world):
    client = as_client(world.founder)
    ok(send(client, "put", api("put_profile", world), PROFILE))
    before = design_state()

    response = send(as_client(world.coordinator_b), "put", api("put_profile", world),
                    {**PROFILE, "joint_activities": 9})  # edited version 0

    body = problem(response, 409)
    assert body["type"] == "urn:concordia:problem:stale"
    assert body["detail"] == ("Someone else changed the profile in the meantime. Reload and "
                              "try again.")
    assert design_state() == before


@pytest.mark.parametrize(("change", "param"), [
    ({"rationales": ["world_peace"]}, "rationales.0"),
    ({"origin": "accident"}, "origin"),
    ({"joint_activities": 0}, "joint_activities"),
    ({"centralisation": None}, "centralisation"),
    ({"version": -1}, "version"),
])
def test_invalid_profile_is_400_with_the_parameter_named(world, change, param):
    before = design_state()

    response = send(as_client(world.founder), "put", api("put_profile", world),
                    {**PROFILE, **change})

    body = problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == [param]
    assert design_state() == before


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_profile_put_by_a_non_editor_is_403(world, actor):
    before = design_state()

    response = send(as_client(getattr(world, actor)), "put", api("put_profile", world),
                    PROFILE)

    problem(response, 403)
    assert design_state() == before


# --- partner designs -----------------------------------------------------------------------


def test_partner_designs_list_interests_and_resistance_per_active_partner(world):
    services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                  partner=world.partner_b, own_interest="Fewer calls",
                                  shared_interest="One register")
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_b, source="imposed", note="Top-down",
                            mitigation="Co-design")

    body = ok(as_client(world.coordinator_b).get(api("list_partner_designs", world)))

    rows = {r["partner_id"]: r for r in body["results"]}
    assert body["total"] == 2  # the partner that left is not listed
    # the key alliance manager drafted B's words (B had written nothing): marked as drafts
    assert rows[world.partner_b.pk] == {
        "partner_id": world.partner_b.pk, "organisation_name": world.partner_b.organisation.name,
        "own_interest": "Fewer calls", "shared_interest": "One register",
        "interest_drafted_by_key_alliance_manager": True, "resistance_visible": True,
        "expected_resistance": [{"source": "imposed", "note": "Top-down",
                                 "mitigation": "Co-design",
                                 "drafted_by_key_alliance_manager": True}]}
    assert rows[world.partner_a.pk] == {
        "partner_id": world.partner_a.pk, "organisation_name": world.partner_a.organisation.name,
        "own_interest": "", "shared_interest": "", "interest_drafted_by_key_alliance_manager":
        False, "resistance_visible": True, "expected_resistance": []}
    # partner A's professional reads neither B's resistance nor that there is any
    other = ok(as_client(world.professional_a).get(api("list_partner_designs", world)))
    row_b = next(r for r in other["results"] if r["partner_id"] == world.partner_b.pk)
    assert (row_b["resistance_visible"], row_b["expected_resistance"]) == (False, [])


def test_interest_and_resistance_are_put_by_the_partners_own_people(world):
    client = as_client(world.professional_a)

    interest = ok(send(client, "put", api("put_interest", world, partner_id=world.partner_a.pk),
                       {"own_interest": "Less work", "shared_interest": "One register"}))
    resistance = ok(send(client, "put",
                         api("put_resistance", world, partner_id=world.partner_a.pk),
                         {"source": "autonomy_loss", "note": "Fear", "mitigation": "Chair"}))

    assert interest == {"own_interest": "Less work", "shared_interest": "One register",
                        "drafted_by_key_alliance_manager": False}
    assert resistance == {"source": "autonomy_loss", "note": "Fear", "mitigation": "Chair",
                          "drafted_by_key_alliance_manager": False}
    assert list(PartnerInterest.objects.values_list("partner_id", "own_interest")) == [
        (world.partner_a.pk, "Less work")]


def test_interest_for_a_partner_of_another_alliance_is_404(world):
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    before = design_state()

    response = send(as_client(world.founder), "put",
                    api("put_interest", world, partner_id=partner_z.pk),
                    {"own_interest": "x", "shared_interest": "y"})

    problem(response, 404)
    assert design_state() == before


def test_resistance_with_unknown_source_is_400(world):
    response = send(as_client(world.founder), "put",
                    api("put_resistance", world, partner_id=world.partner_a.pk),
                    {"source": "weather"})

    body = problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == ["source"]
    assert ExpectedResistance.objects.count() == 0


@pytest.mark.parametrize(("name", "body"), [("put_interest", {"own_interest": "x"}),
                                            ("put_resistance", {"source": "imposed"})])
def test_partner_design_put_by_another_partners_coordinator_is_403(world, name, body):
    before = design_state()

    response = send(as_client(world.coordinator_b), "put",
                    api(name, world, partner_id=world.partner_a.pk), body)

    problem(response, 403)
    assert design_state() == before
