"""The evaluation feeds the design, in a real browser (Chromium) against live_server: the key
alliance manager reads a closed round's results, makes an improvement action for a pillar, sees
it on the improvement actions' page, on the alliance dashboard and beside the pillar on the
in place vs experienced page; its owner finds it on their to-do list."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level
from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_STATEMENTS
from concordia.evaluation.models import Response, Round
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KEYS = [s.key for s in STANDARD_STATEMENTS]


def test_an_improvement_action_out_of_the_results(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    join(alliance, anna, bram)
    round_ = Round.objects.create(
        alliance=alliance, year=2025, opens_on=dt.date(2025, 3, 1),
        closes_on=dt.date(2025, 3, 31), statement_keys=KEYS, state=RoundState.CLOSED,
        opened_by=anna)
    Response.objects.bulk_create([
        Response(round=round_, partner=partner, level=Level.OPERATIONAL,
                 role_group=RoleGroup.STAFF, scores=dict.fromkeys(KEYS, 2))
        for partner in alliance.partners.all() for _ in range(6)])
    base = live_server.url + f"/alliances/{alliance.pk}"

    login(page, "anna@tax.example")
    page.goto(base + "/evaluation/2025/results")
    pillars = page.get_by_role("table", name="Experienced per pillar in 2025")
    expect(pillars.get_by_role("row", name="P3 Trust between alliance partners 2.0")
           ).to_be_visible()
    pillars.get_by_role("link",
                        name="Make an improvement action for P3 Trust between alliance partners"
                        ).click()
    expect(page.get_by_role("heading", name="New improvement action")).to_be_visible()
    expect(page.get_by_label("Action")).to_have_value(
        "Strengthen P3 Trust between alliance partners")
    page.get_by_label("Owner").select_option(label="Bram Benefits")
    page.get_by_role("button", name="Give the action").click()
    expect(page.get_by_text("The improvement action is given.")).to_be_visible()

    # The improvement actions' page: the pillar as experienced before it (2025), none after yet.
    actions = page.get_by_role("table", name="Improvement actions, open first")
    row = actions.get_by_role("row", name="Strengthen P3 Trust between alliance partners")
    expect(row).to_contain_text("2.0 (2025)")
    expect(row).to_contain_text("next round to come")
    action = ActionItem.objects.get(alliance=alliance)
    assert (action.pillar, action.owner_person) == ("trust", bram)

    # The dashboard's panel lists it while open.
    page.goto(base + "/")
    panel = page.get_by_role("region", name="Improvement actions")
    expect(panel.get_by_role("link", name="Strengthen P3 Trust between alliance partners")
           ).to_be_visible()

    # In place vs experienced: nothing is in place yet, and trust is experienced at 2.0.
    panel.get_by_role("link", name="Improvement actions with their results").click()
    page.get_by_role("link", name="In place vs experienced").last.click()
    table = page.get_by_role("table", name="Per pillar: the blocks in place")
    trust = table.get_by_role("row", name="P3 Trust between alliance partners")
    expect(trust).to_contain_text("2.0 (0.0)")
    expect(trust).to_contain_text("neither in place nor experienced")
    log_out(page)

    # Bram owns it: on his to-do list until it is done.
    login(page, "bram@benefits.example")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Strengthen P3 Trust between alliance partners")
           ).to_be_visible()
