"""Plans API: a version as JSON (deployments per level, plan vs actual), a partner's
deployment and confirmation through the API, its refusals as problem+json (another partner:
403; a version no longer a draft: 409; an unknown field: 400), the proposal and every partner's
endorsement, actuals, another alliance's plan 404; query counts flat in activities."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.plans import services
from concordia.plans.services import EffortInput
from concordia.testing.plans import board_member_of, fresh, plans_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def pw(world):
    return plans_of(W(world))


def send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def version_url(world, pw, number=1):
    return reverse("api:get_plan_version", args=[world.alliance.pk, pw.year, number])


def test_a_version_reads_with_its_deployment_and_plan_vs_actual(client, world, pw):
    services.actual_record(actor=fresh(world.founder), plan=pw.plan,
                           activity_key=pw.activity.key, partner=world.partner_a,
                           effort=EffortInput(1, 30), progress=25)
    client.force_login(world.reviewer)
    body = client.get(version_url(world, pw)).json()
    assert body["status"] == "draft"
    [objective] = body["objectives"]
    assert objective["statement_number"] == pw.statement.number
    [activity] = objective["activities"]
    assert [(d["partner_id"], d["level"], d["hours"], d["money_cents"])
            for d in activity["deployments"]] == [
        (world.partner_a.pk, "tactical", 120, 5_000_00),
        (world.partner_b.pk, "operational", 40, 0)]
    overall = activity["plan_vs_actual"][-1]
    assert overall["partner_id"] is None
    assert (overall["planned"]["hours"], overall["actual"]["hours"]) == (160, 30)
    assert client.get(reverse("api:list_plans", args=[world.alliance.pk])).json()[
        "results"][0]["open_version"] == 1
    client.force_login(world.outsider)
    assert client.get(version_url(world, pw)).status_code == 404


def test_a_partner_deploys_and_confirms_through_the_api(client, world, pw):
    client.force_login(world.coordinator_b)
    url = reverse("api:set_plan_deployment",
                  args=[world.alliance.pk, pw.year, 1, pw.activity.pk, world.partner_b.pk])
    response = send(client, "put", url, {"levels": [
        {"level": "strategic", "people": 1, "hours": 4, "money_cents": 10_00}]})
    assert response.status_code == 200
    unknown = send(client, "put", url, {"levels": [], "extra": 1})
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == "application/problem+json"
    other = reverse("api:set_plan_deployment",
                    args=[world.alliance.pk, pw.year, 1, pw.activity.pk, world.partner_a.pk])
    assert send(client, "put", other, {"levels": []}).status_code == 403
    confirm = reverse("api:create_plan_confirmation", args=[world.alliance.pk, pw.year, 1])
    assert send(client, "post", confirm, {"partner_id": world.partner_b.pk}).status_code == 201
    client.force_login(world.founder)
    assert send(client, "post", confirm, {"partner_id": world.partner_a.pk}).status_code == 201
    propose = reverse("api:create_plan_proposal", args=[world.alliance.pk, pw.year, 1])
    assert send(client, "post", propose, {}).json()["status"] == "proposed"
    client.force_login(world.coordinator_b)
    late = send(client, "put", url, {"levels": []})
    assert late.status_code == 409
    endorse = reverse("api:create_plan_endorsement", args=[world.alliance.pk, pw.year, 1])
    for partner in (world.partner_a, world.partner_b):
        client.force_login(board_member_of(partner))
        assert send(client, "post", endorse, {"partner_id": partner.pk}).status_code == 201
    assert client.get(version_url(world, pw)).json()["status"] == "in_force"
    client.force_login(world.founder)
    adjusted = send(client, "post", reverse("api:create_plan_version",
                                            args=[world.alliance.pk, pw.year]),
                    {"reason": "A later start"})
    assert (adjusted.status_code, adjusted.json()["number"]) == (201, 2)
    actual = send(client, "put", reverse("api:set_plan_actual", args=[
        world.alliance.pk, pw.year, pw.activity.pk, world.partner_a.pk]),
        {"hours": 12, "progress": 30})
    assert (actual.status_code, actual.json()["progress"]) == (200, 30)


def test_the_version_does_not_grow_in_queries_with_activities(client, world, pw,
                                                              django_assert_max_num_queries):
    client.force_login(world.founder)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(version_url(world, pw)).status_code == 200
    for n in range(6):
        activity = services.activity_add(
            actor=fresh(world.founder), objective=pw.objective, title=f"More {n}",
            starts_on=dt.date(pw.year, 7, 1), ends_on=dt.date(pw.year, 7, 2),
            block="conference", owner_partner=world.partner_a)
        services.deployment_set(actor=fresh(world.coordinator_b), activity=activity,
                                partner=world.partner_b, levels={"operational": EffortInput(1)})
    with django_assert_max_num_queries(len(captured)):
        assert client.get(version_url(world, pw)).status_code == 200
