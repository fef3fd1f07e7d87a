"""API of the annual evaluation: rounds (list, open, move the closing date, invite newcomers,
remind, close), the alliance's statements, response-rate counts, and answering through a
personal link's token without log-in. No operation returns a response's scores: results come
only as aggregates, after closing."""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema
from concordia.core.errors import Conflict, DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Dimension, Pillar

from . import rules, selectors, services
from .choices import RoundState
from .instrument import OPEN_ANSWER_MAX_LENGTH
from .models import Round

router = Router()
answers_router = Router()

Score = Annotated[int, Field(ge=1, le=5)]


class EvaluationStatementOut(Schema):
    key: str = Field(..., description="Stable for good: the same key compares across years.")
    dimension: Dimension
    pillars: list[Pillar]
    text: str
    own: bool = Field(..., description="Added by the alliance (else Concordia's standard).")
    retired: bool = Field(..., description="No longer asked in new rounds.")
    id: int | None = Field(None, description="The alliance's own statements only.")


class EvaluationRoundOut(Schema):
    id: int
    year: int
    opens_on: dt.date
    closes_on: dt.date
    state: RoundState
    invited_roles: list[Role] = Field(..., description="Empty: every role.")
    invited_levels: list[Level] = Field(..., description="Empty: every level.")
    invited_partner_ids: list[int] = Field(..., description="Empty: every partner.")
    statement_keys: list[str]
    invited: int
    answered: int

    @staticmethod
    def resolve_invited_partner_ids(obj: Round) -> list[int]:
        return sorted(p.pk for p in obj.invited_partners.all())


class EvaluationRoundIn(InSchema):
    year: int = Field(..., ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    opens_on: dt.date
    closes_on: dt.date
    statement_keys: list[str] | None = Field(
        None, max_length=200, description="The statements to ask; left out: every statement "
                                          "not retired.")
    invited_roles: list[Role] = Field([], max_length=len(Role))
    invited_levels: list[Level] = Field([], max_length=len(Level))
    invited_partner_ids: list[Id] = Field([], max_length=200)


class EvaluationClosingIn(InSchema):
    closes_on: dt.date = Field(..., description="The new closing date: not passed, and at "
                                                "most 120 days after the round opened.")


class EvaluationNewcomersOut(Schema):
    invited: int = Field(..., description="How many newcomers were sent their link.")


class EvaluationRemindedOut(Schema):
    reminded: int = Field(..., description="How many were sent a new link.")


class ResponseRateOut(Schema):
    key: str = Field(..., description="The partner's id or the level.")
    label: str
    invited: int
    answered: int
    rate: int | None = Field(..., description="Whole percents; null when nobody is invited.")


class ResponseRatesOut(Schema):
    invited: int
    answered: int
    partners: list[ResponseRateOut]
    levels: list[ResponseRateOut]


class EvaluationStatementIn(InSchema):
    dimension: Dimension
    text: str = Field(..., min_length=1, max_length=services.STATEMENT_MAX_LENGTH)
    pillars: list[Pillar] = Field([], max_length=len(Pillar))


class EvaluationAnswerIn(InSchema):
    token: str = Field(..., min_length=1, max_length=100,
                       description="The token of the personal link (the last part of it).")
    scores: dict[str, Score] = Field(..., description="Statement key → 1 … 5; leave a "
                                                    "statement out to give no answer.")
    open_answers: dict[Dimension, str] = Field({})


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _statement_out(s: selectors.StatementView) -> dict[str, Any]:
    return {"key": s.key, "dimension": s.dimension, "pillars": list(s.pillars),
            "text": str(s.text), "own": s.own, "retired": s.retired, "id": s.pk}


@router.get("/{alliance_id}/evaluation/statements", response=list[EvaluationStatementOut],
            summary="The alliance's evaluation instrument: the standard statements and its own")
def list_statements(request: AuthenticatedHttpRequest, alliance_id: Id) -> list[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    return [_statement_out(s) for s in selectors.instrument(user=request.user,
                                                            alliance=alliance)]


@router.post("/{alliance_id}/evaluation/statements", response={201: EvaluationStatementOut},
             summary="Add a statement of the alliance's own (the key alliance manager)")
@idempotent
def add_statement(request: AuthenticatedHttpRequest, alliance_id: Id,
                  payload: EvaluationStatementIn) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    statement = services.statement_add(actor=request.user, alliance=alliance,
                                       dimension=payload.dimension, text=payload.text,
                                       pillars=[p.value for p in payload.pillars])
    view = next(s for s in selectors.instrument(user=request.user, alliance=alliance)
                if s.key == statement.key)
    return Status(201, _statement_out(view))


@router.post("/{alliance_id}/evaluation/statements/{statement_id}/retire",
             response=EvaluationStatementOut,
             summary="Stop asking one of the alliance's own statements in new rounds")
def retire_statement(request: AuthenticatedHttpRequest, alliance_id: Id,
                     statement_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    statement = selectors.own_statement_get(user=request.user, alliance=alliance,
                                            pk=statement_id)
    services.statement_retire(actor=request.user, statement=statement)
    view = next(s for s in selectors.instrument(user=request.user, alliance=alliance)
                if s.key == statement.key)
    return _statement_out(view)


@router.get("/{alliance_id}/evaluation/rounds", response=list[EvaluationRoundOut],
            summary="The alliance's evaluation rounds, newest year first, with counts")
def list_rounds(request: AuthenticatedHttpRequest, alliance_id: Id) -> list[Round]:
    alliance = _alliance(request, alliance_id)
    return list(selectors.round_list(user=request.user, alliance=alliance)
                .prefetch_related("invited_partners"))


@router.post("/{alliance_id}/evaluation/rounds", response={201: EvaluationRoundOut},
             summary="Open the year's round and mail each invitee their personal link")
@idempotent
def open_round(request: AuthenticatedHttpRequest, alliance_id: Id,
               payload: EvaluationRoundIn) -> Status[Round]:
    alliance = _alliance(request, alliance_id)
    partners = list(alliance.partners.filter(pk__in=payload.invited_partner_ids,
                                             status=PartnerStatus.ACTIVE))
    if len(partners) != len(set(payload.invited_partner_ids)):
        raise DomainError("Choose active partners of this alliance.",
                          field="invited_partner_ids")
    opened = services.round_open(
        actor=request.user, alliance=alliance, year=payload.year, opens_on=payload.opens_on,
        closes_on=payload.closes_on, statement_keys=payload.statement_keys,
        roles=[r.value for r in payload.invited_roles],
        levels=[level.value for level in payload.invited_levels], partners=partners,
        site_url=request.build_absolute_uri("/"))
    return Status(201, selectors.round_get(user=request.user, alliance=alliance, pk=opened.pk))


@router.get("/{alliance_id}/evaluation/rounds/{round_id}", response=EvaluationRoundOut,
            summary="One evaluation round")
def get_round(request: AuthenticatedHttpRequest, alliance_id: Id, round_id: Id) -> Round:
    alliance = _alliance(request, alliance_id)
    return selectors.round_get(user=request.user, alliance=alliance, pk=round_id)


@router.post("/{alliance_id}/evaluation/rounds/{round_id}/close", response=EvaluationRoundOut,
             summary="Close an open round: no link answers any more")
def close_round(request: AuthenticatedHttpRequest, alliance_id: Id, round_id: Id) -> Round:
    alliance = _alliance(request, alliance_id)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_id)
    services.round_close(actor=request.user, evaluation_round=evaluation_round)
    return selectors.round_get(user=request.user, alliance=alliance, pk=round_id)


@router.put("/{alliance_id}/evaluation/rounds/{round_id}/closing", response=EvaluationRoundOut,
            summary="Move an open round's closing date")
def change_closing(request: AuthenticatedHttpRequest, alliance_id: Id, round_id: Id,
                   payload: EvaluationClosingIn) -> Round:
    alliance = _alliance(request, alliance_id)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_id)
    services.round_change_closing(actor=request.user, evaluation_round=evaluation_round,
                                  closes_on=payload.closes_on)
    return selectors.round_get(user=request.user, alliance=alliance, pk=round_id)


@router.post("/{alliance_id}/evaluation/rounds/{round_id}/newcomers",
             response=EvaluationNewcomersOut,
             summary="Send their link to everyone who took a role after the round opened "
                     "and fits its choice")
def invite_newcomers(request: AuthenticatedHttpRequest, alliance_id: Id,
                     round_id: Id) -> dict[str, int]:
    alliance = _alliance(request, alliance_id)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_id)
    count = services.round_invite_newcomers(actor=request.user,
                                            evaluation_round=evaluation_round,
                                            site_url=request.build_absolute_uri("/"))
    return {"invited": count}


@router.post("/{alliance_id}/evaluation/rounds/{round_id}/reminders",
             response=EvaluationRemindedOut,
             summary="Mail a new link to everyone who has not answered (earlier links stop)")
def remind_round(request: AuthenticatedHttpRequest, alliance_id: Id,
                 round_id: Id) -> dict[str, int]:
    alliance = _alliance(request, alliance_id)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_id)
    count = services.round_remind(actor=request.user, evaluation_round=evaluation_round,
                                  site_url=request.build_absolute_uri("/"))
    return {"reminded": count}


@router.get("/{alliance_id}/evaluation/rounds/{round_id}/response-rates", response=ResponseRatesOut,
            summary="How many were invited and answered, in all, per partner and per level")
def get_response_rates(request: AuthenticatedHttpRequest, alliance_id: Id,
                       round_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_id)
    rates = selectors.response_rates(evaluation_round)

    def row(r: selectors.RateRow) -> dict[str, Any]:
        return {"key": r.key, "label": r.label, "invited": r.invited,
                "answered": r.answered, "rate": r.rate}

    return {"invited": rates.total.invited, "answered": rates.total.answered,
            "partners": [row(r) for r in rates.partners],
            "levels": [row(r) for r in rates.levels]}


@answers_router.post("/evaluation/answers", response={204: None}, auth=None,
                     summary="Answer a round with a personal link's token (no log-in)")
def submit_answer(request: HttpRequest, payload: EvaluationAnswerIn) -> Status[None]:
    """The token is the only proof; it answers once. 404: unknown or replaced; 409: used
    already, or the round is closed or not open yet. Nothing in the answer names the person."""
    for text in payload.open_answers.values():
        if len(text) > OPEN_ANSWER_MAX_LENGTH:
            raise DomainError("Keep the answer under 2000 characters.", field="open_answers")
    try:
        services.response_submit(token=payload.token, scores=payload.scores,
                                 open_answers={d.value: t for d, t in
                                               payload.open_answers.items()})
    except services.LinkUnusable as exc:
        if exc.state == services.UNKNOWN:
            raise Http404 from None
        refusals: dict[str, str] = {
            rules.LinkState.ANSWERED: "This link has answered already.",
            rules.LinkState.CLOSED: "The round is closed.",
            rules.LinkState.NOT_YET: "The round is not open yet.",
        }
        raise Conflict(refusals.get(exc.state, "The link cannot answer."),
                       code=str(exc.state)) from None
    return Status(204, None)

