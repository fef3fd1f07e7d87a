"""Review API: a reviewer records through it, the key alliance manager submits, a board member
accepts a recommendation into an action; refusals are problem+json (strict bodies, 403, 404 for
another alliance, 409 on a stale change)."""

import json

import pytest
from django.urls import reverse

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.reviews import services
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.reviews import build_reviews, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return build_reviews(world)


def post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_a_reviewer_records_and_changes_a_finding_and_reads_them_by_pillar(client, world, rw):
    client.force_login(world.reviewer)
    url = reverse("api:record_finding", args=[world.alliance.pk, rw.review.pk])
    made = post(client, url, {"kind": "finding", "pillar": "knowledge",
                              "text": "Lessons are not searched."})
    assert made.status_code == 201
    body = made.json()
    assert (body["pillar"], body["answer"], body["version"]) == ("knowledge", "pending", 1)
    changed = post(client, reverse("api:update_finding", args=[
        world.alliance.pk, rw.review.pk, body["id"]]), {
        "kind": "finding", "pillar": "knowledge", "text": "Lessons are rarely searched.",
        "version": 1}, method="put")
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = post(client, reverse("api:update_finding", args=[
        world.alliance.pk, rw.review.pk, body["id"]]), {
        "kind": "finding", "pillar": "knowledge", "text": "x", "version": 1}, method="put")
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM_CONTENT_TYPE
    listed = client.get(reverse("api:list_findings", args=[world.alliance.pk, rw.review.pk]),
                        {"pillar": "knowledge"}).json()
    assert [f["text"] for f in listed["results"]] == ["Lessons are rarely searched."]


def test_strict_bodies_and_refusals(client, world, rw):
    client.force_login(world.reviewer)
    url = reverse("api:record_finding", args=[world.alliance.pk, rw.review.pk])
    unknown = post(client, url, {"kind": "finding", "pillar": "trust", "text": "x",
                                 "author": 1})
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert post(client, url, {"kind": "finding", "pillar": "moon", "text": "x"}
                ).status_code == 400
    client.force_login(world.professional_a)
    assert post(client, url, {"kind": "finding", "pillar": "trust", "text": "x"}
                ).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("api:get_review", args=[world.alliance.pk, rw.review.pk])
                      ).status_code == 404


def test_a_board_member_accepts_and_the_action_is_named(client, world, rw):
    board = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board, Role.BOARD_MEMBER)
    client.force_login(board)
    answer = post(client, reverse("api:accept_recommendation", args=[
        world.alliance.pk, rw.submitted.pk, rw.pending.pk]),
        {"reason": "Cheap.", "owner_partner_id": world.partner_b.pk})
    assert answer.status_code == 201
    body = answer.json()
    action = ActionItem.objects.get(pk=body["action_id"])
    assert (body["answer"], action.pillar, action.owner_partner) == (
        "accepted", "dialogue", world.partner_b)
    again = post(client, reverse("api:decline_recommendation", args=[
        world.alliance.pk, rw.submitted.pk, rw.pending.pk]), {"reason": "No."})
    assert again.status_code == 409


def test_an_invited_reviewer_accepts_by_the_api_once(client, world, rw):
    _invitation, token = services.reviewer_invite(actor=fresh(world.founder), review=rw.review,
                                                  email="peer@bureau.example")
    person = PersonFactory(email="peer@bureau.example", organisation=None, full_name="")
    client.force_login(person)
    url = reverse("api:accept_review_invitation")
    nameless = post(client, url, {"token": token})
    assert nameless.status_code == 400
    assert nameless.json()["invalidParams"][0]["name"] == "full_name"
    accepted = post(client, url, {"token": token, "full_name": "Pia Peer"})
    assert accepted.status_code == 201
    body = accepted.json()
    membership = Membership.objects.get(pk=body["membership_id"])
    assert (membership.role, membership.partner, membership.person) == (
        Role.EXTERNAL_REVIEWER, None, person)
    assert body == {"membership_id": membership.pk, "alliance_id": world.alliance.pk,
                    "review_id": rw.review.pk, "ends_on": rw.review.ends_on.isoformat()}
    assert [e.kind for e in JournalEntry.objects.filter(alliance=world.alliance)
            .order_by("-pk")[:2]] == ["ReviewerJoined", "RoleGranted"]
    again = post(client, url, {"token": token})
    assert (again.status_code, again["Content-Type"]) == (409, PROBLEM_CONTENT_TYPE)


def test_accepting_by_the_api_refuses_a_bad_token_another_address_and_extra_keys(
        client, world, rw):
    url = reverse("api:accept_review_invitation")
    client.force_login(world.stranger)
    before = JournalEntry.objects.count()
    unknown = post(client, url, {"token": "rev_not-a-real-token"})
    assert (unknown.status_code, unknown["Content-Type"]) == (404, PROBLEM_CONTENT_TYPE)
    other = post(client, url, {"token": rw.invitation_token})
    assert (other.status_code, other.json()["type"]) == (
        422, "urn:concordia:problem:wrong_person")
    assert post(client, url, {"token": rw.invitation_token, "role": "observer"}
                ).status_code == 400
    assert JournalEntry.objects.count() == before
    assert rw.invitation.__class__.objects.get(pk=rw.invitation.pk).accepted_at is None
