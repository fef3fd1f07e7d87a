"""API of cost settlement (open books): the settlement models per cost category (list, choose
one), bookings (list and filter, book one, read one), a quarter's settlement (share, paid,
balance per partner, transfers, confirmations) and confirming it for one's partner. Same
services and selectors as the pages; money in integer cents."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent

from . import rules, selectors, services
from .choices import BookingKind, SettlementKind
from .models import Booking, Confirmation, ModelWeight, SettlementModel, UsageFigure

router = Router()

Cents = Field(..., ge=-rules.AMOUNT_MAX_CENTS, le=rules.AMOUNT_MAX_CENTS)


class ModelWeightOut(Schema):
    partner_id: int
    partner_name: str
    weight: int

    @staticmethod
    def resolve_partner_name(obj: ModelWeight) -> str:
        return str(obj.partner.organisation)


class UsageFigureOut(Schema):
    partner_id: int
    year: int
    quarter: int
    usage: int


class SettlementModelOut(Schema):
    id: int
    category_id: int
    category: str
    kind: SettlementKind
    starts_on: dt.date
    measure: str
    decision_id: int
    decision_number: int
    weights: list[ModelWeightOut]
    usage: list[UsageFigureOut] = Field(..., description="By usage: the figures recorded per "
                                        "quarter (a quarter without them uses the latest "
                                        "earlier quarter's, or the weights).")

    @staticmethod
    def resolve_usage(obj: SettlementModel) -> list[UsageFigure]:
        return list(obj.usage_figures.all())

    @staticmethod
    def resolve_category(obj: SettlementModel) -> str:
        return obj.category.name

    @staticmethod
    def resolve_decision_number(obj: SettlementModel) -> int:
        return obj.decision.number

    @staticmethod
    def resolve_weights(obj: SettlementModel) -> list[ModelWeight]:
        return list(obj.weights.all())


class SettlementModelPage(Page):
    results: list[SettlementModelOut]


class ModelWeightIn(InSchema):
    partner_id: Id
    weight: int = Field(..., ge=0, le=rules.WEIGHT_MAX)


class SettlementModelIn(InSchema):
    category: str = Field(..., min_length=1, max_length=rules.CATEGORY_MAX,
                          description="An existing cost category, or a new one by its name.")
    kind: SettlementKind
    starts_on: dt.date
    decision_id: Id = Field(..., description="The carried decision of the alliance that chose "
                                             "the model.")
    measure: str = Field("", max_length=rules.MEASURE_MAX,
                         description="By usage or by size: what the weights count.")
    weights: list[ModelWeightIn] = Field([], max_length=1000, description=(
        "Equal shares: weight 1 for each sharing partner; usage or size: the measure per "
        "partner; fixed shares: hundredths of a percent adding up to 10000; none under "
        "each bears its own."))


class BookingOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    category_id: int
    category: str
    kind: BookingKind
    incurred_on: dt.date
    year: int
    quarter: int
    amount_cents: int
    description: str
    document_id: int | None
    document_title: str | None
    corrects_id: int | None
    booked_by_id: int
    booked_at: dt.datetime

    @staticmethod
    def resolve_partner_name(obj: Booking) -> str:
        return str(obj.partner.organisation)

    @staticmethod
    def resolve_category(obj: Booking) -> str:
        return obj.category.name

    @staticmethod
    def resolve_document_title(obj: Booking) -> str | None:
        return obj.document.title if obj.document else None


class BookingPage(Page):
    results: list[BookingOut]


class BookingQuery(PageQuery):
    year: int | None = Field(None, ge=1, le=9999)
    quarter: int | None = Field(None, ge=1, le=4)
    partnerId: Id | None = Field(None, description="Only the bookings of this partner.")
    categoryId: Id | None = Field(None, description="Only the bookings of this cost category.")


class BookingIn(InSchema):
    partner_id: Id = Field(..., description="Your own partner: a partner books only what it "
                                            "made itself.")
    category_id: Id
    kind: BookingKind
    incurred_on: dt.date = Field(..., description="Settled in the quarter of this date.")
    amount_cents: int = Cents
    description: str = Field(..., min_length=1, max_length=rules.DESCRIPTION_MAX)
    document_id: Id | None = Field(None, description="A document every partner may read.")
    corrects_id: Id | None = Field(None, description="Your partner's booking this one "
                                                     "corrects (only a correction may be "
                                                     "negative).")


class SettlementLineOut(Schema):
    partner_id: int
    partner_name: str
    share_cents: int
    paid_cents: int
    balance_cents: int = Field(..., description="Paid minus share: positive, the others owe "
                                                "it; negative, it owes.")
    confirmed: bool = Field(..., description="Confirmed this computation.")
    confirmed_earlier: bool = Field(..., description="Confirmed only an earlier computation.")
    left: bool = Field(..., description="The partner has left the alliance: it no longer "
                                        "confirms, and the settlement does not wait for it.")


class SettlementTransferOut(Schema):
    payer_id: int
    payee_id: int
    amount_cents: int


class SettlementOut(Schema):
    year: int
    quarter: int
    total_cents: int
    fingerprint: str = Field(..., description="Of this computation: send it to confirm.")
    settled: bool = Field(..., description="Every partner still in the alliance confirmed "
                                           "this computation.")
    lines: list[SettlementLineOut]
    transfers: list[SettlementTransferOut]


class SettlementConfirmationIn(InSchema):
    partner_id: Id
    fingerprint: str = Field(..., min_length=1, max_length=64)


class SettlementConfirmationOut(Schema):
    id: int
    partner_id: int
    year: int
    quarter: int
    fingerprint: str
    confirmed_by_id: int
    confirmed_at: dt.datetime


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _settlement(request: HttpRequest, alliance: Alliance, year: int,
                quarter: int) -> dict[str, Any]:
    period = selectors.settlement_get(user=request.user, alliance=alliance, year=year,
                                      quarter=quarter)
    return {
        "year": year, "quarter": quarter, "total_cents": period.computed.settlement.total,
        "fingerprint": period.fingerprint, "settled": period.settled,
        "lines": [{"partner_id": r.partner.pk, "partner_name": str(r.partner.organisation),
                   "share_cents": r.line.share, "paid_cents": r.line.paid,
                   "balance_cents": r.line.balance, "confirmed": r.confirmation is not None,
                   "confirmed_earlier": r.earlier is not None, "left": r.left}
                  for r in period.rows],
        "transfers": [{"payer_id": payer.pk, "payee_id": payee.pk, "amount_cents": amount}
                      for payer, payee, amount in period.transfers],
    }


@router.get("/{alliance_id}/settlement-models", response=SettlementModelPage,
            summary="The settlement model of every cost category, newest start date first")
def list_settlement_models(request: AuthenticatedHttpRequest, alliance_id: Id,
                           query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.model_list(user=request.user, alliance=alliance), query)


@router.post("/{alliance_id}/settlement-models", response={201: SettlementModelOut},
             summary="Record the model a carried decision chose for a cost category "
                     "(the key alliance manager, the coordinators)")
@idempotent
def create_settlement_model(request: AuthenticatedHttpRequest, alliance_id: Id,
                            payload: SettlementModelIn) -> Status[SettlementModel]:
    alliance = _alliance(request, alliance_id)
    decision = selectors.decision_get(user=request.user, alliance=alliance,
                                      pk=payload.decision_id)
    if decision is None:
        raise DomainError("Choose a decision of this alliance that carried.",
                          field="decision_id")
    weights: dict[int, int] = {}
    for item in payload.weights:
        if item.partner_id in weights:
            raise DomainError("Give each partner one weight.", field="weights")
        weights[item.partner_id] = item.weight
    model = services.settlement_model_choose(
        actor=request.user, alliance=alliance, category=payload.category, kind=payload.kind,
        starts_on=payload.starts_on, decision=decision, measure=payload.measure,
        weights=weights)
    return Status(201, selectors.model_list(user=request.user, alliance=alliance)
                  .get(pk=model.pk))


class UsageIn(InSchema):
    year: int = Field(..., ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    quarter: int = Field(..., ge=1, le=4)
    usage: list[ModelWeightIn] = Field(..., min_length=1, max_length=1000, description=(
        "The usage of each partner in the quarter (weight: the measure); a partner left out "
        "used nothing."))


@router.put("/{alliance_id}/settlement-models/{model_id}/usage", response=SettlementModelOut,
            summary="Record a quarter's usage figures under a usage model (replacing that "
                    "quarter's; who chooses models)")
def put_usage(request: AuthenticatedHttpRequest, alliance_id: Id, model_id: Id,
              payload: UsageIn) -> SettlementModel:
    alliance = _alliance(request, alliance_id)
    model = selectors.usage_model_get(user=request.user, alliance=alliance, pk=model_id)
    figures: dict[int, int] = {}
    for item in payload.usage:
        if item.partner_id in figures:
            raise DomainError("Give each partner one figure.", field="usage")
        figures[item.partner_id] = item.weight
    services.usage_record(actor=request.user, model=model, year=payload.year,
                          quarter=payload.quarter, figures=figures)
    return selectors.model_list(user=request.user, alliance=alliance).get(pk=model.pk)


@router.get("/{alliance_id}/bookings", response=BookingPage,
            summary="Every booking of the alliance (open books), by date; filtered by quarter, "
                    "partner and category")
def list_bookings(request: AuthenticatedHttpRequest, alliance_id: Id,
                  query: Query[BookingQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.booking_list(
        user=request.user, alliance=alliance, year=query.year, quarter=query.quarter,
        partner=query.partnerId, category=query.categoryId), query)


@router.post("/{alliance_id}/bookings", response={201: BookingOut},
             summary="Book a cost or a contribution in kind your own partner made, or a "
                     "correction of one of its bookings")
@idempotent
def create_booking(request: AuthenticatedHttpRequest, alliance_id: Id,
                   payload: BookingIn) -> Status[Booking]:
    alliance = _alliance(request, alliance_id)
    partner = alliance_selectors.partner_get(user=request.user, alliance=alliance,
                                             pk=payload.partner_id)
    category = selectors.category_get(user=request.user, alliance=alliance,
                                      pk=payload.category_id)
    if category is None:
        raise DomainError("Choose a cost category of this alliance.", field="category_id")
    document = None
    if payload.document_id is not None:
        document = next((d for d in selectors.evidence_options(user=request.user,
                                                               alliance=alliance)
                         if d.pk == payload.document_id), None)
        if document is None:
            raise DomainError("Choose a document the whole alliance may read.",
                              field="document_id")
    corrects = None
    if payload.corrects_id is not None:
        corrects = selectors.booking_list(user=request.user, alliance=alliance).filter(
            pk=payload.corrects_id).first()
        if corrects is None:
            raise DomainError("Choose a booking of this alliance.", field="corrects_id")
    booking = services.booking_record(
        actor=request.user, partner=partner, category=category, kind=payload.kind,
        incurred_on=payload.incurred_on, amount_cents=payload.amount_cents,
        description=payload.description, document=document, corrects=corrects)
    return Status(201, selectors.booking_get(user=request.user, alliance=alliance,
                                             pk=booking.pk))


@router.get("/{alliance_id}/bookings/{booking_id}", response=BookingOut,
            summary="One booking")
def get_booking(request: AuthenticatedHttpRequest, alliance_id: Id,
                booking_id: Id) -> Booking:
    alliance = _alliance(request, alliance_id)
    return selectors.booking_get(user=request.user, alliance=alliance, pk=booking_id)


@router.get("/{alliance_id}/settlements/{year}/{quarter}", response=SettlementOut,
            summary="A quarter's settlement: share, paid and balance per partner, the "
                    "transfers and who confirmed")
def get_settlement(request: AuthenticatedHttpRequest, alliance_id: Id, year: Id,
                   quarter: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return _settlement(request, alliance, year, quarter)


@router.post("/{alliance_id}/settlements/{year}/{quarter}/confirmations",
             response={201: SettlementConfirmationOut},
             summary="Confirm a quarter's settlement for your own partner, as computed "
                     "(its fingerprint; 409 when it changed since)")
@idempotent
def create_settlement_confirmation(request: AuthenticatedHttpRequest, alliance_id: Id,
                                   year: Id, quarter: Id,
                                   payload: SettlementConfirmationIn) -> Status[Confirmation]:
    alliance = _alliance(request, alliance_id)
    selectors.settlement_get(user=request.user, alliance=alliance, year=year,
                             quarter=quarter)  # 404 for a quarter that is not 1–4
    partner = alliance_selectors.partner_get(user=request.user, alliance=alliance,
                                             pk=payload.partner_id)
    return Status(201, services.settlement_confirm(
        actor=request.user, partner=partner, year=year, quarter=quarter,
        fingerprint=payload.fingerprint))
