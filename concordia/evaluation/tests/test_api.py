"""The evaluation's API: rounds, statements, counts and answering by token without log-in;
never a raw response."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from concordia.evaluation.models import Response, Round
from concordia.testing.evaluation import open_round

pytestmark = pytest.mark.django_db


def post(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers=headers)


def test_open_list_and_close_a_round(client, world):
    client.force_login(world.founder)
    today = timezone.localdate()
    url = reverse("api:open_round", kwargs={"alliance_id": world.alliance.pk})
    created = post(client, url, {"year": 2031, "opens_on": today.isoformat(),
                                 "closes_on": (today + dt.timedelta(days=9)).isoformat(),
                                 "statement_keys": ["content.1", "cultural.1"],
                                 "invited_levels": ["tactical"]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["year"], body["state"], body["statement_keys"], body["invited"],
            body["answered"], body["invited_levels"]) == (
        2031, "open", ["cultural.1", "content.1"], 2, 0, ["tactical"])
    listed = client.get(reverse("api:list_rounds", kwargs={"alliance_id": world.alliance.pk}))
    assert [r["year"] for r in listed.json()] == [2031]
    closed = post(client, reverse("api:close_round", kwargs={
        "alliance_id": world.alliance.pk, "round_id": body["id"]}), {})
    assert closed.json()["state"] == "closed"
    again = post(client, reverse("api:close_round", kwargs={
        "alliance_id": world.alliance.pk, "round_id": body["id"]}), {})
    assert again.status_code == 409


def test_answering_by_token_without_log_in_once(client, world):
    ew = open_round(world)
    url = reverse("api:submit_answer")
    body = {"token": ew.token(world.coordinator_b), "scores": {"cultural.1": 5},
            "open_answers": {"content": "Share the definitions."}}
    assert post(client, url, body).status_code == 204
    again = post(client, url, body)
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert post(client, url, {**body, "token": "eval_unknown"}).status_code == 404
    out_of_scale = post(client, url, {"token": ew.token(world.founder),
                                      "scores": {"cultural.1": 7}})
    assert out_of_scale.status_code == 400
    assert out_of_scale.json()["invalidParams"][0]["name"] == "scores.cultural.1"
    assert Response.objects.count() == 1


def test_counts_per_partner_and_level_and_no_raw_responses(client, world):
    ew = open_round(world)
    post(client, reverse("api:submit_answer"),
         {"token": ew.token(world.professional_a), "scores": {"content.1": 2}})
    client.force_login(world.observer_b)
    rates = client.get(reverse("api:get_response_rates", kwargs={
        "alliance_id": world.alliance.pk, "round_id": ew.round.pk})).json()
    assert (rates["invited"], rates["answered"]) == (3, 1)
    assert {r["key"]: (r["invited"], r["answered"], r["rate"]) for r in rates["levels"]} == {
        "tactical": (2, 0, 0), "operational": (1, 1, 100)}
    schema = client.get(reverse("api:openapi-json")).content.decode()
    assert '"/api/v1/alliances/{alliance_id}/evaluation/rounds/{round_id}/responses"' \
        not in schema


def test_statements_are_listed_added_and_retired(client, world):
    client.force_login(world.founder)
    url = reverse("api:add_statement", kwargs={"alliance_id": world.alliance.pk})
    added = post(client, url, {"dimension": "relational", "text": "We celebrate together."})
    assert added.status_code == 201
    assert added.json()["key"] == "own.1"
    assert added.json()["pillars"] == ["trust", "dialogue"]
    retired = post(client, reverse("api:retire_statement", kwargs={
        "alliance_id": world.alliance.pk, "statement_id": added.json()["id"]}), {})
    assert retired.json()["retired"] is True
    listed = client.get(reverse("api:list_statements",
                                kwargs={"alliance_id": world.alliance.pk})).json()
    assert len(listed) == 21
    assert listed[0]["key"] == "cultural.1"


def test_only_the_key_alliance_manager_runs_rounds_and_other_alliances_are_not_found(
        client, world):
    ew = open_round(world)
    client.force_login(world.coordinator_b)
    refused = post(client, reverse("api:close_round", kwargs={
        "alliance_id": world.alliance.pk, "round_id": ew.round.pk}), {})
    assert refused.status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("api:get_round", kwargs={
        "alliance_id": world.alliance.pk, "round_id": ew.round.pk})).status_code == 404
    assert Round.objects.get().state == "open"


def test_the_closing_date_moves_and_newcomers_are_invited_through_the_api(client, world):
    from concordia.alliances.choices import Role  # noqa: PLC0415 — only this test needs it
    from concordia.testing.factories import PersonFactory, give_role  # noqa: PLC0415 — same

    ew = open_round(world)
    client.force_login(world.founder)
    kwargs = {"alliance_id": world.alliance.pk, "round_id": ew.round.pk}
    later = timezone.localdate() + dt.timedelta(days=60)
    moved = client.put(reverse("api:change_closing", kwargs=kwargs),
                       data=json.dumps({"closes_on": later.isoformat()}),
                       content_type="application/json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["closes_on"] == later.isoformat()
    too_late = client.put(reverse("api:change_closing", kwargs=kwargs),
                          data=json.dumps({"closes_on": "2099-01-01"}),
                          content_type="application/json")
    assert too_late.status_code == 400
    assert too_late["Content-Type"].startswith("application/problem+json")
    assert Round.objects.get(pk=ew.round.pk).closes_on == later
    not_a_date = client.put(reverse("api:change_closing", kwargs=kwargs),
                            data=json.dumps({"closes_on": "soon"}),
                            content_type="application/json")
    assert not_a_date.status_code == 400
    give_role(world.partner_a, PersonFactory(organisation=world.partner_a.organisation),
              Role.PROFESSIONAL)
    invited = post(client, reverse("api:invite_newcomers", kwargs=kwargs), {})
    assert (invited.status_code, invited.json()) == (200, {"invited": 1})
    assert post(client, reverse("api:invite_newcomers", kwargs=kwargs), {}).json() == {
        "invited": 0}
