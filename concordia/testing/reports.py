"""Periodic reports in alliance A of the shared world, for tests (through the services, so the
journal is real).

- ``report``: last quarter's report, opened by the founder (key alliance manager, partner A).
  Partner A's section is a draft the founder wrote (version 2); partner B's is submitted by
  coordinator_b. The overall part is not written.
- ``ready``: the quarter before's report: both sections submitted and the overall part
  written — ready for the board's approval.
- ``foreign``: alliance Z's report for last quarter, by the outsider.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership
from concordia.reports import services
from concordia.reports.models import Report

from .factories import World


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def quarter_before(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def last_quarter(today: dt.date | None = None) -> tuple[int, int]:
    day = today or timezone.localdate()
    return quarter_before(day.year, (day.month - 1) // 3 + 1)


@dataclass
class ReportsWorld:
    report: Report
    ready: Report
    foreign: Report


def write(actor: Person, report: Report, partner: Any, text: str, *,
          submit: bool = False) -> None:
    section = services.section_update(
        actor=fresh(actor), report=report, partner=partner,
        expected_version=report.sections.get(partner=partner).version, progress=text,
        bottlenecks="", coordination="", news="")
    if submit:
        services.section_submit(actor=fresh(actor), report=report, partner=partner,
                                expected_version=section.version)


def build_reports(world: World) -> ReportsWorld:
    year, quarter = last_quarter()
    a, b = world.partner_a, world.partner_b
    report, _created = services.report_open(actor=fresh(world.founder), alliance=world.alliance,
                                            kind="quarter", year=year, number=quarter)
    write(world.founder, report, a, "Partner A's draft: the helpdesk runs.")
    write(world.coordinator_b, report, b, "Partner B: the portal is live.", submit=True)
    ready, _created = services.report_open(actor=fresh(world.founder), alliance=world.alliance,
                                           kind="quarter", year=quarter_before(year, quarter)[0],
                                           number=quarter_before(year, quarter)[1])
    write(world.founder, ready, a, "Partner A: all went to plan.", submit=True)
    write(world.coordinator_b, ready, b, "Partner B: one delay.", submit=True)
    for section in ready.sections.exclude(partner__in=[a, b]).select_related("partner"):
        # partners other domain worlds added: their coordinator submits
        coordinator = Membership.objects.filter(
            policy.live_membership_q(), partner=section.partner,
            role=Role.ALLIANCE_COORDINATOR).select_related("person").first()
        if coordinator is not None:
            write(coordinator.person, ready, section.partner, "On plan.", submit=True)
    ready = services.report_overall_write(actor=fresh(world.founder), report=ready,
                                          expected_version=ready.version,
                                          text="A good quarter overall.")
    foreign, _created = services.report_open(actor=fresh(world.outsider),
                                             alliance=world.other_alliance, kind="quarter",
                                             year=year, number=quarter)
    return ReportsWorld(report, ready, foreign)


def reports_of(ctx: Any) -> ReportsWorld:
    """The reports world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: ReportsWorld | None = ctx.__dict__.get("_reports_world")
    if cached is None:
        cached = build_reports(ctx.world)
        ctx.__dict__["_reports_world"] = cached
    return cached


def grow(world: World, report: Report, partners: int) -> None:
    """Add active partners to alliance A straight in the database (for query counts), each with
    a submitted section, a coordinator, an indicator with a value in the report's period, an
    open action and an open bottleneck."""
    from concordia.actions.models import ActionItem  # noqa: PLC0415 — only this helper
    from concordia.alliances.choices import Level, PartnerStatus, Role  # noqa: PLC0415
    from concordia.alliances.models import Membership, Partner  # noqa: PLC0415
    from concordia.escalations.models import Bottleneck  # noqa: PLC0415
    from concordia.reports.models import Section  # noqa: PLC0415
    from concordia.reports.rules import scorecard_periods  # noqa: PLC0415
    from concordia.scorecard.models import Indicator, Measurement  # noqa: PLC0415

    from .factories import PersonFactory  # noqa: PLC0415

    now = timezone.now()
    period = scorecard_periods(report.kind, report.year, report.number, "quarter")[-1]
    for _n in range(partners):
        person = PersonFactory()
        partner = Partner.objects.create(alliance=world.alliance,
                                         organisation=person.organisation,
                                         status=PartnerStatus.ACTIVE, joined_at=now)
        Membership.objects.create(alliance=world.alliance, partner=partner, person=person,
                                  role=Role.ALLIANCE_COORDINATOR, level=Level.TACTICAL)
        Section.objects.create(report=report, partner=partner, progress="On plan.",
                               news="Nothing new.", submitted_at=now, submitted_by=person,
                               updated_at=now, updated_by=person)
        indicator = Indicator.objects.create(
            alliance=world.alliance, name=f"Indicator of {partner.pk}", definition="Count",
            unit="cases", direction="higher", period_kind="quarter", owner_partner=partner,
            created_by=person)
        Measurement.objects.create(indicator=indicator, period=period, value=10,
                                   entered_by=person, entered_at=now)
        ActionItem.objects.create(alliance=world.alliance, title=f"Action of {partner.pk}",
                                  owner_partner=partner, created_by=person)
        bottleneck = Bottleneck.objects.create(
            alliance=world.alliance, title=f"Bottleneck of {partner.pk}", description="Stuck",
            alliance_wide=True, raised_by=person, raised_at=now, owner=person,
            rung_entered_at=now, due_on=now.date())
        bottleneck.partners.add(partner)
