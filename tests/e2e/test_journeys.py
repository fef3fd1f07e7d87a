"""The main journeys through Concordia in a real browser (Chromium), against live_server."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from concordia.alliances.models import Alliance
from concordia.journal.models import JournalEntry
from concordia.testing.browser import log_out
from concordia.testing.factories import OrganisationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, option_label: str) -> None:
    """Use the language switch in the header (it submits without htmx, a full page load)."""
    switch = page.locator("form", has=page.locator("#language-select"))
    switch.get_by_role("combobox").select_option(label=option_label)
    switch.get_by_role("button").click()


def table_cells(table: Locator) -> list[list[str]]:
    """The table's rows as lists of cell texts (header cells included), whitespace squeezed."""
    expect(table).to_be_visible()
    return [[" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
            for row in table.get_by_role("row").all()]


def test_found_an_alliance_invite_a_partner_and_a_person(page: Page, live_server, login):
    arnhem = OrganisationFactory(name="Gemeente Arnhem")
    oost = OrganisationFactory(name="Zorggroep Oost")
    PersonFactory(email="anna@arnhem.example", full_name="Anna Founder", organisation=arnhem,
                  is_organisation_admin=True)
    PersonFactory(email="bram@oost.example", full_name="Bram Partner", organisation=oost,
                  is_organisation_admin=True)
    PersonFactory(email="carla@oost.example", full_name="Carla Invited", organisation=oost)

    # The founder logs in and sees her organisation's start page.
    login(page, "anna@arnhem.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Arnhem: alliances")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Dutch, then back to English. allauth's own pages are translated already.
    switch_language(page, "Nederlands")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.goto(f"{live_server.url}/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitloggen")
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Out")
    page.get_by_role("link", name="My alliances").click()

    # Create the alliance through the form.
    page.get_by_role("button", name="Create an alliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an alliance")
    page.get_by_label("Name").fill("Gezond Oost-Gelderland")
    page.get_by_label("Short purpose").fill("Care close to home.")
    page.get_by_label("Start date").fill("2025-01-15")
    page.get_by_role("button", name="Create alliance").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Alliance created. Invite your partners next.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezond Oost-Gelderland")
    alliance = Alliance.objects.get(name="Gezond Oost-Gelderland")
    assert page.url == f"{live_server.url}/alliances/{alliance.pk}/"

    # Invite the partner organisation.
    page.get_by_role("button", name="Invite a partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite a partner to Gezond Oost-Gelderland")
    page.get_by_label("Organisation name").fill("Zorggroep Oost")
    page.get_by_label("Partner type").select_option(label="core partner")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_have_text("Zorggroep Oost is invited.")
    expect(page.get_by_text("Invited, awaiting an answer:")).to_have_text(
        "Invited, awaiting an answer: Zorggroep Oost")
    log_out(page)

    # The partner's administrator accepts on the home page.
    login(page, "bram@oost.example")
    pending = page.get_by_role("region", name="Invitations for your organisation")
    expect(pending.get_by_role("listitem")).to_contain_text(
        "Gezond Oost-Gelderland invites your organisation as core partner.")
    pending.get_by_role("button", name="Accept Gezond Oost-Gelderland").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Your organisation has joined Gezond Oost-Gelderland.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezond Oost-Gelderland")

    # As coordinator of his partner he invites a person by e-mail.
    page.get_by_role("navigation", name="Alliance").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of Gezond Oost-Gelderland")
    page.get_by_role("button", name="Invite a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite a person to Gezond Oost-Gelderland")
    page.get_by_label("For partner").select_option(label="Zorggroep Oost")
    page.get_by_label("E-mail address").fill("carla@oost.example")
    page.get_by_label("Role").select_option(label="professional")
    page.get_by_label("Level").select_option(label="operational")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Invitation sent to carla@oost.example.")
    open_invitations = page.get_by_role("region", name="Open invitations")
    expect(open_invitations.get_by_role("listitem")).to_contain_text(
        "carla@oost.example — professional (Zorggroep Oost)")
    log_out(page)

    # The mail (locmem: live_server runs in this process) carries a personal link.
    [message] = [m for m in mail.outbox if m.to == ["carla@oost.example"]]
    assert message.subject == "Invitation to the alliance Gezond Oost-Gelderland"
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{live_server.url}/invitations/")

    # The invited person opens the link, logs in from there and comes back to accept.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation")
    expect(page.get_by_text("You are invited to")).to_have_text(
        "You are invited to Gezond Oost-Gelderland as professional for Zorggroep Oost.")
    expect(page.get_by_text("Log in or sign up with")).to_have_text(
        "Log in or sign up with carla@oost.example to accept.")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    page.get_by_label("Email").fill("carla@oost.example")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation")
    page.get_by_role("button", name="Accept invitation").click()

    # The dashboard: partners with their coordinators, people by level.
    expect(page.get_by_role("status").first).to_have_text("Welcome to Gezond Oost-Gelderland.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezond Oost-Gelderland")
    partners = page.get_by_role("region", name="Partners").get_by_role("table")
    assert table_cells(partners) == [
        ["Organisation", "Type", "Coordinator"],
        ["Gemeente Arnhem", "owner", "none yet"],  # the founder is key alliance manager
        ["Zorggroep Oost", "core partner", "Bram Partner"],
    ]
    levels = page.get_by_role("region", name="People by level").get_by_role("table")
    assert table_cells(levels) == [
        ["Level", "People"], ["Strategic", "0"], ["Tactical", "2"], ["Operational", "1"],
    ]


def test_a_person_of_another_organisation_gets_404_on_the_dashboard(page: Page, live_server,
                                                                   login, world):
    login(page, world.stranger.email)
    response = page.goto(f"{live_server.url}/alliances/{world.alliance.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("not found", re.I))
    expect(page.get_by_text("Alliance A")).to_have_count(0)


def test_verify_the_journal_with_htmx(page: Page, live_server, login, world):
    entries = JournalEntry.objects.filter(alliance=world.alliance).count()
    login(page, world.founder.email)
    journal_url = f"{live_server.url}/alliances/{world.alliance.pk}/journal/"
    page.goto(journal_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal of Alliance A")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verification")).to_have_text(f"Intact: {entries} entries checked.")
    assert page.url == journal_url  # swapped in place by htmx, no navigation


def test_verify_the_journal_without_javascript(page_without_js: Page, live_server, login,
                                              world):
    page = page_without_js
    entries = JournalEntry.objects.filter(alliance=world.alliance).count()
    login(page, world.founder.email)
    journal_url = f"{live_server.url}/alliances/{world.alliance.pk}/journal/"
    page.goto(journal_url)
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verification")).to_have_text(f"Intact: {entries} entries checked.")
    assert page.url == f"{journal_url}?verify=1"


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_the_skip_link_is_the_first_focusable_element(page: Page, live_server, login, world,
                                                      logged_in):
    if logged_in:
        login(page, world.founder.email)
        page.goto(f"{live_server.url}/alliances/{world.alliance.pk}/")
    else:
        page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
