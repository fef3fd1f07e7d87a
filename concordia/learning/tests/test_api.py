"""API for health checks and lessons learned: list, create, read, update; strict bodies and
problem+json refusals; another alliance's rows stay invisible."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.learning.models import HealthCheck, Lesson, PillarScore
from concordia.learning.rules import PILLARS
from concordia.testing.learning import build_learning

pytestmark = pytest.mark.django_db


def api(client, method, path, body=None):
    send = getattr(client, method)
    if body is None:
        return send(f"/api/v1{path}")
    return send(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def all_scores(value=4):
    return [{"pillar": p, "score": value, "remark": ""} for p in PILLARS]


def test_health_checks_listed_read_and_scored(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.observer_b)
    listed = api(client, "get", f"/alliances/{world.alliance.pk}/health-checks").json()
    assert [c["id"] for c in listed["results"]] == [lw.check.pk]
    one = api(client, "get", f"/alliances/{world.alliance.pk}/health-checks/{lw.check.pk}")
    body = one.json()
    trust = next(r for r in body["results"] if r["pillar"] == "trust")
    assert trust == {"pillar": "trust", "scorers": 2, "mean": 3.5, "lowest": 3, "highest": 4,
                     "spread": 1}
    assert len(body["scores"]) == 16
    client.force_login(world.coordinator_b)
    put = api(client, "put", f"/alliances/{world.alliance.pk}/health-checks/{lw.check.pk}/scores",
              {"scores": all_scores(5)})
    assert put.status_code == 200
    trust = next(r for r in put.json()["results"] if r["pillar"] == "trust")
    assert (trust["mean"], trust["spread"]) == (4.0, 2)


def test_a_check_is_held_through_the_api(client, world) -> None:
    client.force_login(world.founder)
    response = api(client, "post", f"/alliances/{world.alliance.pk}/health-checks",
                   {"held_on": timezone.localdate().isoformat(), "scores": all_scores(3)})
    assert response.status_code == 201
    assert response.json()["held_on"] == timezone.localdate().isoformat()
    again = api(client, "post", f"/alliances/{world.alliance.pk}/health-checks",
                {"held_on": timezone.localdate().isoformat(), "scores": all_scores(3)})
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM_CONTENT_TYPE


@pytest.mark.parametrize("scores", [
    [{"pillar": "trust", "score": 6, "remark": ""}, *all_scores()[1:]],  # out of range
    all_scores()[:7],  # a pillar missing
    [*all_scores()[:7], {"pillar": "ghost", "score": 3}],  # not a pillar
    [*all_scores()[:7], {"pillar": "objective", "score": "3"}],  # a string, not a number
])
def test_a_bad_score_is_400_and_changes_nothing(client, world, scores) -> None:
    client.force_login(world.founder)
    response = api(client, "post", f"/alliances/{world.alliance.pk}/health-checks",
                   {"held_on": timezone.localdate().isoformat(), "scores": scores})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["invalidParams"]
    assert (HealthCheck.objects.count(), PillarScore.objects.count()) == (0, 0)


def test_a_pillar_scored_twice_is_refused(client, world) -> None:
    client.force_login(world.founder)
    scores = [*all_scores()[:7], {"pillar": "trust", "score": 2, "remark": ""}]
    response = api(client, "post", f"/alliances/{world.alliance.pk}/health-checks",
                   {"held_on": timezone.localdate().isoformat(), "scores": scores})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "scores"
    assert HealthCheck.objects.count() == 0


def test_lessons_recorded_searched_read_and_changed(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.professional_a)
    created = api(client, "post", f"/alliances/{world.alliance.pk}/lessons", {
        "title": "Rotate the chair", "problem": "One partner led.", "cause": "Habit.",
        "solution": "Rotation.", "learned_on": (timezone.localdate()
                                                - dt.timedelta(days=1)).isoformat(),
        "tags": ["Meetings"]})
    assert created.status_code == 201
    lesson = created.json()
    assert (lesson["tags"], lesson["author_id"], lesson["version"]) == (
        ["meetings"], world.professional_a.pk, 1)
    found = api(client, "get", f"/alliances/{world.alliance.pk}/lessons?tag=meetings").json()
    assert [x["id"] for x in found["results"]] == [lesson["id"]]
    found = api(client, "get", f"/alliances/{world.alliance.pk}/lessons?q=hours").json()
    assert [x["id"] for x in found["results"]] == [lw.lesson.pk]
    changed = api(client, "put", f"/alliances/{world.alliance.pk}/lessons/{lesson['id']}", {
        "title": "Rotate the chair", "problem": "One partner led.", "cause": "Habit.",
        "solution": "A rotating chair.", "learned_on": lesson["learned_on"],
        "tags": ["meetings"], "version": 1})
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = api(client, "put", f"/alliances/{world.alliance.pk}/lessons/{lesson['id']}", {
        "title": "Rotate the chair", "problem": "One partner led.", "cause": "Habit.",
        "solution": "Again.", "learned_on": lesson["learned_on"], "tags": [], "version": 1})
    assert stale.status_code == 409
    assert Lesson.objects.get(pk=lesson["id"]).solution == "A rotating chair."


def test_another_alliances_lesson_and_check_are_404(client, world) -> None:
    lw = build_learning(world)
    client.force_login(world.founder)
    for path in (f"/alliances/{world.alliance.pk}/lessons/{lw.foreign_lesson.pk}",
                 f"/alliances/{world.alliance.pk}/health-checks/{lw.foreign_check.pk}",
                 f"/alliances/{world.other_alliance.pk}/lessons"):
        response = api(client, "get", path)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_an_unknown_field_is_refused(client, world) -> None:
    client.force_login(world.professional_a)
    response = api(client, "post", f"/alliances/{world.alliance.pk}/lessons", {
        "title": "T", "problem": "P", "cause": "C", "solution": "S",
        "learned_on": timezone.localdate().isoformat(), "author_id": 1})
    assert response.status_code == 400
    assert Lesson.objects.count() == 0
