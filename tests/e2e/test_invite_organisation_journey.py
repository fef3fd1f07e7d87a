"""Inviting an organisation that is not registered, in a real browser: the key alliance manager
invites it by name and a contact's address; the contact signs up from the mailed link, confirms
the address, registers the organisation (its name filled in) and accepts; it is a partner."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Partner
from concordia.testing.browser import log_out
from concordia.testing.factories import OrganisationFactory, PersonFactory, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def last_link(to: str, pattern: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to]][-1:]
    found = re.search(pattern, message.body)
    assert found, message.body
    return found.group(0)


def test_invite_an_unregistered_organisation_and_see_it_become_a_partner(page: Page, live_server,
                                                                        login):
    arnhem = OrganisationFactory(name="Gemeente Arnhem")
    anna = PersonFactory(email="anna@arnhem.example", full_name="Anna Founder",
                         organisation=arnhem, is_organisation_admin=True)
    alliance = make_alliance(anna, name="Gezond Oost-Gelderland")

    # The key alliance manager invites an organisation nobody has registered yet.
    login(page, "anna@arnhem.example")
    page.goto(f"{live_server.url}/alliances/{alliance.pk}/")
    page.get_by_role("button", name="Invite a partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite a partner to Gezond Oost-Gelderland")
    page.get_by_label("Organisation name").fill("Wijkteam Noord")
    page.get_by_label("Contact's e-mail address").fill("eva@noord.example")
    page.get_by_label("Partner type").select_option(label="core partner")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Wijkteam Noord is not registered yet: eva@noord.example received a link")
    pending = page.get_by_role("region",
                               name="Invitations of organisations that are not registered")
    expect(pending.get_by_role("row", name=re.compile("Wijkteam Noord"))).to_contain_text(
        "waiting for the organisation to register")
    # Logged out before the link is opened (else the link would open as the inviter).
    log_out(page)

    # The contact opens the link, signs up (with her name) and confirms her address.
    link = last_link("eva@noord.example", r"https?://\S+/organisation-invitations/\S+")
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation for your organisation")
    expect(page.get_by_role("main")).to_contain_text(
        "Wijkteam Noord is invited to join Gezond Oost-Gelderland as core partner.")
    page.get_by_role("main").get_by_role("button", name="Sign up").click()
    page.get_by_label("Email").fill("eva@noord.example")
    page.get_by_label("Full name").fill("Eva de Vries")
    page.locator("#id_password1").fill("a-long-test-password")
    page.locator("#id_password2").fill("a-long-test-password")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    confirm = last_link("eva@noord.example", r"https?://\S+/accounts/confirm-email/\S+")
    page.goto(confirm)
    page.get_by_role("button", name="Confirm").click()

    # Back on the invitation, logged in (in the language she signed up in): she registers the
    # organisation, its name filled in, then accepts.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation for your organisation")
    expect(page.get_by_label("Organisation name")).to_have_value("Wijkteam Noord")
    page.get_by_label("Kind").select_option(label="non-profit")
    page.get_by_role("button", name="Register and continue").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Wijkteam Noord is registered and you are its administrator.")
    page.get_by_role("button", name="Accept Gezond Oost-Gelderland").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Your organisation has joined Gezond Oost-Gelderland.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezond Oost-Gelderland")
    partners = page.get_by_role("region", name="Partners").get_by_role("table")
    expect(partners.get_by_role("row", name=re.compile("Wijkteam Noord"))).to_contain_text(
        "Eva de Vries")
    assert Partner.objects.get(organisation__name="Wijkteam Noord").status == PartnerStatus.ACTIVE
