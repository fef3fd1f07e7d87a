"""The Idempotency-Key header: on operations of a router of the tests' own (what is stored,
replayed, refused, and for whom), on the real API (the action-items create operation), in the
OpenAPI document, and on PostgreSQL with the same key sent twice at the same moment."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from ninja import Body, Router, Status
from ninja.testing import TestClient

from concordia.accounts.models import Person
from concordia.accounts.services import api_token_create
from concordia.actions.models import ActionItem
from concordia.api.main import api
from concordia.core.idempotency import (
    HEADER,
    KEY_LIFETIME,
    REPLAYED_HEADER,
    expire_keys,
    idempotent,
)
from concordia.core.models import IdempotencyKey
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.testing.concurrency import run_pair
from concordia.testing.factories import PersonFactory

# --- a router of the tests' own ---------------------------------------------------------------

RUNS: list[dict[str, Any]] = []


def person_auth(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


router = Router(auth=person_auth)


@router.post("/things", response={201: dict, 200: dict})
@idempotent
def make_thing(request: HttpRequest, payload: Body[dict[str, Any]]) -> Any:
    RUNS.append(payload)
    if payload.get("crash"):
        PersonFactory(full_name="Written before the crash")
        raise RuntimeError("crash")
    if payload.get("refuse"):
        return Status(200, {"refused": True, "run": len(RUNS)})
    return Status(201, {"run": len(RUNS), "echo": payload})


@idempotent  # above the route decorator: works the same
@router.put("/things/{number}", response=dict)
def put_thing(request: HttpRequest, number: int, payload: Body[dict[str, Any]]) -> Any:
    RUNS.append(payload)
    return {"number": number, "run": len(RUNS)}


@router.post("/plain", response=dict)
def plain(request: HttpRequest) -> Any:
    RUNS.append({})
    return {"run": len(RUNS)}


client = TestClient(router)


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()


def post(person: Person, body: dict[str, Any], key: str | None = "k-1", path: str = "/things"):
    headers = {} if key is None else {HEADER: key}
    return client.post(path, json=body, user=person, headers=headers)


@pytest.fixture
def person(db) -> Person:
    return PersonFactory()


def test_without_the_header_the_operation_runs_every_time(person):
    assert post(person, {"a": 1}, key=None).json() == {"run": 1, "echo": {"a": 1}}
    assert post(person, {"a": 1}, key=None).json() == {"run": 2, "echo": {"a": 1}}
    assert IdempotencyKey.objects.count() == 0


def test_a_retry_gets_the_first_answer_without_running_again(person):
    first = post(person, {"a": 1})
    again = post(person, {"a": 1})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() == {"run": 1, "echo": {"a": 1}}
    assert again[REPLAYED_HEADER] == "true"
    assert REPLAYED_HEADER not in first.headers
    assert again["Content-Type"] == first["Content-Type"]
    assert len(RUNS) == 1
    stored = IdempotencyKey.objects.get()
    assert (stored.person_id, stored.key, stored.status) == (person.pk, "k-1", 201)
    assert stored.expires_at - stored.created_at == KEY_LIFETIME


def test_a_json_body_is_compared_by_value(person):
    client.post("/things", data='{"a": 1, "b": [1, 2]}', user=person, headers={HEADER: "k"},
                content_type="application/json")
    again = client.post("/things", data='{"b":[1,2],\n "a":1}', user=person,
                        headers={HEADER: "k"}, content_type="application/json")
    assert again.status_code == 201
    assert again[REPLAYED_HEADER] == "true"
    assert len(RUNS) == 1


@pytest.mark.parametrize("other", [
    {"body": {"a": 2}},
    {"body": {"a": 1}, "path": "/things?x=1"},
])
def test_the_same_key_with_another_request_is_refused(person, other):
    post(person, {"a": 1})
    refused = post(person, other["body"], path=other.get("path", "/things"))
    assert refused.status_code == 422
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert refused.json()["type"] == "urn:concordia:problem:idempotency_key_reused"
    assert len(RUNS) == 1


def test_a_key_on_another_method_and_path_is_another_request(person):
    post(person, {"a": 1}, key="shared")
    assert client.put("/things/7", json={"a": 1}, user=person,
                      headers={HEADER: "shared"}).status_code == 422
    assert client.put("/things/7", json={"a": 1}, user=person,
                      headers={HEADER: "other"}).json() == {"number": 7, "run": 2}
    again = client.put("/things/7", json={"a": 1}, user=person, headers={HEADER: "other"})
    assert again.json() == {"number": 7, "run": 2}
    assert again[REPLAYED_HEADER] == "true"


@pytest.mark.parametrize("key", ["", "x" * 256, "é", "tab\there", "nul\x7f"])
def test_a_malformed_key_is_refused_and_nothing_runs(person, key):
    refused = post(person, {"a": 1}, key=key)
    assert refused.status_code == 400
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    problem = refused.json()
    assert problem["type"] == "urn:concordia:problem:idempotency_key_invalid"
    assert problem["invalidParams"][0]["name"] == HEADER
    assert RUNS == []
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.parametrize("key", ["x" * 255, "a", " ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"])
def test_any_printable_ascii_up_to_255_characters_is_a_key(person, key):
    assert post(person, {"a": 1}, key=key).status_code == 201
    assert post(person, {"a": 1}, key=key)[REPLAYED_HEADER] == "true"
    assert len(RUNS) == 1


def test_keys_are_each_persons_own(person):
    other = PersonFactory()
    assert post(person, {"a": 1}).json()["run"] == 1
    assert post(other, {"a": 1}).json()["run"] == 2
    assert post(other, {"a": 2}).status_code == 422  # other's own key, other's own request
    assert IdempotencyKey.objects.filter(key="k-1").count() == 2


def test_an_answer_that_is_a_refusal_is_stored_too(person):
    first = post(person, {"refuse": True})
    again = post(person, {"refuse": True})
    assert first.json() == again.json() == {"refused": True, "run": 1}
    assert len(RUNS) == 1


def test_a_crash_keeps_neither_the_write_nor_the_key(person):
    with pytest.raises(RuntimeError):
        post(person, {"crash": True})
    assert not Person.objects.filter(full_name="Written before the crash").exists()
    assert IdempotencyKey.objects.count() == 0
    with pytest.raises(RuntimeError):
        post(person, {"crash": True})
    assert len(RUNS) == 2  # the retry ran again


def test_input_that_never_reached_the_operation_stores_nothing(person):
    refused = client.post("/things", data="[1]", user=person, headers={HEADER: "k"},
                          content_type="application/json")
    assert refused.status_code >= 400
    assert IdempotencyKey.objects.count() == 0
    assert RUNS == []


def test_an_expired_key_is_as_good_as_new(person):
    post(person, {"a": 1})
    IdempotencyKey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert post(person, {"a": 2}).json()["run"] == 2
    assert post(person, {"a": 2})[REPLAYED_HEADER] == "true"
    assert IdempotencyKey.objects.count() == 1


def test_expired_keys_are_deleted_by_the_daily_command(person, capsys):
    post(person, {"a": 1}, key="old")
    post(person, {"a": 1}, key="new")
    IdempotencyKey.objects.filter(key="old").update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("idempotency_keys_expire")
    assert "1 expired idempotency key(s) deleted" in capsys.readouterr().out
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert expire_keys() == 0


def test_an_undecorated_operation_ignores_the_header(person):
    assert client.post("/plain", user=person, headers={HEADER: "k"}).json() == {"run": 1}
    assert client.post("/plain", user=person, headers={HEADER: "k"}).json() == {"run": 2}
    assert IdempotencyKey.objects.count() == 0


# --- the real API: giving an action ---------------------------------------------------------

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
