"""A decision taken per partner in a real browser (Chromium), against live_server: the
organiser puts a decision item of the tactical table's meeting to a vote; two members of one
partner vote differently and only the latest counts; the organiser closes it and the tally shows
one vote for that partner."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Level, Role
from concordia.bodies import services as bodies_services
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.decisions.models import Decision, Vote
from concordia.journal.models import JournalEntry
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem, Meeting
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vote(page: Page, partner: str, choice: str, reason: str = "") -> None:
    form = page.get_by_role("form", name=f"Your vote for {partner}")
    form.get_by_label(choice, exact=True).check()
    if reason:
        form.get_by_label("Reason").fill(reason)
    form.get_by_role("button", name=f"Vote for {partner}").click()
    expect(page.get_by_text(f"Your vote for {partner} is cast")).to_be_visible()


def test_one_vote_per_partner_the_latest_counts(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)
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
    # The tactical table (consensus, one vote per partner): Anna keeps its secretariat and
    # chairs; Lotte sits for the Tax partner; Mark for Benefits, with Nina as his substitute.
    body = bodies_services.body_set_up(
        actor=anna, alliance=alliance, name="Tactical table", kind=BodyKind.TACTICAL_TABLE,
        level=Level.TACTICAL, chair_rule=ChairRule.FIXED, chair_person=anna, secretary=anna)
    seat_a = bodies_services.seat_add(actor=anna, body=body, partner=partner_a)
    bodies_services.seat_fill(actor=anna, seat=seat_a, holder=lotte, substitute=None)
    seat_b = bodies_services.seat_add(actor=anna, body=body, partner=partner_b)
    bodies_services.seat_fill(actor=bram, seat=seat_b, holder=mark, substitute=nina)
    # The meeting began an hour ago; a decision item is on its agenda.
    meeting = Meeting.objects.create(body=body, chair_person=anna, location="Utrecht",
                                     starts_at=timezone.now() - dt.timedelta(hours=1))
    AgendaItem.objects.create(meeting=meeting, position=1, title="Adopt the data standard",
                              description="All partners use the wage data standard 2.0.",
                              kind=ItemKind.DECISION, status=ItemStatus.ON_AGENDA,
                              proposed_by=anna)
    base = live_server.url + f"/alliances/{alliance.pk}"
    benefits = partner_b.organisation.name

    # Anna puts the decision item to a vote from the meeting's page.
    login(page, "anna@tax.example")
    page.goto(base + f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Put to a vote Adopt the data standard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a decision")
    expect(page.get_by_label("Title")).to_have_value("Adopt the data standard")
    page.get_by_role("button", name="Put to the vote").click()
    expect(page.get_by_text("The proposal is put to the vote.")).to_be_visible()
    decision = Decision.objects.get(alliance=alliance)
    assert (decision.meeting_id, decision.rule["carries"]) == (meeting.pk, "consensus")
    expect(page.get_by_text("You do not vote on this proposal")).to_be_visible()
    log_out(page)

    # Mark votes for Benefits.
    login(page, "mark@benefits.example")
    page.goto(base + f"/decisions/{decision.pk}/")
    expect(page.get_by_text("0 of 2 partners have voted.")).to_be_visible()
    vote(page, benefits, "for")
    expect(page.get_by_text("1 of 2 partners has voted.")).to_be_visible()
    log_out(page)

    # Nina, his substitute, sees his vote and votes otherwise: hers replaces it.
    login(page, "nina@benefits.example")
    page.goto(base + f"/decisions/{decision.pk}/")
    expect(page.get_by_text(f"{benefits} voted for (cast by Mark Manager at")).to_be_visible()
    vote(page, benefits, "against", "Our systems are not ready for 2.0 this year.")
    expect(page.get_by_text(f"{benefits} voted against (cast by Nina Deputy at")
           ).to_be_visible()
    expect(page.get_by_text("1 of 2 partners has voted.")).to_be_visible()
    log_out(page)

    # Lotte votes for the Tax partner.
    login(page, "lotte@tax.example")
    page.goto(base + f"/decisions/{decision.pk}/")
    vote(page, partner_a.organisation.name, "for")
    log_out(page)

    # Anna closes the vote: one vote per partner is counted, Benefits' latest.
    login(page, "anna@tax.example")
    page.goto(base + f"/decisions/{decision.pk}/")
    page.get_by_role("button", name="Close the vote and count").click()
    expect(page.get_by_text("The vote is closed and the outcome recorded.")).to_be_visible()
    expect(page.get_by_text("Rejected. A vote was cast against.")).to_be_visible()
    tally = page.get_by_role("table", name="The tally")
    expect(tally.get_by_role("row", name="against 1 1")).to_be_visible()
    expect(tally.get_by_role("row", name="for 1 1")).to_be_visible()
    counted = page.get_by_role("table", name="Every vote that counted")
    expect(counted.get_by_role("row")).to_have_count(3)  # the heading and one per partner
    row = counted.get_by_role("row").filter(has_text=benefits)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("against")
    expect(row).to_contain_text("cast by Nina Deputy")
    expect(row).to_contain_text("Our systems are not ready")
    expect(page.get_by_role("form", name=f"Your vote for {benefits}")).to_have_count(0)

    decision.refresh_from_db()
    assert (decision.status, decision.outcome) == (DecisionStatus.CLOSED, Outcome.REJECTED)
    assert decision.tally["counted"] == 2
    current = Vote.objects.get(decision=decision, partner=partner_b, current=True)
    assert (current.cast_by, current.choice) == (nina, "against")
    assert Vote.objects.filter(decision=decision, partner=partner_b).count() == 2
    assert JournalEntry.objects.filter(alliance=alliance, kind="DecisionTaken").count() == 1
