"""API for the alliance's bodies and their seats, and the structure at a glance. Same services
and selectors as the pages."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import Level
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError

from . import rules, selectors, services
from .choices import BodyKind, ChairRule, DecisionRule, MajorityBasis, QuorumBasis, VotingUnit
from .models import Body, Seat

router = Router()

# A partner's weight: by partner id (JSON object keys are text), a whole number from 1 to 100.
PartnerKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,17}$")]
Weight = Annotated[int, Field(ge=rules.WEIGHT_MIN, le=rules.WEIGHT_MAX)]
SharePart = Annotated[int, Field(ge=1, le=rules.SHARE_PART_MAX)]
Percent = Annotated[int, Field(ge=0, le=100)]
WEIGHTS_DESCRIPTION = ("Weight per partner id (active partners of the alliance), 1 to 100; a "
                       "partner not named weighs 1. Only where the body votes per partner.")


# --- schemas ----------------------------------------------------------------------------------


class SeatOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    position: int = Field(..., description="1, 2, … among the partner's seats in the body.")
    holder_id: int | None
    holder_name: str = Field(..., description="Empty when the seat is vacant.")
    substitute_id: int | None
    substitute_name: str
    vacant: bool

    @staticmethod
    def resolve_partner_name(obj: Seat) -> str:
        return obj.partner.organisation.name

    @staticmethod
    def resolve_holder_name(obj: Seat) -> str:
        return str(obj.holder) if obj.holder is not None else ""

    @staticmethod
    def resolve_substitute_name(obj: Seat) -> str:
        return str(obj.substitute) if obj.substitute is not None else ""

    @staticmethod
    def resolve_vacant(obj: Seat) -> bool:
        return obj.holder_id is None


class SeatPage(Page):
    results: list[SeatOut]


class BodyOut(Schema):
    id: int
    name: str
    kind: BodyKind
    level: Level
    mandate: str
    substitutes_may_attend: bool
    chair_rule: ChairRule
    chair_person_id: int | None = Field(..., description="The fixed chair; null when the chair "
                                                         "rotates.")
    rotation: list[int] = Field(..., description="The partners' ids in the order the chair "
                                                 "rotates: every partner with a seat, once.")
    decision_rule: DecisionRule
    voting_unit: VotingUnit = Field(..., description="Who votes: one vote per partner, per "
                                                     "seat or per person holding a seat.")
    majority_basis: MajorityBasis
    qualified_numerator: int = Field(..., description="A qualified majority: at least "
                                                      "numerator/denominator of for and "
                                                      "against.")
    qualified_denominator: int
    quorum_percent: int = Field(..., description="0: no quorum.")
    quorum_basis: QuorumBasis
    weights: dict[str, int] = Field(..., description=WEIGHTS_DESCRIPTION)
    secret_ballot: bool = Field(..., description="New proposals are secret ballots unless "
                                                 "said otherwise.")
    secretary_id: int | None
    version: int = Field(..., description="Send it back with a change.")
    archived_at: dt.datetime | None
    seats: list[SeatOut]
    vacancies: int

    @staticmethod
    def resolve_seats(obj: Body) -> list[Seat]:
        return list(getattr(obj, "live_seats", []))

    @staticmethod
    def resolve_vacancies(obj: Body) -> int:
        return sum(1 for s in getattr(obj, "live_seats", []) if s.holder_id is None)


class BodyPage(Page):
    results: list[BodyOut]


class BodyListQuery(Schema):
    archived: bool = Field(False, description="true: the archived bodies instead.")


class BodyCreateIn(InSchema):
    name: Name = Field(..., min_length=1, max_length=200)
    kind: BodyKind
    level: Level
    mandate: str = Field("", max_length=4000)
    substitutes_may_attend: bool | None = Field(
        None, description="Omitted or null: as usual for the kind (board and tactical table: "
                          "false; other bodies: true).")
    chair_rule: ChairRule = ChairRule.ROTATING
    chair_person_id: Id | None = Field(None, description="Required with a fixed chair: a "
                                                         "person of the alliance who may write.")
    decision_rule: DecisionRule = DecisionRule.CONSENSUS
    secretary_id: Id | None = None
    voting_unit: VotingUnit = VotingUnit.PARTNER
    majority_basis: MajorityBasis = MajorityBasis.VOTES
    qualified_numerator: SharePart = 2
    qualified_denominator: SharePart = 3
    quorum_percent: Percent = 0
    quorum_basis: QuorumBasis = QuorumBasis.VOTING
    weights: dict[PartnerKey, Weight] = Field(default_factory=dict, max_length=1000,
                                              description=WEIGHTS_DESCRIPTION)
    secret_ballot: bool = False


class RuleRestIn(InSchema):
    """The rest of a decision rule beside what carries: omitted or null keeps what the body
    has."""

    voting_unit: VotingUnit | None = None
    majority_basis: MajorityBasis | None = None
    qualified_numerator: SharePart | None = None
    qualified_denominator: SharePart | None = None
    quorum_percent: Percent | None = None
    quorum_basis: QuorumBasis | None = None
    weights: dict[PartnerKey, Weight] | None = Field(None, max_length=1000,
                                                     description=WEIGHTS_DESCRIPTION)
    secret_ballot: bool | None = None


class BodyUpdateIn(RuleRestIn):
    name: Name = Field(..., min_length=1, max_length=200)
    kind: BodyKind
    level: Level
    mandate: str = Field(..., max_length=4000)
    substitutes_may_attend: bool
    chair_rule: ChairRule
    chair_person_id: Id | None
    decision_rule: DecisionRule
    secretary_id: Id | None
    rotation: list[Id] | None = Field(
        None, max_length=1000, description="Partner ids: every partner with a seat, once. "
                                           "Omitted or null: keep the current order.")
    version: VersionNumber = Field(..., description="The version you edited; a stale version "
                                                    "answers 409.")


class DecisionRuleChangeIn(RuleRestIn):
    """A new decision rule for a body, proposed to the body itself; a field omitted or null
    keeps what the body has."""

    decision_rule: DecisionRule | None = None

    def given(self) -> dict[str, Any]:
        """As the services take it: None keeps the body's."""
        return {name: (str(value) if name in ("decision_rule", "voting_unit",
                                              "majority_basis", "quorum_basis")
                       and value is not None else value)
                for name, value in self.model_dump().items()}


class DecisionRuleChangeOut(Schema):
    """The whole decision rule a proposal would give its body, adopted if it carries."""

    decision_rule: DecisionRule
    voting_unit: VotingUnit
    majority_basis: MajorityBasis
    qualified_numerator: int
    qualified_denominator: int
    quorum_percent: int
    quorum_basis: QuorumBasis
    weights: dict[str, int] = Field(..., description="Weight per partner id; a partner not "
                                                     "named weighs 1.")
    secret_ballot: bool


class SeatAddIn(InSchema):
    partner_id: Id = Field(..., description="An active partner of the alliance.")


class SeatFillIn(InSchema):
    holder_id: Id | None = Field(..., description="A person with a live role for the seat's "
                                                  "partner (not an observer or external "
                                                  "reviewer); null: vacant.")
    substitute_id: Id | None = Field(..., description="As the holder, another person; null: "
                                                      "none.")


class StructureSeatOut(Schema):
    body_id: int
    seats: list[SeatOut]


class StructurePartnerOut(Schema):
    partner_id: int
    partner_name: str
    bodies: list[StructureSeatOut] = Field(..., description="The bodies where the partner has "
                                                            "a seat.")


class StructureLevelOut(Schema):
    level: Level
    bodies: list[BodyOut]


class StructureOut(Schema):
    levels: list[StructureLevelOut] = Field(..., description="Strategic, tactical, "
                                                             "operational.")
    partners: list[StructurePartnerOut]
    vacancies: int


# --- helpers ----------------------------------------------------------------------------------

# The service's field names as the API spells them.
API_FIELDS = {"chair_person": "chair_person_id", "secretary": "secretary_id",
              "holder": "holder_id", "substitute": "substitute_id", "partner": "partner_id"}


@contextmanager
def _api_fields() -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        if error.field in API_FIELDS:
            error.field = API_FIELDS[error.field]
        raise


def _alliance(request: HttpRequest, alliance_id: Id) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _body(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id) -> Body:
    alliance = _alliance(request, alliance_id)
    return selectors.body_get(user=request.user, alliance=alliance, pk=body_id)


def _person(pk: int | None, field: str) -> Person | None:
    """A person by id; an unknown id is refused on its field like any person who may not
    take that place. Called only after the permission check."""
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise DomainError("Choose a person of this alliance who may take this place.",
                          field=field)
    return person


def _text(choice: str | None) -> str | None:
    return str(choice) if choice is not None else None


def _fresh(request: AuthenticatedHttpRequest, body: Body) -> Body:
    return selectors.body_get(user=request.user, alliance=body.alliance, pk=body.pk)


# --- bodies -----------------------------------------------------------------------------------


@router.get("/{alliance_id}/bodies", response=BodyPage,
            summary="The alliance's bodies, with their seats")
def list_bodies(request: AuthenticatedHttpRequest, alliance_id: Id,
                filters: Query[BodyListQuery], query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.body_list(user=request.user, alliance=alliance,
                                              archived=filters.archived), query)


@router.post("/{alliance_id}/bodies", response={201: BodyOut},
             summary="Set up a body (key alliance manager and coordinators)")
def create_body(request: AuthenticatedHttpRequest, alliance_id: Id,
                payload: BodyCreateIn) -> Status[Body]:
    alliance = _alliance(request, alliance_id)
    # The permission comes before any id in the body is looked up (docs/access.md); the
    # service checks it again under the alliance lock.
    if not policy.can(request.user, "alliance.set_up_bodies", alliance):
        raise PermissionDenied
    with _api_fields():
        body = services.body_set_up(
            actor=request.user, alliance=alliance, name=payload.name, kind=str(payload.kind),
            level=str(payload.level), mandate=payload.mandate,
            substitutes_may_attend=payload.substitutes_may_attend,
            chair_rule=str(payload.chair_rule),
            chair_person=_person(payload.chair_person_id, "chair_person_id"),
            decision_rule=str(payload.decision_rule),
            secretary=_person(payload.secretary_id, "secretary_id"),
            voting_unit=str(payload.voting_unit), majority_basis=str(payload.majority_basis),
            qualified_numerator=payload.qualified_numerator,
            qualified_denominator=payload.qualified_denominator,
            quorum_percent=payload.quorum_percent, quorum_basis=str(payload.quorum_basis),
            weights=dict(payload.weights), secret_ballot=payload.secret_ballot)
    return Status(201, _fresh(request, body))


@router.get("/{alliance_id}/bodies/{body_id}", response=BodyOut,
            summary="One body, archived or not, with its seats")
def get_body(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id) -> Body:
    return _body(request, alliance_id, body_id)


@router.put("/{alliance_id}/bodies/{body_id}", response=BodyOut,
            summary="Change a body's settings (409 when stale)")
def update_body(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                payload: BodyUpdateIn) -> Body:
    body = _body(request, alliance_id, body_id)
    if not policy.can_in_body(request.user, "body.set_up", body):
        raise PermissionDenied
    with _api_fields():
        services.body_change(
            actor=request.user, body=body, expected_version=payload.version,
            name=payload.name, kind=str(payload.kind), level=str(payload.level),
            mandate=payload.mandate, substitutes_may_attend=payload.substitutes_may_attend,
            chair_rule=str(payload.chair_rule),
            chair_person=_person(payload.chair_person_id, "chair_person_id"),
            decision_rule=str(payload.decision_rule),
            secretary=_person(payload.secretary_id, "secretary_id"),
            rotation=list(payload.rotation) if payload.rotation is not None else None,
            voting_unit=_text(payload.voting_unit), majority_basis=_text(payload.majority_basis),
            qualified_numerator=payload.qualified_numerator,
            qualified_denominator=payload.qualified_denominator,
            quorum_percent=payload.quorum_percent, quorum_basis=_text(payload.quorum_basis),
            weights=dict(payload.weights) if payload.weights is not None else None,
            secret_ballot=payload.secret_ballot)
    return _fresh(request, body)


@router.delete("/{alliance_id}/bodies/{body_id}", response={204: None},
               summary="Archive a body: it leaves the structure, its history stays")
def archive_body(request: AuthenticatedHttpRequest, alliance_id: Id,
                 body_id: Id) -> Status[None]:
    body = _body(request, alliance_id, body_id)
    services.body_archive(actor=request.user, body=body)
    return Status(204, None)


# --- seats ------------------------------------------------------------------------------------


@router.get("/{alliance_id}/bodies/{body_id}/seats", response=SeatPage,
            summary="A body's seats, per partner, with holder and substitute")
def list_seats(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
               query: Query[PageQuery]) -> dict[str, Any]:
    body = _body(request, alliance_id, body_id)
    return paged(request, selectors.seat_list(user=request.user, body=body), query)


@router.post("/{alliance_id}/bodies/{body_id}/seats", response={201: SeatOut},
             summary="Give a partner a (further) seat in the body; it starts vacant")
def add_seat(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
             payload: SeatAddIn) -> Status[Seat]:
    body = _body(request, alliance_id, body_id)
    if not policy.can_in_body(request.user, "body.set_up", body):
        raise PermissionDenied
    partner = Partner.objects.filter(pk=payload.partner_id).first()
    if partner is None:
        raise DomainError("Choose an active partner of this alliance.", field="partner_id")
    with _api_fields():
        seat = services.seat_add(actor=request.user, body=body, partner=partner)
    return Status(201, selectors.seat_get(user=request.user, body=body, pk=seat.pk))


@router.put("/{alliance_id}/bodies/{body_id}/seats/{seat_id}", response=SeatOut,
            summary="Name a seat's holder and substitute (the seat's own partner only)")
def fill_seat(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id, seat_id: Id,
              payload: SeatFillIn) -> Seat:
    body = _body(request, alliance_id, body_id)
    seat = selectors.seat_get(user=request.user, body=body, pk=seat_id)
    if not policy.can(request.user, "partner.fill_seat", seat.partner):
        raise PermissionDenied
    with _api_fields():
        services.seat_fill(actor=request.user, seat=seat,
                           holder=_person(payload.holder_id, "holder_id"),
                           substitute=_person(payload.substitute_id, "substitute_id"))
    return selectors.seat_get(user=request.user, body=body, pk=seat.pk)


@router.delete("/{alliance_id}/bodies/{body_id}/seats/{seat_id}", response={204: None},
               summary="Take a seat out of the body")
def remove_seat(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                seat_id: Id) -> Status[None]:
    body = _body(request, alliance_id, body_id)
    seat = selectors.seat_get(user=request.user, body=body, pk=seat_id)
    services.seat_remove(actor=request.user, seat=seat)
    return Status(204, None)


# --- the structure ----------------------------------------------------------------------------


@router.get("/{alliance_id}/structure", response=StructureOut,
            summary="The structure at a glance: bodies by level, seats per partner, vacancies")
def get_structure(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    structure = selectors.structure(user=request.user, alliance=alliance)
    return {
        "levels": [{"level": level.level, "bodies": [v.body for v in level.bodies]}
                   for level in structure.levels],
        "partners": [{"partner_id": row.partner.pk,
                      "partner_name": row.partner.organisation.name,
                      "bodies": [{"body_id": view.body.pk, "seats": seats}
                                 for view, seats in zip(structure.bodies, row.cells,
                                                        strict=True) if seats]}
                     for row in structure.rows],
        "vacancies": structure.vacancies,
    }
