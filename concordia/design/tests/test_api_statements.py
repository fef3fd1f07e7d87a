"""Design API, the objective and values statements: drafts, endorsements, withdrawals."""

import json

import pytest

from concordia.core.middleware import API_VERSION
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    Endorsement,
    StatementVersion,
    VersionRemark,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    STATEMENTS,
    api,
    as_client,
    by_name,
    ok,
    partner_ref,
    problem,
    send,
)
from concordia.journal.models import JournalEntry

# --- objective and values statement --------------------------------------------------------


@pytest.mark.parametrize(("slug", "kind", "label"), STATEMENTS)
def test_progress_before_any_version_waits_for_everyone(world, slug, kind, label):
    body = ok(as_client(world.observer_b).get(api(f"get_{kind}_progress", world)))

    assert body == {"in_force_version": None, "in_force_since": None, "proposal_version": None,
                    "required": by_name(world.partner_a, world.partner_b), "endorsed": [],
                    "waiting": [], "objections": 0}


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
    assert progress == {"in_force_version": None, "in_force_since": None,
                        "proposal_version": 1,
                        "required": by_name(world.partner_a, world.partner_b),
                        "endorsed": [partner_ref(world.partner_a)],
                        "waiting": [partner_ref(world.partner_b)], "objections": 0}

    # when partner B's board member endorses too, the version enters into force
    ok(send(as_client(boards.b), "post", api(f"endorse_{kind}", world, number=1)), 201)
    progress = ok(as_client(world.reviewer).get(api(f"get_{kind}_progress", world)))
    assert (progress["in_force_version"], progress["proposal_version"],
            progress["waiting"]) == (1, None, [])
    assert progress["in_force_since"] is not None
    assert JournalEntry.objects.filter(kind=f"{label}Endorsed").count() == 2
    assert JournalEntry.objects.filter(kind=f"{label}InForce").count() == 1


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
    assert [(v["number"], v["text"], v["status"], [e["partner_id"] for e in v["endorsements"]])
            for v in body["results"]] == [(2, "Two", "proposal", []),
                                          (1, "One", "withdrawn", [world.partner_b.pk])]


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


def test_a_proposal_through_the_api_diff_objection_once_per_key_and_withdrawal(world, boards):
    client = as_client(world.founder)
    ok(send(client, "post", api("create_objective_version", world), {"text": "Serve once."}), 201)
    for board in (boards.a, boards.b):
        ok(send(as_client(board), "post", api("endorse_objective", world, number=1)), 201)
    ok(send(client, "post", api("create_objective_version", world),
            {"text": "Serve once, together.", "based_on": 1}), 201)

    detail = ok(as_client(world.reviewer).get(api("get_objective_version", world, number=2)))
    assert (detail["status"], detail["compared_with"]) == ("proposal", 1)
    assert detail["diff"][2] == {"field": "text", "parts": [
        {"op": "equal", "text": "Serve "}, {"op": "deleted", "text": "once."},
        {"op": "inserted", "text": "once, together."}]}

    board_b = as_client(boards.b)
    url = api("remark_objective", world, number=2)
    body = json.dumps({"kind": "objection", "text": "Too vague"})
    first = board_b.post(url, data=body, content_type="application/json",
                         headers={"Idempotency-Key": "objection-1"})
    again = board_b.post(url, data=body, content_type="application/json",
                         headers={"Idempotency-Key": "objection-1"})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (
        201, 201, "true")
    assert VersionRemark.objects.count() == 1
    progress = ok(as_client(world.reviewer).get(api("get_objective_progress", world)))
    assert (progress["in_force_version"], progress["proposal_version"],
            progress["objections"]) == (1, 2, 1)

    withdrawn = ok(send(client, "post", api("withdraw_objective_proposal", world, number=2)))
    assert withdrawn["status"] == "withdrawn"
    progress = ok(as_client(world.reviewer).get(api("get_objective_progress", world)))
    assert (progress["in_force_version"], progress["proposal_version"]) == (1, None)
