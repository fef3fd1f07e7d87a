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

from concordia.accounts.models import Person
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
