"""The building-block API: reads for alliance people, writes for editors, 409 on stale edits."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concordia.alliances.models import Partner
from concordia.blocks import services
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.handbook.catalogue import Block, default_matrix
from concordia.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

NON_EDITORS = ["professional_a", "observer_b", "reviewer"]


def api(world, path=""):
    return f"/api/v1/alliances/{world.alliance.pk}{path}"


def put(client, path, body):
    return client.put(path, data=json.dumps(body), content_type="application/json")


def state():
    return (list(BlockSetting.objects.order_by("pk").values_list("pk", "status", "version")),
            list(ContributionAdjustment.objects.order_by("pk").values_list("pk", "strength")),
            JournalEntry.objects.count())


def block_body(**overrides):
    body = {"status": "in_place", "description": "Quarterly.", "version": 0}
    body.update(overrides)
    return body


# --- building blocks --------------------------------------------------------------------------


def test_the_list_has_all_eighteen_blocks_paged(client, world) -> None:
    services.block_setting_set(actor=world.founder, alliance=world.alliance, block="agency",
                               status="being_built", expected_version=0,
                               owner_partner=world.partner_b)
    client.force_login(world.observer_b)
    page = client.get(api(world, "/building-blocks")).json()
    assert page["total"] == 18
    assert [b["block"] for b in page["results"]] == [b.value for b in Block]
    agency = page["results"][4]
    assert {k: agency[k] for k in ("block", "number", "status", "owner_partner_id",
                                   "owner_person_id", "owner_name", "version")} == {
        "block": "agency", "number": 5, "status": "being_built",
        "owner_partner_id": world.partner_b.pk, "owner_person_id": None,
        "owner_name": world.partner_b.organisation.name, "version": 1}
    assert page["results"][0]["status"] == "undecided"
    assert page["results"][0]["version"] == 0
    second = client.get(api(world, "/building-blocks?page=2&pageSize=5")).json()
    assert [b["number"] for b in second["results"]] == [6, 7, 8, 9, 10]
    assert second["_links"]["next"]["href"].endswith("page=3&pageSize=5")


def test_get_and_put_one_block(client, world) -> None:
    client.force_login(world.coordinator_b)
    assert client.get(api(world, "/building-blocks/board")).json()["version"] == 0
    response = put(client, api(world, "/building-blocks/board"),
                   block_body(owner_person_id=world.founder.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["owner_person_id"], body["owner_name"], body["version"]) == (
        "in_place", world.founder.pk, "Founder", 1)
    assert JournalEntry.objects.filter(kind="BuildingBlockSet").count() == 1


def test_a_stale_put_is_409_and_changes_nothing(client, world) -> None:
    client.force_login(world.founder)
    put(client, api(world, "/building-blocks/board"), block_body())
    before = state()
    response = put(client, api(world, "/building-blocks/board"),
                   block_body(status="planned", version=0))
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["status"] == 409
    assert state() == before


def test_an_owner_of_another_alliance_is_400_on_owner(client, world) -> None:
    other = Partner.objects.get(alliance=world.other_alliance)
    client.force_login(world.founder)
    before = state()
    for body in (block_body(owner_partner_id=other.pk),
                 block_body(owner_person_id=world.outsider.pk),
                 block_body(owner_person_id=999_999)):
        response = put(client, api(world, "/building-blocks/board"), body)
        assert response.status_code == 400, response.content
        assert [p["name"] for p in response.json()["invalidParams"]] == ["owner"]
    assert state() == before


def test_unknown_block_is_404(client, world) -> None:
    client.force_login(world.founder)
    assert client.get(api(world, "/building-blocks/nope")).status_code == 404
    assert put(client, api(world, "/building-blocks/nope"), block_body()).status_code == 404


@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_get_403_on_writes(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    before = state()
    assert client.get(api(world, "/building-blocks/board")).status_code == 200
    assert put(client, api(world, "/building-blocks/board"), block_body()).status_code == 403
    assert put(client, api(world, "/contributions/board/mindset"),
               {"strength": "none", "reason": "x"}).status_code == 403
    assert client.delete(api(world, "/contributions/board/mindset")).status_code == 403
    assert state() == before


@pytest.mark.parametrize("path", ["/building-blocks", "/building-blocks/board",
                                  "/contributions", "/coverage", "/contingency-advice"])
def test_another_alliance_gets_404(client, world, path) -> None:
    client.force_login(world.outsider)
    response = client.get(api(world, path))
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_another_alliance_cannot_write(client, world) -> None:
    client.force_login(world.outsider)
    before = state()
    assert put(client, api(world, "/building-blocks/board"), block_body()).status_code == 404
    assert put(client, api(world, "/contributions/board/mindset"),
               {"strength": "none", "reason": "x"}).status_code == 404
    assert client.delete(api(world, "/contributions/board/mindset")).status_code == 404
    assert state() == before


# --- contributions ----------------------------------------------------------------------------


def test_contributions_adjust_and_reset(client, world) -> None:
    client.force_login(world.founder)
    cells = client.get(api(world, "/contributions")).json()["cells"]
    assert len(cells) == len(default_matrix()) == 56
    board_mindset = next(c for c in cells if (c["block"], c["pillar"]) == ("board", "mindset"))
    assert board_mindset == {"block": "board", "pillar": "mindset", "strength": "dominant",
                             "default_strength": "dominant", "adjusted": False, "reason": ""}
    response = put(client, api(world, "/contributions/board/mindset"),
                   {"strength": "none", "reason": "Delegated.", "expected_strength": "dominant"})
    assert response.status_code == 200, response.content
    assert response.json() == {"block": "board", "pillar": "mindset", "strength": "none",
                               "default_strength": "dominant", "adjusted": True,
                               "reason": "Delegated."}
    assert len(client.get(api(world, "/contributions")).json()["cells"]) == 56  # still shown
    stale = put(client, api(world, "/contributions/board/mindset"),
                {"strength": "secondary", "reason": "x", "expected_strength": "dominant"})
    assert stale.status_code == 409
    assert client.delete(api(world, "/contributions/board/mindset")).status_code == 204
    assert ContributionAdjustment.objects.count() == 0
    assert list(JournalEntry.objects.filter(kind__startswith="Contribution").order_by("seq")
                .values_list("kind", flat=True)) == ["ContributionAdjusted", "ContributionReset"]


def test_an_adjustment_without_reason_is_400(client, world) -> None:
    client.force_login(world.founder)
    before = state()
    response = put(client, api(world, "/contributions/board/mindset"),
                   {"strength": "none", "reason": ""})
    assert response.status_code == 400
    assert put(client, api(world, "/contributions/board/nowhere"),
               {"strength": "none", "reason": "x"}).status_code == 404
    assert state() == before


# --- coverage and advice ----------------------------------------------------------------------


def test_coverage_per_pillar_dimension_and_gaps(client, world) -> None:
    for block, status in (("autonomous_professional", "in_place"),
                          ("coaching_manager", "being_built")):
        services.block_setting_set(actor=world.founder, alliance=world.alliance, block=block,
                                   status=status, expected_version=0)
    client.force_login(world.reviewer)
    body = client.get(api(world, "/coverage")).json()
    p2 = body["pillars"][1]
    assert {k: p2[k] for k in ("pillar", "number", "dimension", "achieved", "maximum", "score",
                               "gap")} == {
        "pillar": "playing_field", "number": 2, "dimension": "cultural", "achieved": 3.0,
        "maximum": 4, "score": 0.75, "gap": False}
    assert p2["carriers"] == [
        {"block": "autonomous_professional", "strength": "dominant", "status": "in_place",
         "weight": 2.0},
        {"block": "coaching_manager", "strength": "dominant", "status": "being_built",
         "weight": 1.0}]
    assert body["dimensions"][0] == {"dimension": "cultural",
                                     "pillars": ["mindset", "playing_field"],
                                     "achieved": 3.5, "maximum": 14, "score": 0.25}
    assert [g["pillar"] for g in body["gaps"]] == [
        "mindset", "trust", "dialogue", "structure", "transparency", "knowledge", "objective"]


def test_contingency_advice_reads_the_situation(client, world) -> None:
    client.force_login(world.professional_a)
    body = client.get(api(world, "/contingency-advice")).json()
    assert body["situation"] == {
        "active_partners": 2, "joint_activities": 1, "centralisation": "medium",
        "joint_work_weight": "medium", "origin": "problem", "rationales": [],
        "has_key_alliance_manager": True, "stage": None, "profile_filled": False,
        "weakest_stage_dimension": None}
    # The profile holds only its defaults: no rule reads it, the advice says to fill it in.
    rule_advice = [(a["block"], a["emphasis"], a["reason"]) for a in body["advice"]
                   if a["reason"] != "fills_gap"]
    assert rule_advice == [("annual_evaluation", "recommended", "no_stage_assessment")]
    assert body["fill_in_first"] == ["origin", "joint_activities", "centralisation",
                                     "joint_work_weight", "rationales"]
    assert all(a["text"] for a in body["advice"])
    assert len(body["next_steps"]) == 3
    assert all(s["reason"] for s in body["next_steps"])
    # Every block the coverage names as filling a gap has advice here.
    coverage = client.get(api(world, "/coverage")).json()
    named = {f["block"] for g in coverage["gaps"] for f in g["fillers"]}
    assert named
    assert named <= {a["block"] for a in body["advice"]}


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/building-blocks", "/contributions", "/coverage"])
def test_api_queries_do_not_grow_with_the_settings(client, world, path) -> None:
    client.force_login(world.founder)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(api(world, path)).status_code == 200
        return len(captured), "\n".join(q["sql"] for q in captured.captured_queries)

    services.block_setting_set(actor=world.founder, alliance=world.alliance, block="board",
                               status="in_place", expected_version=0,
                               owner_partner=world.partner_a)
    one, _sql = count()
    for i, block in enumerate(list(Block)[1:10]):
        owner = {"owner_partner": world.partner_b} if i % 2 else {
            "owner_person": world.coordinator_b}
        services.block_setting_set(actor=world.founder, alliance=world.alliance,
                                   block=block.value, status="in_place", expected_version=0,
                                   **owner)
        services.contribution_adjust(actor=world.founder, alliance=world.alliance,
                                     block=block.value, pillar="objective",
                                     strength="dominant", reason="More.")
    ten, sql = count()
    assert one == ten, sql
