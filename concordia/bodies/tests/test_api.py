"""The bodies API: reads for the alliance's people, set-up for the steering roles, seats filled
by their own partner with its own people, 409 on stale edits, flat query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concordia.alliances.choices import Role
from concordia.bodies import services
from concordia.bodies.models import Body, Seat
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db

NON_STEERING = ["professional_a", "observer_b", "reviewer"]


def api(world, path=""):
    return f"/api/v1/alliances/{world.alliance.pk}{path}"


def send(client, method, path, body):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def state():
    return (list(Body.objects.order_by("pk").values_list("pk", "name", "version", "rotation",
                                                         "archived_at")),
            list(Seat.objects.order_by("pk").values_list("pk", "holder_id", "substitute_id",
                                                         "removed_at")),
            JournalEntry.objects.count())


def update_body(body, **overrides):
    data = {"name": body.name, "kind": body.kind, "level": body.level, "mandate": body.mandate,
            "substitutes_may_attend": body.substitutes_may_attend,
            "chair_rule": body.chair_rule, "chair_person_id": body.chair_person_id,
            "decision_rule": body.decision_rule, "secretary_id": body.secretary_id,
            "version": body.version}
    data.update(overrides)
    return data


def invalid(response, name):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    return [p["name"] for p in response.json()["invalidParams"]] == [name]


# --- reads ------------------------------------------------------------------------------------


def test_the_list_shows_the_alliances_bodies_with_seats(client, world):
    m = build_meetings(world)
    client.force_login(world.observer_b)
    page = client.get(api(world, "/bodies")).json()
    assert page["total"] == 1
    [body] = page["results"]
    assert (body["id"], body["name"], body["kind"], body["level"], body["chair_rule"],
            body["chair_person_id"], body["rotation"], body["version"], body["vacancies"]) == (
        m.body.pk, "Tactical table", "tactical_table", "tactical", "fixed",
        world.coordinator_b.pk, [world.partner_a.pk, world.partner_b.pk], 1, 0)
    assert sorted((s["partner_id"], s["holder_id"], s["holder_name"], s["vacant"])
                  for s in body["seats"]) == sorted([
        (world.partner_a.pk, world.professional_a.pk, "Professional A", False),
        (world.partner_b.pk, world.coordinator_b.pk, "Coordinator B", False)])


def test_archived_bodies_are_listed_apart(client, world):
    m = build_meetings(world)
    services.body_archive(actor=world.founder, body=m.body)
    client.force_login(world.founder)
    assert client.get(api(world, "/bodies")).json()["total"] == 0
    archived = client.get(api(world, "/bodies?archived=true")).json()
    assert [b["id"] for b in archived["results"]] == [m.body.pk]
    assert client.get(api(world, f"/bodies/{m.body.pk}")).json()["archived_at"] is not None


@pytest.mark.parametrize("actor", ["outsider", "stranger", "removed", "expired_reviewer"])
def test_other_people_get_404(client, world, actor):
    m = build_meetings(world)
    client.force_login(getattr(world, actor))
    for path in ("/bodies", f"/bodies/{m.body.pk}", f"/bodies/{m.body.pk}/seats",
                 "/structure"):
        assert client.get(api(world, path)).status_code == 404, path


def test_another_alliances_body_is_404(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    assert client.get(api(world, f"/bodies/{m.other_body.pk}")).status_code == 404
    seat_z = m.other_body.seats.get()
    assert client.get(api(world, f"/bodies/{m.body.pk}/seats")).json()["total"] == 2
    response = send(client, "put", api(world, f"/bodies/{m.body.pk}/seats/{seat_z.pk}"),
                    {"holder_id": None, "substitute_id": None})
    assert response.status_code == 404


def test_the_structure(client, world):
    m = build_meetings(world)
    board = services.body_set_up(actor=world.founder, alliance=world.alliance,
                                 name="Alliance board", kind="board", level="strategic")
    seat = services.seat_add(actor=world.founder, body=board, partner=world.partner_b)
    client.force_login(world.professional_a)
    structure = client.get(api(world, "/structure")).json()
    assert [(lv["level"], [b["name"] for b in lv["bodies"]]) for lv in structure["levels"]] == [
        ("strategic", ["Alliance board"]), ("tactical", ["Tactical table"]),
        ("operational", [])]
    assert structure["vacancies"] == 1
    by_partner = {p["partner_id"]: p for p in structure["partners"]}
    assert [(b["body_id"], [s["id"] for s in b["seats"]])
            for b in by_partner[world.partner_b.pk]["bodies"]] == [
        (board.pk, [seat.pk]), (m.body.pk, [m.seat_b.pk])]
    assert [b["body_id"] for b in by_partner[world.partner_a.pk]["bodies"]] == [m.body.pk]


# --- writes -----------------------------------------------------------------------------------


def test_setting_up_a_body(client, world):
    client.force_login(world.coordinator_b)
    response = send(client, "post", api(world, "/bodies"), {
        "name": "Alliance  board", "kind": "board", "level": "strategic",
        "chair_rule": "fixed", "chair_person_id": world.founder.pk})
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["name"], created["substitutes_may_attend"], created["chair_person_id"],
            created["seats"], created["version"]) == (
        "Alliance board", False, world.founder.pk, [], 1)
    assert JournalEntry.objects.filter(kind="BodySetUp").count() == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"substitutes_may_attend": "true"}, "substitutes_may_attend"),
    ({"level": "galactic"}, "level"),
    ({"chair_person_id": "5"}, "chair_person_id"),
    ({"chair_person_id": 2 ** 63}, "chair_person_id"),
    ({"colour": "blue"}, "colour"),
    ({"chair_rule": "fixed"}, "chair_person_id"),
    ({"chair_rule": "fixed", "chair_person_id": 999999}, "chair_person_id"),
    ({"secretary_id": 999999}, "secretary_id"),
])
def test_wrong_input_is_400_on_its_field_and_changes_nothing(client, world, body, field):
    client.force_login(world.founder)
    before = state()
    response = send(client, "post", api(world, "/bodies"),
                    {"name": "Board", "kind": "board", "level": "strategic", **body})
    assert response.status_code == 400, response.content
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert any(field in n for n in names), names
    assert state() == before


@pytest.mark.parametrize("actor", NON_STEERING)
def test_others_are_refused_before_any_id_is_looked_up(client, world, actor):
    m = build_meetings(world)
    client.force_login(getattr(world, actor))
    before = state()
    assert send(client, "post", api(world, "/bodies"), {
        "name": "Board", "kind": "board", "level": "strategic", "chair_rule": "fixed",
        "chair_person_id": 999999}).status_code == 403
    assert send(client, "put", api(world, f"/bodies/{m.body.pk}"),
                update_body(m.body, secretary_id=999999)).status_code == 403
    assert send(client, "post", api(world, f"/bodies/{m.body.pk}/seats"),
                {"partner_id": 999999}).status_code == 403
    assert client.delete(api(world, f"/bodies/{m.body.pk}")).status_code == 403
    assert client.delete(api(world, f"/bodies/{m.body.pk}/seats/{m.seat_a.pk}")
                         ).status_code == 403
    assert state() == before


def test_a_stale_update_is_409(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    first = send(client, "put", api(world, f"/bodies/{m.body.pk}"),
                 update_body(m.body, mandate="Fortnightly"))
    assert first.status_code == 200
    assert first.json()["version"] == 2
    before = state()
    stale = send(client, "put", api(world, f"/bodies/{m.body.pk}"),
                 update_body(m.body, mandate="Monthly"))
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert state() == before


def test_the_rotation_must_name_every_seated_partner(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    a, b = world.partner_a.pk, world.partner_b.pk
    before = state()
    assert invalid(send(client, "put", api(world, f"/bodies/{m.body.pk}"),
                        update_body(m.body, rotation=[a])), "rotation")
    assert invalid(send(client, "put", api(world, f"/bodies/{m.body.pk}"),
                        update_body(m.body, rotation=[a, None])), "rotation")
    assert state() == before
    ok = send(client, "put", api(world, f"/bodies/{m.body.pk}"),
              update_body(m.body, rotation=[b, a], chair_rule="rotating",
                          chair_person_id=None))
    assert ok.status_code == 200, ok.content
    assert (ok.json()["rotation"], ok.json()["chair_person_id"]) == ([b, a], None)


def test_adding_filling_and_removing_a_seat(client, world):
    m = build_meetings(world)
    line_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Line B")
    give_role(world.partner_b, line_b, Role.LINE_MANAGER)
    client.force_login(world.coordinator_b)
    added = send(client, "post", api(world, f"/bodies/{m.body.pk}/seats"),
                 {"partner_id": world.partner_b.pk})
    assert added.status_code == 201
    seat = added.json()
    assert (seat["partner_id"], seat["position"], seat["vacant"]) == (world.partner_b.pk, 2,
                                                                     True)
    filled = send(client, "put", api(world, f"/bodies/{m.body.pk}/seats/{seat['id']}"),
                  {"holder_id": line_b.pk, "substitute_id": world.coordinator_b.pk})
    assert filled.status_code == 200, filled.content
    assert (filled.json()["holder_name"], filled.json()["substitute_name"]) == (
        "Line B", "Coordinator B")
    assert client.delete(api(world, f"/bodies/{m.body.pk}/seats/{seat['id']}")
                         ).status_code == 204
    assert [e.kind for e in JournalEntry.objects.filter(
        kind__startswith="Seat").order_by("seq")] == ["SeatAdded", "SeatFilled", "SeatRemoved"]


def test_a_coordinator_of_b_cannot_fill_as_seat(client, world):
    m = build_meetings(world)
    client.force_login(world.coordinator_b)
    before = state()
    response = send(client, "put", api(world, f"/bodies/{m.body.pk}/seats/{m.seat_a.pk}"),
                    {"holder_id": world.coordinator_b.pk, "substitute_id": None})
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize(("holder", "substitute", "field"), [
    ("coordinator_b", None, "holder_id"), ("outsider", None, "holder_id"),
    ("professional_a", "observer_b", "substitute_id"), (999999, None, "holder_id"),
])
def test_a_seat_takes_only_its_own_partners_people(client, world, holder, substitute, field):
    m = build_meetings(world)
    client.force_login(world.founder)
    before = state()
    response = send(client, "put", api(world, f"/bodies/{m.body.pk}/seats/{m.seat_a.pk}"), {
        "holder_id": holder if isinstance(holder, int) else getattr(world, holder).pk,
        "substitute_id": getattr(world, substitute).pk if substitute else None})
    assert invalid(response, field)
    assert state() == before


# --- query counts -----------------------------------------------------------------------------


def seed(world, start, n):
    for i in range(start, start + n):
        body = services.body_set_up(actor=world.founder, alliance=world.alliance,
                                    name=f"Group {i:03d}", kind="working_group",
                                    level=["strategic", "tactical", "operational"][i % 3])
        for partner in (world.partner_a, world.partner_b):
            services.seat_add(actor=world.founder, body=body, partner=partner)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize("path", ["/bodies?pageSize=100", "/structure"])
def test_reads_cost_the_same_for_3_and_30_bodies(client, world, path):
    client.force_login(world.founder)
    seed(world, 0, 3)
    few, _ = queries(client, api(world, path))
    seed(world, 3, 27)
    many, data = queries(client, api(world, path))
    assert few == many
    if "levels" in data:
        assert sum(len(lv["bodies"]) for lv in data["levels"]) == 30
    else:
        assert data["total"] == 30


def test_the_decision_rule_in_the_api(client, world):
    m = build_meetings(world)
    client.force_login(world.founder)
    created = send(client, "post", api(world, "/bodies"), {
        "name": "Board", "kind": "board", "level": "strategic",
        "decision_rule": "qualified_majority", "majority_basis": "weight",
        "qualified_numerator": 3, "qualified_denominator": 4, "quorum_percent": 50,
        "quorum_basis": "present", "weights": {str(world.partner_a.pk): 3},
        "secret_ballot": True})
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["voting_unit"], data["majority_basis"], data["qualified_numerator"],
            data["qualified_denominator"], data["quorum_percent"], data["quorum_basis"],
            data["weights"], data["secret_ballot"]) == (
        "partner", "weight", 3, 4, 50, "present", {str(world.partner_a.pk): 3}, True)
    before = state()
    assert invalid(send(client, "post", api(world, "/bodies"), {
        "name": "Board 2", "kind": "board", "level": "strategic",
        "weights": {"999999": 2}}), "weights")
    assert invalid(send(client, "post", api(world, "/bodies"), {
        "name": "Board 2", "kind": "board", "level": "strategic",
        "weights": {str(world.partner_a.pk): 0}}), f"weights.{world.partner_a.pk}")
    assert invalid(send(client, "post", api(world, "/bodies"), {
        "name": "Board 2", "kind": "board", "level": "strategic",
        "quorum_percent": 101}), "quorum_percent")
    assert state() == before
    # A change that leaves the rule out keeps it.
    body = m.body
    kept = send(client, "put", api(world, f"/bodies/{body.pk}"),
                update_body(body, mandate="Steers the chain."))
    assert kept.status_code == 200, kept.content
    changed = send(client, "put", api(world, f"/bodies/{body.pk}"),
                   update_body(Body.objects.get(pk=body.pk), voting_unit="seat",
                               secret_ballot=True))
    assert (changed.json()["voting_unit"], changed.json()["secret_ballot"],
            changed.json()["decision_rule"]) == ("seat", True, body.decision_rule)
