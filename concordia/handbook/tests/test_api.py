"""The model in the API: read-only, in the request's language."""

import pytest
from django.test import Client
from django.utils import translation

from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.handbook import texts
from concordia.handbook.catalogue import CATALOGUE_VERSION
from concordia.testing.factories import PersonFactory

API = "/api/v1/model"
LISTS = {
    "pillars": 8, "building-blocks": 18, "dimensions": 4, "collaboration-forms": 6,
    "stages": 3, "escalation-rungs": 5, "rationales": 5, "resistances": 4, "features": 6,
    "concepts": 3,
}
EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


@pytest.fixture
def api(db) -> Client:
    client = Client()
    client.force_login(PersonFactory(organisation=None))
    return client


def test_overview(api):
    response = api.get(API, headers=EN)
    assert response.status_code == 200
    assert response["API-Version"] == API_VERSION
    assert response.json() == {"version": CATALOGUE_VERSION, "counts": {
        "features": 6, "concepts": 3, "collaboration_forms": 6, "rationales": 5,
        "resistances": 4, "dimensions": 4, "pillars": 8, "building_blocks": 18,
        "escalation_rungs": 5, "stages": 3}}


@pytest.mark.parametrize(("path", "count"), LISTS.items())
def test_lists(api, path, count):
    response = api.get(f"{API}/{path}", headers=EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"version", "results"}
    assert body["version"] == CATALOGUE_VERSION
    assert [r["number"] for r in body["results"]] == list(range(1, count + 1))
    assert all(r["title"] and r["description"] for r in body["results"])


def test_pillar(api):
    response = api.get(f"{API}/pillars/playing_field", headers=EN)
    assert response.status_code == 200
    assert response.json() == {
        "key": "playing_field", "number": 2, "code": "P2",
        "title": "Objective-bound playing field",
        "description": "The people doing the joint work get room to decide on the spot, within "
                       "rules that follow from the shared objective. Their managers hold back "
                       "from controlling every step.",
        "dimension": "cultural",
        "building_blocks": [
            {"building_block": "autonomous_professional", "strength": "dominant"},
            {"building_block": "coaching_manager", "strength": "dominant"},
        ],
    }


def test_building_block(api):
    body = api.get(f"{API}/building-blocks/reporting", headers=EN).json()
    assert body["key"] == "reporting"
    assert body["number"] == 8
    assert body["title"] == "Alliance reporting"
    assert body["signs"] == ["Reports also show results that fall short.",
                             "The targets are few and measurable."]
    assert body["risks"] == ["A flood of indicators buries what matters."]
    assert body["pillars"] == [{"pillar": "transparency", "strength": "dominant"},
                               {"pillar": "trust", "strength": "secondary"}]


def test_dimension_and_form_fields(api):
    dimension = api.get(f"{API}/dimensions", headers=EN).json()["results"][1]
    assert {k: dimension[k] for k in ("key", "friction", "managed", "pillars")} == {
        "key": "relational", "friction": "Together versus solo", "managed": "Building trust",
        "pillars": ["trust", "dialogue"]}
    forms = api.get(f"{API}/collaboration-forms", headers=EN).json()["results"]
    assert [f["key"] for f in forms] == ["covenant", "customer_supplier",
                                         "shared_service_centre", "joint_venture", "alliance",
                                         "merger"]
    assert all(f["fits_when"] for f in forms)


@pytest.mark.parametrize("path", ["pillars/nope", "building-blocks/trust", "pillars/Trust",
                                  "nope", "pillars/"])
def test_unknown_is_problem_404(api, path):
    response = api.get(f"{API}/{path}", headers=EN)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["status"] == 404


def in_language(language: str, kind: str, key: str) -> str:
    with translation.override(language):
        return str(texts.item(kind, key).title)


def test_dutch_with_accept_language(api):
    dutch = in_language("nl", "pillars", "trust")
    assert dutch != in_language("en", "pillars", "trust")
    assert api.get(f"{API}/pillars/trust", headers=NL).json()["title"] == dutch
    stage = api.get(f"{API}/stages", headers=NL).json()["results"][0]
    assert stage["title"] == in_language("nl", "stages", "opportunistic") == "Opportunistisch"
    english = api.get(f"{API}/pillars/trust", headers=EN).json()
    assert english["title"] == "Trust between alliance partners"


@pytest.mark.parametrize("path", ["", "/pillars", "/pillars/trust", "/building-blocks/board"])
def test_anonymous_gets_401(client, db, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["WWW-Authenticate"] == 'Bearer realm="concordia"'


def test_openapi_documents_the_model(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    model = sorted(p for p in paths if p.startswith("/model"))
    assert model == ["/model", "/model/building-blocks", "/model/building-blocks/{key}",
                     "/model/collaboration-forms", "/model/concepts", "/model/dimensions",
                     "/model/escalation-rungs", "/model/features", "/model/pillars",
                     "/model/pillars/{key}", "/model/rationales", "/model/resistances",
                     "/model/stages"]
    assert all(set(paths[p]) == {"get"} for p in model)
