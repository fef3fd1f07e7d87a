"""External review in a real browser (Chromium), against live_server: the key alliance manager
opens a review and invites a reviewer from outside the partners; the reviewer registers from the
mailed link, confirms the address, joins (an external reviewer of no partner, read-only until the
review's end) and records a recommendation on trust; a board member accepts it and the
improvement action appears."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Membership
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def last_link(to: str, pattern: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to]][-1:]
    found = re.search(pattern, message.body)
    assert found, message.body
    return found.group(0)


def test_an_outside_reviewer_recommends_and_the_board_accepts(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)
    give_role(partner_b, bram, Role.BOARD_MEMBER, Level.STRATEGIC)
    ends_on = timezone.localdate() + dt.timedelta(days=30)
    base = live_server.url + f"/alliances/{alliance.pk}"

    # The key alliance manager opens a review and invites a peer from a review bureau.
    login(page, "anna@tax.example")
    page.goto(base + "/")
    page.get_by_role("navigation", name="Alliance").get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="Open a review").click()
    page.get_by_label("Title").fill("Peer review 2026")
    page.get_by_label("Question or scope").fill("Does the chain deliver what it promised?")
    page.get_by_label("Start date").fill(timezone.localdate().isoformat())
    page.get_by_label("End date").fill(ends_on.isoformat())
    page.get_by_role("button", name="Open the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer review 2026")
    page.get_by_role("link", name="Invite a reviewer").click()
    page.get_by_label("E-mail address of the reviewer").fill("pia@bureau.example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to pia@bureau.example.")).to_be_visible()
    log_out(page)

    # The reviewer registers from the link, confirms the address and joins the review.
    link = last_link("pia@bureau.example", r"https?://\S+/review-invitations/\S+")
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invitation to an external review")
    page.get_by_role("main").get_by_role("button", name="Register").click()
    page.get_by_label("Email").fill("pia@bureau.example")
    page.get_by_label("Full name").fill("Pia Peer")
    page.locator("#id_password1").fill("a-long-test-password")
    page.locator("#id_password2").fill("a-long-test-password")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    page.goto(last_link("pia@bureau.example", r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invitation to an external review")
    page.get_by_role("button", name="Join the review").click()
    expect(page.get_by_text("Welcome to the review team of Wage data chain.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer review 2026")
    # Every page tells her she reads until the review's end.
    expect(page.get_by_role("note")).to_contain_text(ends_on.strftime("%Y"))
    membership = Membership.objects.get(person__email="pia@bureau.example")
    assert (membership.role, membership.partner_id, membership.ends_on) == (
        Role.EXTERNAL_REVIEWER, None, ends_on)

    page.get_by_role("radio", name="recommendation").check()
    page.get_by_label("Pillar").select_option("trust")
    page.get_by_label("Text").fill("Share the monthly figures with every partner.")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("It is recorded.")).to_be_visible()
    log_out(page)

    # A board member of partner B accepts the recommendation into an improvement action.
    login(page, "bram@benefits.example")
    page.goto(base + "/reviews/")
    page.get_by_role("link", name="Peer review 2026").click()
    page.get_by_role("link", name="Answer").click()
    expect(page.locator("#id_accept-title")).to_have_value(
        "Share the monthly figures with every partner.")
    page.get_by_label("Owner").select_option(label=str(partner_b.organisation))
    page.get_by_label("Reason (optional)").fill("Cheap and useful.")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text("The recommendation is accepted: it is an improvement action "
                            "now.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Share the monthly figures with every partner.")
    action = ActionItem.objects.get(alliance=alliance)
    assert (action.pillar, action.owner_partner_id) == ("trust", partner_b.pk)
    page.get_by_role("navigation", name="Alliance").get_by_role("link", name="Actions").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Share the monthly figures with every partner.")
