"""The escalation ladder in alliance A of the shared world, for tests (bottlenecks raised through
the services, so their trail and journal are real).

- ``board_member_a``: a board member of partner A (not one of the matrix's actors).
- "Alliance board" (kind board, fixed chair board_member_a, secretary founder): seats of
  partner A (board_member_a) and partner B (coordinator_b); a meeting planned in two weeks.
- ``restricted``: raised by professional_a about partner A only, not alliance-wide, on the
  horizontal rung: seen by partner A's people (founder, professional_a) and the steering roles
  (founder, coordinator_b); observer_b and the reviewer (partner B) do not see it.
- ``wide``: raised by professional_a about partner A, alliance-wide (everyone with a role sees
  it), with a horizontal attempt recorded that did not resolve it: ready to go up.
- ``foreign``: a bottleneck of alliance Z, raised by the outsider.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.escalations import services
from concordia.escalations.models import Bottleneck
from concordia.meetings.models import Meeting

from .factories import PersonFactory, World, give_role


@dataclass
class EscalationsWorld:
    board_member_a: Person
    board: Body
    board_meeting: Meeting
    restricted: Bottleneck
    wide: Bottleneck
    foreign: Bottleneck


def fresh(person: Person) -> Person:
    """The person as a new request sees them (no roles cached)."""
    return Person.objects.get(pk=person.pk)


def build_escalations(world: World) -> EscalationsWorld:
    board_member_a = PersonFactory(organisation=world.founder.organisation,
                                   full_name="Board member A")
    give_role(world.partner_a, board_member_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board = Body.objects.create(
        alliance=world.alliance, name="Alliance board", kind=BodyKind.BOARD,
        level=Level.STRATEGIC, mandate="Settles what the table cannot.",
        chair_rule=ChairRule.FIXED, chair_person=board_member_a, secretary=world.founder)
    Seat.objects.create(body=board, partner=world.partner_a, holder=board_member_a)
    Seat.objects.create(body=board, partner=world.partner_b, holder=world.coordinator_b)
    board_meeting = Meeting.objects.create(
        body=board, starts_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=14),
        chair_person=board_member_a)
    restricted = services.bottleneck_raise(
        actor=fresh(world.professional_a), alliance=world.alliance,
        title="Late wage returns at partner A",
        description="Returns arrive after the deadline; the benefits run is late.",
        partners=[world.partner_a])
    wide = services.bottleneck_raise(
        actor=fresh(world.professional_a), alliance=world.alliance,
        title="Definitions of hours worked differ",
        description="Partner A and its users count hours differently.",
        partners=[world.partner_a], alliance_wide=True)
    wide = services.bottleneck_attempt(
        actor=fresh(world.professional_a), bottleneck=wide, expected_version=1,
        resolved=False, text="We met twice; no agreement on the definition.")
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    foreign = services.bottleneck_raise(
        actor=fresh(world.outsider), alliance=world.other_alliance, title="Z's own trouble",
        description="Only Z's.", partners=[partner_z], alliance_wide=True)
    return EscalationsWorld(board_member_a, board, board_meeting, restricted, wide, foreign)


def escalations_of(ctx: Any) -> EscalationsWorld:
    """The escalations world of an access-matrix context, made once per context."""
    cached: EscalationsWorld | None = ctx.__dict__.get("_escalations_world")
    if cached is None:
        cached = build_escalations(ctx.world)
        ctx.__dict__["_escalations_world"] = cached
    return cached
