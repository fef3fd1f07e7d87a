"""API of the periodic report: the alliance's reports (list, open one for a period — opening
it again returns the same report), a report as compiled (scorecard, plan vs actual, decisions
and escalations of the period, the sections the reader may read, who is missing), a partner's
section (read, write with its version, submit, withdraw while the report is not approved),
the overall part, reminders to the partners still missing (at most once a day each) and the
board's approval. Same services and selectors as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.idempotency import idempotent

from . import rules, selectors, services
from .choices import ReportPeriod, SectionState
from .models import Report

router = Router()


class ReportSummaryOut(Schema):
    id: int
    kind: ReportPeriod
    year: int
    number: int
    label: str = Field(..., description='The period as written: "2026-Q2", "2026-H1", "2026".')
    opened_at: dt.datetime
    approved_at: dt.datetime | None
    version: int = Field(..., description="The overall part's version: send it back with a "
                                          "change.")


class ReportListPage(Page):
    results: list[ReportSummaryOut]


class ReportOpenIn(InSchema):
    kind: ReportPeriod
    year: int = Field(..., ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    number: int = Field(..., ge=1, le=4, description="Quarter 1–4, half-year 1–2, year 1.")


class ReportSectionOut(Schema):
    partner_id: int
    partner_name: str
    state: SectionState
    progress: str | None = Field(..., description="Null when you may not read it (a draft "
                                                  "of another partner).")
    bottlenecks: str | None
    coordination: str | None
    news: str | None
    version: int | None
    submitted_at: dt.datetime | None


class ReportIndicatorOut(Schema):
    indicator_id: int
    name: str
    unit: str
    owner_partner_id: int
    period: str
    value: Decimal | None
    target: Decimal | None
    status: str


class ReportPlanPartnerOut(Schema):
    partner_id: int
    hours_planned: int
    hours_actual: int
    fte_hundredths_planned: int
    fte_hundredths_actual: int
    money_cents_planned: int
    money_cents_actual: int


class ReportDecisionOut(Schema):
    id: int
    number: int
    title: str
    outcome: str
    closed_at: dt.datetime | None


class ReportEscalationOut(Schema):
    id: int
    title: str
    status: str
    rung: str
    raised_at: dt.datetime


class ReportOut(ReportSummaryOut):
    starts_on: dt.date
    ends_on: dt.date
    overall: str
    missing_partner_ids: list[int]
    sections: list[ReportSectionOut]
    scorecard: list[ReportIndicatorOut]
    plan_year: int | None
    plan_version: int | None
    plan_vs_actual: list[ReportPlanPartnerOut]
    decisions: list[ReportDecisionOut]
    escalations: list[ReportEscalationOut]


class ReportSectionIn(InSchema):
    version: VersionNumber = Field(..., description="The version you read (0 for a section "
                                                    "not made yet).")
    progress: str = Field("", max_length=rules.TEXT_MAX)
    bottlenecks: str = Field("", max_length=rules.TEXT_MAX)
    coordination: str = Field("", max_length=rules.TEXT_MAX)
    news: str = Field("", max_length=rules.TEXT_MAX)


class ReportSubmissionIn(InSchema):
    version: VersionNumber | None = Field(None, description="The version you read; refused "
                                                            "(409) when it changed since.")


class ReportWithdrawalIn(InSchema):
    version: VersionNumber = Field(..., description="The version you read; refused (409) "
                                                    "when it changed since.")


class ReportOverallIn(InSchema):
    version: VersionNumber
    overall: str = Field(..., max_length=rules.TEXT_MAX)


class ReportRemindersOut(Schema):
    reminded_partner_ids: list[int] = Field(..., description="Reminded now (a partner "
                                                             "reminded today already is not).")


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _report(request: HttpRequest, alliance_id: int, report_id: int) -> Report:
    return selectors.report_get(user=request.user, alliance=_alliance(request, alliance_id),
                                pk=report_id)


def _partner(request: HttpRequest, report: Report, partner_id: int) -> Partner:
    return selectors.partner_get(user=request.user, alliance=report.alliance, pk=partner_id)


def _summary(report: Report) -> dict[str, Any]:
    return {"id": report.pk, "kind": report.kind, "year": report.year,
            "number": report.number, "label": report.label, "opened_at": report.opened_at,
            "approved_at": report.approved_at, "version": report.version}


def _section(row: selectors.SectionRow | selectors.SectionDraft, *, readable: bool,
             state: str) -> dict[str, Any]:
    section = row.section
    texts = ({f: getattr(section, f) for f in rules.SECTION_FIELDS} if section is not None
             else getattr(row, "texts", dict.fromkeys(rules.SECTION_FIELDS)))
    return {"partner_id": row.partner.pk, "partner_name": str(row.partner.organisation),
            "state": state,
            **{f: texts.get(f) if readable else None for f in rules.SECTION_FIELDS},
            "version": (section.version if section is not None else
                        getattr(row, "version", None)) if readable else None,
            "submitted_at": section.submitted_at if section is not None else None}


def _compiled(request: HttpRequest, report: Report) -> dict[str, Any]:
    page = selectors.report_page(user=request.user, report=report)
    plan = page.plan
    return {
        **_summary(report), "starts_on": page.start, "ends_on": page.end,
        "overall": report.overall, "missing_partner_ids": [p.pk for p in page.missing],
        "sections": [_section(row, readable=row.readable, state=row.state)
                     for row in page.rows],
        "scorecard": [{"indicator_id": r.indicator.pk, "name": r.indicator.name,
                       "unit": r.indicator.unit,
                       "owner_partner_id": r.indicator.owner_partner_id, "period": r.period,
                       "value": r.value, "target": r.target, "status": str(r.status)}
                      for r in page.indicators],
        "plan_year": plan.plan.year if plan else None,
        "plan_version": plan.version.number if plan else None,
        "plan_vs_actual": [{
            "partner_id": row.partner.pk,
            "hours_planned": row.comparison.planned.hours,
            "hours_actual": row.comparison.actual.hours,
            "fte_hundredths_planned": row.comparison.planned.fte_hundredths,
            "fte_hundredths_actual": row.comparison.actual.fte_hundredths,
            "money_cents_planned": row.comparison.planned.money_cents,
            "money_cents_actual": row.comparison.actual.money_cents,
        } for row in (plan.partners if plan else [])],
        "decisions": [{"id": d.pk, "number": d.number, "title": d.title,
                       "outcome": d.outcome, "closed_at": d.closed_at}
                      for d in page.decisions],
        "escalations": [{"id": b.pk, "title": b.title, "status": b.status, "rung": b.rung,
                         "raised_at": b.raised_at} for b in page.bottlenecks],
    }


def _own_section(request: HttpRequest, report: Report, partner: Partner) -> dict[str, Any]:
    draft = selectors.section_draft(user=request.user, report=report, partner=partner)
    section = draft.section
    state = (SectionState.SUBMITTED if section is not None and section.submitted else
             SectionState.DRAFT if section is not None and section.updated_at else
             SectionState.MISSING)
    return _section(draft, readable=True, state=state)


@router.get("/{alliance_id}/reports", response=ReportListPage,
            summary="The alliance's periodic reports, newest first")
def list_reports(request: AuthenticatedHttpRequest, alliance_id: Id,
                 query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    result = paged(request, selectors.report_queryset(user=request.user, alliance=alliance),
                   query)
    result["results"] = [_summary(r) for r in result["results"]]
    return result


@router.post("/{alliance_id}/reports", response={200: ReportOut, 201: ReportOut},
             summary="Open the report for a period (the key alliance manager); a period that "
                     "has one already returns it (200)")
@idempotent
def create_report(request: AuthenticatedHttpRequest, alliance_id: Id,
                  payload: ReportOpenIn) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    report, created = services.report_open(actor=request.user, alliance=alliance,
                                           kind=payload.kind, year=payload.year,
                                           number=payload.number)
    report = selectors.report_get(user=request.user, alliance=alliance, pk=report.pk)
    return Status(201 if created else 200, _compiled(request, report))


@router.get("/{alliance_id}/reports/{report_id}", response=ReportOut,
            summary="A report as compiled now, with the sections you may read")
def get_report(request: AuthenticatedHttpRequest, alliance_id: Id,
               report_id: Id) -> dict[str, Any]:
    return _compiled(request, _report(request, alliance_id, report_id))


@router.get("/{alliance_id}/reports/{report_id}/sections/{partner_id}", response=ReportSectionOut,
            summary="A partner's section: submitted, or a draft of your own partner")
def get_report_section(request: AuthenticatedHttpRequest, alliance_id: Id, report_id: Id,
                       partner_id: Id) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    return _own_section(request, report, _partner(request, report, partner_id))


@router.put("/{alliance_id}/reports/{report_id}/sections/{partner_id}", response=ReportSectionOut,
            summary="Write your own partner's section, as read at its version")
def put_report_section(request: AuthenticatedHttpRequest, alliance_id: Id, report_id: Id,
                       partner_id: Id, payload: ReportSectionIn) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    partner = _partner(request, report, partner_id)
    services.section_update(actor=request.user, report=report, partner=partner,
                            expected_version=payload.version, progress=payload.progress,
                            bottlenecks=payload.bottlenecks,
                            coordination=payload.coordination, news=payload.news)
    return _own_section(request, report, partner)


@router.post("/{alliance_id}/reports/{report_id}/sections/{partner_id}/submission",
             response=ReportSectionOut,
             summary="Submit your own partner's section (again: unchanged)")
def create_report_section_submission(request: AuthenticatedHttpRequest, alliance_id: Id,
                                     report_id: Id, partner_id: Id,
                                     payload: ReportSubmissionIn) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    partner = _partner(request, report, partner_id)
    services.section_submit(actor=request.user, report=report, partner=partner,
                            expected_version=payload.version)
    return _own_section(request, report, partner)


@router.post("/{alliance_id}/reports/{report_id}/sections/{partner_id}/withdrawal",
             response=ReportSectionOut,
             summary="Withdraw your own partner's submitted section while the report is not "
                     "approved: a draft again (a draft: unchanged)")
def create_report_section_withdrawal(request: AuthenticatedHttpRequest, alliance_id: Id,
                                     report_id: Id, partner_id: Id,
                                     payload: ReportWithdrawalIn) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    partner = _partner(request, report, partner_id)
    services.section_withdraw(actor=request.user, report=report, partner=partner,
                              expected_version=payload.version)
    return _own_section(request, report, partner)


@router.put("/{alliance_id}/reports/{report_id}/overall", response=ReportOut,
            summary="Write the report's overall part (the key alliance manager)")
def put_report_overall(request: AuthenticatedHttpRequest, alliance_id: Id, report_id: Id,
                       payload: ReportOverallIn) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    services.report_overall_write(actor=request.user, report=report,
                                  expected_version=payload.version, text=payload.overall)
    return _compiled(request, _report(request, alliance_id, report_id))


@router.post("/{alliance_id}/reports/{report_id}/reminders", response=ReportRemindersOut,
             summary="Remind the partners still missing (at most once a day each)")
def create_report_reminders(request: AuthenticatedHttpRequest, alliance_id: Id,
                            report_id: Id) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    reminded = services.report_remind(actor=request.user, report=report)
    return {"reminded_partner_ids": [p.pk for p in reminded]}


@router.post("/{alliance_id}/reports/{report_id}/approval", response=ReportOut,
             summary="Approve the report for the board (a board member or the key alliance "
                     "manager) once every section is in and the overall part written; again: "
                     "unchanged")
def create_report_approval(request: AuthenticatedHttpRequest, alliance_id: Id,
                           report_id: Id) -> dict[str, Any]:
    report = _report(request, alliance_id, report_id)
    services.report_approve(actor=request.user, report=report)
    return _compiled(request, _report(request, alliance_id, report_id))
