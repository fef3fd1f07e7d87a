"""Cost settlement in a real browser (Chromium), against live_server: with the helpdesk shared
equally (a model the board decided), partner A's coordinator and partner B's coordinator each
book a cost of last quarter; the quarter's settlement shows shares, balances and the one
transfer; both confirm it and the quarter reads as settled. Under a model by usage the key
alliance manager records two quarters' usage figures, and each quarter's shares follow its own
figures (carried forward to a quarter without them)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.bodies import services as body_services
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.settlement import services
from concordia.settlement.models import Booking, Confirmation
from concordia.testing.browser import log_out
from concordia.testing.decisions import make_decision
from concordia.testing.factories import PersonFactory, join, make_alliance
from concordia.testing.settlement import last_quarter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_partners_book_costs_and_settle_a_quarter(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)  # Bram: partner B's coordinator
    partner_a = alliance.partners.get(organisation=anna.organisation)
    board = body_services.body_set_up(actor=anna, alliance=alliance, name="Board",
                                      kind="board", level="strategic")
    decision = make_decision(board, 1, "Share the helpdesk equally", proposed_by=anna,
                             deadline=timezone.now() - dt.timedelta(days=1),
                             status=DecisionStatus.CLOSED, outcome=Outcome.CARRIED,
                             closed_at=timezone.now(), tally={"outcome": "carried"})
    year, quarter = last_quarter()
    services.settlement_model_choose(
        actor=anna, alliance=alliance, category="Joint helpdesk", kind="equal",
        starts_on=dt.date(year - 1, 1, 1), decision=decision,
        weights={partner_a.pk: 1, partner_b.pk: 1})
    day = (dt.date(year, 3 * quarter - 2, 1) + dt.timedelta(days=9)).isoformat()
    base = live_server.url + f"/alliances/{alliance.pk}"

    for email, amount, what in (("anna@tax.example", "900,00", "Helpdesk licences"),
                                ("bram@benefits.example", "300,00", "Helpdesk staff")):
        login(page, email)
        page.goto(base + "/")
        page.get_by_role("navigation", name="Alliance").get_by_role(
            "link", name="Cost settlement").click()
        page.get_by_role("link", name="Book a cost").click()
        # The books have a "Cost category" filter too: wait for the booking form's page.
        expect(page.get_by_role("heading", name="Book a cost")).to_be_visible()
        page.get_by_label("Cost category").select_option(label="Joint helpdesk")
        page.get_by_label("shared cost").check()
        page.get_by_label("Date").fill(day)
        page.get_by_label("Amount in euros").fill(amount)
        page.get_by_label("Description").fill(what)
        page.get_by_role("button", name="Book", exact=True).click()
        expect(page.get_by_text("The booking is recorded.")).to_be_visible()
        expect(page.get_by_role("heading", name=f"Settlement of {year}-Q{quarter}")
               ).to_be_visible()
        if email.startswith("anna"):
            log_out(page)

    # Bram sees both bookings, the balances and that partner B pays partner A 300.
    table = page.get_by_role("table", name=f"Settlement of {year}-Q{quarter} per partner")
    expect(table.get_by_role("row", name=str(partner_b.organisation))).to_contain_text(
        "600.00")
    expect(page.get_by_text("pays")).to_contain_text("300.00")
    page.get_by_role("button", name="Confirm the settlement").click()
    expect(page.get_by_text("Your organisation's confirmation is recorded.")).to_be_visible()
    expect(page.get_by_text("Not settled yet")).to_be_visible()
    log_out(page)

    login(page, "anna@tax.example")
    page.goto(base + f"/settlement/{year}/{quarter}/")
    page.get_by_role("button", name="Confirm the settlement").click()
    expect(page.get_by_text("Settled: every partner confirmed this computation.")
           ).to_be_visible()
    assert Booking.objects.filter(alliance=alliance).count() == 2
    assert Confirmation.objects.filter(alliance=alliance).count() == 2


def test_usage_figures_per_quarter_and_the_shares_follow(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)
    partner_a = alliance.partners.get(organisation=anna.organisation)
    board = body_services.body_set_up(actor=anna, alliance=alliance, name="Board",
                                      kind="board", level="strategic")
    decision = make_decision(board, 1, "Share the gateway by usage", proposed_by=anna,
                             deadline=timezone.now() - dt.timedelta(days=1),
                             status=DecisionStatus.CLOSED, outcome=Outcome.CARRIED,
                             closed_at=timezone.now(), tally={"outcome": "carried"})
    year, quarter = last_quarter()
    before = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    model = services.settlement_model_choose(
        actor=anna, alliance=alliance, category="Message gateway", kind="usage",
        starts_on=dt.date(year - 1, 1, 1), decision=decision, measure="messages",
        weights={partner_a.pk: 1, partner_b.pk: 1})
    for y, q in (before, (year, quarter)):  # Anna's partner pays 1,000.00 each quarter
        services.booking_record(actor=anna, partner=partner_a, category=model.category,
                                kind="cost", incurred_on=dt.date(y, 3 * q - 2, 5),
                                amount_cents=1_000_00, description="Gateway fee")
    base = live_server.url + f"/alliances/{alliance.pk}"

    def share_of_b(y, q):
        page.goto(base + f"/settlement/{y}/{q}/")
        table = page.get_by_role("table", name=f"Settlement of {y}-Q{q} per partner")
        return table.get_by_role("row", name=str(partner_b.organisation))

    def record(y, q, a, b):
        page.goto(base + "/settlement/models/")
        page.get_by_role("link", name="Record a quarter's usage").click()
        page.get_by_label("Year").fill(str(y))
        page.get_by_label("Quarter").select_option(label=f"Q{q}")
        page.get_by_label(f"Usage of {partner_a.organisation}").fill(str(a))
        page.get_by_label(f"Usage of {partner_b.organisation}").fill(str(b))
        page.get_by_role("button", name="Record the usage").click()
        expect(page.get_by_text("The usage figures are recorded.")).to_be_visible()

    login(page, "anna@tax.example")
    # Before any figures per quarter: the figures given with the model, half each.
    expect(share_of_b(*before)).to_contain_text("500.00")
    expect(page.get_by_text("the figures given with the model")).to_be_visible()

    # The quarter before last: 3 to 1. Last quarter has no figures yet and carries them.
    record(*before, 3, 1)
    expect(share_of_b(*before)).to_contain_text("250.00")
    expect(share_of_b(year, quarter)).to_contain_text("250.00")
    expect(page.get_by_text(f"the figures of {before[0]}-Q{before[1]}")).to_be_visible()

    # Last quarter's own figures, 1 to 4: its shares follow; the quarter before keeps its own.
    record(year, quarter, 1, 4)
    expect(share_of_b(year, quarter)).to_contain_text("800.00")
    expect(page.get_by_text(f"the figures of {year}-Q{quarter}")).to_be_visible()
    expect(share_of_b(*before)).to_contain_text("250.00")
    log_out(page)
