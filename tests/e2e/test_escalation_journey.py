"""A bottleneck climbs the escalation ladder in a real browser (Chromium), against live_server:
a professional raises it, the people concerned record a horizontal attempt that does not
resolve it, it goes up to the coordinators, the key alliance manager and the board (a decision
item on the board's next meeting), and it is resolved. The detail page fits a 390 px screen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Level, Role
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.escalations.choices import BottleneckStatus, Rung
from concordia.escalations.models import Bottleneck, RungStep
from concordia.journal.models import JournalEntry
from concordia.meetings.choices import ItemKind
from concordia.meetings.models import Meeting
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_bottleneck_climbs_to_the_board_and_is_resolved(page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)  # Bram: its coordinator
    partner_a = alliance.partners.get(organisation=anna.organisation)
    sara = PersonFactory(email="sara@tax.example", full_name="Sara Pro",
                         organisation=anna.organisation)
    give_role(partner_a, sara, Role.PROFESSIONAL)
    dirk = PersonFactory(email="dirk@tax.example", full_name="Dirk Director",
                         organisation=anna.organisation)
    give_role(partner_a, dirk, Role.BOARD_MEMBER, Level.STRATEGIC)
    board = Body.objects.create(alliance=alliance, name="Alliance board", kind=BodyKind.BOARD,
                                level=Level.STRATEGIC, chair_rule=ChairRule.FIXED,
                                chair_person=dirk, secretary=anna)
    Seat.objects.create(body=board, partner=partner_a, holder=dirk)
    Seat.objects.create(body=board, partner=partner_b, holder=bram)
    next_meeting = Meeting.objects.create(
        body=board, chair_person=dirk,
        starts_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=20))
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Sara raises it, about both partners; she owns the horizontal attempt.
    login(page, "sara@tax.example")
    page.goto(base + "/escalations/")
    page.get_by_role("link", name="Raise a bottleneck").click()
    page.get_by_label("Bottleneck").fill("Returns rejected twice")
    page.get_by_label("Description").fill("One return, two different answers.")
    page.get_by_label(partner_b.organisation.name).check()
    page.get_by_label("Urgency").select_option("high")
    page.get_by_label("Alliance-wide").check()
    page.get_by_role("button", name="Raise the bottleneck").click()
    expect(page.get_by_text("The bottleneck is raised.")).to_be_visible()
    bottleneck = Bottleneck.objects.get(title="Returns rejected twice")
    assert {p.pk for p in bottleneck.partners.all()} == {partner_a.pk, partner_b.pk}

    # The horizontal attempt first: it did not resolve it.
    page.get_by_label("not resolved: it has to go up").check()
    page.get_by_label("What was tried and what came of it").fill(
        "We compared both rule sets; each rests on its own law.")
    page.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_text("The horizontal attempt is recorded.")).to_be_visible()
    expect(page.get_by_text("Horizontal attempt: not resolved")).to_be_visible()

    # Now it may go up: to the coordinators (Bram, of a partner concerned).
    expect(page.get_by_role("heading", name="Escalate to: alliance coordinators")).to_be_visible()
    page.get_by_label("Why it goes up").fill("Neither partner can drop its rule.")
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_text("The bottleneck went up a rung.")).to_be_visible()
    bottleneck.refresh_from_db()
    assert (bottleneck.rung, bottleneck.owner_id) == (Rung.COORDINATOR, bram.pk)
    log_out(page)

    # Bram responds, then takes it to the key alliance manager.
    login(page, "bram@benefits.example")
    page.goto(base + f"/escalations/{bottleneck.pk}/")
    page.get_by_role("textbox", name="Response").fill("Both legal departments are at the table.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Your response is recorded.")).to_be_visible()
    page.get_by_label("Why it goes up").fill("The legal departments do not agree.")
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_text("The bottleneck went up a rung.")).to_be_visible()
    log_out(page)

    # Anna, the key alliance manager, takes it to the board's next meeting.
    login(page, "anna@tax.example")
    page.goto(base + f"/escalations/{bottleneck.pk}/")
    expect(page.get_by_role("heading", name="Escalate to: alliance board")).to_be_visible()
    page.get_by_label("Why it goes up").fill("A choice between the partners' own rules.")
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_text("The bottleneck went up a rung.")).to_be_visible()
    bottleneck.refresh_from_db()
    assert (bottleneck.rung, bottleneck.owner_id) == (Rung.BOARD, dirk.pk)
    item = RungStep.objects.get(bottleneck=bottleneck, rung=Rung.BOARD).agenda_item
    assert (item.meeting_id, item.kind) == (next_meeting.pk, ItemKind.DECISION)
    page.get_by_role("link", name="Alliance board", exact=False).first.click()
    expect(page.get_by_role("region", name="Agenda").get_by_role(
        "strong").filter(has_text=f"#{bottleneck.pk} Returns rejected twice")).to_be_visible()

    # The board decided at its meeting; Anna records the resolution.
    page.goto(base + f"/escalations/{bottleneck.pk}/")
    page.get_by_label("How it was resolved").fill(
        "The board chose one shared rule set; both partners change.")
    page.get_by_role("button", name="Resolve the bottleneck").click()
    expect(page.get_by_text("The bottleneck is resolved.")).to_be_visible()
    bottleneck.refresh_from_db()
    assert bottleneck.status == BottleneckStatus.RESOLVED
    kinds = list(JournalEntry.objects.filter(alliance=alliance, kind__startswith="Bottleneck")
                 .order_by("seq").values_list("kind", flat=True))
    assert kinds == ["BottleneckRaised", "BottleneckEscalated", "BottleneckEscalated",
                     "BottleneckEscalated", "BottleneckResolved"]

    # The whole trail stays readable, also on a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base + f"/escalations/{bottleneck.pk}/")
    for rung in ("horizontal attempt", "alliance coordinators", "key alliance manager",
                 "alliance board"):
        expect(page.get_by_role("heading", name=rung, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(base + "/escalations/?status=all")
    expect(page.get_by_role("heading", name="Escalation health")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
