"""The annual plan in alliance A of the shared world, for tests (through the services, so the
journal is real).

- ``statement``: the alliance's objective, version 1, in force.
- ``plan``: this year's plan; ``version``: its version 1, a draft (the world has no board, so it
  is adopted by an endorsement of every partner).
- ``objective`` with ``activity`` (owned by partner A, the whole of March, building block 16).
- Partner A (the founder) deploys 2 people, 120 hours and 5,000.00 euros at the tactical level;
  partner B (coordinator_b) 1 person and 40 hours at the operational level. Nobody confirmed.
- ``foreign_plan``: alliance Z's plan for the same year, by the outsider.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership, Partner
from concordia.bodies.choices import BodyKind
from concordia.bodies.models import Body
from concordia.design.choices import StatementKind
from concordia.design.models import StatementVersion
from concordia.handbook.catalogue import Block
from concordia.plans import services
from concordia.plans.models import AnnualPlan, PlanActivity, PlanObjective, PlanVersion
from concordia.plans.services import EffortInput

from .factories import PersonFactory, World, give_role


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@dataclass
class PlansWorld:
    year: int
    statement: StatementVersion
    plan: AnnualPlan
    version: PlanVersion
    objective: PlanObjective
    activity: PlanActivity
    foreign_plan: AnnualPlan


def objective_in_force(alliance: Any, person: Person) -> StatementVersion:
    """The alliance's objective in force (a new version in force when it has none)."""
    existing = services.objective_in_force(alliance.pk)
    if existing is not None:
        return existing
    number = StatementVersion.objects.filter(alliance=alliance,
                                             kind=StatementKind.OBJECTIVE).count() + 1
    return StatementVersion.objects.create(
        alliance=alliance, kind=StatementKind.OBJECTIVE, number=number,
        text="Every employer files its wage tax right the first time.", created_by=person,
        in_force_since=timezone.now())


def build_plans(world: World) -> PlansWorld:
    year = timezone.localdate().year
    statement = objective_in_force(world.alliance, world.founder)
    version = services.plan_start(actor=fresh(world.founder), alliance=world.alliance,
                                  year=year)
    objective = services.objective_add(actor=fresh(world.founder), version=version,
                                       title="Fewer corrections on filings")
    activity = services.activity_add(
        actor=fresh(world.founder), objective=objective, title="Joint helpdesk for payroll",
        starts_on=dt.date(year, 3, 1), ends_on=dt.date(year, 3, 31),
        block=Block.ANNUAL_PLAN.value, owner_partner=world.partner_a)
    services.deployment_set(actor=fresh(world.founder), activity=activity,
                            partner=world.partner_a,
                            levels={"tactical": EffortInput(2, 120, 0, 5_000_00, "Two leads")})
    services.deployment_set(actor=fresh(world.coordinator_b), activity=activity,
                            partner=world.partner_b,
                            levels={"operational": EffortInput(1, 40)})
    objective_in_force(world.other_alliance, world.outsider)
    foreign = services.plan_start(actor=fresh(world.outsider), alliance=world.other_alliance,
                                  year=year)
    return PlansWorld(year, statement, version.plan, PlanVersion.objects.get(pk=version.pk),
                      objective, activity, foreign.plan)


def plans_of(ctx: Any) -> PlansWorld:
    """The plans world of an access-matrix context (or any object with a ``world``), made once
    per context."""
    cached: PlansWorld | None = ctx.__dict__.get("_plans_world")
    if cached is None:
        cached = build_plans(ctx.world)
        ctx.__dict__["_plans_world"] = cached
    return cached


def _active_partners(world: World) -> list[Partner]:
    return list(Partner.objects.filter(alliance=world.alliance, status="active")
                .order_by("pk"))


def build_confirmed(world: World) -> PlansWorld:
    """The plans world with every active partner's deployment confirmed (partners A and B,
    and any other a test's world added), each by a person who may confirm for it; to be
    proposed on the route without a board (a board another domain's world set up in alliance
    A is archived)."""
    pw = build_plans(world)
    Body.objects.filter(alliance=world.alliance, kind=BodyKind.BOARD,
                        archived_at__isnull=True).update(archived_at=timezone.now())
    for partner in _active_partners(world):
        person = next((m.person for m in Membership.objects.filter(
            partner=partner, revoked_at__isnull=True).select_related("person").order_by("pk")
            if policy.can(m.person, "partner.confirm_deployment", partner)), None)
        if person is None:
            person = PersonFactory(organisation=partner.organisation)
            give_role(partner, person, Role.ALLIANCE_COORDINATOR)
        services.deployment_confirm(actor=fresh(person), version=pw.version, partner=partner)
    return pw


def board_member_of(partner: Any) -> Person:
    """A board member of the partner (the world has none): who endorses for it."""
    person: Person = PersonFactory(organisation=partner.organisation)
    give_role(partner, person, Role.BOARD_MEMBER)
    return person


def build_proposed(world: World) -> PlansWorld:
    """Confirmed and proposed for an endorsement of every partner (no board)."""
    pw = build_confirmed(world)
    services.plan_propose(actor=fresh(world.founder), version=pw.version)
    pw.version = PlanVersion.objects.get(pk=pw.version.pk)
    return pw


def build_in_force(world: World) -> PlansWorld:
    """Proposed and endorsed by both partners' board members: version 1 is in force."""
    pw = build_proposed(world)
    for partner in _active_partners(world):
        services.plan_endorse(actor=board_member_of(partner), version=pw.version,
                              partner=partner)
    pw.version = PlanVersion.objects.get(pk=pw.version.pk)
    return pw
