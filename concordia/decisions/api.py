"""API for decisions: the register (searchable, filtered), putting a proposal, one decision with
the votes the reader may see (a secret ballot: only their own partner's until it closes) and,
once closed, its tally; casting a vote, closing, withdrawing, follow-up actions; a body's
delegates. Same services and selectors as the pages."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.bodies.api import DecisionRuleChangeIn, DecisionRuleChangeOut
from concordia.bodies.choices import DecisionRule, MajorityBasis, QuorumBasis, VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Block
from concordia.meetings.models import AgendaItem

from . import selectors, services
from .choices import Choice, DecisionStatus, Outcome, Procedure
from .models import Decision, Delegate, Vote

router = Router()

Share = Annotated[int, Field(ge=0, le=1000)]


# --- schemas ----------------------------------------------------------------------------------


class DecisionRuleOut(Schema):
    carries: DecisionRule = Field(..., description="What carries a proposal.")
    voting_unit: VotingUnit = Field(..., description="Who votes: per partner, seat or person.")
    majority_basis: MajorityBasis
    qualified: str = Field(..., description="The share a qualified majority needs, as 'n/d'.")
    quorum: str = Field(..., description="The share of the voting units needed, as 'n/d' "
                                         "('0/1': none).")
    quorum_basis: QuorumBasis
    weights: dict[str, int] = Field(..., description="Weight per partner id; a partner not "
                                                     "named weighs 1.")


class DecisionOut(Schema):
    id: int
    number: int = Field(..., description="The register's number, per alliance.")
    title: str
    proposal: str
    body_id: int
    body_name: str
    procedure: Procedure
    meeting_id: int | None
    agenda_item_id: int | None
    deadline: dt.datetime | None = Field(..., description="No vote is taken after it.")
    secret: bool = Field(..., description="Votes are shown only once the decision is closed.")
    refers_to_id: int | None = Field(..., description="The closed decision this reopens.")
    block: Block | None
    status: DecisionStatus
    outcome: Outcome | None
    rule: DecisionRuleOut = Field(..., description="The body's rule as it stood when the proposal "
                                           "was put; the votes are counted under it.")
    rule_version: int
    rule_change: DecisionRuleChangeOut | None = Field(
        ..., description="A proposal to change the body's own decision rule: the rule it "
                         "gives the body when it carries; null for any other proposal.")
    proposed_by_id: int
    created_at: dt.datetime
    closed_at: dt.datetime | None
    follow_up_action_ids: list[int]
    version: int = Field(..., description="Send it back when closing or withdrawing; a change "
                                          "in between answers 409.")

    @staticmethod
    def resolve_body_name(obj: Decision) -> str:
        return obj.body.name

    @staticmethod
    def resolve_block(obj: Decision) -> str | None:
        return obj.block or None

    @staticmethod
    def resolve_outcome(obj: Decision) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_rule(obj: Decision) -> dict[str, Any]:
        return {**selectors.rule_of(obj).as_dict(), "weights": selectors.weights_of(obj)}

    @staticmethod
    def resolve_follow_up_action_ids(obj: Decision) -> list[int]:
        return [a.pk for a in obj.follow_up_actions.all()]


class DecisionPage(Page):
    results: list[DecisionOut]


class VotingUnitOut(Schema):
    unit: str = Field(..., description="'partner:<id>', 'seat:<id>' or 'person:<id>'.")
    name: str
    partner_id: int
    weight: int
    voted: bool = Field(..., description="Whether the unit has voted (never how, in a secret "
                                         "ballot still open).")


class VoteOut(Schema):
    unit: str
    unit_name: str
    partner_id: int | None
    choice: Choice | None = Field(..., description="A plain vote; null when split.")
    shares: dict[str, int] = Field(..., description="A split vote's weight per choice; empty "
                                                    "for a plain vote.")
    reason: str
    cast_by_id: int
    cast_by_name: str
    cast_at: dt.datetime


class MyVotingUnitOut(Schema):
    unit: str
    name: str
    weight: int = Field(..., description="More than 1: the vote may be split.")
    seat_id: int | None
    vote: VoteOut | None = Field(..., description="The unit's current vote.")


class TallyStandingOut(Schema):
    unit: str
    name: str
    shares: dict[str, int]


class TallyOut(Schema):
    outcome: Outcome
    because: str = Field(..., description="Why: carried, quorum, objection, against, "
                                          "missing_votes, no_votes_for, majority, tie or "
                                          "below_qualified.")
    eligible: int
    counted: int
    quorum_needed: int
    quorum_base: int
    quorum_met: bool
    votes: dict[str, str] = Field(..., description="Per choice, by units, as 'n/d'.")
    weight: dict[str, int] = Field(..., description="Per choice, by weight.")
    standing: list[TallyStandingOut] = Field(..., description="Each unit's counted vote.")


class DecisionDetailOut(DecisionOut):
    eligible: list[VotingUnitOut] = Field(..., description="The units that may vote now (a "
                                                           "closed one's count is its tally).")
    my_units: list[MyVotingUnitOut] = Field(..., description="The units you may vote for.")
    votes: list[VoteOut] = Field(..., description="The current votes you may see: all once "
                                                  "closed or when the ballot is open; of a "
                                                  "secret ballot still open, your units' only.")
    tally: TallyOut | None = Field(..., description="Once closed: the count and its outcome.")

    # What the reader may see, computed once by _detail and kept on the decision object.
    @staticmethod
    def resolve_eligible(obj: Decision) -> Any:
        return _extras(obj)["eligible"]

    @staticmethod
    def resolve_my_units(obj: Decision) -> Any:
        return _extras(obj)["my_units"]

    @staticmethod
    def resolve_votes(obj: Decision) -> Any:
        return _extras(obj)["votes"]

    @staticmethod
    def resolve_tally(obj: Decision) -> Any:
        return _extras(obj)["tally"]


class DecisionQuery(PageQuery):
    q: str = Field("", max_length=200, description="Search the title, the proposal or the "
                                                   "number ('12' or '#12').")
    bodyId: Id | None = Field(None, description="Only the decisions of this body.")
    outcome: Outcome | None = None
    status: DecisionStatus | None = None


class DecisionIn(InSchema):
    body_id: Id
    title: Name = Field(..., min_length=1, max_length=services.TITLE_MAX)
    proposal: str = Field(..., min_length=1, max_length=services.PROPOSAL_MAX)
    procedure: Procedure
    deadline: dt.datetime | None = Field(None, description="Required for a written procedure; "
                                                           "ahead, with its time zone.")
    agenda_item_id: Id | None = Field(None, description="A meeting's proposal: the decision "
                                                        "item on the agenda of one of the "
                                                        "body's meetings.")
    secret: bool | None = Field(None, description="Omitted or null: as the body says.")
    refers_to_id: Id | None = Field(None, description="A closed decision this reopens.")
    block: Block | None = None
    rule_change: DecisionRuleChangeIn | None = Field(
        None, description="Propose a new decision rule for the body itself: adopted when this "
                          "decision carries. Once proposals have been put to a body, its rule "
                          "changes only this way.")


class VoteIn(InSchema):
    choice: Choice | None = Field(None, description="A plain vote; or:")
    shares: dict[Choice, Share] | None = Field(
        None, description="A split vote (a partner weighing more than 1): whole numbers per "
                          "choice, adding up to its weight.")
    reason: str = Field("", max_length=services.REASON_MAX,
                        description="Why; required with an objection.")
    seat_id: Id | None = Field(None, description="The seat you vote from, when you have several.")


class DecisionVersionIn(InSchema):
    version: VersionNumber


class DecisionFollowUpIn(InSchema):
    action_id: Id = Field(..., description="An action of the alliance.")


class DelegateOut(Schema):
    id: int
    body_id: int
    partner_id: int
    partner_name: str
    person_id: int
    person_name: str
    named_by_id: int
    created_at: dt.datetime

    @staticmethod
    def resolve_partner_name(obj: Delegate) -> str:
        return obj.partner.organisation.name

    @staticmethod
    def resolve_person_name(obj: Delegate) -> str:
        return str(obj.person)


class DelegatePage(Page):
    results: list[DelegateOut]


class DelegateIn(InSchema):
    partner_id: Id = Field(..., description="A partner with a seat in the body (your own).")
    person_id: Id = Field(..., description="A person of that partner who may sit in its seats.")


# --- helpers ----------------------------------------------------------------------------------

# Where _detail keeps what DecisionDetailOut shows beside the decision's own fields.
DETAIL = "_api_detail"


def _extras(decision: Decision) -> dict[str, Any]:
    extras: dict[str, Any] = decision.__dict__[DETAIL]
    return extras


# The services' field names as the API spells them.
API_FIELDS = {"body": "body_id", "agenda_item": "agenda_item_id", "refers_to": "refers_to_id",
              "seat": "seat_id", "action": "action_id", "partner": "partner_id",
              "person": "person_id", "unit": "seat_id"}


@contextmanager
def _api_fields() -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        if error.field in API_FIELDS:
            error.field = API_FIELDS[error.field]
        raise


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _decision(request: AuthenticatedHttpRequest, alliance_id: int,
              decision_id: int) -> Decision:
    return selectors.decision_or_404(request.user, alliance_id, decision_id)


def _body(alliance: Alliance, body_id: int, field: str = "body_id") -> Body:
    body = Body.objects.filter(alliance=alliance, pk=body_id).select_related("alliance").first()
    if body is None:
        raise DomainError("Choose a body of this alliance.", field=field)
    return body


def _vote_out(vote: Vote, names: dict[str, str]) -> dict[str, Any]:
    return {"unit": vote.unit, "unit_name": names.get(vote.unit, vote.unit),
            "partner_id": vote.partner_id, "choice": vote.choice or None,
            "shares": dict(vote.shares), "reason": vote.reason, "cast_by_id": vote.cast_by_id,
            "cast_by_name": str(vote.cast_by), "cast_at": vote.cast_at}


def _detail(request: AuthenticatedHttpRequest, decision: Decision) -> Decision:
    """The decision with what DecisionDetailOut shows of it: a fixed number of queries,
    whatever was voted."""
    user = request.user
    eligible = selectors.eligible_units(decision)
    names = {u.unit: u.label for u in eligible}
    if decision.tally:
        names.update(decision.tally.get("labels", {}))
    voted = selectors.voted_units(decision)
    mine = selectors.units_for(user, decision, eligible=eligible)
    tally = None
    if decision.status == DecisionStatus.CLOSED and decision.tally:
        tally = {key: decision.tally[key] for key in (
            "outcome", "because", "eligible", "counted", "quorum_needed", "quorum_base",
            "quorum_met", "votes", "weight")}
        tally["standing"] = [{"unit": unit, "name": names.get(unit, unit), "shares": shares}
                             for unit, shares in decision.tally["standing"].items()]
    decision.__dict__[DETAIL] = {
        "eligible": [{"unit": u.unit, "name": u.label, "partner_id": u.partner_id,
                      "weight": u.weight, "voted": u.unit in voted} for u in eligible],
        "my_units": [{"unit": row.unit.unit, "name": row.unit.label, "weight": row.unit.weight,
                      "seat_id": row.unit.seat_id,
                      "vote": _vote_out(row.vote, names) if row.vote is not None else None}
                     for row in mine],
        "votes": [_vote_out(v, names) for v in selectors.visible_votes(user, decision,
                                                                       mine=mine)],
        "tally": tally,
    }
    return decision


# --- decisions --------------------------------------------------------------------------------


@router.get("/{alliance_id}/decisions", response=DecisionPage,
            summary="The decisions register: every decision of the alliance, newest first")
def list_decisions(request: AuthenticatedHttpRequest, alliance_id: Id,
                   query: Query[DecisionQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    decisions = selectors.register(request.user, alliance, q=query.q, body_id=query.bodyId,
                                   outcome=query.outcome or "", status=query.status or "")
    return paged(request, decisions, query)


@router.post("/{alliance_id}/decisions", response={201: DecisionDetailOut},
             summary="Put a proposal to a body (its organisers and the steering roles)")
@idempotent
def create_decision(request: AuthenticatedHttpRequest, alliance_id: Id,
                    payload: DecisionIn) -> Status[Decision]:
    alliance = _alliance(request, alliance_id)
    # The permission comes before any id in the body is looked up (docs/access.md); the
    # service checks it again, for the very body, under the alliance lock.
    if not policy.may_propose_decisions(request.user, alliance.pk):
        raise PermissionDenied
    body = _body(alliance, payload.body_id)
    item = None
    if payload.agenda_item_id is not None:
        item = (AgendaItem.objects.filter(pk=payload.agenda_item_id,
                                          meeting__body__alliance=alliance)
                .select_related("meeting__body").first())
        if item is None:
            raise DomainError("Choose a decision item on the agenda of one of this body's "
                              "meetings.", field="agenda_item_id")
    refers_to = None
    if payload.refers_to_id is not None:
        refers_to = Decision.objects.filter(alliance=alliance, pk=payload.refers_to_id).first()
        if refers_to is None or not policy.can_read_decision(request.user, refers_to):
            raise DomainError("A new proposal can only refer to a closed decision of this "
                              "alliance.", field="refers_to_id")
    with _api_fields():
        decision = services.decision_propose(
            actor=request.user, body=body, title=payload.title, proposal=payload.proposal,
            procedure=str(payload.procedure), deadline=payload.deadline, agenda_item=item,
            secret=payload.secret, refers_to=refers_to,
            block=str(payload.block) if payload.block else "",
            rule_change=payload.rule_change.given() if payload.rule_change else None)
    return Status(201, _detail(request, _decision(request, alliance_id, decision.pk)))


@router.get("/{alliance_id}/decisions/{decision_id}", response=DecisionDetailOut,
            summary="One decision: the votes you may see, your units, and its tally once "
                    "closed")
def get_decision(request: AuthenticatedHttpRequest, alliance_id: Id,
                 decision_id: Id) -> Decision:
    return _detail(request, _decision(request, alliance_id, decision_id))


@router.post("/{alliance_id}/decisions/{decision_id}/votes", response={201: VoteOut},
             summary="Cast or change the vote of your partner, seat or yourself (the latest "
                     "before the deadline stands)")
@idempotent
def cast_vote(request: AuthenticatedHttpRequest, alliance_id: Id, decision_id: Id,
              payload: VoteIn) -> Status[dict[str, Any]]:
    decision = _decision(request, alliance_id, decision_id)
    seat = None
    if payload.seat_id is not None:
        seat = Seat.objects.filter(body_id=decision.body_id, pk=payload.seat_id).first()
        if seat is None:
            raise DomainError("Choose a seat of this body.", field="seat_id")
    shares = ({str(k): v for k, v in payload.shares.items()} if payload.shares is not None
              else None)
    with _api_fields():
        vote = services.vote_cast(actor=request.user, decision=decision,
                                  choice=str(payload.choice) if payload.choice else "",
                                  shares=shares, reason=payload.reason, seat=seat)
    names = {u.unit: u.label for u in selectors.eligible_units(decision)}
    vote.cast_by = request.user
    return Status(201, _vote_out(vote, names))


@router.post("/{alliance_id}/decisions/{decision_id}/close", response=DecisionDetailOut,
             summary="Close the vote and record the outcome (the body's organisers)")
@idempotent
def close_decision(request: AuthenticatedHttpRequest, alliance_id: Id, decision_id: Id,
                   payload: DecisionVersionIn) -> Decision:
    decision = _decision(request, alliance_id, decision_id)
    services.decision_close(actor=request.user, decision=decision,
                            expected_version=payload.version)
    return _detail(request, _decision(request, alliance_id, decision_id))


@router.post("/{alliance_id}/decisions/{decision_id}/withdraw", response=DecisionDetailOut,
             summary="Withdraw an open proposal (whoever put it, or the body's organisers)")
@idempotent
def withdraw_decision(request: AuthenticatedHttpRequest, alliance_id: Id, decision_id: Id,
                      payload: DecisionVersionIn) -> Decision:
    decision = _decision(request, alliance_id, decision_id)
    services.decision_withdraw(actor=request.user, decision=decision,
                               expected_version=payload.version)
    return _detail(request, _decision(request, alliance_id, decision_id))


@router.post("/{alliance_id}/decisions/{decision_id}/follow-ups", response={201: DecisionOut},
             summary="Link an action of the alliance as the decision's follow-up")
@idempotent
def add_follow_up(request: AuthenticatedHttpRequest, alliance_id: Id, decision_id: Id,
                  payload: DecisionFollowUpIn) -> Status[Decision]:
    decision = _decision(request, alliance_id, decision_id)
    if not policy.can_add_follow_up(request.user, decision):
        raise PermissionDenied
    action = (ActionItem.objects.filter(alliance_id=decision.alliance_id, pk=payload.action_id)
              .select_related("agenda_item").first())
    if action is None:
        raise DomainError("Choose an action of this alliance.", field="action_id")
    with _api_fields():
        services.follow_up_add(actor=request.user, decision=decision, action=action)
    return Status(201, _decision(request, alliance_id, decision_id))


# --- delegates --------------------------------------------------------------------------------


def _body_of(request: AuthenticatedHttpRequest, alliance_id: int, body_id: int) -> Body:
    alliance = _alliance(request, alliance_id)
    body = Body.objects.filter(alliance=alliance, pk=body_id).select_related("alliance").first()
    if body is None:
        raise Http404
    return body


@router.get("/{alliance_id}/bodies/{body_id}/delegates", response=DelegatePage,
            summary="A body's delegates: who else casts a partner's vote")
def list_delegates(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                   query: Query[PageQuery]) -> dict[str, Any]:
    body = _body_of(request, alliance_id, body_id)
    return paged(request, selectors.delegates_of(body), query)


@router.post("/{alliance_id}/bodies/{body_id}/delegates", response={201: DelegateOut},
             summary="Name a delegate of your own partner in the body")
@idempotent
def name_delegate(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                  payload: DelegateIn) -> Status[Delegate]:
    body = _body_of(request, alliance_id, body_id)
    if not policy.may_name_delegates(request.user, body.alliance_id):
        raise PermissionDenied
    partner = Partner.objects.filter(alliance_id=body.alliance_id, pk=payload.partner_id).first()
    if partner is None:
        raise DomainError("Choose a partner of this alliance.", field="partner_id")
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise DomainError("Choose a person of this partner who may sit in its seats.",
                          field="person_id")
    with _api_fields():
        delegate = services.delegate_name(actor=request.user, body=body, partner=partner,
                                          person=person)
    return Status(201, selectors.delegate_or_404(request.user, body, delegate.pk))


@router.delete("/{alliance_id}/bodies/{body_id}/delegates/{delegate_id}", response={204: None},
               summary="End a delegation of your own partner")
@idempotent
def remove_delegate(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                    delegate_id: Id) -> Status[None]:
    body = _body_of(request, alliance_id, body_id)
    delegate = selectors.delegate_or_404(request.user, body, delegate_id)
    services.delegate_remove(actor=request.user, delegate=delegate)
    return Status(204, None)
