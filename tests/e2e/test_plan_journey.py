"""The annual plan in a real browser (Chromium), against live_server: the key alliance manager
starts this year's plan with an objective and an activity; each partner's coordinator writes
its deployment and confirms it; the plan goes to the board, whose members vote for it; once
the vote is closed the plan reads as in force."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Level, Role
from concordia.bodies import services as bodies_services
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.plans.models import DeploymentConfirmation, PlanVersion
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance
from concordia.testing.plans import objective_in_force

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vote_for(page: Page, partner: str) -> None:
    form = page.get_by_role("form", name=f"Your vote for {partner}")
    form.get_by_label("for", exact=True).check()
    form.get_by_role("button", name=f"Vote for {partner}").click()
    expect(page.get_by_text(f"Your vote for {partner} is cast")).to_be_visible()


def test_make_a_plan_each_partner_confirms_and_the_board_adopts_it(page: Page, live_server,
                                                                    login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)  # Bram: partner B's coordinator
    partner_a = alliance.partners.get(organisation=anna.organisation)
    carla = PersonFactory(email="carla@tax.example", full_name="Carla Director",
                          organisation=anna.organisation)
    give_role(partner_a, carla, Role.BOARD_MEMBER, Level.STRATEGIC)
    dirk = PersonFactory(email="dirk@benefits.example", full_name="Dirk Director",
                         organisation=bram.organisation)
    give_role(partner_b, dirk, Role.BOARD_MEMBER, Level.STRATEGIC)
    board = bodies_services.body_set_up(
        actor=anna, alliance=alliance, name="Alliance board", kind=BodyKind.BOARD,
        level=Level.STRATEGIC, chair_rule=ChairRule.FIXED, chair_person=anna, secretary=anna)
    for partner, holder, filler in ((partner_a, carla, anna), (partner_b, dirk, bram)):
        seat = bodies_services.seat_add(actor=anna, body=board, partner=partner)
        bodies_services.seat_fill(actor=filler, seat=seat, holder=holder, substitute=None)
    objective_in_force(alliance, anna)
    year = timezone.localdate().year
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Anna starts this year's plan with an objective and an activity.
    login(page, "anna@tax.example")
    page.goto(base + "/")
    page.get_by_role("navigation", name="Alliance").get_by_role(
        "link", name="Annual plan").click()
    expect(page.get_by_label("Year")).to_have_value(str(year))
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("The plan is started: add its objectives.")).to_be_visible()
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective of the year").fill("Payroll data right the first time")
    page.get_by_role("button", name="Add the objective").click()
    expect(page.get_by_role("heading", name="Payroll data right the first time")
           ).to_be_visible()
    page.get_by_role("link", name="Add an activity").click()
    expect(page.get_by_role("heading", name="Add an activity")).to_be_visible()
    page.locator("#id_title").fill("Joint helpdesk")
    page.get_by_label("Owner (partner)").select_option(label=str(partner_a.organisation))
    page.locator("#id_starts_on").fill(f"{year}-03-01")
    page.locator("#id_ends_on").fill(f"{year}-06-30")
    page.get_by_label("Building block it develops").select_option(label="Annual alliance plan")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_role("heading", name="Joint helpdesk")).to_be_visible()
    expect(page.get_by_text("Propose for adoption once every partner has confirmed")
           ).to_be_visible()

    # Each partner writes its deployment and confirms it.
    for email, level, hours in (("anna@tax.example", "tactical", "120"),
                                ("bram@benefits.example", "operational", "40")):
        if email.startswith("bram"):
            log_out(page)
            login(page, email)
            page.goto(base + f"/plans/{year}/")
        page.get_by_role("link", name="Our deployment for “Joint helpdesk”").click()
        page.locator(f"#id_{level}_people").fill("2")
        page.locator(f"#id_{level}_hours").fill(hours)
        page.locator(f"#id_{level}_money").fill("1.500,00")
        page.get_by_role("button", name="Save the deployment").click()
        expect(page.get_by_text("The deployment is saved.")).to_be_visible()
        page.get_by_role("button", name="Confirm our deployment").click()
        expect(page.get_by_text("Your organisation's deployment is confirmed.")).to_be_visible()
    assert DeploymentConfirmation.objects.filter(dropped_at__isnull=True).count() == 2
    log_out(page)

    # Anna proposes the plan to the board.
    login(page, "anna@tax.example")
    page.goto(base + f"/plans/{year}/")
    page.get_by_role("link", name="Propose for adoption").click()
    page.get_by_label("The board decides by").fill(
        (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Propose for adoption").click()
    expect(page.get_by_text("The plan is proposed for adoption.")).to_be_visible()
    expect(page.get_by_text("Version 1: proposed for adoption")).to_be_visible()
    log_out(page)

    # The board's members vote for it.
    decision = PlanVersion.objects.get().decision
    for email, partner in (("carla@tax.example", partner_a), ("dirk@benefits.example",
                                                               partner_b)):
        login(page, email)
        page.goto(base + f"/plans/{year}/")
        page.get_by_role("link", name=f"#{decision.number} ").click()
        vote_for(page, partner.organisation.name)
        log_out(page)

    # Anna closes the vote: the plan is in force.
    login(page, "anna@tax.example")
    page.goto(base + f"/decisions/{decision.pk}/")
    page.get_by_role("button", name="Close the vote and count").click()
    expect(page.get_by_text("The vote is closed and the outcome recorded.")).to_be_visible()
    page.goto(base + f"/plans/{year}/")
    expect(page.get_by_text("Version 1: in force")).to_be_visible()
    table = page.get_by_role("region", name="Per partner: plan vs actual")
    expect(table.get_by_role("row", name=str(partner_b.organisation))).to_contain_text(
        "1,500.00")
