"""The weekly run of an alliance in a real browser (Chromium), against live_server: the tactical
table set up with seats for three partners, a series with a rotating chair, an agenda, attendance
with a replacement, minutes circulated, corrected and approved, and the action on its owner's
to-do list."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Level, Role
from concordia.bodies import services as bodies_services
from concordia.bodies.models import Body, Seat
from concordia.journal.models import JournalEntry
from concordia.meetings.choices import AttendanceStatus, MinutesStatus
from concordia.meetings.models import Attendance, Meeting
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def local_input(moment: dt.datetime) -> str:
    """A datetime-local input's value, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_run_the_tactical_table_for_a_month(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)
    cees = PersonFactory(email="cees@stats.example", full_name="Cees Stats",
                         is_organisation_admin=True)
    partner_c = join(alliance, anna, cees)
    partner_a = alliance.partners.get(organisation=anna.organisation)
    lotte = PersonFactory(email="lotte@tax.example", full_name="Lotte Line",
                          organisation=anna.organisation)
    give_role(partner_a, lotte, Role.LINE_MANAGER, Level.TACTICAL)
    mark = PersonFactory(email="mark@benefits.example", full_name="Mark Manager",
                         organisation=bram.organisation)
    give_role(partner_b, mark, Role.LINE_MANAGER, Level.TACTICAL)
    nina = PersonFactory(email="nina@benefits.example", full_name="Nina Deputy",
                         organisation=bram.organisation)
    give_role(partner_b, nina, Role.LINE_MANAGER, Level.TACTICAL)
    olaf = PersonFactory(email="olaf@stats.example", full_name="Olaf Office",
                         organisation=cees.organisation)
    give_role(partner_c, olaf, Role.LINE_MANAGER, Level.TACTICAL)
    base = live_server.url + f"/alliances/{alliance.pk}"

    # The key alliance manager sets up the tactical table, with a rotating chair.
    login(page, "anna@tax.example")
    page.goto(base + "/bodies/")
    page.get_by_role("button", name="Set up a body").click()
    page.get_by_label("Name").fill("Tactical table")
    page.get_by_label("Kind").select_option(label="tactical table")
    page.get_by_label("Level").select_option(label="tactical")
    page.get_by_label("Mandate").fill("Steers the chain week by week.")
    page.get_by_label("rotating between partners").check()
    page.get_by_label("Secretary").select_option(label="Anna Tax")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_text("The body is set up.")).to_be_visible()
    body = Body.objects.get(alliance=alliance, name="Tactical table")
    assert body.substitutes_may_attend is False  # the tactical table's default

    # A seat for each of the three partners; Anna fills her own partner's.
    page.goto(base + f"/bodies/{body.pk}/seats")
    for partner in (partner_a, partner_b, partner_c):
        add = page.locator("form", has=page.get_by_role("button", name="Add the seat"))
        add.get_by_label("Partner").select_option(label=partner.organisation.name)
        add.get_by_role("button", name="Add the seat").click()
        expect(page.get_by_role("heading", name=partner.organisation.name)).to_be_visible()
    own = page.get_by_role("form", name=f"Fill seat 1 of {partner_a.organisation.name}")
    own.get_by_label("Holder").select_option(label="Lotte Line")
    own.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    # Another partner's seat is not Anna's to fill.
    expect(page.get_by_role("form", name=f"Fill seat 1 of {partner_b.organisation.name}")
           ).to_have_count(0)
    log_out(page)

    # Bram fills his partner's seat: Mark holds it, Nina stands in.
    login(page, "bram@benefits.example")
    page.goto(base + f"/bodies/{body.pk}/seats")
    theirs = page.get_by_role("form", name=f"Fill seat 1 of {partner_b.organisation.name}")
    theirs.get_by_label("Holder").select_option(label="Mark Manager")
    theirs.get_by_label("Substitute").select_option(label="Nina Deputy")
    theirs.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_role("form", name=f"Fill seat 1 of {partner_a.organisation.name}")
           ).to_have_count(0)
    log_out(page)
    # The third partner's coordinator does the same (through the service, as its own page
    # flow was just shown).
    seat_c = Seat.objects.get(body=body, partner=partner_c)
    bodies_services.seat_fill(actor=cees, seat=seat_c, holder=olaf, substitute=None)

    # Anna plans a weekly series that began two weeks ago; the chair rotates.
    login(page, "anna@tax.example")
    page.goto(base + f"/bodies/{body.pk}/")
    page.get_by_role("button", name="Plan a meeting or a series").click()
    page.get_by_label("a recurring series").check()
    first = (timezone.localtime() - dt.timedelta(days=14)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    page.get_by_label("Starts at").fill(local_input(first))
    page.get_by_label("Location").fill("Utrecht")
    page.get_by_label("Frequency (series)").select_option(label="weekly")
    page.get_by_label("Number of meetings (series)").fill("4")
    page.get_by_role("button", name="Plan").click()
    expect(page.get_by_text("The series is planned.")).to_be_visible()
    meetings = list(Meeting.objects.filter(body=body).order_by("starts_at"))
    assert len(meetings) == 4
    chairs = [m.chair_partner_id for m in meetings]
    assert chairs[:3] == [partner_a.pk, partner_b.pk, partner_c.pk]
    assert chairs[3] == partner_a.pk  # and round again
    page.goto(base + f"/bodies/{body.pk}/")
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_visible()

    # The agenda of the first meeting: an item proposed and the agenda published.
    meeting = meetings[0]
    page.goto(base + f"/meetings/{meeting.pk}/")
    propose = page.locator("form", has=page.get_by_role("button", name="Propose"))
    propose.get_by_label("Title").fill("Delivery figures")
    propose.get_by_label("Owner").select_option(label="Lotte Line")
    propose.get_by_label("Time box (minutes)").fill("20")
    propose.get_by_role("button", name="Propose").click()
    # The secretary's own proposal goes straight onto the agenda.
    expect(page.get_by_text("The item is on the agenda.")).to_be_visible()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("button", name="Publish the agenda again")).to_be_visible()

    # Attendance: Lotte present, Mark replaced by Nina, Olaf absent with notice.
    page.goto(base + f"/meetings/{meeting.pk}/attendance")
    rows = {
        partner_a.organisation.name: ("present", None),
        partner_b.organisation.name: ("replaced", "Nina Deputy (substitute)"),
        partner_c.organisation.name: ("absent with notice", None),
    }
    for name, (status, replacement) in rows.items():
        group = page.get_by_role("group", name=name)
        group.get_by_label("Attendance").select_option(label=status)
        if replacement:
            group.get_by_label("Replaced by").select_option(label=replacement)
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance is recorded.")).to_be_visible()
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list(
        "seat__partner_id", "status"))
    assert statuses == {partner_a.pk: AttendanceStatus.PRESENT,
                        partner_b.pk: AttendanceStatus.REPLACED,
                        partner_c.pk: AttendanceStatus.ABSENT_WITH_NOTICE}

    # Minutes written and circulated to those present.
    page.goto(base + f"/meetings/{meeting.pk}/minutes")
    page.get_by_label("Summary").fill("The figures arrive on time.")
    page.get_by_label("Note on Delivery figures").fill("Agreed: the figures come on Fridays.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Circulate").click()
    expect(page.get_by_text("circulated for corrections")).to_be_visible()

    # An action from the agenda item, for Lotte.
    page.get_by_role("link", name="New action from “Delivery figures”").click()
    page.get_by_label("Action").first.fill("Send the Friday figures")
    page.get_by_label("Owner").select_option(label="Lotte Line")
    page.get_by_label("Due date").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Give the action").click()
    expect(page.get_by_text("The action is given.")).to_be_visible()
    log_out(page)

    # Lotte was there: she proposes a correction.
    login(page, "lotte@tax.example")
    page.goto(base + f"/meetings/{meeting.pk}/minutes")
    correction = page.locator("form", has=page.get_by_role("button", name="Propose"))
    correction.get_by_label("Proposed correction").fill("Fridays before noon.")
    correction.get_by_role("button", name="Propose").click()
    expect(page.get_by_text("Fridays before noon.")).to_be_visible()
    log_out(page)

    # Anna takes the correction over and records the approval (the next meeting has been).
    login(page, "anna@tax.example")
    page.goto(base + f"/meetings/{meeting.pk}/minutes")
    page.get_by_role("radio", name="Take it over", exact=True).check()
    page.get_by_label("New text").fill("The figures arrive on Fridays before noon.")
    page.get_by_role("button", name="Settle").click()
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("The minutes are approved.")).to_be_visible()
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.status == MinutesStatus.APPROVED
    assert meeting.minutes.approved_in_id == meetings[1].pk
    assert JournalEntry.objects.filter(alliance=alliance, kind="MinutesApproved").count() == 1
    expect(page.get_by_role("button", name="Record the approval")).to_have_count(0)
    log_out(page)

    # Lotte's home page lists what waits for her: the action.
    login(page, "lotte@tax.example")
    expect(page.get_by_text("Send the Friday figures")).to_be_visible()
