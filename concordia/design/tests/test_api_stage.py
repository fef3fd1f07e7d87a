"""Design API, the development stage: questions and assessments."""

import datetime as dt

import pytest
from django.utils import timezone

from concordia.design import services
from concordia.design.models import StageAssessment
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.support import (
    answers,
    api,
    as_client,
    ok,
    problem,
    send,
)
from concordia.journal.models import JournalEntry

# --- stage ---------------------------------------------------------------------------------


def test_stage_questions_are_the_eight_with_three_descriptions(world):
    body = ok(as_client(world.reviewer).get(api("list_stage_questions", world)))

    assert [q["key"] for q in body] == list(QUESTION_KEYS)
    assert [q["dimension"] for q in body] == [
        "cultural", "cultural", "relational", "relational", "procedural", "procedural",
        "content", "content"]
    assert {len(q["options"]) for q in body} == {3}
    assert body[0]["text"] == "How do the partners' leaders show the alliance matters?"


def test_stage_assessment_is_created_and_listed_oldest_first(world):
    client = as_client(world.founder)

    created = ok(send(client, "post", api("create_stage_assessment", world),
                      {"assessed_on": "2024-06-01", "answers": answers(3), "note": "Later"}),
                 201)
    ok(send(client, "post", api("create_stage_assessment", world),
            {"assessed_on": "2023-01-01", "answers": answers(1)}), 201)

    assert {k: created[k] for k in ("assessed_on", "overall", "dimension_stages", "answers",
                                    "note")} == {
        "assessed_on": "2024-06-01", "overall": "cultural",
        "dimension_stages": dict.fromkeys(["cultural", "relational", "procedural", "content"],
                                          "cultural"),
        "answers": answers(3), "note": "Later"}
    listed = ok(as_client(world.observer_b).get(api("list_stage_assessments", world)))
    assert [(a["assessed_on"], a["overall"]) for a in listed["results"]] == [
        ("2023-01-01", "opportunistic"), ("2024-06-01", "cultural")]
    assert JournalEntry.objects.filter(kind="StageAssessed").count() == 2


@pytest.mark.parametrize(("body", "param"), [
    ({"assessed_on": "2024-01-01", "answers": dict.fromkeys(QUESTION_KEYS[:-1], 2)}, "answers"),
    ({"assessed_on": "2024-01-01", "answers": {**answers(2), "trust": 5}}, "answers.trust"),
    ({"assessed_on": "not a date", "answers": answers(2)}, "assessed_on"),
    ({"answers": answers(2)}, "assessed_on"),
])
def test_invalid_stage_assessment_is_400(world, body, param):
    response = send(as_client(world.founder), "post", api("create_stage_assessment", world),
                    body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert StageAssessment.objects.count() == 0


def test_stage_assessment_in_the_future_is_400(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = send(as_client(world.founder), "post", api("create_stage_assessment", world),
                    {"assessed_on": tomorrow.isoformat(), "answers": answers(2)})

    body = problem(response, 400)
    assert body["invalidParams"] == [{"name": "assessed_on", "code": "invalid",
                                      "reason": "The date lies in the future."}]
    assert StageAssessment.objects.count() == 0


def test_stage_rating_by_a_read_only_role_is_403(world):
    response = send(as_client(world.observer_b), "post",
                    api("create_stage_assessment", world),
                    {"assessed_on": "2024-01-01", "answers": answers(2)})

    problem(response, 403)
    assert StageAssessment.objects.count() == 0


def test_the_alliance_stage_shows_every_partner_the_spread_and_the_weakest_dimension(world):
    services.stage_assess(actor=world.founder, alliance=world.alliance,
                          assessed_on=dt.date(2024, 3, 1), answers=answers(3))
    services.stage_assess(actor=world.coordinator_b, alliance=world.alliance,
                          assessed_on=dt.date(2024, 3, 1),
                          answers={**answers(3), "trust": 1, "dialogue": 1})
    body = ok(as_client(world.professional_a).get(api("get_alliance_stage", world)))
    assert (body["rated"], body["stale"], body["weakest"], body["differing"]) == (
        True, True, "relational", ["relational"])
    assert {p["partner_id"]: p["dimensions"]["relational"] for p in body["partners"]} == {
        world.partner_a.pk: "cultural", world.partner_b.pk: "opportunistic"}
    relational = next(d for d in body["dimensions"] if d["dimension"] == "relational")
    # The median of cultural and opportunistic, rounded down.
    assert (relational["stage"], relational["spread"]) == ("procedural", 2)


def test_stage_raters_are_chosen_by_the_key_alliance_manager_through_the_api(world):
    url = api("put_stage_raters", world)
    problem(send(as_client(world.coordinator_b), "put", url, {"roles": ["professional"]}), 403)
    problem(send(as_client(world.founder), "put", url, {"roles": ["observer"]}), 400)
    response = send(as_client(world.founder), "put", url, {"roles": ["board_member"]})
    assert response.status_code == 200
    assert response.json() == {"roles": ["board_member"], "levels": []}
    assert ok(as_client(world.professional_a).get(api("get_stage_raters", world))) == {
        "roles": ["board_member"], "levels": []}


def test_stage_raters_are_chosen_by_level_through_the_api(world):
    url = api("put_stage_raters", world)
    before = ok(as_client(world.founder).get(api("get_stage_raters", world)))
    for bad in ({}, {"roles": [], "levels": []}, {"levels": ["board"]},
                {"levels": "strategic"}):
        problem(send(as_client(world.founder), "put", url, bad), 400)
    assert ok(as_client(world.founder).get(api("get_stage_raters", world))) == before

    response = send(as_client(world.founder), "put", url,
                    {"roles": ["professional"], "levels": ["operational", "strategic"]})

    assert response.status_code == 200
    assert response.json() == {"roles": ["professional"], "levels": ["strategic", "operational"]}
    stage = ok(as_client(world.coordinator_b).get(api("get_alliance_stage", world)))
    assert (stage["rater_roles"], stage["rater_levels"]) == (
        ["professional"], ["strategic", "operational"])
