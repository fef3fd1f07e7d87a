"""The scorecard in alliance A of the shared world, for tests (through the services, so the
journal is real).

- ``indicator_a``: owned by partner A (and professional_a), quarterly, higher is better, target
  90 from 2024-Q1, values 2024-Q1 = 80 (corrected to 85 later) and 2024-Q2 = 92.
- ``indicator_b``: owned by partner B (coordinator_b), yearly, lower is better, target 10.
- ``foreign_indicator``: of alliance Z, by the outsider.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from concordia.accounts.models import Person
from concordia.scorecard import services
from concordia.scorecard.models import Indicator

from .factories import World


def fresh(person: Person) -> Person:
    """The person as a new request sees them (no roles cached)."""
    return Person.objects.get(pk=person.pk)


@dataclass
class ScorecardWorld:
    indicator_a: Indicator
    indicator_b: Indicator
    foreign_indicator: Indicator


def build_scorecard(world: World) -> ScorecardWorld:
    indicator_a = services.indicator_define(
        actor=fresh(world.founder), alliance=world.alliance, name="Reports on time",
        definition="Share of wage reports received by the deadline.", unit="%",
        direction="higher", period_kind="quarter", owner_partner=world.partner_a,
        owner_person=world.professional_a, source="Intake register", pillar="transparency",
        target=Decimal(90), target_from="2024-Q1")
    services.measurement_record(actor=fresh(world.professional_a), indicator=indicator_a,
                                period="2024-Q1", value="80")
    services.measurement_record(actor=fresh(world.professional_a), indicator=indicator_a,
                                period="2024-Q2", value="92")
    services.measurement_record(actor=fresh(world.founder), indicator=indicator_a,
                                period="2024-Q1", value="85", note="Late batch counted")
    indicator_b = services.indicator_define(
        actor=fresh(world.coordinator_b), alliance=world.alliance, name="Days to resolve",
        definition="Mean days from a reported error to its fix.", unit="days",
        direction="lower", period_kind="year", owner_partner=world.partner_b,
        owner_person=world.coordinator_b, target=Decimal(10), target_from="2024")
    services.measurement_record(actor=fresh(world.coordinator_b), indicator=indicator_b,
                                period="2024", value="12")
    foreign = services.indicator_define(
        actor=fresh(world.outsider), alliance=world.other_alliance, name="Z's own",
        definition="Only Z's.", unit="%", direction="higher", period_kind="year",
        owner_partner=world.other_alliance.partners.get(), owner_person=None)
    return ScorecardWorld(indicator_a, indicator_b, foreign)


def scorecard_of(ctx: Any) -> ScorecardWorld:
    """The scorecard world of an access-matrix context, made once per context."""
    cached: ScorecardWorld | None = ctx.__dict__.get("_scorecard_world")
    if cached is None:
        cached = build_scorecard(ctx.world)
        ctx.__dict__["_scorecard_world"] = cached
    return cached
