"""API of the annual plan: plans per year and their versions (start a plan, adjust the plan in
force by a new version), objectives and activities of a draft, a partner's deployment per
level and its confirmation, the proposal for adoption, a partner's endorsement where there is
no board, and actuals; a version reads with its plan vs actual per activity and partner. Same
services and selectors as the pages; money in integer cents, FTE in hundredths."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import Level
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Block

from . import rules, selectors, services
from .choices import AdoptionRoute, VersionStatus
from .models import (
    Actual,
    AnnualPlan,
    DeploymentConfirmation,
    PlanActivity,
    PlanEndorsement,
    PlanObjective,
)

router = Router()

class PlanVersionSummaryOut(Schema):
    number: int
    status: VersionStatus
    reason: str
    route: AdoptionRoute | None
    decision_id: int | None
    created_at: dt.datetime


class PlanOut(Schema):
    id: int
    year: int
    in_force: int | None = Field(..., description="The number of the version in force.")
    open_version: int | None = Field(..., description="The version being worked on (a draft "
                                                      "or a proposal).")
    versions: list[PlanVersionSummaryOut]


class PlanPage(Page):
    results: list[PlanOut]


class PlanIn(InSchema):
    year: int = Field(..., ge=rules.YEAR_MIN, le=rules.YEAR_MAX)


class PlanAdjustmentIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=rules.TEXT_MAX,
                        description="Why the plan in force is adjusted.")


class PlanEffortOut(Schema):
    people: int
    hours: int
    fte_hundredths: int
    money_cents: int


class PlanDeploymentOut(PlanEffortOut):
    partner_id: int
    level: Level
    description: str


class PlanComparisonOut(Schema):
    partner_id: int | None = Field(..., description="None on the activity's overall line.")
    planned: PlanEffortOut
    actual: PlanEffortOut
    progress: int | None


class PlanActivityOut(Schema):
    id: int
    key: uuid.UUID = Field(..., description="The same in every version the activity is copied "
                                            "into; actuals follow it.")
    title: str
    description: str
    owner_partner_id: int | None
    owner_person_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    block: Block
    deployments: list[PlanDeploymentOut]
    plan_vs_actual: list[PlanComparisonOut]


class PlanObjectiveOut(Schema):
    id: int
    title: str
    description: str
    statement_id: int = Field(..., description="The objective version it is derived from.")
    statement_number: int
    activities: list[PlanActivityOut]


class PlanPartnerOut(Schema):
    partner_id: int
    partner_name: str
    confirmed: bool
    endorsed: bool
    planned: PlanEffortOut
    actual: PlanEffortOut


class PlanVersionOut(Schema):
    year: int
    number: int
    status: VersionStatus
    reason: str
    route: AdoptionRoute | None
    decision_id: int | None
    objectives: list[PlanObjectiveOut]
    partners: list[PlanPartnerOut]


class PlanObjectiveIn(InSchema):
    title: str = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    description: str = Field("", max_length=rules.TEXT_MAX)


class PlanObjectiveCreatedOut(Schema):
    id: int
    title: str
    statement_id: int


class PlanActivityIn(InSchema):
    objective_id: Id
    title: str = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    description: str = Field("", max_length=rules.TEXT_MAX)
    owner_partner_id: Id | None = None
    owner_person_id: Id | None = None
    starts_on: dt.date
    ends_on: dt.date
    block: Block


class PlanActivityCreatedOut(Schema):
    id: int
    key: uuid.UUID
    title: str


class PlanLevelIn(InSchema):
    level: Level
    people: int = Field(0, ge=0, le=rules.PEOPLE_MAX)
    hours: int = Field(0, ge=0, le=rules.HOURS_MAX)
    fte_hundredths: int = Field(0, ge=0, le=rules.FTE_MAX_HUNDREDTHS)
    money_cents: int = Field(0, ge=0, le=rules.MONEY_MAX_CENTS)
    description: str = Field("", max_length=rules.TEXT_MAX)


class PlanDeploymentIn(InSchema):
    levels: list[PlanLevelIn] = Field(..., max_length=3, description=(
        "What the partner commits per level; a level left out commits nothing there."))


class PlanPartnerIn(InSchema):
    partner_id: Id = Field(..., description="Your own partner.")


class PlanConfirmationOut(Schema):
    id: int
    partner_id: int
    confirmed_by_id: int
    confirmed_at: dt.datetime


class PlanEndorsementOut(Schema):
    id: int
    partner_id: int
    endorsed_by_id: int
    endorsed_at: dt.datetime


class PlanProposalIn(InSchema):
    deadline: dt.datetime | None = Field(None, description=(
        "Where the alliance has a board: the written procedure's deadline (with its time "
        "zone). Without a board the partners endorse the plan and no deadline is given."))


class PlanActualIn(InSchema):
    people: int = Field(0, ge=0, le=rules.PEOPLE_MAX)
    hours: int = Field(0, ge=0, le=rules.HOURS_MAX)
    fte_hundredths: int = Field(0, ge=0, le=rules.FTE_MAX_HUNDREDTHS)
    money_cents: int = Field(0, ge=0, le=rules.MONEY_MAX_CENTS)
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=rules.TEXT_MAX)


class PlanActualOut(Schema):
    id: int
    activity_key: uuid.UUID
    partner_id: int
    people: int
    hours: int
    fte_hundredths: int
    money_cents: int
    progress: int
    note: str
    recorded_at: dt.datetime


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _plan_out(request: HttpRequest, plan: AnnualPlan) -> dict[str, Any]:
    rows = selectors.version_list(user=request.user, plan=plan)
    return {
        "id": plan.pk, "year": plan.year,
        "in_force": next((r.version.number for r in rows
                          if r.status == VersionStatus.IN_FORCE), None),
        "open_version": next((r.version.number for r in rows if r.status in (
            VersionStatus.DRAFT, VersionStatus.PROPOSED)), None),
        "versions": [{"number": r.version.number, "status": r.status,
                      "reason": r.version.reason, "route": r.version.route or None,
                      "decision_id": r.version.decision_id,
                      "created_at": r.version.created_at} for r in rows],
    }


def _effort(effort: rules.Effort) -> dict[str, int]:
    return {"people": effort.people, "hours": effort.hours,
            "fte_hundredths": effort.fte_hundredths, "money_cents": effort.money_cents}


def _comparison(partner_id: int | None, c: rules.Comparison) -> dict[str, Any]:
    return {"partner_id": partner_id, "planned": _effort(c.planned),
            "actual": _effort(c.actual), "progress": c.progress}


def _version_out(request: HttpRequest, plan: AnnualPlan, number: int) -> dict[str, Any]:
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    page = selectors.plan_page(user=request.user, plan=plan, row=row)
    version = page.version
    return {
        "year": plan.year, "number": version.number, "status": row.status,
        "reason": version.reason, "route": version.route or None,
        "decision_id": version.decision_id,
        "objectives": [{
            "id": ov.objective.pk, "title": ov.objective.title,
            "description": ov.objective.description,
            "statement_id": ov.objective.statement_id,
            "statement_number": ov.objective.statement.number,
            "activities": [{
                "id": av.activity.pk, "key": av.activity.key, "title": av.activity.title,
                "description": av.activity.description,
                "owner_partner_id": av.activity.owner_partner_id,
                "owner_person_id": av.activity.owner_person_id,
                "starts_on": av.activity.starts_on, "ends_on": av.activity.ends_on,
                "block": av.activity.block,
                "deployments": [{
                    "partner_id": d.partner_id, "level": d.level, "people": d.people,
                    "hours": d.hours, "fte_hundredths": d.fte_hundredths,
                    "money_cents": d.money_cents, "description": d.description}
                    for d in av.deployments],
                "plan_vs_actual": [
                    *(_comparison(p.pk, c) for p, c in av.partner_rows),
                    _comparison(None, av.comparison.overall)],
            } for av in ov.activities],
        } for ov in page.objectives],
        "partners": [{
            "partner_id": p.partner.pk, "partner_name": str(p.partner.organisation),
            "confirmed": p.confirmation is not None, "endorsed": p.endorsement is not None,
            "planned": _effort(p.comparison.planned), "actual": _effort(p.comparison.actual)}
            for p in page.partners],
    }


def _plan(request: HttpRequest, alliance_id: int, year: int) -> AnnualPlan:
    alliance = _alliance(request, alliance_id)
    return selectors.plan_get(user=request.user, alliance=alliance, year=year)


@router.get("/{alliance_id}/plans", response=PlanPage,
            summary="The alliance's annual plans, newest year first, with their versions")
def list_plans(request: AuthenticatedHttpRequest, alliance_id: Id,
               query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    result = paged(request, selectors.plan_queryset(user=request.user, alliance=alliance),
                   query)
    result["results"] = [_plan_out(request, plan) for plan in result["results"]]
    return result


@router.post("/{alliance_id}/plans", response={201: PlanVersionOut},
             summary="Start the plan for a year: its first version, a draft (the key alliance "
                     "manager)")
@idempotent
def create_plan(request: AuthenticatedHttpRequest, alliance_id: Id,
                payload: PlanIn) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    version = services.plan_start(actor=request.user, alliance=alliance, year=payload.year)
    return Status(201, _version_out(request, version.plan, version.number))


@router.get("/{alliance_id}/plans/{year}", response=PlanOut,
            summary="A year's plan: its versions with status and reason")
def get_plan(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id) -> dict[str, Any]:
    return _plan_out(request, _plan(request, alliance_id, year))


@router.post("/{alliance_id}/plans/{year}/versions", response={201: PlanVersionOut},
             summary="Adjust the plan in force: a new draft version copying it, with the "
                     "reason (the key alliance manager)")
@idempotent
def create_plan_version(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                        payload: PlanAdjustmentIn) -> Status[dict[str, Any]]:
    plan = _plan(request, alliance_id, year)
    version = services.plan_adjust(actor=request.user, plan=plan, reason=payload.reason)
    return Status(201, _version_out(request, plan, version.number))


@router.get("/{alliance_id}/plans/{year}/versions/{number}", response=PlanVersionOut,
            summary="A version: objectives, activities, every partner's deployment per level, "
                    "confirmations, endorsements and plan vs actual")
def get_plan_version(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                     number: Id) -> dict[str, Any]:
    return _version_out(request, _plan(request, alliance_id, year), number)


@router.post("/{alliance_id}/plans/{year}/versions/{number}/objectives",
             response={201: PlanObjectiveCreatedOut},
             summary="Add an objective to a draft, derived from the objective in force (the "
                     "key alliance manager)")
@idempotent
def create_plan_objective(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                          number: Id, payload: PlanObjectiveIn) -> Status[PlanObjective]:
    plan = _plan(request, alliance_id, year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    return Status(201, services.objective_add(actor=request.user, version=row.version,
                                              title=payload.title,
                                              description=payload.description))


@router.post("/{alliance_id}/plans/{year}/versions/{number}/activities",
             response={201: PlanActivityCreatedOut},
             summary="Add an activity to an objective of a draft: owner, period within the "
                     "year, building block (the key alliance manager)")
@idempotent
def create_plan_activity(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                         number: Id, payload: PlanActivityIn) -> Status[PlanActivity]:
    plan = _plan(request, alliance_id, year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    objective = selectors.objective_get(user=request.user, alliance=plan.alliance,
                                        pk=payload.objective_id)
    if objective.version_id != row.version.pk:
        raise DomainError("Choose an objective of this version.", field="objective_id")
    partner = None
    if payload.owner_partner_id is not None:
        partner = alliance_selectors.partner_get(user=request.user, alliance=plan.alliance,
                                                 pk=payload.owner_partner_id)
    person = None
    if payload.owner_person_id is not None:
        person = next((p for p in selectors.people_options(user=request.user,
                                                           alliance=plan.alliance)
                       if p.pk == payload.owner_person_id), None)
        if person is None:
            raise DomainError("Choose a person with a role in this alliance.",
                              field="owner_person_id")
    return Status(201, services.activity_add(
        actor=request.user, objective=objective, title=payload.title,
        description=payload.description, starts_on=payload.starts_on,
        ends_on=payload.ends_on, block=payload.block.value, owner_partner=partner,
        owner_person=person))


def _activity(request: HttpRequest, plan: AnnualPlan, number: int,
              activity_id: int) -> PlanActivity:
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    activity = selectors.activity_get(user=request.user, alliance=plan.alliance,
                                      pk=activity_id)
    if activity.objective.version_id != row.version.pk:
        raise DomainError("Choose an activity of this version.", field="activity_id")
    return activity


@router.put("/{alliance_id}/plans/{year}/versions/{number}/activities/{activity_id}/"
            "deployments/{partner_id}", response=PlanVersionOut,
            summary="Write what your own partner commits to an activity of a draft, per "
                    "level (a change after confirming drops the confirmation)")
def set_plan_deployment(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                        number: Id, activity_id: Id, partner_id: Id,
                        payload: PlanDeploymentIn) -> dict[str, Any]:
    plan = _plan(request, alliance_id, year)
    activity = _activity(request, plan, number, activity_id)
    partner = alliance_selectors.partner_get(user=request.user, alliance=plan.alliance,
                                             pk=partner_id)
    levels: dict[str, services.EffortInput] = {}
    for item in payload.levels:
        if item.level in levels:
            raise DomainError("Give each level once.", field="levels")
        levels[item.level] = services.EffortInput(item.people, item.hours,
                                                  item.fte_hundredths, item.money_cents,
                                                  item.description)
    services.deployment_set(actor=request.user, activity=activity, partner=partner,
                            levels=levels)
    return _version_out(request, plan, number)


@router.post("/{alliance_id}/plans/{year}/versions/{number}/confirmations",
             response={201: PlanConfirmationOut},
             summary="Confirm your own partner's deployment in a draft")
@idempotent
def create_plan_confirmation(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                             number: Id,
                             payload: PlanPartnerIn) -> Status[DeploymentConfirmation]:
    plan = _plan(request, alliance_id, year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    partner = alliance_selectors.partner_get(user=request.user, alliance=plan.alliance,
                                             pk=payload.partner_id)
    return Status(201, services.deployment_confirm(actor=request.user, version=row.version,
                                                   partner=partner))


@router.post("/{alliance_id}/plans/{year}/versions/{number}/proposal",
             response={201: PlanVersionOut},
             summary="Propose a draft for adoption once every partner confirmed: to the "
                     "board, or for an endorsement per partner (the key alliance manager)")
@idempotent
def create_plan_proposal(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                         number: Id, payload: PlanProposalIn) -> Status[dict[str, Any]]:
    plan = _plan(request, alliance_id, year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    services.plan_propose(actor=request.user, version=row.version, deadline=payload.deadline)
    return Status(201, _version_out(request, plan, number))


@router.post("/{alliance_id}/plans/{year}/versions/{number}/endorsements",
             response={201: PlanEndorsementOut},
             summary="Endorse a proposed version for your own partner (where the alliance "
                     "has no board)")
@idempotent
def create_plan_endorsement(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                            number: Id, payload: PlanPartnerIn) -> Status[PlanEndorsement]:
    plan = _plan(request, alliance_id, year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    partner = alliance_selectors.partner_get(user=request.user, alliance=plan.alliance,
                                             pk=payload.partner_id)
    return Status(201, services.plan_endorse(actor=request.user, version=row.version,
                                             partner=partner))


@router.put("/{alliance_id}/plans/{year}/activities/{activity_id}/actuals/{partner_id}",
            response=PlanActualOut,
            summary="Record what your own partner actually deployed on an activity so far, "
                    "and its progress (replaces the earlier figures)")
def set_plan_actual(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                    activity_id: Id, partner_id: Id, payload: PlanActualIn) -> Actual:
    plan = _plan(request, alliance_id, year)
    activity = selectors.activity_get(user=request.user, alliance=plan.alliance,
                                      pk=activity_id)
    if activity.objective.version.plan_id != plan.pk:
        raise DomainError("Choose an activity of this plan.", field="activity_id")
    partner = alliance_selectors.partner_get(user=request.user, alliance=plan.alliance,
                                             pk=partner_id)
    return services.actual_record(
        actor=request.user, plan=plan, activity_key=activity.key, partner=partner,
        effort=services.EffortInput(payload.people, payload.hours, payload.fte_hundredths,
                                    payload.money_cents, payload.note),
        progress=payload.progress)
