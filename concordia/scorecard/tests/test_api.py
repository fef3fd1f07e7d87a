"""API for the scorecard: the indicators with values as decimal strings, status and trend;
defining, targets, single and bulk measurements (all or none, idempotent with a key), a
partner's system posting with its API token; refusals as problem+json."""

import json

import pytest

from concordia.accounts import services as account_services
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.scorecard.models import Measurement
from concordia.testing.scorecard import build_scorecard, fresh

pytestmark = pytest.mark.django_db


def api(client, method, path, body=None, **headers):
    send = getattr(client, method)
    if body is None:
        return send(f"/api/v1{path}", headers=headers)
    return send(f"/api/v1{path}", data=json.dumps(body), content_type="application/json",
                headers=headers)


def test_the_indicators_with_their_values_status_and_trend(client, world):
    sc = build_scorecard(world)
    client.force_login(world.reviewer)
    body = api(client, "get", f"/alliances/{world.alliance.pk}/indicators").json()
    a = next(i for i in body if i["id"] == sc.indicator_a.pk)
    assert a["points"] == [
        {"period": "2024-Q1", "value": "85", "target": "90", "status": "at_risk"},
        {"period": "2024-Q2", "value": "92", "target": "90", "status": "on_track"}]
    assert (a["status"], a["trend"], a["tolerance"]) == ("on_track", "improving", "10")
    assert {i["id"] for i in body} == {sc.indicator_a.pk, sc.indicator_b.pk}
    history = api(client, "get", f"/alliances/{world.alliance.pk}/indicators/"
                                 f"{sc.indicator_a.pk}/measurements").json()
    assert [(m["period"], m["value"], m["version"], m["current"]) for m in history] == [
        ("2024-Q2", "92", 1, True), ("2024-Q1", "85", 2, True), ("2024-Q1", "80", 1, False)]
    foreign = api(client, "get", f"/alliances/{world.alliance.pk}/indicators/"
                                 f"{sc.foreign_indicator.pk}")
    assert foreign.status_code == 404


def test_a_partners_system_posts_many_values_with_its_token_once(client, world):
    sc = build_scorecard(world)
    _token, raw = account_services.api_token_create(actor=fresh(world.professional_a),
                                                    name="intake system", days=30)
    body = {"measurements": [
        {"indicator_id": sc.indicator_a.pk, "period": "2024-Q3", "value": "93,5"},
        {"indicator_id": sc.indicator_a.pk, "period": "2024-q4", "value": "95",
         "note": "estimate"}]}
    path = f"/alliances/{world.alliance.pk}/measurements/bulk"
    first = api(client, "post", path, body, Authorization=f"Bearer {raw}",
                **{"Idempotency-Key": "q3-q4"})
    again = api(client, "post", path, body, Authorization=f"Bearer {raw}",
                **{"Idempotency-Key": "q3-q4"})
    assert first.status_code == 201
    assert [(m["period"], m["value"], m["source"]) for m in first.json()["recorded"]] == [
        ("2024-Q3", "93.5", "api"), ("2024-Q4", "95", "api")]
    assert again["Idempotent-Replayed"] == "true"
    assert Measurement.objects.filter(indicator=sc.indicator_a, source="api").count() == 2


def test_a_bulk_post_with_a_bad_line_records_nothing(client, world):
    sc = build_scorecard(world)
    client.force_login(world.professional_a)
    before = Measurement.objects.count()
    response = api(client, "post", f"/alliances/{world.alliance.pk}/measurements/bulk", {
        "measurements": [
            {"indicator_id": sc.indicator_a.pk, "period": "2024-Q3", "value": "93"},
            {"indicator_id": sc.indicator_a.pk, "period": "2024", "value": "93"},
            {"indicator_id": sc.indicator_b.pk, "period": "2024", "value": "3"}]})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [(p["name"], p["code"]) for p in response.json()["invalidParams"]] == [
        ("measurements.1.period", "period"), ("measurements.2.indicator_id", "indicator")]
    assert Measurement.objects.count() == before


def test_values_are_text_never_json_numbers(client, world):
    sc = build_scorecard(world)
    client.force_login(world.professional_a)
    response = api(client, "post", f"/alliances/{world.alliance.pk}/indicators/"
                                   f"{sc.indicator_a.pk}/measurements",
                   {"period": "2024-Q3", "value": 93.5})
    assert response.status_code == 400
    ok = api(client, "post", f"/alliances/{world.alliance.pk}/indicators/"
                             f"{sc.indicator_a.pk}/measurements",
             {"period": "2024-Q3", "value": "93.5"})
    assert (ok.status_code, ok.json()["value"], ok.json()["version"]) == (201, "93.5", 1)


def test_the_core_team_defines_an_indicator_and_sets_a_target(client, world):
    build_scorecard(world)
    client.force_login(world.coordinator_b)
    response = api(client, "post", f"/alliances/{world.alliance.pk}/indicators", {
        "name": "Errors per million", "definition": "Errors per million data items.",
        "unit": "ppm", "direction": "lower", "period_kind": "year",
        "owner_partner_id": world.partner_b.pk, "owner_person_id": world.coordinator_b.pk,
        "pillar": "knowledge", "tolerance": "5"})
    assert response.status_code == 201
    indicator = response.json()
    assert (indicator["tolerance"], indicator["status"], indicator["pillar"]) == (
        "5", "none", "knowledge")
    target = api(client, "post", f"/alliances/{world.alliance.pk}/indicators/"
                                 f"{indicator['id']}/targets",
                 {"from_period": "2025", "value": "12"})
    assert target.json() == {"from_period": "2025", "value": "12"}
    client.force_login(world.professional_a)
    refused = api(client, "post", f"/alliances/{world.alliance.pk}/indicators/"
                                  f"{indicator['id']}/targets",
                  {"from_period": "2026", "value": "10"})
    assert refused.status_code == 403


def test_the_core_team_patches_and_retires_an_indicator_with_its_version(client, world):
    sc = build_scorecard(world)
    client.force_login(world.coordinator_b)
    path = f"/alliances/{world.alliance.pk}/indicators/{sc.indicator_a.pk}"
    body = api(client, "patch", path, {"version": 1, "unit": "percent", "pillar": None}).json()
    assert (body["unit"], body["pillar"], body["version"], body["name"]) == (
        "percent", "", 2, "Reports on time")
    stale = api(client, "patch", path, {"version": 1, "unit": "pct"})
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM_CONTENT_TYPE
    retired = api(client, "post", f"{path}/retire", {"version": 2}).json()
    assert retired["retiredAt" if "retiredAt" in retired else "retired_at"] is not None
    live = api(client, "get", f"/alliances/{world.alliance.pk}/indicators").json()
    assert [i["id"] for i in live] == [sc.indicator_b.pk]
    gone = api(client, "get", f"/alliances/{world.alliance.pk}/indicators?retired=true").json()
    assert [i["id"] for i in gone] == [sc.indicator_a.pk]
    again = api(client, "patch", path, {"version": 3, "unit": "pct"})
    assert again.status_code == 409


def test_a_member_outside_the_core_team_cannot_patch_and_another_alliance_gets_404(client,
                                                                                   world):
    sc = build_scorecard(world)
    path = f"/alliances/{world.alliance.pk}/indicators/{sc.indicator_a.pk}"
    client.force_login(world.professional_a)
    assert api(client, "patch", path, {"version": 1, "unit": "pct"}).status_code == 403
    assert api(client, "post", f"{path}/retire", {"version": 1}).status_code == 403
    client.force_login(world.outsider)
    assert api(client, "patch", path, {"version": 1, "unit": "pct"}).status_code == 404
    assert Measurement.objects.filter(indicator=sc.indicator_a).count() == 3
    assert sc.indicator_a.__class__.objects.get(pk=sc.indicator_a.pk).unit == "%"


def test_a_change_and_a_retirement_sent_again_with_their_key_happen_once(client, world):
    # A client that lost the answer sends the same request with the same key: it gets the
    # first answer again (not a 409 for the version it already moved), and nothing is
    # written twice (docs/decisions/0006).
    sc = build_scorecard(world)
    client.force_login(world.coordinator_b)
    path = f"/alliances/{world.alliance.pk}/indicators/{sc.indicator_a.pk}"
    kinds = JournalEntry.objects.filter(alliance=world.alliance)
    before = kinds.count()
    change = {"version": 1, "unit": "percent"}
    first = api(client, "patch", path, change, **{"Idempotency-Key": "unit-1"})
    again = api(client, "patch", path, change, **{"Idempotency-Key": "unit-1"})
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["version"] == 2
    other = api(client, "patch", path, {"version": 2, "unit": "pct"},
                **{"Idempotency-Key": "unit-1"})
    assert other.status_code == 422
    retired = api(client, "post", f"{path}/retire", {"version": 2},
                  **{"Idempotency-Key": "retire-1"})
    retried = api(client, "post", f"{path}/retire", {"version": 2},
                  **{"Idempotency-Key": "retire-1"})
    assert (retired.status_code, retried.status_code) == (200, 200)
    assert retried["Idempotent-Replayed"] == "true"
    assert retried.json() == retired.json()
    assert list(kinds.order_by("seq").values_list("kind", flat=True)[before:]) == [
        "IndicatorChanged", "IndicatorRetired"]
