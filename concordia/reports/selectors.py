"""Every read of the periodic report, scoped by the policy: everyone with a role reads the
reports, their compiled parts, the overall part and every submitted section; a section not yet
submitted only its own partner's people who write (the others see that it is missing);
another alliance's reports are 404. A report is compiled in a fixed number of queries whatever
the number of partners, indicators, decisions or escalations."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.alliances.models import Alliance, Partner
from concordia.decisions.choices import DecisionStatus
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck
from concordia.plans import selectors as plan_selectors
from concordia.plans.choices import VersionStatus

from . import rules, services
from .models import Reminder, Report, Section


def _reader(user: Any, alliance: Alliance) -> None:
    policy.alliance_or_404(user, alliance.pk)
    if not policy.can(user, "alliance.view_reports", alliance):
        raise Http404


def report_queryset(*, user: Any, alliance: Alliance) -> QuerySet[Report]:
    """The alliance's reports, newest period first."""
    _reader(user, alliance)
    return (Report.objects.filter(alliance=alliance)
            .select_related("approved_by").order_by("-year", "-opened_at", "-pk"))


def report_get(*, user: Any, alliance: Alliance, pk: int) -> Report:
    _reader(user, alliance)
    report = Report.objects.filter(alliance=alliance, pk=pk).select_related(
        "alliance", "approved_by", "overall_by").first()
    if report is None:
        raise Http404
    return report


def partner_get(*, user: Any, alliance: Alliance, pk: int) -> Partner:
    _reader(user, alliance)
    partner = (Partner.objects.filter(alliance=alliance, pk=pk)
               .select_related("organisation").first())
    if partner is None:
        raise Http404
    return partner


def may_read_section(user: Any, section_partner: Partner, submitted: bool) -> bool:
    return submitted or policy.can(user, "partner.read_draft_section", section_partner)


@dataclass
class SectionRow:
    """A partner's place in the report: its section when the reader may read it (submitted,
    or a draft of their own partner), and whether it is submitted."""

    partner: Partner
    section: Section | None
    submitted: bool
    readable: bool
    reminded_today: bool = False
    drafted: bool = False  # written since it was prefilled (whoever may read it)

    @property
    def state(self) -> str:
        if self.submitted:
            return "submitted"
        return "draft" if self.drafted else "missing"


@dataclass
class ReportPage:
    report: Report
    start: dt.date
    end: dt.date
    rows: list[SectionRow]
    indicators: list[services.IndicatorRow]
    plan: Any  # plans.selectors.PlanPage or None
    decisions: list[Decision]
    bottlenecks: list[Bottleneck]

    @property
    def missing(self) -> list[Partner]:
        return [r.partner for r in self.rows if r.partner.status == "active" and not r.submitted]

    @property
    def submitted(self) -> list[SectionRow]:
        return [r for r in self.rows if r.submitted]

    @property
    def approval_problem(self) -> str | None:
        return rules.approval_problem(approved=self.report.approved,
                                      missing_partners=[p.pk for p in self.missing],
                                      overall_written=bool(self.report.overall.strip()))


def _plan(user: Any, alliance: Alliance, year: int) -> Any:
    try:
        plan = plan_selectors.plan_get(user=user, alliance=alliance, year=year)
    except Http404:
        return None
    in_force = [row for row in plan_selectors.version_list(user=user, plan=plan)
                if row.status == VersionStatus.IN_FORCE]
    if not in_force:
        return None
    return plan_selectors.plan_page(user=user, plan=plan, row=in_force[0])


def report_page(*, user: Any, report: Report) -> ReportPage:
    """The report as compiled now: every active partner's place (with the sections the reader
    may read), the scorecard's indicators in the period, plan vs actual of the plan in force
    for the period's year, the decisions closed and the escalations raised or closed in the
    period (as far as the reader sees them)."""
    alliance = report.alliance
    _reader(user, alliance)
    start, end = rules.period_bounds(report.kind, report.year, report.number)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    sections = {s.partner_id: s for s in Section.objects.filter(report=report)
                .select_related("partner__organisation", "submitted_by", "updated_by")}
    reminded = set(Reminder.objects.filter(report=report, sent_on=timezone.localdate())
                   .values_list("partner_id", flat=True))
    partners = {p.pk: p for p in services.active_partners(alliance.pk)}
    for kept in sections.values():  # a partner that left keeps its submitted section
        if kept.submitted:
            partners.setdefault(kept.partner_id, kept.partner)
    own = policy.own_partner(user, alliance.pk)
    reads_drafts = own is not None and policy.can(user, "partner.read_draft_section", own)
    rows = []
    for partner in sorted(partners.values(), key=lambda p: (p.organisation.name, p.pk)):
        section = sections.get(partner.pk)
        submitted = section is not None and section.submitted
        readable = submitted or (reads_drafts and own is not None and own.pk == partner.pk)
        rows.append(SectionRow(partner, section if readable else None, submitted, readable,
                               partner.pk in reminded,
                               section is not None and section.updated_at is not None))
    indicators = [row for row in (services.indicator_row(report, i)
                                  for i in services.indicator_queryset(alliance.pk))
                  if row is not None]
    decisions = list(Decision.objects.filter(
        policy.decisions_readable_q(user, alliance.pk), alliance=alliance,
        status=DecisionStatus.CLOSED, closed_at__gte=since, closed_at__lt=until)
        .select_related("body").order_by("closed_at", "pk"))
    bottlenecks = list(Bottleneck.objects.filter(
        policy.bottlenecks_visible_q(user, alliance.pk), alliance=alliance)
        .filter(Q(raised_at__gte=since, raised_at__lt=until)
                | Q(closed_at__gte=since, closed_at__lt=until)
                | Q(status="open", raised_at__lt=until))
        .order_by("raised_at", "pk").distinct())
    return ReportPage(report, start, end, rows, indicators, _plan(user, alliance, report.year),
                      decisions, bottlenecks)


@dataclass
class SectionDraft:
    """What the section form starts from: the stored section, or (for a partner that joined
    after the report was opened) its prefilled text at version 0."""

    partner: Partner
    section: Section | None
    texts: dict[str, str]
    version: int


def section_draft(*, user: Any, report: Report, partner: Partner) -> SectionDraft:
    """The partner's section for its own people who write (404 for everyone else before it is
    submitted)."""
    _reader(user, report.alliance)
    section = Section.objects.filter(report=report, partner=partner).select_related(
        "submitted_by", "updated_by").first()
    if not may_read_section(user, partner, section is not None and section.submitted):
        raise Http404
    if section is None:
        if partner.status != "active":
            raise Http404
        return SectionDraft(partner, None, services.prefills(report, [partner])[partner.pk], 0)
    return SectionDraft(partner, section, {f: getattr(section, f) for f in rules.SECTION_FIELDS},
                        section.version)
