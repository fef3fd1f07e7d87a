"""A body with meetings in alliance A of the shared world, for tests (made with the ORM, so the
tests of every meetings feature can start from it whichever services exist).

- "Tactical table" (tactical level, fixed chair coordinator_b, secretary founder): seat of
  partner A held by professional_a, seat of partner B held by coordinator_b (substitute
  observer_b is *not* set: observers never sit). Members: founder, coordinator_b,
  professional_a; organisers: founder (secretary) and coordinator_b (chair).
- ``past``: a week ago; on its agenda an open item and a confidential one; both seats present;
  minutes circulated with corrections open until a week ahead, one version.
- ``upcoming``: in a week, planned, with one proposed item.
- ``action``: open, owned by professional_a, from the past meeting's open item, due tomorrow.
- Alliance Z has a body of its own ("Board Z") with one meeting, which nobody of A may reach.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level
from concordia.alliances.models import Partner
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.meetings.choices import AttendanceStatus, ItemKind, ItemStatus, MinutesStatus
from concordia.meetings.models import AgendaItem, Attendance, Meeting, Minutes, MinutesVersion

from .factories import World


@dataclass
class MeetingsWorld:
    body: Body
    seat_a: Seat
    seat_b: Seat
    past: Meeting
    open_item: AgendaItem
    confidential_item: AgendaItem
    minutes: Minutes
    upcoming: Meeting
    proposed_item: AgendaItem
    action: ActionItem
    other_body: Body
    other_meeting: Meeting


def build_meetings(world: World) -> MeetingsWorld:
    now = timezone.now().replace(microsecond=0)
    body = Body.objects.create(
        alliance=world.alliance, name="Tactical table", kind=BodyKind.TACTICAL_TABLE,
        level=Level.TACTICAL, mandate="Steers the chain week by week.",
        chair_rule=ChairRule.FIXED, chair_person=world.coordinator_b,
        rotation=[world.partner_a.pk, world.partner_b.pk], secretary=world.founder)
    seat_a = Seat.objects.create(body=body, partner=world.partner_a, holder=world.professional_a)
    seat_b = Seat.objects.create(body=body, partner=world.partner_b, holder=world.coordinator_b)
    past = Meeting.objects.create(body=body, starts_at=now - dt.timedelta(days=7),
                                  location="Utrecht", chair_person=world.coordinator_b,
                                  agenda_published_at=now - dt.timedelta(days=9))
    open_item = AgendaItem.objects.create(
        meeting=past, position=1, title="Delivery figures", kind=ItemKind.DISCUSSION,
        owner=world.professional_a, time_box_minutes=20, status=ItemStatus.ON_AGENDA,
        proposed_by=world.founder)
    confidential_item = AgendaItem.objects.create(
        meeting=past, position=2, title="Staffing at partner B", kind=ItemKind.DECISION,
        confidential=True, status=ItemStatus.ON_AGENDA, proposed_by=world.coordinator_b)
    for seat in (seat_a, seat_b):
        Attendance.objects.create(meeting=past, seat=seat, holder=seat.holder,
                                  status=AttendanceStatus.PRESENT, recorded_by=world.founder)
    minutes = Minutes.objects.create(
        meeting=past, status=MinutesStatus.CIRCULATED, version=1,
        corrections_until=timezone.localdate() + dt.timedelta(days=7),
        circulated_at=now - dt.timedelta(days=6))
    MinutesVersion.objects.create(
        minutes=minutes, number=1, summary="A good meeting.",
        notes={str(open_item.pk): "Figures are on time.",
               str(confidential_item.pk): "Partner B hires two analysts."},
        written_by=world.founder)
    upcoming = Meeting.objects.create(body=body, starts_at=now + dt.timedelta(days=7),
                                      location="Den Haag", chair_person=world.coordinator_b)
    proposed_item = AgendaItem.objects.create(
        meeting=upcoming, position=1, title="Data quality", proposed_by=world.professional_a)
    action = ActionItem.objects.create(
        alliance=world.alliance, body=body, agenda_item=open_item, title="Send the figures",
        owner_person=world.professional_a, due_on=timezone.localdate() + dt.timedelta(days=1),
        created_by=world.founder)
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    other_body = Body.objects.create(
        alliance=world.other_alliance, name="Board Z", kind=BodyKind.BOARD,
        level=Level.STRATEGIC, chair_rule=ChairRule.FIXED, chair_person=world.outsider)
    Seat.objects.create(body=other_body, partner=partner_z, holder=world.outsider)
    other_meeting = Meeting.objects.create(body=other_body, starts_at=now + dt.timedelta(days=3),
                                           chair_person=world.outsider)
    return MeetingsWorld(body, seat_a, seat_b, past, open_item, confidential_item, minutes,
                         upcoming, proposed_item, action, other_body, other_meeting)


def meetings_of(ctx: Any) -> MeetingsWorld:
    """The meetings world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: MeetingsWorld | None = ctx.__dict__.get("_meetings_world")
    if cached is None:
        cached = build_meetings(ctx.world)
        ctx.__dict__["_meetings_world"] = cached
    return cached
