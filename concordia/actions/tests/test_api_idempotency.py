"""The Idempotency-Key header on a real write (giving an action): a retry returns the same
action, makes one row and one journal entry; keys per person, whether token or session; the
header in the OpenAPI document; and the same key sent twice at the same moment on PostgreSQL."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from concordia.accounts.services import api_token_create
from concordia.actions.models import ActionItem
from concordia.api.main import api
from concordia.core.idempotency import HEADER, REPLAYED_HEADER
from concordia.core.models import IdempotencyKey
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.testing.concurrency import run_pair


def create_url(world) -> str:
    return reverse("api:create_action", kwargs={"alliance_id": world.alliance.pk})


def give(api_client: Client, world, body: dict[str, Any], key: str | None, **headers: str):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    body = {"owner_person_id": world.professional_a.pk, **body}
    return api_client.post(create_url(world), json.dumps(body),
                           content_type="application/json", **headers)


def counts(world) -> tuple[int, int]:
    return (ActionItem.objects.filter(alliance=world.alliance).count(),
            JournalEntry.objects.filter(alliance=world.alliance,
                                        kind="ActionAssigned").count())


@pytest.mark.django_db
def test_the_api_without_a_key_refuses_the_same_action_twice(client, world):
    client.force_login(world.founder)
    assert give(client, world, {"title": "Draft the plan"}, None).status_code == 201
    assert give(client, world, {"title": "Draft the plan"}, None).status_code == 409


@pytest.mark.django_db
def test_the_api_gives_an_action_once_however_often_it_is_sent(client, world):
    client.force_login(world.founder)
    before = counts(world)
    answers = [give(client, world, {"title": "Draft the plan"}, "give-1") for _ in range(3)]
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert [a.content for a in answers[1:]] == [answers[0].content] * 2
    assert counts(world) == (before[0] + 1, before[1] + 1)
    assert answers[1]["API-Version"]  # the middleware's header on a replay too
    other = give(client, world, {"title": "Another plan"}, "give-1")
    assert other.status_code == 422
    assert counts(world) == (before[0] + 1, before[1] + 1)


@pytest.mark.django_db
def test_the_api_with_a_token_keeps_keys_per_person(client, world):
    _token, raw = api_token_create(actor=world.founder, name="script", days=1)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    first = give(Client(), world, {"title": "Book the room"}, "same", **bearer)
    again = give(Client(), world, {"title": "Book the room"}, "same", **bearer)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert IdempotencyKey.objects.get().person_id == world.founder.pk
    client.force_login(world.founder)  # the session's person is the token's person: one key
    assert give(client, world, {"title": "Book the room"}, "same").json()["id"] == (
        first.json()["id"])
    client.force_login(world.coordinator_b)  # someone else's "same" is their own
    assert give(client, world, {"title": "Book the room"}, "same").status_code == 409


@pytest.mark.django_db
def test_the_api_replays_a_refusal_and_stores_nothing_before_log_in(client, world):
    assert give(client, world, {"title": "x"}, "anon").status_code == 401
    assert IdempotencyKey.objects.count() == 0
    client.force_login(world.observer_b)
    refused = give(client, world, {"title": "Not mine to give"}, "obs")
    assert refused.status_code == 403
    again = give(client, world, {"title": "Not mine to give"}, "obs")
    assert (again.status_code, again.content, again[REPLAYED_HEADER]) == (
        403, refused.content, "true")
    assert again["Content-Type"] == PROBLEM_CONTENT_TYPE


@pytest.mark.django_db
def test_the_api_refuses_a_malformed_key(client, world):
    client.force_login(world.founder)
    refused = give(client, world, {"title": "Draft"}, "x" * 256)
    assert refused.status_code == 400
    assert refused.json()["type"] == "urn:concordia:problem:idempotency_key_invalid"
    assert counts(world)[0] == 0


# --- the OpenAPI document ---------------------------------------------------------------------

def test_decorated_operations_document_the_optional_header():
    paths = api.get_openapi_schema()["paths"]
    create = paths["/alliances/{alliance_id}/actions"]["post"]
    header = [p for p in create["parameters"] if p["in"] == "header"]
    assert [(p["name"], p["required"]) for p in header] == [(HEADER, False)]
    assert header[0]["schema"]["maxLength"] == 255
    assert {p["in"] for p in create["parameters"]} == {"path", "header"}
    listing = paths["/alliances/{alliance_id}/actions"]["get"]
    assert HEADER not in [p["name"] for p in listing["parameters"]]


# --- PostgreSQL: the same key at the same moment ----------------------------------------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="needs concurrent writers with row locks (PostgreSQL)")
ROUNDS = 8


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_the_same_key_twice_at_once_writes_once_and_answers_both_alike(world):
    _token, raw = api_token_create(actor=world.founder, name="script", days=1)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for n in range(ROUNDS):
        body = {"title": f"Call the partners {n}"}
        outcomes = run_pair(lambda body=body, n=n: give(Client(), world, body, f"at-once-{n}",
                                                        **bearer),
                            lambda body=body, n=n: give(Client(), world, body, f"at-once-{n}",
                                                        **bearer))
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        assert [o.status_code for o in outcomes] == [201, 201]
        assert outcomes[0].content == outcomes[1].content
        assert sorted(o.get(REPLAYED_HEADER, "") for o in outcomes) == ["", "true"]
    assert counts(world) == (ROUNDS, ROUNDS)
    assert IdempotencyKey.objects.count() == ROUNDS


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_the_same_key_for_two_requests_at_once_runs_one(world):
    _token, raw = api_token_create(actor=world.founder, name="script", days=1)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for n in range(ROUNDS):
        outcomes = run_pair(
            lambda n=n: give(Client(), world, {"title": f"One {n}"}, f"k-{n}", **bearer),
            lambda n=n: give(Client(), world, {"title": f"Other {n}"}, f"k-{n}", **bearer))
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        assert sorted(o.status_code for o in outcomes) == [201, 422]
    assert counts(world) == (ROUNDS, ROUNDS)
