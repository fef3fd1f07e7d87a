"""Cost settlement in alliance A of the shared world, for tests (through the services, so the
journal is real), on top of the decisions world (its carried decision #2).

- ``model``: "Joint helpdesk" in equal shares between partners A and B, from the first day of
  last year, by the carried decision.
- ``own_model``: "Travel", each bears its own costs, from the same day.
- ``usage_model``: "Data exchange" by usage (messages), A 3 and B 1 with the choice, from the
  same day; nothing booked under it.
- In last quarter (``year``, ``quarter``): partner A (the founder) booked 900.00 for the
  helpdesk (``booking_a``), partner B (coordinator_b) 300.00 (``booking_b``): A's share is
  600.00, B owes A 300.00.
- ``foreign_booking``: alliance Z's, by the outsider (its own carried decision and model).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.accounts.models import Person
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.settlement import rules, services
from concordia.settlement.choices import BookingKind, SettlementKind
from concordia.settlement.models import Booking, SettlementModel

from .decisions import DecisionsWorld, decisions_of, make_decision
from .factories import World


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def last_quarter(today: dt.date | None = None) -> tuple[int, int]:
    """The quarter before today's."""
    first, _last = rules.quarter_bounds(*rules.quarter_of(today or timezone.localdate()))
    return rules.quarter_of(first - dt.timedelta(days=1))


@dataclass
class SettlementWorld:
    dw: DecisionsWorld
    year: int
    quarter: int
    model: SettlementModel
    own_model: SettlementModel
    usage_model: SettlementModel
    booking_a: Booking
    booking_b: Booking
    foreign_booking: Booking

    @property
    def day(self) -> dt.date:
        """A day in last quarter."""
        return rules.quarter_bounds(self.year, self.quarter)[0] + dt.timedelta(days=10)


def build_settlement(world: World, dw: DecisionsWorld) -> SettlementWorld:
    year, quarter = last_quarter()
    day = rules.quarter_bounds(year, quarter)[0] + dt.timedelta(days=10)
    start = dt.date(year - 1, 1, 1)
    a, b = world.partner_a, world.partner_b
    model = services.settlement_model_choose(
        actor=fresh(world.founder), alliance=world.alliance, category="Joint helpdesk",
        kind=SettlementKind.EQUAL, starts_on=start, decision=dw.closed,
        weights={a.pk: 1, b.pk: 1})
    own_model = services.settlement_model_choose(
        actor=fresh(world.founder), alliance=world.alliance, category="Travel",
        kind=SettlementKind.OWN, starts_on=start, decision=dw.closed)
    usage_model = services.settlement_model_choose(
        actor=fresh(world.founder), alliance=world.alliance, category="Data exchange",
        kind=SettlementKind.USAGE, starts_on=start, decision=dw.closed, measure="messages",
        weights={a.pk: 3, b.pk: 1})
    booking_a = services.booking_record(
        actor=fresh(world.founder), partner=a, category=model.category, kind=BookingKind.COST,
        incurred_on=day, amount_cents=900_00, description="Helpdesk licences")
    booking_b = services.booking_record(
        actor=fresh(world.coordinator_b), partner=b, category=model.category,
        kind=BookingKind.IN_KIND, incurred_on=day, amount_cents=300_00,
        description="Helpdesk staff, two days")
    z_decision = make_decision(
        dw.mw.other_body, 2, "Z settles its helpdesk", proposed_by=world.outsider,
        deadline=timezone.now().replace(microsecond=0) - dt.timedelta(days=1),
        status=DecisionStatus.CLOSED, outcome=Outcome.CARRIED, closed_at=timezone.now(),
        tally={"outcome": "carried"})
    z_partner = world.other_alliance.partners.get()
    z_model = services.settlement_model_choose(
        actor=fresh(world.outsider), alliance=world.other_alliance, category="Z helpdesk",
        kind=SettlementKind.EQUAL, starts_on=start, decision=z_decision,
        weights={z_partner.pk: 1})
    foreign = services.booking_record(
        actor=fresh(world.outsider), partner=z_partner, category=z_model.category,
        kind=BookingKind.COST, incurred_on=day, amount_cents=50_00, description="Z only")
    return SettlementWorld(dw, year, quarter, model, own_model, usage_model, booking_a,
                           booking_b, foreign)


def settlement_of(ctx: Any) -> SettlementWorld:
    """The settlement world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: SettlementWorld | None = ctx.__dict__.get("_settlement_world")
    if cached is None:
        cached = build_settlement(ctx.world, decisions_of(ctx))
        ctx.__dict__["_settlement_world"] = cached
    return cached
