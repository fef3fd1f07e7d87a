"""The Idempotency-Key header on operations of a router of the tests' own: what is stored,
replayed, refused, and for whom; the header in the OpenAPI document. (Core imports no domain
app, its tests neither: the real API, the action-items create operation, and the same key sent
twice at the same moment on PostgreSQL are tested in concordia/actions/tests.)"""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, NinjaAPI, Router, Status
from ninja.testing import TestClient

from concordia.core.idempotency import (
    HEADER,
    KEY_LIFETIME,
    OPENAPI_PARAMETER,
    REPLAYED_HEADER,
    expire_keys,
    idempotent,
)
from concordia.core.models import IdempotencyKey
from concordia.core.problems import PROBLEM_CONTENT_TYPE

User = get_user_model()

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
        User.objects.create_user("written-before-the-crash@example.org")
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


def post(person: Any, body: dict[str, Any], key: str | None = "k-1", path: str = "/things"):
    headers = {} if key is None else {HEADER: key}
    return client.post(path, json=body, user=person, headers=headers)


def someone(name: str) -> Any:
    return User.objects.create_user(f"{name}@example.org")


@pytest.fixture
def person(db) -> Any:
    return someone("person")


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
    other = someone("other")
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
    assert not User.objects.filter(email="written-before-the-crash@example.org").exists()
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


# --- the OpenAPI document ---------------------------------------------------------------------

def test_decorated_operations_document_the_optional_header():
    api = NinjaAPI(urls_namespace="idempotency-tests")
    api.add_router("", router)
    paths = api.get_openapi_schema(path_prefix="")["paths"]
    create = paths["/things"]["post"]
    assert create["parameters"] == [OPENAPI_PARAMETER]
    assert OPENAPI_PARAMETER["required"] is False
    put = paths["/things/{number}"]["put"]
    assert [(p["name"], p["in"]) for p in put["parameters"]] == [
        ("number", "path"), (HEADER, "header")]
    assert paths["/plain"]["post"]["parameters"] == []
