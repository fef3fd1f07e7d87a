"""The decisions API: the register, a proposal, a decision with the votes its reader may see
(a secret ballot shows nothing of others before it closes — not even in the number of
queries), votes, closing with the tally, withdrawing, follow-ups, delegates; 4xx answers as
problem documents; flat query counts for a decision of 3 and of 30 partners."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concordia.alliances.choices import PartnerStatus, PartnerType, Role
from concordia.alliances.models import Partner
from concordia.bodies.models import Body, Seat
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.decisions import services
from concordia.decisions.choices import DecisionStatus
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.journal.models import JournalEntry
from concordia.testing.decisions import decisions_of
from concordia.testing.factories import OrganisationFactory, PersonFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world):
    return decisions_of(SimpleNamespace(world=world))


def api(world, path=""):
    return f"/api/v1/alliances/{world.alliance.pk}{path}"


def send(client, method, path, body=None):
    return getattr(client, method)(path, data=json.dumps(body or {}),
                                   content_type="application/json")


def state():
    return (list(Decision.objects.order_by("pk").values_list("pk", "status", "version",
                                                             "outcome")),
            list(Vote.objects.order_by("pk").values_list("pk", "current")),
            list(Delegate.objects.order_by("pk").values_list("pk", "removed_at")),
            JournalEntry.objects.count())


def invalid(response, name):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    return [p["name"] for p in response.json()["invalidParams"]] == [name]


def deadline(days=14):
    return (timezone.now().replace(microsecond=0) + dt.timedelta(days=days)).isoformat()


# --- the register -----------------------------------------------------------------------------


def test_the_register_lists_searches_and_filters(client, world, dw):
    client.force_login(world.observer_b)
    page = client.get(api(world, "/decisions")).json()
    assert page["total"] == 3
    assert [d["number"] for d in page["results"]] == [3, 2, 1]
    first = page["results"][-1]
    assert (first["title"], first["body_name"], first["procedure"], first["status"],
            first["outcome"], first["rule"]["carries"], first["rule"]["voting_unit"]) == (
        "Share the delivery figures monthly", "Tactical table", "written", "open", None,
        "consensus", "partner")
    assert [d["number"] for d in client.get(api(world, "/decisions?q=utrecht")).json()[
        "results"]] == [2]
    assert [d["number"] for d in client.get(api(world, "/decisions?outcome=carried")).json()[
        "results"]] == [2]
    assert [d["number"] for d in client.get(api(world, "/decisions?status=open")).json()[
        "results"]] == [3, 1]
    assert client.get(api(world, f"/decisions?bodyId={dw.mw.other_body.pk}")).json()[
        "total"] == 0


def test_another_alliances_decision_is_not_there(client, world, dw):
    client.force_login(world.founder)
    other = f"/api/v1/alliances/{world.other_alliance.pk}/decisions/{dw.other_decision.pk}"
    assert client.get(other).status_code == 404
    assert client.get(api(world, f"/decisions/{dw.other_decision.pk}")).status_code == 404
    before = state()
    response = send(client, "post", api(world, f"/decisions/{dw.other_decision.pk}/close"),
                    {"version": 1})
    assert response.status_code == 404
    assert state() == before


# --- proposing --------------------------------------------------------------------------------


def test_an_organiser_puts_a_proposal(client, world, dw):
    client.force_login(world.coordinator_b)
    response = send(client, "post", api(world, "/decisions"), {
        "body_id": dw.mw.body.pk, "title": "Adopt  the standard", "proposal": "We adopt it.",
        "procedure": "written", "deadline": deadline(), "secret": True, "block": "board",
        "refers_to_id": dw.closed.pk})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["number"], data["title"], data["secret"], data["block"], data["refers_to_id"],
            data["status"], data["version"]) == (4, "Adopt the standard", True, "board",
                                                 dw.closed.pk, "open", 1)
    assert [u["unit"] for u in data["my_units"]] == [f"partner:{world.partner_b.pk}"]
    assert sorted(u["unit"] for u in data["eligible"]) == sorted(
        [f"partner:{world.partner_a.pk}", f"partner:{world.partner_b.pk}"])


def test_a_proposal_is_refused_on_its_field(client, world, dw):
    client.force_login(world.founder)
    base = {"body_id": dw.mw.body.pk, "title": "Adopt", "proposal": "We adopt it.",
            "procedure": "written"}
    before = state()
    assert invalid(send(client, "post", api(world, "/decisions"), base), "deadline")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "deadline": deadline(-1)}), "deadline")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "body_id": dw.mw.other_body.pk, "deadline": deadline()}),
                   "body_id")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "procedure": "meeting",
                         "agenda_item_id": dw.mw.open_item.pk}), "agenda_item_id")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "deadline": deadline(), "refers_to_id": dw.written.pk}),
                   "refers_to_id")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "deadline": deadline(), "secret": "yes"}), "secret")
    assert invalid(send(client, "post", api(world, "/decisions"),
                        {**base, "deadline": deadline(), "colour": "red"}), "colour")
    assert state() == before


def test_who_may_not_propose_gets_403_whatever_body_they_name(client, world, dw):
    client.force_login(world.observer_b)
    before = state()
    response = send(client, "post", api(world, "/decisions"), {
        "body_id": 999_999, "title": "Adopt", "proposal": "We adopt it.",
        "procedure": "written", "deadline": deadline()})
    assert response.status_code == 403
    assert state() == before


# --- votes ------------------------------------------------------------------------------------


def vote(client, world, decision, **body):
    return send(client, "post", api(world, f"/decisions/{decision.pk}/votes"), body)


def test_a_vote_is_cast_replaced_and_shown(client, world, dw):
    client.force_login(world.professional_a)
    first = vote(client, world, dw.written, choice="for")
    assert first.status_code == 201, first.content
    assert (first.json()["unit"], first.json()["choice"], first.json()["unit_name"]) == (
        f"partner:{world.partner_a.pk}", "for", world.partner_a.organisation.name)
    second = vote(client, world, dw.written, choice="against", reason="Not yet.")
    assert second.status_code == 201
    data = client.get(api(world, f"/decisions/{dw.written.pk}")).json()
    assert [(v["unit"], v["choice"], v["reason"]) for v in data["votes"]] == [
        (f"partner:{world.partner_a.pk}", "against", "Not yet.")]
    assert data["my_units"][0]["vote"]["choice"] == "against"
    assert {u["unit"]: u["voted"] for u in data["eligible"]} == {
        f"partner:{world.partner_a.pk}": True, f"partner:{world.partner_b.pk}": False}


def test_votes_are_refused_as_problems(client, world, dw):
    client.force_login(world.professional_a)
    before = state()
    assert invalid(vote(client, world, dw.written, choice="objection"), "reason")
    assert invalid(vote(client, world, dw.written, choice="maybe"), "choice")
    assert invalid(vote(client, world, dw.written, shares={"for": "1"}), "shares")
    assert invalid(vote(client, world, dw.written, choice="for", seat_id=dw.mw.seat_a.pk + 99),
                   "seat_id")
    closed = vote(client, world, dw.closed, choice="for")
    assert closed.status_code == 409
    late = vote(client, world, dw.due, choice="for")
    assert late.status_code == 409
    assert late.json()["detail"]
    client.force_login(world.observer_b)
    assert vote(client, world, dw.written, choice="for").status_code == 403
    assert state() == before


def test_a_secret_ballot_shows_nobody_elses_vote_before_it_closes(client, world, dw):
    Decision.objects.filter(pk=dw.written.pk).update(secret=True)
    services.vote_cast(actor=world.professional_a, decision=dw.written, choice="objection",
                       reason="The budget is gone.")
    client.force_login(world.coordinator_b)
    response = client.get(api(world, f"/decisions/{dw.written.pk}"))
    data = response.json()
    assert data["votes"] == []
    assert data["tally"] is None
    assert b"objection" not in response.content
    assert b"budget" not in response.content
    client.force_login(world.professional_a)
    own = client.get(api(world, f"/decisions/{dw.written.pk}")).json()
    assert [v["choice"] for v in own["votes"]] == ["objection"]
    journal = client.get(api(world, "/journal?pageSize=100"))
    if journal.status_code == 200:
        assert b"budget" not in journal.content
        assert b"objection" not in journal.content


def _decision_queries(client, world, decision):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(api(world, f"/decisions/{decision.pk}"))
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize("reader", ["coordinator_b", "observer_b", "professional_a"])
def test_what_was_voted_does_not_change_the_number_of_queries(client, world, dw, reader):
    Decision.objects.filter(pk=dw.written.pk).update(secret=True)
    decision = Decision.objects.get(pk=dw.written.pk)
    client.force_login(getattr(world, reader))
    nothing, _ = _decision_queries(client, world, decision)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    one_for, _ = _decision_queries(client, world, decision)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="objection",
                       reason="No.")
    services.vote_cast(actor=world.coordinator_b, decision=decision, choice="against")
    others, data = _decision_queries(client, world, decision)
    assert nothing == one_for == others
    assert data["tally"] is None


# --- closing, withdrawing, follow-ups ---------------------------------------------------------


def test_closing_shows_the_tally_and_every_vote(client, world, dw):
    Decision.objects.filter(pk=dw.due.pk).update(secret=True)
    Vote.objects.create(decision=dw.due, unit=f"partner:{world.partner_a.pk}",
                        partner=world.partner_a, cast_by=world.professional_a, choice="for",
                        cast_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(world.founder)
    assert send(client, "post", api(world, f"/decisions/{dw.due.pk}/close"),
                {"version": 5}).status_code == 409
    response = send(client, "post", api(world, f"/decisions/{dw.due.pk}/close"),
                    {"version": 1})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"], data["version"]) == ("closed", "carried", 2)
    assert data["tally"]["because"] == "carried"
    assert data["tally"]["standing"] == [{"unit": f"partner:{world.partner_a.pk}",
                                          "name": world.partner_a.organisation.name,
                                          "shares": {"for": 1}}]
    client.force_login(world.observer_b)
    seen = client.get(api(world, f"/decisions/{dw.due.pk}")).json()
    assert [v["choice"] for v in seen["votes"]] == ["for"]


def test_withdrawing_and_follow_ups(client, world, dw):
    client.force_login(world.professional_a)
    before = state()
    assert send(client, "post", api(world, f"/decisions/{dw.written.pk}/withdraw"),
                {"version": 1}).status_code == 403
    assert send(client, "post", api(world, f"/decisions/{dw.closed.pk}/follow-ups"),
                {"action_id": dw.mw.action.pk}).status_code == 403
    assert state() == before
    client.force_login(world.founder)
    withdrawn = send(client, "post", api(world, f"/decisions/{dw.written.pk}/withdraw"),
                     {"version": 1})
    assert withdrawn.json()["status"] == DecisionStatus.WITHDRAWN
    linked = send(client, "post", api(world, f"/decisions/{dw.closed.pk}/follow-ups"),
                  {"action_id": dw.mw.action.pk})
    assert linked.status_code == 201
    assert linked.json()["follow_up_action_ids"] == [dw.mw.action.pk]
    assert invalid(send(client, "post", api(world, f"/decisions/{dw.closed.pk}/follow-ups"),
                        {"action_id": 999_999}), "action_id")


# --- delegates --------------------------------------------------------------------------------


def test_delegates_are_named_and_removed_by_their_own_partner(client, world, dw):
    body_path = api(world, f"/bodies/{dw.mw.body.pk}/delegates")
    client.force_login(world.observer_b)
    listed = client.get(body_path).json()
    assert [(d["partner_id"], d["person_id"]) for d in listed["results"]] == [
        (world.partner_b.pk, world.coordinator_b.pk)]
    person = PersonFactory(organisation=world.founder.organisation, full_name="Delegate A")
    give_role(world.partner_a, person, Role.PROFESSIONAL)
    client.force_login(world.coordinator_b)
    before = state()
    assert send(client, "post", body_path, {"partner_id": world.partner_a.pk,
                                            "person_id": person.pk}).status_code == 403
    assert state() == before
    client.force_login(world.founder)
    assert invalid(send(client, "post", body_path, {"partner_id": world.partner_a.pk,
                                                    "person_id": world.observer_b.pk}),
                   "person_id")
    named = send(client, "post", body_path, {"partner_id": world.partner_a.pk,
                                             "person_id": person.pk})
    assert named.status_code == 201, named.content
    assert (named.json()["person_name"], named.json()["partner_name"]) == (
        "Delegate A", world.partner_a.organisation.name)
    assert send(client, "post", body_path, {"partner_id": world.partner_a.pk,
                                            "person_id": person.pk}).status_code == 409
    removed = client.delete(f"{body_path}/{named.json()['id']}")
    assert removed.status_code == 204
    assert client.delete(f"{body_path}/{named.json()['id']}").status_code == 409


# --- query counts -----------------------------------------------------------------------------


def body_of(world, name, partners):
    """A body voting per partner where ``partners`` partners (A, B and new ones) each hold a
    seat, its seat holders; the founder organises it."""
    body = Body.objects.create(alliance=world.alliance, name=name, kind="working_group",
                               level="tactical", chair_rule="fixed", chair_person=world.founder,
                               secretary=world.founder)
    Seat.objects.create(body=body, partner=world.partner_a, holder=world.professional_a)
    Seat.objects.create(body=body, partner=world.partner_b, holder=world.coordinator_b)
    people = [world.professional_a, world.coordinator_b]
    for _ in range(partners - 2):
        organisation = OrganisationFactory()
        partner = Partner.objects.create(alliance=world.alliance, organisation=organisation,
                                         partner_type=PartnerType.CORE,
                                         status=PartnerStatus.ACTIVE, joined_at=timezone.now())
        person = PersonFactory(organisation=organisation)
        give_role(partner, person, Role.PROFESSIONAL)
        Seat.objects.create(body=body, partner=partner, holder=person)
        people.append(person)
    return body, people


def counts(client, world, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(api(world, path))
    assert response.status_code == 200, response.content
    return len(captured), response.json()


@pytest.mark.parametrize("secret", [False, True])
@pytest.mark.parametrize("close", [False, True])
def test_a_decision_costs_the_same_for_3_and_30_partners(client, world, dw, secret, close):
    decisions = []
    for size in (3, 30):
        body, people = body_of(world, f"Group of {size}", size)
        decision = services.decision_propose(
            actor=world.founder, body=body, title=f"Proposal {size}", proposal="We adopt it.",
            procedure="written", deadline=timezone.now() + dt.timedelta(days=3), secret=secret)
        for n, person in enumerate(people):
            services.vote_cast(actor=person, decision=decision,
                               choice=["for", "against", "abstain"][n % 3])
        if close:  # early: every partner voted
            decision = services.decision_close(actor=world.founder,
                                               decision=Decision.objects.get(pk=decision.pk))
        decisions.append(decision)
    client.force_login(world.coordinator_b)
    few, small = counts(client, world, f"/decisions/{decisions[0].pk}")
    many, large = counts(client, world, f"/decisions/{decisions[1].pk}")
    assert (len(small["eligible"]), len(large["eligible"])) == (3, 30)
    assert few == many
    if close:
        assert len(large["votes"]) == 30
        assert len(large["tally"]["standing"]) == 30
    else:
        assert len(large["votes"]) == (1 if secret else 30)


def test_the_register_costs_the_same_for_3_and_30_decisions(client, world, dw):
    client.force_login(world.observer_b)
    few, _ = counts(client, world, "/decisions?pageSize=100")
    for n in range(27):
        services.decision_propose(actor=world.founder, body=dw.mw.body, title=f"Proposal {n}",
                                  proposal="We adopt it.", procedure="written",
                                  deadline=timezone.now() + dt.timedelta(days=3))
    Decision.objects.get(number=4).follow_up_actions.add(dw.mw.action)
    many, data = counts(client, world, "/decisions?pageSize=100")
    assert data["total"] == 30
    assert few == many


# --- idempotency keys -------------------------------------------------------------------------


def test_a_retried_vote_is_cast_once(client, world, dw):
    client.force_login(world.professional_a)
    path = api(world, f"/decisions/{dw.written.pk}/votes")
    answers = [client.post(path, data=json.dumps({"choice": "for"}),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="vote-1")
               for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.get("Idempotent-Replayed", "") for a in answers] == ["", "true", "true"]
    assert answers[1].content == answers[0].content
    assert Vote.objects.filter(decision=dw.written).count() == 1
    assert JournalEntry.objects.filter(kind="VoteCast").count() == 1
    changed = client.post(path, data=json.dumps({"choice": "against"}),
                          content_type="application/json", HTTP_IDEMPOTENCY_KEY="vote-1")
    assert changed.status_code == 422
    assert Vote.objects.filter(decision=dw.written).count() == 1


def test_every_decisions_write_takes_an_idempotency_key():
    from concordia.api.main import api as ninja_api  # noqa: PLC0415 — the whole document

    paths = ninja_api.get_openapi_schema()["paths"]
    writes = [(path, method, operation) for path, item in paths.items()
              for method, operation in item.items()
              if method in ("post", "put", "delete")
              and ("/decisions" in path or "/delegates" in path)]
    assert len(writes) == 7
    for path, method, operation in writes:
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], (method, path)


def test_a_late_vote_says_403_to_who_may_not_vote_and_409_to_a_voter(client, world, dw):
    # Access before state (docs/access.md, "Decisions"): the deadline is said to voters only.
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    before = state()
    client.force_login(world.observer_b)
    refused = vote(client, world, dw.written, choice="for")
    assert (refused.status_code, refused["Content-Type"]) == (403, PROBLEM_CONTENT_TYPE)
    client.force_login(world.outsider)
    assert vote(client, world, dw.written, choice="for").status_code == 404
    client.force_login(world.professional_a)
    late = vote(client, world, dw.written, choice="for")
    assert (late.status_code, late.json()["type"]) == (409, "urn:concordia:problem:deadline")
    assert state() == before
