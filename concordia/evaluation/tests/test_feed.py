"""The evaluation feeds the design: in place vs experienced per pillar (page, API, the panel on
the coverage page), the latest round's dimension scores on the stage page, improvement actions
made out of the results (shown on the dashboard, the owner's to-do list until done, and the
improvement actions' page with their pillar before and after). Flat query counts."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.actions.services import action_close, action_create
from concordia.alliances.choices import Level
from concordia.blocks.services import block_setting_set
from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_STATEMENTS
from concordia.evaluation.models import Response, Round
from concordia.handbook.catalogue import Pillar, default_matrix

pytestmark = pytest.mark.django_db

KEYS = [s.key for s in STANDARD_STATEMENTS]
EN = {"Accept-Language": "en"}


def make_round(world, year, *, closed_at=None):
    round_ = Round.objects.create(
        alliance=world.alliance, year=year, opens_on=dt.date(year, 3, 1),
        closes_on=dt.date(year, 3, 31), statement_keys=KEYS, state=RoundState.CLOSED,
        opened_by=world.founder)
    Round.objects.filter(pk=round_.pk).update(
        closed_at=closed_at or dt.datetime(year, 4, 1, 9, tzinfo=dt.UTC))
    return round_


def answer(round_, partner, n, *, score=None, seed=0):
    rng = random.Random(seed)
    Response.objects.bulk_create([
        Response(round=round_, partner=partner, level=Level.OPERATIONAL,
                 role_group=RoleGroup.STAFF,
                 scores={k: score or rng.randint(1, 5) for k in KEYS}) for _ in range(n)])


def trust_in_place(world):
    """Every block that carries trust in place."""
    for block in sorted({b for (b, p) in default_matrix() if p == Pillar.TRUST}):
        block_setting_set(actor=world.founder, alliance=world.alliance, block=block.value,
                          status="in_place", expected_version=0)


@pytest.fixture
def two_rounds(world):
    earlier = make_round(world, 2024)
    answer(earlier, world.partner_a, 6, score=4)
    answer(earlier, world.partner_b, 6, score=4)
    latest = make_round(world, 2025)
    answer(latest, world.partner_a, 6, score=2)
    answer(latest, world.partner_b, 6, score=2)
    return earlier, latest


def page(client, world, name="evaluation_in_place"):
    return client.get(reverse(name, kwargs={"pk": world.alliance.pk}), headers=EN)


def test_in_place_but_not_experienced_is_the_discussion_point(client, world, two_rounds):
    trust_in_place(world)
    client.force_login(world.professional_a)
    html = page(client, world).content.decode()
    assert html.count("<h1") == 1
    assert "To discuss: in place but not experienced" in html
    assert 'id="pillar-trust" class="discussion-point"' in html
    assert "in place but not experienced: a discussion point" in html
    # 2.0 now, 4.0 in 2024: the change since the round before
    assert "2.0 (0.0)" in html
    assert "-2.0" in html
    assert "neither in place nor experienced" in html  # the pillars without blocks in place
    # a professional reads, but does not make improvement actions
    assert "Make an improvement action" not in html


def test_without_a_closed_round_only_what_is_in_place_shows(client, world):
    client.force_login(world.founder)
    html = page(client, world).content.decode()
    assert "No evaluation round has closed yet" in html
    assert "not known yet: no experienced figure" in html


def test_a_round_below_k_shows_no_experienced_figure(client, world):
    answer(make_round(world, 2025), world.partner_a, 4, score=5)
    client.force_login(world.founder)
    html = page(client, world).content.decode()
    assert "Fewer than 5 people answered the round" in html
    assert "5.0" not in html


def test_the_api_gives_the_same_figures(client, world, two_rounds):
    trust_in_place(world)
    client.force_login(world.observer_b)
    body = client.get(f"/api/v1/alliances/{world.alliance.pk}/evaluation/"
                      "in-place-vs-experienced").json()
    assert (body["year"], body["previous_year"], body["min_group"]) == (2025, 2024, 5)
    trust = next(p for p in body["pillars"] if p["pillar"] == "trust")
    assert trust["experienced"] == {"mean": 2.0, "sd": 0.0, "n": 12}
    assert trust["change"] == -2.0
    assert trust["reading"] == "not_experienced"
    assert trust["in_place"] == trust["blocks"]
    assert len(body["pillars"]) == 8


def test_the_coverage_and_stage_pages_show_the_evaluation(client, world, two_rounds):
    trust_in_place(world)
    client.force_login(world.professional_a)
    html = client.get(reverse("block_coverage", kwargs={"pk": world.alliance.pk}),
                      headers=EN).content.decode()
    assert "In place but not experienced (to discuss):" in html
    assert reverse("evaluation_in_place", kwargs={"pk": world.alliance.pk}) in html
    html = client.get(reverse("stage_page", kwargs={"pk": world.alliance.pk}),
                      headers=EN).content.decode()
    assert "The evaluation&#x27;s scores per dimension" in html or \
        "The evaluation's scores per dimension" in html
    assert "All respondents of the evaluation 2025" in html
    assert html.count("<td>2.0</td>") == 4  # the four dimensions


@pytest.mark.parametrize("n", [3, 40])
def test_in_place_query_count_is_flat(client, world, n, django_assert_max_num_queries):
    round_ = make_round(world, 2025)
    answer(round_, world.partner_a, 6)
    client.force_login(world.founder)
    page(client, world)
    answer(round_, world.partner_b, n, seed=n)
    with CaptureQueriesContext(connection) as few:
        page(client, world)
    answer(round_, world.partner_a, n * 3, seed=n + 1)
    with django_assert_max_num_queries(len(few)):
        assert page(client, world).status_code == 200


# --- improvement actions out of the results ------------------------------------------------


def action_url(world, year=2025, pillar="trust"):
    return reverse("evaluation_improvement_action_create",
                   kwargs={"pk": world.alliance.pk, "year": year, "pillar": pillar})


def test_the_results_page_offers_an_action_per_pillar_and_per_discussion_point(
        client, world, two_rounds):
    client.force_login(world.founder)
    html = client.get(reverse("evaluation_results", kwargs={"pk": world.alliance.pk,
                                                            "year": 2025}),
                      headers=EN).content.decode()
    assert "Per pillar: how it is experienced" in html
    assert action_url(world) in html
    client.force_login(world.professional_a)
    html = client.get(reverse("evaluation_results", kwargs={"pk": world.alliance.pk,
                                                            "year": 2025}),
                      headers=EN).content.decode()
    assert "Per pillar: how it is experienced" in html
    assert action_url(world) not in html


def test_an_improvement_action_out_of_the_results(client, world, two_rounds):
    client.force_login(world.founder)
    form = client.get(action_url(world) + "?point=statement:relational.1", headers=EN)
    assert form.status_code == 200
    assert "discussion point: I trust that the other partners" in form.content.decode()
    owner = f"person:{world.professional_a.pk}"
    data = {"title": "Meet the other partners' teams", "description": "", "owner": owner,
            "due_on": "2030-01-31"}
    done = client.post(action_url(world), data)
    assert done.status_code == 302
    assert done["Location"] == reverse("improvement_actions", kwargs={"pk": world.alliance.pk})
    action = ActionItem.objects.get(title="Meet the other partners' teams")
    assert (action.pillar, action.status, action.owner_person) == (
        "trust", ActionStatus.OPEN, world.professional_a)
    # the same again is refused, nothing doubles
    again = client.post(action_url(world), data)
    assert again.status_code == 422
    assert ActionItem.objects.filter(title=action.title).count() == 1
    # the dashboard shows it while open
    dashboard = client.get(reverse("alliance_dashboard", kwargs={"pk": world.alliance.pk}),
                           headers=EN).content.decode()
    assert "Meet the other partners&#x27; teams" in dashboard
    # the owner's to-do list, until done
    client.force_login(world.professional_a)
    assert "Meet the other partners&#x27; teams" in client.get(reverse("home")).content.decode()
    action_close(actor=world.founder, action=action, status=ActionStatus.DONE,
                 expected_version=action.version)
    assert "Meet the other partners&#x27; teams" not in client.get(
        reverse("home")).content.decode()
    client.force_login(world.founder)
    dashboard = client.get(reverse("alliance_dashboard", kwargs={"pk": world.alliance.pk}),
                           headers=EN).content.decode()
    assert "No open improvement actions." in dashboard


def test_bad_input_and_refusals(client, world, two_rounds):
    client.force_login(world.founder)
    assert client.get(action_url(world, pillar="nonsense")).status_code == 404
    assert client.get(action_url(world, year=2023)).status_code == 404
    Round.objects.filter(year=2025).update(state=RoundState.OPEN)
    assert client.get(action_url(world)).status_code == 404
    Round.objects.filter(year=2025).update(state=RoundState.CLOSED)
    bad = client.post(action_url(world), {"title": "", "owner": "person:999999999"})
    assert bad.status_code == 422
    client.force_login(world.professional_a)
    before = ActionItem.objects.count()
    assert client.post(action_url(world), {"title": "X", "owner": ""}).status_code == 403
    assert ActionItem.objects.count() == before


def test_the_improvement_actions_show_their_pillar_before_and_after(client, world, two_rounds):
    made = action_create(actor=world.founder, alliance=world.alliance, title="Open books",
                         owner_person=world.coordinator_b, pillar="trust")
    ActionItem.objects.filter(pk=made.pk).update(
        created_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    action_create(actor=world.founder, alliance=world.alliance, title="A block",
                  owner_person=world.coordinator_b, block="reporting")
    action_create(actor=world.founder, alliance=world.alliance, title="No pillar",
                  owner_person=world.coordinator_b)
    client.force_login(world.observer_b)
    html = page(client, world, "improvement_actions").content.decode()
    assert "Open books" in html
    assert "A block" in html
    assert "No pillar" not in html
    assert "4.0 <small>(2024)</small>" in html
    assert "2.0 <small>(2025)</small>" in html
    assert "-2.0" in html
    assert "next round to come" in html  # the one made now
    body = client.get(f"/api/v1/alliances/{world.alliance.pk}/improvement-actions").json()
    first = next(a for a in body if a["title"] == "Open books")
    assert first["before"] == {"year": 2024, "experienced": {"mean": 4.0, "sd": 0.0, "n": 12}}
    assert first["after"] == {"year": 2025, "experienced": {"mean": 2.0, "sd": 0.0, "n": 12}}
    block = next(a for a in body if a["title"] == "A block")
    assert block["block"] == "reporting"
    assert block["before"] == {"year": 2025, "experienced": None}
    assert block["after"] is None


@pytest.mark.parametrize("path", ["page", "api"])
def test_improvement_actions_query_count_is_flat(client, world, two_rounds, path,
                                                 django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            action_create(actor=world.founder, alliance=world.alliance, title=f"Action {i}",
                          owner_partner=world.partner_b if i % 2 else None,
                          owner_person=None if i % 2 else world.coordinator_b,
                          pillar=["trust", "dialogue", ""][i % 3],
                          block="" if i % 3 != 2 else "reporting")

    def get():
        if path == "page":
            return page(client, world, "improvement_actions")
        return client.get(f"/api/v1/alliances/{world.alliance.pk}/improvement-actions")

    client.force_login(world.founder)
    make(1)
    get()
    with CaptureQueriesContext(connection) as one:
        assert get().status_code == 200
    ActionItem.objects.all().delete()
    make(12)
    with django_assert_max_num_queries(len(one)):
        assert get().status_code == 200


def test_another_alliances_pages_are_404(client, world, two_rounds):
    client.force_login(world.outsider)
    for name in ("evaluation_in_place", "improvement_actions"):
        assert page(client, world, name).status_code == 404
    assert client.get(action_url(world)).status_code == 404
