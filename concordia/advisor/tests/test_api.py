import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.advisor import rules, services
from concordia.advisor.models import SavedAdvice
from concordia.core.problems import PROBLEM_CONTENT_TYPE

WAGE_TAX = rules.WAGE_TAX_CASE.as_dict()


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_advice_without_saving(client, world):
    client.force_login(world.stranger)

    response = post(client, reverse("api:advise_collaboration_form"), WAGE_TAX)

    assert response.status_code == 200
    body = response.json()
    assert (body["form"], body["score"], body["fit"]) == ("alliance", 100, "good")
    assert [row["form"] for row in body["ranking"]] == [
        "alliance", "covenant", "shared_service_centre", "customer_supplier", "joint_venture",
        "merger"]
    assert [layer["form"] for layer in body["combination"]["layers"]] == [
        "covenant", "alliance", "customer_supplier"]
    assert body["notes"][0]["code"] == "public_sector_rules_out"
    assert body["unmet"] == []
    assert SavedAdvice.objects.count() == 0


def test_optional_questions_may_be_left_out(client, world):
    client.force_login(world.stranger)
    answers = {k: v for k, v in WAGE_TAX.items()
               if k not in ("goodwill_parties", "receiving_parties")}

    body = post(client, reverse("api:advise_collaboration_form"), answers).json()

    assert (body["form"], body["combination"]) == ("alliance", None)


@pytest.mark.parametrize(("change", "param"), [
    ({"intensity": "huge"}, "intensity"),
    ({"separable": "yes"}, "separable"),
    ({"colour": "blue"}, "colour"),
    ({"scope": None}, "scope"),
])
def test_bad_answers_are_a_400_problem(client, world, change, param):
    client.force_login(world.stranger)
    answers = {**WAGE_TAX, **change}

    response = post(client, reverse("api:advise_collaboration_form"), answers)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [p["name"] for p in response.json()["invalidParams"]] == [param]


def test_anonymous_gets_401(client, world):
    response = post(client, reverse("api:advise_collaboration_form"), WAGE_TAX)

    assert response.status_code == 401


def test_save_list_and_get_for_the_alliance(client, world):
    client.force_login(world.professional_a)
    url = reverse("api:save_alliance_form_advice", kwargs={"alliance_id": world.alliance.pk})

    created = post(client, url, {"answers": WAGE_TAX, "title": "Still right?"})

    assert created.status_code == 201, created.content
    saved = SavedAdvice.objects.get()
    body = created.json()
    assert (body["id"], body["title"], body["result_form"], body["alliance_id"],
            body["organisation_id"]) == (saved.pk, "Still right?", "alliance",
                                         world.alliance.pk, None)
    assert body["saved_by"] == {"id": world.professional_a.pk,
                                "full_name": world.professional_a.full_name}
    assert body["answers"] == WAGE_TAX
    assert body["advice"]["form"] == body["snapshot"]["form"] == "alliance"

    client.force_login(world.observer_b)  # every live role reads
    listed = client.get(url).json()
    assert (listed["total"], [r["id"] for r in listed["results"]]) == (1, [saved.pk])
    assert set(listed) == {"_links", "total", "page", "pageSize", "results"}
    one = client.get(reverse("api:get_alliance_form_advice",
                             kwargs={"alliance_id": world.alliance.pk, "advice_id": saved.pk}))
    assert one.status_code == 200
    assert one.json()["snapshot"]["summary"] == saved.snapshot["summary"]


def test_save_for_the_organisation(client, world):
    client.force_login(world.stranger)
    org = world.stranger.organisation_id
    url = reverse("api:save_organisation_form_advice", kwargs={"organisation_id": org})

    created = post(client, url, {"answers": WAGE_TAX})
    listed = client.get(reverse("api:list_organisation_form_advice",
                                kwargs={"organisation_id": org}))
    one = client.get(reverse("api:get_organisation_form_advice",
                             kwargs={"organisation_id": org, "advice_id": created.json()["id"]}))

    assert created.status_code == 201
    assert created.json()["organisation_id"] == org
    assert [r["id"] for r in listed.json()["results"]] == [created.json()["id"]]
    assert one.status_code == 200


def test_another_alliance_is_404_and_saves_nothing(client, world):
    services.advice_save(actor=world.outsider, answers=rules.WAGE_TAX_CASE,
                         alliance=world.other_alliance)
    other = SavedAdvice.objects.get()
    client.force_login(world.founder)
    z = {"alliance_id": world.other_alliance.pk}

    listed = client.get(reverse("api:list_alliance_form_advice", kwargs=z))
    one = client.get(reverse("api:get_alliance_form_advice", kwargs={**z, "advice_id": other.pk}))
    via_own = client.get(reverse("api:get_alliance_form_advice", kwargs={
        "alliance_id": world.alliance.pk, "advice_id": other.pk}))
    saved = post(client, reverse("api:save_alliance_form_advice", kwargs=z), {"answers": WAGE_TAX})

    assert [r.status_code for r in (listed, one, via_own, saved)] == [404, 404, 404, 404]
    assert saved["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert SavedAdvice.objects.count() == 1


def test_another_organisation_is_404_and_saves_nothing(client, world):
    client.force_login(world.outsider)
    org = {"organisation_id": world.founder.organisation_id}

    listed = client.get(reverse("api:list_organisation_form_advice", kwargs=org))
    saved = post(client, reverse("api:save_organisation_form_advice", kwargs=org),
                 {"answers": WAGE_TAX})

    assert (listed.status_code, saved.status_code) == (404, 404)
    assert SavedAdvice.objects.count() == 0


def test_read_only_role_gets_403_and_saves_nothing(client, world):
    client.force_login(world.observer_b)

    response = post(client, reverse("api:save_alliance_form_advice",
                                    kwargs={"alliance_id": world.alliance.pk}),
                    {"answers": WAGE_TAX})

    assert response.status_code == 403
    assert SavedAdvice.objects.count() == 0


def test_save_with_bad_input_is_400_and_saves_nothing(client, world):
    client.force_login(world.founder)
    url = reverse("api:save_alliance_form_advice", kwargs={"alliance_id": world.alliance.pk})

    bad_answers = post(client, url, {"answers": {**WAGE_TAX, "duration": "forever"}})
    long_title = post(client, url, {"answers": WAGE_TAX, "title": "x" * 201})

    assert (bad_answers.status_code, long_title.status_code) == (400, 400)
    assert [p["name"] for p in bad_answers.json()["invalidParams"]] == ["answers.duration"]
    assert SavedAdvice.objects.count() == 0


@pytest.mark.parametrize("scope", ["alliance", "organisation"])
def test_list_query_count_does_not_grow_with_rows(client, world, scope):
    client.force_login(world.founder)
    if scope == "alliance":
        target = {"alliance": world.alliance}
        url = reverse("api:list_alliance_form_advice", kwargs={"alliance_id": world.alliance.pk})
    else:
        target = {"organisation": world.founder.organisation}
        url = reverse("api:list_organisation_form_advice",
                      kwargs={"organisation_id": world.founder.organisation_id})
    counts = []
    for n in (1, 9):
        for _ in range(n):
            services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE, **target)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["total"] == (1 if n == 1 else 10)
        counts.append(len(queries))
    assert counts[0] == counts[1], "\n".join(q["sql"] for q in queries.captured_queries)
