"""Design API: the same services behind JSON, errors as problem+json (400 with invalidParams,
403, 404 for other alliances, 409 for clashes), and list query counts that stay flat."""

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StatementVersion,
)
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.state import design_state
from concordia.journal.models import JournalEntry
from concordia.testing.factories import PersonFactory, World, give_role

PROFILE = {"rationales": ["efficiency", "service_delivery"], "origin": "problem",
           "joint_activities": 3, "centralisation": "medium", "joint_work_weight": "high",
           "version": 0}
STATEMENTS = [("objective", StatementKind.OBJECTIVE, "Objective"),
              ("values", StatementKind.VALUES, "Values")]


@pytest.fixture
def boards(world):
    board_a = PersonFactory(organisation=world.founder.organisation, full_name="Board A")
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    return SimpleNamespace(a=board_a, b=board_b)


def api(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"api:{name}", kwargs={"alliance_id": world.alliance.pk, **kwargs})


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, data=json.dumps(body if body is not None else {}),
                                   content_type="application/json")


def as_client(person: Person | None) -> Client:
    """A client for the person; the API speaks the request's language, English here."""
    client = Client(headers={"Accept-Language": "en"})
    if person is not None:
        client.force_login(person)
    return client


def problem(response: Any, status: int) -> dict[str, Any]:
    """The response is a problem+json of this status; returns its body."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == status
    return body


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    assert response["API-Version"] == API_VERSION
    return response.json() if status != 204 else None




def answers(level: int = 2) -> dict[str, int]:
    return dict.fromkeys(QUESTION_KEYS, level)


def partner_ref(partner: Partner) -> dict[str, Any]:
    return {"id": partner.pk, "name": partner.organisation.name}


def by_name(*partners: Partner) -> list[dict[str, Any]]:
    return sorted((partner_ref(p) for p in partners), key=lambda r: r["name"])


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


# --- objective and values statement --------------------------------------------------------


@pytest.mark.parametrize(("slug", "kind", "label"), STATEMENTS)
def test_progress_before_any_version_waits_for_everyone(world, slug, kind, label):
    body = ok(as_client(world.observer_b).get(api(f"get_{kind}_progress", world)))

    assert body == {"current_version": None, "complete": False,
                    "required": by_name(world.partner_a, world.partner_b), "endorsed": [],
                    "waiting": by_name(world.partner_a, world.partner_b)}


@pytest.mark.parametrize(("slug", "kind", "label"), STATEMENTS)
def test_draft_endorse_and_complete_through_the_api(world, boards, slug, kind, label):
    # given a version drafted by the coordinator
    created = send(as_client(world.coordinator_b), "post",
                   api(f"create_{kind}_version", world),
                   {"text": "Serve once.", "vision": "V", "mission": "M", "based_on": 0})
    version = ok(created, 201)
    assert {k: version[k] for k in ("number", "text", "vision", "mission", "endorsements")} == {
        "number": 1, "text": "Serve once.", "vision": "V", "mission": "M", "endorsements": []}
    assert JournalEntry.objects.filter(kind=f"{label}Drafted").count() == 1

    # when partner A's board member endorses
    endorsed = ok(send(as_client(boards.a), "post",
                       api(f"endorse_{kind}", world, number=1)), 201)

    # then the endorsement is for partner A, and B is awaited
    assert {k: endorsed[k] for k in ("partner_id", "partner_name", "endorsed_by")} == {
        "partner_id": world.partner_a.pk, "partner_name": world.partner_a.organisation.name,
        "endorsed_by": "Board A"}
    progress = ok(as_client(world.reviewer).get(api(f"get_{kind}_progress", world)))
    assert progress == {"current_version": 1, "complete": False,
                        "required": by_name(world.partner_a, world.partner_b),
                        "endorsed": [partner_ref(world.partner_a)],
                        "waiting": [partner_ref(world.partner_b)]}

    # when partner B's board member endorses too, it is complete
    ok(send(as_client(boards.b), "post", api(f"endorse_{kind}", world, number=1)), 201)
    progress = ok(as_client(world.reviewer).get(api(f"get_{kind}_progress", world)))
    assert (progress["complete"], progress["waiting"]) == (True, [])
    assert JournalEntry.objects.filter(kind=f"{label}Endorsed").count() == 2


@pytest.mark.parametrize(("slug", "kind", "label"), STATEMENTS)
def test_versions_are_listed_newest_first_with_live_endorsements(world, boards, slug, kind,
                                                                 label):
    client = as_client(world.founder)
    ok(send(client, "post", api(f"create_{kind}_version", world), {"text": "One"}), 201)
    ok(send(as_client(boards.b), "post", api(f"endorse_{kind}", world, number=1)), 201)
    ok(send(client, "post", api(f"create_{kind}_version", world),
            {"text": "Two", "based_on": 1}), 201)

    body = ok(as_client(world.professional_a).get(api(f"list_{kind}_versions", world)))

    assert body["total"] == 2
    assert [(v["number"], v["text"], [e["partner_id"] for e in v["endorsements"]])
            for v in body["results"]] == [(2, "Two", []), (1, "One", [world.partner_b.pk])]


def test_stale_draft_is_409_and_saves_nothing(world):
    client = as_client(world.founder)
    ok(send(client, "post", api("create_objective_version", world), {"text": "One"}), 201)
    before = design_state()

    response = send(client, "post", api("create_objective_version", world),
                    {"text": "Also one", "based_on": 0})

    assert problem(response, 409)["type"] == "urn:concordia:problem:stale"
    assert design_state() == before


@pytest.mark.parametrize(("body", "param"), [
    ({"text": ""}, "text"),
    ({}, "text"),
    ({"text": "x", "based_on": -1}, "based_on"),
])
def test_invalid_draft_is_400(world, body, param):
    response = send(as_client(world.founder), "post", api("create_objective_version", world),
                    body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert StatementVersion.objects.count() == 0


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_draft_by_a_non_editor_is_403(world, actor):
    response = send(as_client(getattr(world, actor)), "post",
                    api("create_values_version", world), {"text": "Mine"})

    problem(response, 403)
    assert StatementVersion.objects.count() == 0


@pytest.fixture
def objective(world) -> StatementVersion:
    return services.statement_draft(actor=world.founder, alliance=world.alliance,
                                    kind=StatementKind.OBJECTIVE, text="Serve once.",
                                    based_on=0)


@pytest.mark.parametrize("actor", ["founder", "coordinator_b", "professional_a", "observer_b",
                                   "reviewer"])
def test_endorse_by_someone_who_is_no_board_member_is_403(world, objective, actor):
    before = design_state()

    response = send(as_client(getattr(world, actor)), "post",
                    api("endorse_objective", world, number=1))

    assert problem(response, 403)["detail"] == "Your role does not allow this action."
    assert design_state() == before


def test_endorsing_twice_is_409_with_one_endorsement(world, boards, objective):
    client = as_client(boards.a)
    ok(send(client, "post", api("endorse_objective", world, number=1)), 201)
    before = design_state()

    response = send(client, "post", api("endorse_objective", world, number=1))

    body = problem(response, 409)
    assert body["type"] == "urn:concordia:problem:duplicate"
    assert body["detail"] == "Your partner has already endorsed this version."
    assert design_state() == before
    assert Endorsement.objects.count() == 1


def test_endorsing_an_older_version_is_409(world, boards, objective):
    services.statement_draft(actor=world.founder, alliance=world.alliance,
                             kind=StatementKind.OBJECTIVE, text="Two", based_on=1)
    before = design_state()

    response = send(as_client(boards.a), "post", api("endorse_objective", world, number=1))

    assert problem(response, 409)["type"] == "urn:concordia:problem:not_current"
    assert design_state() == before


def test_endorsing_a_version_that_does_not_exist_is_404(world, boards, objective):
    response = send(as_client(boards.a), "post", api("endorse_objective", world, number=2))

    problem(response, 404)
    assert Endorsement.objects.count() == 0


def test_withdraw_is_204_and_the_partner_may_endorse_again(world, boards, objective):
    client = as_client(boards.b)
    ok(send(client, "post", api("endorse_objective", world, number=1)), 201)

    response = client.delete(api("withdraw_objective_endorsement", world, number=1,
                                 partner_id=world.partner_b.pk))

    assert response.status_code == 204
    assert response["API-Version"] == API_VERSION
    assert Endorsement.objects.get().withdrawn_by_id == boards.b.pk
    assert JournalEntry.objects.filter(kind="ObjectiveEndorsementWithdrawn").count() == 1
    progress = ok(client.get(api("get_objective_progress", world)))
    assert progress["endorsed"] == []
    ok(send(client, "post", api("endorse_objective", world, number=1)), 201)
    assert Endorsement.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_withdrawing_another_partners_endorsement_is_403(world, boards, objective):
    services.statement_endorse(actor=boards.b, version=objective)
    before = design_state()

    response = as_client(boards.a).delete(api("withdraw_objective_endorsement", world,
                                              number=1, partner_id=world.partner_b.pk))

    problem(response, 403)
    assert design_state() == before


def test_withdrawing_without_an_endorsement_is_409(world, boards, objective):
    response = as_client(boards.a).delete(api("withdraw_objective_endorsement", world,
                                              number=1, partner_id=world.partner_a.pk))

    assert problem(response, 409)["type"] == "urn:concordia:problem:not_endorsed"


def test_withdraw_by_a_non_board_member_of_the_same_partner_is_403(world, boards, objective):
    services.statement_endorse(actor=boards.a, version=objective)
    before = design_state()

    response = as_client(world.professional_a).delete(api(
        "withdraw_objective_endorsement", world, number=1, partner_id=world.partner_a.pk))

    problem(response, 403)
    assert design_state() == before


# --- stage ---------------------------------------------------------------------------------


def test_stage_questions_are_the_eight_with_three_descriptions(world):
    body = ok(as_client(world.reviewer).get(api("list_stage_questions", world)))

    assert [q["key"] for q in body] == list(QUESTION_KEYS)
    assert [q["dimension"] for q in body] == [
        "cultural", "cultural", "relational", "relational", "procedural", "procedural",
        "content", "content"]
    assert {len(q["options"]) for q in body} == {3}
    assert body[0]["text"] == "How do the partners' leaders show the alliance matters?"


def test_stage_assessment_is_created_and_listed_oldest_first(world):
    client = as_client(world.founder)

    created = ok(send(client, "post", api("create_stage_assessment", world),
                      {"assessed_on": "2024-06-01", "answers": answers(3), "note": "Later"}),
                 201)
    ok(send(client, "post", api("create_stage_assessment", world),
            {"assessed_on": "2023-01-01", "answers": answers(1)}), 201)

    assert {k: created[k] for k in ("assessed_on", "overall", "dimension_stages", "answers",
                                    "note")} == {
        "assessed_on": "2024-06-01", "overall": "cultural",
        "dimension_stages": dict.fromkeys(["cultural", "relational", "procedural", "content"],
                                          "cultural"),
        "answers": answers(3), "note": "Later"}
    listed = ok(as_client(world.observer_b).get(api("list_stage_assessments", world)))
    assert [(a["assessed_on"], a["overall"]) for a in listed["results"]] == [
        ("2023-01-01", "opportunistic"), ("2024-06-01", "cultural")]
    assert JournalEntry.objects.filter(kind="StageAssessed").count() == 2


@pytest.mark.parametrize(("body", "param"), [
    ({"assessed_on": "2024-01-01", "answers": dict.fromkeys(QUESTION_KEYS[:-1], 2)}, "answers"),
    ({"assessed_on": "2024-01-01", "answers": {**answers(2), "trust": 5}}, "answers.trust"),
    ({"assessed_on": "not a date", "answers": answers(2)}, "assessed_on"),
    ({"answers": answers(2)}, "assessed_on"),
])
def test_invalid_stage_assessment_is_400(world, body, param):
    response = send(as_client(world.founder), "post", api("create_stage_assessment", world),
                    body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert StageAssessment.objects.count() == 0


def test_stage_assessment_in_the_future_is_400(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = send(as_client(world.founder), "post", api("create_stage_assessment", world),
                    {"assessed_on": tomorrow.isoformat(), "answers": answers(2)})

    body = problem(response, 400)
    assert body["invalidParams"] == [{"name": "assessed_on", "code": "invalid",
                                      "reason": "The date lies in the future."}]
    assert StageAssessment.objects.count() == 0


def test_stage_assessment_by_a_non_editor_is_403(world):
    response = send(as_client(world.professional_a), "post",
                    api("create_stage_assessment", world),
                    {"assessed_on": "2024-01-01", "answers": answers(2)})

    problem(response, 403)
    assert StageAssessment.objects.count() == 0


# --- glossary ------------------------------------------------------------------------------


def test_term_is_created_defined_and_agreed(world):
    created = ok(send(as_client(world.founder), "post", api("create_glossary_term", world),
                      {"term": "Income"}), 201)
    assert {k: created[k] for k in ("term", "agreed_definition", "agreed_at", "version",
                                    "definitions")} == {
        "term": "Income", "agreed_definition": "", "agreed_at": None, "version": 1,
        "definitions": []}
    term_id = created["id"]

    ok(send(as_client(world.professional_a), "put",
            api("put_own_definition", world, term_id=term_id), {"definition": "Gross wage"}))
    defined = ok(send(as_client(world.coordinator_b), "put",
                      api("put_own_definition", world, term_id=term_id),
                      {"definition": "Net wage"}))
    agreed = ok(send(as_client(world.coordinator_b), "put",
                     api("put_agreed_definition", world, term_id=term_id),
                     {"agreed_definition": "Wage before tax", "version": 1}))

    assert sorted((d["partner_id"], d["definition"]) for d in defined["definitions"]) == sorted([
        (world.partner_a.pk, "Gross wage"), (world.partner_b.pk, "Net wage")])
    assert (agreed["agreed_definition"], agreed["version"]) == ("Wage before tax", 2)
    assert agreed["agreed_at"] is not None
    assert ok(as_client(world.reviewer).get(api("get_glossary_term", world,
                                                 term_id=term_id))) == agreed
    listed = ok(as_client(world.reviewer).get(api("list_glossary_terms", world)))
    assert listed["results"] == [agreed]
    assert list(JournalEntry.objects.filter(kind="TermAgreed").values_list(
        "payload", flat=True)) == [{"term": "Income", "definition": "Wage before tax"}]


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")


def test_duplicate_term_is_409(world, term):
    response = send(as_client(world.coordinator_b), "post", api("create_glossary_term", world),
                    {"term": "INCOME"})

    assert problem(response, 409)["detail"] == "This term is in the glossary already."
    assert GlossaryTerm.objects.count() == 1


def test_stale_agreed_definition_is_409(world, term):
    services.glossary_term_agree(actor=world.founder, term=term, definition="First",
                                 expected_version=1)
    before = design_state()

    response = send(as_client(world.coordinator_b), "put",
                    api("put_agreed_definition", world, term_id=term.pk),
                    {"agreed_definition": "Second", "version": 1})

    assert problem(response, 409)["type"] == "urn:concordia:problem:stale"
    assert design_state() == before


@pytest.mark.parametrize(("name", "body", "param"), [
    ("create_glossary_term", {"term": ""}, "term"),
    ("put_own_definition", {"definition": ""}, "definition"),
    ("put_agreed_definition", {"agreed_definition": "x", "version": 0}, "version"),
    ("put_agreed_definition", {"version": 1}, "agreed_definition"),
])
def test_invalid_glossary_input_is_400(world, term, name, body, param):
    method = "post" if name.startswith("create") else "put"
    kwargs = {} if name.startswith("create") else {"term_id": term.pk}
    before = design_state()

    response = send(as_client(world.founder), method, api(name, world, **kwargs), body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert design_state() == before


@pytest.mark.parametrize("actor", ["observer_b", "reviewer"])
def test_read_only_roles_cannot_give_a_definition(world, term, actor):
    response = send(as_client(getattr(world, actor)), "put",
                    api("put_own_definition", world, term_id=term.pk), {"definition": "Ours"})

    problem(response, 403)
    assert PartnerDefinition.objects.count() == 0


@pytest.mark.parametrize(("name", "method", "body"), [
    ("create_glossary_term", "post", {"term": "Mine"}),
    ("put_agreed_definition", "put", {"agreed_definition": "Mine", "version": 1}),
])
def test_glossary_steering_by_a_non_editor_is_403(world, term, name, method, body):
    kwargs = {} if method == "post" else {"term_id": term.pk}
    before = design_state()

    response = send(as_client(world.professional_a), method, api(name, world, **kwargs), body)

    problem(response, 403)
    assert design_state() == before


# --- other alliances are out of reach ------------------------------------------------------

READS = ["get_profile", "list_partner_designs", "get_objective_progress",
         "list_objective_versions", "get_values_progress", "list_values_versions",
         "list_stage_questions", "list_stage_assessments", "list_glossary_terms"]


@pytest.mark.parametrize("name", READS)
@pytest.mark.parametrize("actor", ["outsider", "stranger", "expired_reviewer", "removed"])
def test_reads_of_another_alliance_are_404(world, name, actor):
    response = as_client(getattr(world, actor)).get(api(name, world))

    assert problem(response, 404)["detail"] == "Not found, or outside your reach."


@pytest.mark.parametrize("name", READS)
def test_anonymous_reads_are_401(world, name):
    response = Client().get(api(name, world))

    problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="concordia"'


WRITES = [
    ("put", "put_profile", {}, PROFILE),
    ("put", "put_interest", {"partner_id": "A"}, {"own_interest": "x"}),
    ("put", "put_resistance", {"partner_id": "A"}, {"source": "imposed"}),
    ("post", "create_objective_version", {}, {"text": "Intrusion"}),
    ("post", "create_values_version", {}, {"text": "Intrusion"}),
    ("post", "endorse_objective", {"number": 1}, {}),
    ("post", "endorse_values", {"number": 1}, {}),
    ("delete", "withdraw_objective_endorsement", {"number": 1, "partner_id": "A"}, None),
    ("delete", "withdraw_values_endorsement", {"number": 1, "partner_id": "A"}, None),
    ("post", "create_stage_assessment", {}, {"assessed_on": "2024-01-01",
                                             "answers": dict.fromkeys(QUESTION_KEYS, 2)}),
    ("post", "create_glossary_term", {}, {"term": "Intrusion"}),
    ("put", "put_own_definition", {"term_id": "T"}, {"definition": "Intrusion"}),
    ("put", "put_agreed_definition", {"term_id": "T"},
     {"agreed_definition": "Intrusion", "version": 1}),
]


@pytest.mark.parametrize(("method", "name", "kwargs", "body"), WRITES,
                         ids=[w[1] for w in WRITES])
def test_writes_by_a_board_member_of_another_alliance_are_404(world, term, method, name,
                                                              kwargs, body):
    # given alliance A has an endorsed objective and values statement, and alliance Z a board
    board_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    for kind in StatementKind:
        version = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                           kind=kind, text="Ours", based_on=0)
        services.statement_endorse(actor=Person.objects.get(pk=board_a.pk), version=version)
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    board_z = PersonFactory(organisation=world.outsider.organisation)
    give_role(partner_z, board_z, Role.BOARD_MEMBER, Level.STRATEGIC)
    resolved = {k: {"A": world.partner_a.pk, "T": term.pk}.get(v, v) for k, v in kwargs.items()}
    before = design_state()

    for actor in (world.outsider, board_z):
        client = as_client(actor)
        target = api(name, world, **resolved)
        response = (client.delete(target) if method == "delete"
                    else send(client, method, target, body))
        problem(response, 404)

    assert design_state() == before


def test_term_of_another_alliance_is_404_through_this_alliance(world):
    foreign = services.glossary_term_add(actor=world.outsider, alliance=world.other_alliance,
                                         term="Secret")
    client = as_client(world.founder)

    read = client.get(api("get_glossary_term", world, term_id=foreign.pk))
    write = send(client, "put", api("put_agreed_definition", world, term_id=foreign.pk),
                 {"agreed_definition": "Mine", "version": 1})

    problem(read, 404)
    problem(write, 404)
    assert GlossaryTerm.objects.get(pk=foreign.pk).agreed_definition == ""


# --- lists: other alliances invisible, query counts flat -----------------------------------


def seed(world: World, kind: str, alliance_key: str, first: int, last: int,
         board: Person | None) -> list[str]:
    """Rows first..last of one list in alliance A ("own") or Z ("foreign"); returns markers."""
    alliance = world.alliance if alliance_key == "own" else world.other_alliance
    actor = world.founder if alliance_key == "own" else world.outsider
    markers = []
    for n in range(first, last + 1):
        marker = f"{alliance_key} {kind} {n}"
        if kind == "versions":
            version = services.statement_draft(actor=actor, alliance=alliance,
                                               kind=StatementKind.OBJECTIVE, text=marker,
                                               based_on=n - 1)
            if board is not None:
                Endorsement.objects.create(version=version, partner=world.partner_a,
                                           endorsed_by=board)
        elif kind == "terms":
            term = services.glossary_term_add(actor=actor, alliance=alliance, term=marker)
            if alliance_key == "own":
                for person in (world.founder, world.coordinator_b):
                    services.partner_definition_set(actor=Person.objects.get(pk=person.pk),
                                                    term=term, definition=f"{marker} meaning")
        else:
            services.stage_assess(actor=actor, alliance=alliance,
                                  assessed_on=dt.date(2000 + n, 1, 1), answers=answers(2),
                                  note=marker)
        markers.append(marker)
    return markers


LIST_ROUTES = {
    "versions": ("list_objective_versions", "text"),
    "terms": ("list_glossary_terms", "term"),
    "stages": ("list_stage_assessments", "note"),
}


@pytest.mark.parametrize("kind", list(LIST_ROUTES))
def test_api_lists_have_flat_query_counts_and_hide_other_alliances(world, boards, kind):
    name, key = LIST_ROUTES[kind]
    client = as_client(world.founder)
    target = api(name, world)
    assert client.get(target).status_code == 200  # warm-up
    own = seed(world, kind, "own", 1, 1, boards.a)
    foreign = seed(world, kind, "foreign", 1, 1, None)

    with CaptureQueriesContext(connection) as one:
        body_one = ok(client.get(target))
    own += seed(world, kind, "own", 2, 10, boards.a)
    foreign += seed(world, kind, "foreign", 2, 10, None)
    with CaptureQueriesContext(connection) as ten:
        body_ten = ok(client.get(target))

    queries_one = [q["sql"] for q in one.captured_queries]
    queries_ten = [q["sql"] for q in ten.captured_queries]
    assert len(queries_one) == len(queries_ten), "\n".join([*queries_one, "---", *queries_ten])
    assert (body_one["total"], body_ten["total"]) == (1, 10)
    assert sorted(r[key] for r in body_ten["results"]) == sorted(own)
    listed = {r[key] for r in body_one["results"] + body_ten["results"]}
    assert listed.isdisjoint(foreign)
