"""The API's input contract, as the OpenAPI document states it: every component name stands for
one schema, every integer the API takes is bounded, and request bodies take their JSON types
only. Out-of-range ids never reach the database (SQLite raised OverflowError: a 500)."""

import json
import typing
from collections import defaultdict
from typing import Any

import pytest
from pydantic import BaseModel

from concordia.alliances.models import Alliance, Document
from concordia.api.main import api
from concordia.core.ids import MAX_ID
from concordia.core.problems import PROBLEM_CONTENT_TYPE

API = "/api/v1"
TOO_BIG = 2**63
HUGE = 2**64 + 5


def _models_in(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def schema_classes() -> set[type[BaseModel]]:
    """The project's schema classes that the operations use, in bodies, parameters and
    responses (ninja's own wrappers around them left out)."""
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    if model is not None:
                        _models_in(model, found)
    return {cls for cls in found if cls.__module__.startswith("concordia.")}


def test_every_component_name_stands_for_one_schema():
    # ninja names a component after its class and silently keeps one of two equal names
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in schema_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")

    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}

    assert clashes == {}
    components = api.get_openapi_schema()["components"]["schemas"]
    assert set(by_name) - set(components) <= {"PageQuery"}  # query parameters are inlined


def test_contingency_advice_is_documented_with_its_own_schema():
    document = api.get_openapi_schema()
    operation = document["paths"]["/alliances/{alliance_id}/contingency-advice"]["get"]
    responses = {str(k): v for k, v in operation["responses"].items()}
    ref = responses["200"]["content"]["application/json"]["schema"]["$ref"]
    advice = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]["advice"]

    item = document["components"]["schemas"][advice["items"]["$ref"].rsplit("/", 1)[1]]

    assert set(item["properties"]) == {"block", "emphasis", "reason", "text"}


def _integers(schema: Any, components: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    """Where an integer without bounds inside the id range can be sent."""
    if isinstance(schema, list):
        return [hit for item in schema for hit in _integers(item, components, where, seen)]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        return _integers(components[name], components, f"{where}>{name}", {*seen, name})
    hits = []
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is None or high is None or low < -MAX_ID - 1 or high > MAX_ID:
            hits.append(where)
    for key, value in schema.items():
        if isinstance(value, dict | list):
            hits += _integers(value, components, f"{where}.{key}", seen)
    return hits


def test_every_integer_the_api_takes_is_bounded():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    unbounded = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                unbounded += _integers(parameter["schema"], components,
                                       f"{method} {path} {parameter['name']}", set())
            for media in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _integers(media["schema"], components, f"{method} {path} body",
                                       set())

    assert unbounded == []


def call(client, method: str, path: str, body: Any = None):
    if body is None:
        return getattr(client, method)(API + path)
    return getattr(client, method)(API + path, json.dumps(body),
                                   content_type="application/json")


def problem(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()[:500]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    return response.json()


@pytest.fixture
def founder(client, world):
    client.force_login(world.founder)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the reasons asserted in English
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, TOO_BIG, HUGE])
@pytest.mark.parametrize("path", [
    "/alliances/{n}", "/alliances/{n}/partners", "/organisations/{n}",
    "/alliances/{alliance}/memberships/{n}", "/alliances/{alliance}/objective/versions/{n}/"
    "endorsements", "/alliances/{alliance}/form-advice/{n}",
])
def test_an_id_out_of_range_in_the_path_is_404(founder, world, path, number):
    method = "post" if path.endswith("endorsements") else "get"
    url = path.format(n=number, alliance=world.alliance.pk)
    if "memberships" in path:
        method = "delete"

    problem(call(founder, method, url), 404)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [
    ("audience", [TOO_BIG]), ("audience", [HUGE]), ("audience", [0]), ("audience", [None]),
    ("audience", [1, None]),
])
def test_an_id_out_of_range_in_a_body_is_400(founder, world, field, value):
    documents = Document.objects.count()

    response = call(founder, "post", f"/alliances/{world.alliance.pk}/documents",
                    {"title": "Plan", "visibility": "confidential", field: value})

    assert next(p["name"] for p in problem(response, 400)["invalidParams"]).startswith(field)
    assert Document.objects.count() == documents


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    "AAA", ["Plan"], 42, None, True,
])
def test_a_body_that_is_not_an_object_is_400(founder, world, body):
    documents = Document.objects.count()

    response = call(founder, "post", f"/alliances/{world.alliance.pk}/documents", body)
    if body is None:  # the client sends nothing for None: send the JSON literal instead
        response = founder.post(f"{API}/alliances/{world.alliance.pk}/documents", "null",
                                content_type="application/json")

    params = problem(response, 400)["invalidParams"]
    assert params == [{"name": "body", "code": "type",
                       "reason": "The body must be a JSON object."}]
    assert Document.objects.count() == documents


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "param"), [
    ({"name": "Alliance two", "purpose": "To test", "started_on": 0}, "started_on"),
    ({"name": "Alliance two", "purpose": "To test", "started_on": 1700000000}, "started_on"),
    ({"name": "Alliance two", "purpose": "To test", "started_on": True}, "started_on"),
    ({"name": 12345, "purpose": "To test", "started_on": "2024-01-01"}, "name"),
    ({"name": "Alliance two", "purpose": "To test", "started_on": "2024-01-01", "x": 1}, "x"),
])
def test_alliance_body_takes_json_types_only(founder, body, param):
    alliances = Alliance.objects.count()

    response = call(founder, "post", "/alliances", body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert Alliance.objects.count() == alliances


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["true", 1, 0, "yes", None])
def test_booleans_are_true_or_false_only(founder, world, accept):
    response = call(founder, "post", f"/partner-invitations/{world.partner_b.pk}/answer",
                    {"accept": accept})

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == ["accept"]


@pytest.mark.django_db
@pytest.mark.parametrize("based_on", [False, "1", MAX_ID, TOO_BIG])
def test_version_numbers_are_integers_that_leave_room_for_the_next(founder, world, based_on):
    response = call(founder, "post", f"/alliances/{world.alliance.pk}/objective/versions",
                    {"text": "Together", "based_on": based_on})

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == ["based_on"]


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "code"), [
    ('{"title": "Plan\\ud800"}', "surrogate"), ('{"title": "Plan\\u0000"}', "null_character"),
    ('{"ti\\udc00tle": "Plan"}', "surrogate"),
])
def test_text_the_database_cannot_store_is_400(founder, world, raw, code):
    documents = Document.objects.count()

    response = founder.post(f"{API}/alliances/{world.alliance.pk}/documents", raw,
                            content_type="application/json")

    assert [p["code"] for p in problem(response, 400)["invalidParams"]] == [code]
    assert Document.objects.count() == documents
