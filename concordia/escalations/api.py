"""API of the escalation ladder: the bottlenecks a person sees (filtered by rung, status and
overdue), raising one, one with its whole trail, the horizontal attempt, going up, a response,
the resolution, withdrawing; the escalation health; the alliance's own top rung. Same services
and selectors as the pages."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Block

from . import presentation, rules, selectors, services
from .choices import BoardRoute, BottleneckStatus, EventKind, Rung, StepOutcome, Urgency
from .models import Bottleneck, BottleneckEvent, LadderSettings, RungStep

router = Router()


class BottleneckPartnerOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Partner) -> str:
        return obj.organisation.name


class BottleneckOut(Schema):
    id: int
    title: str
    description: str
    partners: list[BottleneckPartnerOut] = Field(..., description="The partners concerned.")
    urgency: Urgency
    alliance_wide: bool = Field(..., description="Visible to everyone with a role in the "
                                                 "alliance.")
    meeting_id: int | None
    decision_id: int | None
    block: Block | None
    raised_by_id: int
    raised_by_name: str
    raised_at: dt.datetime
    status: BottleneckStatus
    rung: Rung = Field(..., description="The rung it stands on (or stood on when closed).")
    rung_name: str = Field(..., description="The rung's name (the alliance's own for the top "
                                            "rung).")
    owner_id: int = Field(..., description="The owner of the current rung.")
    owner_name: str
    rung_entered_at: dt.datetime
    due_on: dt.date = Field(..., description="The day the rung's owner is to respond by.")
    awaiting_response: bool
    overdue: bool = Field(..., description="Open, not responded on this rung, past its "
                                           "deadline.")
    skipped_horizontal: bool = Field(..., description="Went up without a horizontal attempt.")
    skip_reason: str
    resolution: str
    resolution_decision_id: int | None
    resolution_action_id: int | None
    closed_at: dt.datetime | None
    version: int = Field(..., description="Send it back with a change; a change in between "
                                          "answers 409.")

    @staticmethod
    def resolve_partners(obj: Bottleneck) -> list[Partner]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_block(obj: Bottleneck) -> str | None:
        return obj.block or None

    @staticmethod
    def resolve_raised_by_name(obj: Bottleneck) -> str:
        return str(obj.raised_by)

    @staticmethod
    def resolve_owner_name(obj: Bottleneck) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_rung_name(obj: Bottleneck, context: Any) -> str:
        top_name = selectors.top_rung_name(user=context["request"].user,
                                           alliance_id=obj.alliance_id)
        return presentation.rung_label(obj.rung, top_name)

    @staticmethod
    def resolve_overdue(obj: Bottleneck) -> bool:
        return selectors.is_overdue(obj, timezone.localdate())


class BottleneckEventOut(Schema):
    kind: EventKind
    text: str
    resolved: bool | None = Field(..., description="A horizontal attempt: whether it "
                                                   "resolved the bottleneck.")
    actor_id: int
    actor_name: str
    at: dt.datetime

    @staticmethod
    def resolve_actor_name(obj: BottleneckEvent) -> str:
        return str(obj.actor)


class RungStepOut(Schema):
    rung: Rung
    rung_name: str
    owner_id: int
    owner_name: str
    entered_at: dt.datetime
    entered_by_id: int
    due_on: dt.date
    responded_at: dt.datetime | None
    left_at: dt.datetime | None
    outcome: StepOutcome | None = Field(..., description="How the rung was left.")
    days: float | None = Field(..., description="How long the rung took, in days.")
    skipped_horizontal: bool
    agenda_item_id: int | None = Field(..., description="The board's agenda item.")
    meeting_id: int | None = Field(..., description="The board's meeting.")
    decision_id: int | None = Field(..., description="The board's written procedure.")
    events: list[BottleneckEventOut]

    @staticmethod
    def resolve_rung_name(obj: RungStep) -> str:
        return presentation.rung_label(obj.rung, obj.rung_name)

    @staticmethod
    def resolve_owner_name(obj: RungStep) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_outcome(obj: RungStep) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_days(obj: RungStep) -> float | None:
        if obj.left_at is None:
            return None
        return round((obj.left_at - obj.entered_at).total_seconds() / 86400, 1)

    @staticmethod
    def resolve_meeting_id(obj: RungStep) -> int | None:
        return obj.agenda_item.meeting_id if obj.agenda_item is not None else None

    @staticmethod
    def resolve_events(obj: RungStep) -> list[BottleneckEvent]:
        return [e for e in obj.bottleneck.events.all() if e.step_id == obj.pk]


class BottleneckDetailOut(BottleneckOut):
    agreement_id: int | None = Field(..., description="The agreement it is about, when you may "
                                                      "read that agreement.")
    trail: list[RungStepOut] = Field(..., description="Every rung it entered, in order, with what "
                                                  "was recorded on it.")

    @staticmethod
    def resolve_agreement_id(obj: Bottleneck, context: Any) -> int | None:
        agreement = selectors.readable_agreement(user=context["request"].user, bottleneck=obj)
        return agreement.pk if agreement is not None else None

    @staticmethod
    def resolve_trail(obj: Bottleneck) -> list[RungStep]:
        steps = list(obj.steps.all())
        for step in steps:  # the events come from the bottleneck's own prefetch
            step.bottleneck = obj
        return steps


class BottleneckPage(Page):
    results: list[BottleneckOut]


class BottleneckQuery(PageQuery):
    rung: Rung | None = Field(None, description="Only the bottlenecks on this rung.")
    status: BottleneckStatus | Literal["all"] = BottleneckStatus.OPEN
    overdue: bool = Field(False, description="Only those past the deadline without a "
                                             "response.")


class BottleneckIn(InSchema):
    title: str = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    description: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    partner_ids: list[Id] = Field(..., min_length=1, max_length=rules.PARTNERS_MAX,
                                  description="The partners concerned.")
    urgency: Urgency = Urgency.NORMAL
    alliance_wide: bool = False
    meeting_id: Id | None = None
    decision_id: Id | None = None
    agreement_id: Id | None = Field(None, description="An agreement you may read.")
    block: Block | None = None
    owner_id: Id | None = Field(None, description="Who owns the horizontal attempt (yourself "
                                                  "when left out).")


class BottleneckVersioned(InSchema):
    version: VersionNumber


class BottleneckAttemptIn(BottleneckVersioned):
    resolved: bool = Field(..., description="Whether the attempt resolved the bottleneck.")
    text: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)


class BottleneckEscalateIn(BottleneckVersioned):
    reason: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    skip_reason: str = Field("", max_length=rules.TEXT_MAX,
                             description="Required when going up without a horizontal attempt "
                                         "that failed (an alarm only); empty otherwise.")
    owner_id: Id | None = Field(None, description="Who owns the next rung (by default: a "
                                                  "coordinator of a partner concerned, the key "
                                                  "alliance manager, the board's chair or "
                                                  "secretary).")
    route: BoardRoute = Field(BoardRoute.MEETING, description="To the board: at its next "
                                                              "meeting, or in a written "
                                                              "procedure.")


class BottleneckRespondIn(BottleneckVersioned):
    text: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)


class BottleneckResolveIn(BottleneckVersioned):
    resolution: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    decision_id: Id | None = None
    action_id: Id | None = None


class BottleneckWithdrawIn(BottleneckVersioned):
    reason: str = Field("", max_length=rules.TEXT_MAX)


class EscalationRungHealthOut(Schema):
    rung: Rung
    rung_name: str
    count: int = Field(..., description="Rungs left in the period.")
    median_days: float | None
    max_days: float | None


class EscalationHealthOut(Schema):
    since: dt.date
    raised: int
    skipped: int = Field(..., description="Raised in the period and went up without a "
                                          "horizontal attempt.")
    resolved_horizontally: int
    rungs: list[EscalationRungHealthOut]


class EscalationLadderOut(Schema):
    top_rung_enabled: bool
    top_rung_name: str
    rungs: list[Rung] = Field(..., description="The alliance's ladder, from the bottom.")
    version: int

    @staticmethod
    def resolve_rungs(obj: LadderSettings) -> list[str]:
        return list(rules.rungs(top_enabled=obj.top_rung_enabled))


class EscalationLadderIn(BottleneckVersioned):
    top_rung_enabled: bool
    top_rung_name: str = Field("", max_length=rules.TOP_NAME_MAX)


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _get(request: AuthenticatedHttpRequest, alliance: Alliance, pk: int) -> Bottleneck:
    return selectors.bottleneck_get(user=request.user, alliance=alliance, pk=pk)


def _person(request: AuthenticatedHttpRequest, alliance: Alliance, pk: int | None,
            field: str) -> Person | None:
    if pk is None:
        return None
    person = selectors.person_get(user=request.user, alliance=alliance, pk=pk)
    if person is None:
        raise DomainError("The owner must be a person with a role in this alliance.",
                          field=field)
    return person


@router.get("/{alliance_id}/bottlenecks", response=BottleneckPage,
            summary="The bottlenecks you see (open ones unless asked), earliest deadline first")
def list_bottlenecks(request: AuthenticatedHttpRequest, alliance_id: Id,
                     query: Query[BottleneckQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    bottlenecks = selectors.bottleneck_list(
        user=request.user, alliance=alliance, rung=query.rung or "",
        status="" if query.status == "all" else query.status, overdue_only=query.overdue)
    return paged(request, bottlenecks, query)


@router.post("/{alliance_id}/bottlenecks", response={201: BottleneckDetailOut},
             summary="Raise a bottleneck (it starts with the horizontal attempt)")
@idempotent
def raise_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id,
                     payload: BottleneckIn) -> Status[Bottleneck]:
    alliance = _alliance(request, alliance_id)
    partners = list(Partner.objects.filter(alliance=alliance, pk__in=payload.partner_ids)
                    .select_related("organisation"))
    if len(partners) != len(set(payload.partner_ids)):
        raise DomainError("Choose active partners of this alliance.", field="partner_ids")
    meeting = decision = None
    if payload.meeting_id is not None:
        meeting = selectors.meeting_get(user=request.user, alliance=alliance,
                                        pk=payload.meeting_id)
        if meeting is None:
            raise DomainError("Choose a meeting of this alliance.", field="meeting_id")
    if payload.decision_id is not None:
        decision = selectors.decision_get(user=request.user, alliance=alliance,
                                          pk=payload.decision_id)
        if decision is None:
            raise DomainError("Choose a decision of this alliance.", field="decision_id")
    agreement = None
    if payload.agreement_id is not None:
        agreement = selectors.agreement_get(user=request.user, alliance=alliance,
                                            pk=payload.agreement_id)
        if agreement is None:
            raise DomainError("Choose an agreement of this alliance that you can read.",
                              field="agreement_id")
    bottleneck = services.bottleneck_raise(
        actor=request.user, alliance=alliance, title=payload.title,
        description=payload.description, partners=partners, urgency=payload.urgency,
        alliance_wide=payload.alliance_wide, meeting=meeting, decision=decision,
        agreement=agreement, block=payload.block or "",
        owner=_person(request, alliance, payload.owner_id, "owner_id"))
    return Status(201, _get(request, alliance, bottleneck.pk))


@router.get("/{alliance_id}/bottlenecks/{bottleneck_id}", response=BottleneckDetailOut,
            summary="One bottleneck with its whole trail")
def get_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id,
                   bottleneck_id: Id) -> Bottleneck:
    return _get(request, _alliance(request, alliance_id), bottleneck_id)


@router.post("/{alliance_id}/bottlenecks/{bottleneck_id}/attempts",
             response=BottleneckDetailOut,
             summary="Record the horizontal attempt and whether it resolved the bottleneck")
@idempotent
def record_attempt(request: AuthenticatedHttpRequest, alliance_id: Id, bottleneck_id: Id,
                   payload: BottleneckAttemptIn) -> Bottleneck:
    alliance = _alliance(request, alliance_id)
    services.bottleneck_attempt(actor=request.user, bottleneck=_get(request, alliance,
                                                                    bottleneck_id),
                                expected_version=payload.version, resolved=payload.resolved,
                                text=payload.text)
    return _get(request, alliance, bottleneck_id)


@router.post("/{alliance_id}/bottlenecks/{bottleneck_id}/escalate",
             response=BottleneckDetailOut,
             summary="Take the bottleneck one rung up (skipping the horizontal attempt only "
                     "in an alarm, with the reason)")
@idempotent
def escalate_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id, bottleneck_id: Id,
                        payload: BottleneckEscalateIn) -> Bottleneck:
    alliance = _alliance(request, alliance_id)
    services.bottleneck_escalate(
        actor=request.user, bottleneck=_get(request, alliance, bottleneck_id),
        expected_version=payload.version, reason=payload.reason,
        skip_reason=payload.skip_reason,
        owner=_person(request, alliance, payload.owner_id, "owner_id"), route=payload.route)
    return _get(request, alliance, bottleneck_id)


@router.post("/{alliance_id}/bottlenecks/{bottleneck_id}/responses",
             response=BottleneckDetailOut, summary="Respond on the current rung")
@idempotent
def respond_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id, bottleneck_id: Id,
                       payload: BottleneckRespondIn) -> Bottleneck:
    alliance = _alliance(request, alliance_id)
    services.bottleneck_respond(actor=request.user,
                                bottleneck=_get(request, alliance, bottleneck_id),
                                expected_version=payload.version, text=payload.text)
    return _get(request, alliance, bottleneck_id)


@router.post("/{alliance_id}/bottlenecks/{bottleneck_id}/resolve",
             response=BottleneckDetailOut,
             summary="Resolve the bottleneck, linking the decision or the action")
@idempotent
def resolve_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id, bottleneck_id: Id,
                       payload: BottleneckResolveIn) -> Bottleneck:
    alliance = _alliance(request, alliance_id)
    decision = action = None
    if payload.decision_id is not None:
        decision = selectors.decision_get(user=request.user, alliance=alliance,
                                          pk=payload.decision_id)
        if decision is None:
            raise DomainError("Choose a decision of this alliance.", field="decision_id")
    if payload.action_id is not None:
        action = selectors.action_get(user=request.user, alliance=alliance,
                                      pk=payload.action_id)
        if action is None:
            raise DomainError("Choose an action of this alliance.", field="action_id")
    services.bottleneck_resolve(actor=request.user,
                                bottleneck=_get(request, alliance, bottleneck_id),
                                expected_version=payload.version,
                                resolution=payload.resolution, decision=decision,
                                action=action)
    return _get(request, alliance, bottleneck_id)


@router.post("/{alliance_id}/bottlenecks/{bottleneck_id}/withdraw",
             response=BottleneckDetailOut, summary="Withdraw the bottleneck (whoever raised it)")
@idempotent
def withdraw_bottleneck(request: AuthenticatedHttpRequest, alliance_id: Id, bottleneck_id: Id,
                        payload: BottleneckWithdrawIn) -> Bottleneck:
    alliance = _alliance(request, alliance_id)
    services.bottleneck_withdraw(actor=request.user,
                                 bottleneck=_get(request, alliance, bottleneck_id),
                                 expected_version=payload.version, reason=payload.reason)
    return _get(request, alliance, bottleneck_id)


@router.get("/{alliance_id}/escalation-health", response=EscalationHealthOut,
            summary="How long each rung took over the last twelve months")
def escalation_health(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    health = selectors.health_get(user=request.user, alliance=alliance)
    top_name = selectors.ladder_get(user=request.user, alliance=alliance).top_rung_name
    return {"since": health.since, "raised": health.raised, "skipped": health.skipped,
            "resolved_horizontally": health.resolved_horizontally,
            "rungs": [{"rung": r.rung, "rung_name": presentation.rung_label(r.rung, top_name),
                       "count": r.count, "median_days": r.median_days,
                       "max_days": r.max_days} for r in health.rungs]}


@router.get("/{alliance_id}/escalation-ladder", response=EscalationLadderOut,
            summary="The alliance's ladder and its own top rung")
def get_ladder(request: AuthenticatedHttpRequest, alliance_id: Id) -> LadderSettings:
    return selectors.ladder_get(user=request.user, alliance=_alliance(request, alliance_id))


@router.put("/{alliance_id}/escalation-ladder", response=EscalationLadderOut,
            summary="Turn the alliance's own top rung above the board on or off, and name it")
@idempotent
def put_ladder(request: AuthenticatedHttpRequest, alliance_id: Id,
               payload: EscalationLadderIn) -> LadderSettings:
    alliance = _alliance(request, alliance_id)
    return services.ladder_set_up(actor=request.user, alliance=alliance,
                                  top_rung_enabled=payload.top_rung_enabled,
                                  top_rung_name=payload.top_rung_name,
                                  expected_version=payload.version)
