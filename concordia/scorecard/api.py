"""API for the scorecard: indicators (list with status and trend, define, read), targets (set
from a period on), measurements (an indicator's every version; record one; record many at once,
all or none, for a partner's system with an API token). Values travel as decimal strings
("12.5"), never as JSON numbers (which readers take as floats). Same services and selectors as
the pages; every write takes an Idempotency-Key."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema, Name, VersionNumber
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.core.problems import problem_response
from concordia.handbook.catalogue import Pillar

from . import importing, rules, selectors, services
from .choices import Source
from .models import Indicator, Measurement, Target

router = Router()

DecimalText = str
VALUE_FIELD = Field(..., min_length=1, max_length=40, pattern=r"^[+-]?[0-9]+([.,][0-9]+)?$",
                    description="A decimal number as text, e.g. \"12.5\"; stored with four "
                                "decimals.")
PERIOD_FIELD = Field(..., min_length=4, max_length=rules.PERIOD_MAX,
                     description="2024 (year), 2024-Q2 (quarter) or 2024-05 (month), as the "
                                 "indicator is measured; 1990–2100.")


class ScorecardPointOut(Schema):
    period: str
    value: DecimalText
    target: DecimalText | None
    status: Literal["on_track", "at_risk", "off_track", "none"]


class ScorecardTargetOut(Schema):
    from_period: str
    value: DecimalText

    @staticmethod
    def resolve_value(obj: Target) -> str:
        return rules.value_text(obj.value)


class IndicatorOut(Schema):
    id: int
    name: str
    definition: str
    unit: str
    direction: Literal["higher", "lower"]
    period_kind: Literal["month", "quarter", "year"]
    tolerance: DecimalText = Field(..., description="Percent of the target: the at-risk band.")
    owner_partner_id: int
    owner_person_id: int | None
    source: str
    pillar: str
    objective: str
    targets: list[ScorecardTargetOut]
    points: list[ScorecardPointOut] = Field(..., description="The current value of every "
                                            "period, with the target in force and the status.")
    status: Literal["on_track", "at_risk", "off_track", "none"] = Field(
        ..., description="Of the latest period.")
    trend: Literal["improving", "steady", "worsening", "none"]
    version: int = Field(..., description="Send it back to change or retire the indicator.")
    retired_at: dt.datetime | None = Field(..., description="When it left the scorecard.")

    @staticmethod
    def resolve_tolerance(obj: Indicator) -> str:
        return rules.value_text(obj.tolerance)

    @staticmethod
    def resolve_targets(obj: Indicator) -> list[Target]:
        return selectors.targets_of(obj)

    @staticmethod
    def resolve_points(obj: Indicator) -> list[dict[str, Any]]:
        return [{"period": p.period, "value": rules.value_text(p.value),
                 "target": rules.value_text(p.target) if p.target is not None else None,
                 "status": p.status.value} for p in selectors.standing(obj).points]

    @staticmethod
    def resolve_status(obj: Indicator) -> str:
        latest = selectors.standing(obj).latest
        return latest.status.value if latest else "none"

    @staticmethod
    def resolve_trend(obj: Indicator) -> str:
        return selectors.standing(obj).trend.value


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    period: str
    value: DecimalText
    version: int
    current: bool = Field(..., description="False for a value a correction replaced.")
    note: str
    source: Literal["form", "upload", "api"]
    entered_by_id: int
    entered_at: dt.datetime

    @staticmethod
    def resolve_value(obj: Measurement) -> str:
        return rules.value_text(obj.value)


class IndicatorIn(InSchema):
    name: Name = Field(..., min_length=1, max_length=rules.NAME_MAX)
    definition: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    unit: str = Field(..., min_length=1, max_length=rules.UNIT_MAX)
    direction: Literal["higher", "lower"]
    period_kind: Literal["month", "quarter", "year"]
    owner_partner_id: Id
    owner_person_id: Id | None = None
    source: str = Field("", max_length=rules.SOURCE_MAX)
    pillar: Pillar | None = None
    objective: str = Field("", max_length=rules.SOURCE_MAX)
    tolerance: DecimalText = Field("10", min_length=1, max_length=6,
                                   pattern=r"^[0-9]{1,3}([.][0-9]{1,2})?$")


class IndicatorPatchIn(InSchema):
    """The fields to change (those left out stay); how it is measured (the period), its
    tolerance and its targets are not changed here."""

    version: VersionNumber = Field(..., description="The version you read (a stale one: 409).")
    name: Name | None = Field(None, min_length=1, max_length=rules.NAME_MAX)
    definition: str | None = Field(None, min_length=1, max_length=rules.TEXT_MAX)
    unit: str | None = Field(None, min_length=1, max_length=rules.UNIT_MAX)
    direction: Literal["higher", "lower"] | None = None
    owner_partner_id: Id | None = None
    owner_person_id: Id | None = Field(None, description="null: no owning person.")
    source: str | None = Field(None, max_length=rules.SOURCE_MAX)
    pillar: Pillar | None = Field(None, description="null: no pillar.")
    objective: str | None = Field(None, max_length=rules.SOURCE_MAX)


class IndicatorRetireIn(InSchema):
    version: VersionNumber = Field(..., description="The version you read (a stale one: 409).")


class IndicatorQuery(Schema):
    retired: bool = Field(False, description="The retired indicators instead of the live "
                                             "ones.")


class TargetIn(InSchema):
    from_period: str = PERIOD_FIELD
    value: DecimalText = VALUE_FIELD


class MeasurementIn(InSchema):
    period: str = PERIOD_FIELD
    value: DecimalText = VALUE_FIELD
    note: str = Field("", max_length=rules.NOTE_MAX)


class BulkMeasurementIn(MeasurementIn):
    indicator_id: Id


class BulkIn(InSchema):
    measurements: list[BulkMeasurementIn] = Field(..., min_length=1,
                                                  max_length=importing.MAX_ROWS)


class BulkOut(Schema):
    recorded: list[MeasurementOut] = Field(..., description="The values that changed; one "
                                           "equal to the current value changes nothing.")


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


@router.get("/{alliance_id}/indicators", response=list[IndicatorOut],
            summary="The scorecard: every live indicator with its values, status and trend")
def list_indicators(request: AuthenticatedHttpRequest, alliance_id: Id,
                    query: Query[IndicatorQuery]) -> list[Indicator]:
    alliance = _alliance(request, alliance_id)
    return list(selectors.indicator_list(user=request.user, alliance=alliance,
                                         retired=query.retired))


@router.post("/{alliance_id}/indicators", response={201: IndicatorOut},
             summary="Define an indicator (the key alliance manager and the coordinators)")
@idempotent
def create_indicator(request: AuthenticatedHttpRequest, alliance_id: Id,
                     payload: IndicatorIn) -> Status[Indicator]:
    alliance = _alliance(request, alliance_id)
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    partner = next((p for p in partners if p.pk == payload.owner_partner_id), None)
    if partner is None:
        raise DomainError("Choose an active partner of this alliance.",
                          field="owner_partner_id")
    person: Person | None = None
    if payload.owner_person_id is not None:
        person = next((p for p in people if p.pk == payload.owner_person_id), None)
        if person is None:
            raise DomainError("Choose a person with a role in this alliance.",
                              field="owner_person_id")
    indicator = services.indicator_define(
        actor=request.user, alliance=alliance, name=payload.name,
        definition=payload.definition, unit=payload.unit, direction=payload.direction,
        period_kind=payload.period_kind, owner_partner=partner, owner_person=person,
        source=payload.source, pillar=payload.pillar.value if payload.pillar else "",
        objective=payload.objective, tolerance=rules.parse_value(payload.tolerance))
    return Status(201, selectors.indicator_get(user=request.user, alliance=alliance,
                                               pk=indicator.pk))


@router.get("/{alliance_id}/indicators/{indicator_id}", response=IndicatorOut,
            summary="One indicator with its targets, values, status and trend")
def get_indicator(request: AuthenticatedHttpRequest, alliance_id: Id,
                  indicator_id: Id) -> Indicator:
    alliance = _alliance(request, alliance_id)
    return selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)


@router.patch("/{alliance_id}/indicators/{indicator_id}", response=IndicatorOut,
              summary="Change an indicator's definition (the core team)")
@idempotent
def patch_indicator(request: AuthenticatedHttpRequest, alliance_id: Id, indicator_id: Id,
                    payload: IndicatorPatchIn) -> Indicator:
    alliance = _alliance(request, alliance_id)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)
    given = payload.model_fields_set
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    partner = indicator.owner_partner
    if "owner_partner_id" in given:
        found = next((p for p in partners if p.pk == payload.owner_partner_id), None)
        if found is None:
            raise DomainError("Choose an active partner of this alliance.",
                              field="owner_partner_id")
        partner = found
    person = indicator.owner_person
    if "owner_person_id" in given:
        person = None
        if payload.owner_person_id is not None:
            person = next((p for p in people if p.pk == payload.owner_person_id), None)
            if person is None:
                raise DomainError("Choose a person with a role in this alliance.",
                                  field="owner_person_id")

    def value(name: str, current: str) -> str:
        new = getattr(payload, name)
        return current if name not in given or new is None else str(new)

    pillar = indicator.pillar
    if "pillar" in given:
        pillar = payload.pillar.value if payload.pillar else ""
    services.indicator_update(
        actor=request.user, indicator=indicator, expected_version=payload.version,
        name=value("name", indicator.name), definition=value("definition", indicator.definition),
        unit=value("unit", indicator.unit), direction=value("direction", indicator.direction),
        owner_partner=partner, owner_person=person, source=value("source", indicator.source),
        pillar=pillar, objective=value("objective", indicator.objective))
    return selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)


@router.post("/{alliance_id}/indicators/{indicator_id}/retire", response=IndicatorOut,
             summary="Retire an indicator: it leaves the scorecard, its history stays")
@idempotent
def retire_indicator(request: AuthenticatedHttpRequest, alliance_id: Id, indicator_id: Id,
                     payload: IndicatorRetireIn) -> Indicator:
    alliance = _alliance(request, alliance_id)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)
    services.indicator_retire(actor=request.user, indicator=indicator,
                              expected_version=payload.version)
    return selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)


@router.post("/{alliance_id}/indicators/{indicator_id}/targets",
             response={201: ScorecardTargetOut},
             summary="Set the indicator's target from a period on (the core team)")
@idempotent
def create_target(request: AuthenticatedHttpRequest, alliance_id: Id, indicator_id: Id,
                  payload: TargetIn) -> Status[Target]:
    alliance = _alliance(request, alliance_id)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)
    target = services.target_set(actor=request.user, indicator=indicator,
                                 from_period=payload.from_period, value=payload.value)
    return Status(201, target)


@router.get("/{alliance_id}/indicators/{indicator_id}/measurements",
            response=list[MeasurementOut],
            summary="Every value of the indicator, corrections included, newest period first")
def list_measurements(request: AuthenticatedHttpRequest, alliance_id: Id,
                      indicator_id: Id) -> list[Measurement]:
    alliance = _alliance(request, alliance_id)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)
    return selectors.history_of(indicator)


@router.post("/{alliance_id}/indicators/{indicator_id}/measurements",
             response={201: MeasurementOut},
             summary="Record a value for a period, or correct one (the owning partner)")
@idempotent
def create_measurement(request: AuthenticatedHttpRequest, alliance_id: Id, indicator_id: Id,
                       payload: MeasurementIn) -> Status[Measurement]:
    alliance = _alliance(request, alliance_id)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_id)
    measurement = services.measurement_record(
        actor=request.user, indicator=indicator, period=payload.period, value=payload.value,
        note=payload.note, source=Source.API)
    return Status(201, measurement)


@router.post("/{alliance_id}/measurements/bulk", response={201: BulkOut},
             summary="Record many values at once, all or none (the owning partner's system)")
@idempotent
def create_measurements_bulk(request: AuthenticatedHttpRequest, alliance_id: Id,
                             payload: BulkIn) -> Status[dict[str, Any]] | HttpResponse:
    alliance = _alliance(request, alliance_id)
    mine = {i.pk: i for i in selectors.enterable(user=request.user, alliance=alliance)}
    table = [["indicator", "period", "value", "unit", "note"]]
    for item in payload.measurements:
        indicator = mine.get(item.indicator_id)
        table.append([indicator.name if indicator else f"#{item.indicator_id}", item.period,
                      item.value, indicator.unit if indicator else "", item.note])
    try:
        recorded = services.measurements_import(actor=request.user, alliance=alliance,
                                                table=table, source=Source.API)
    except services.ImportRefused as exc:
        field = {"indicator": "indicator_id", "period": "period", "value": "value",
                 "unit": "indicator_id", "note": "note"}
        return problem_response(400, _("Nothing was recorded: see invalidParams."),
                                code="rows", invalid_params=[
            {"name": f"measurements.{e.line - 2}.{field.get(e.column, 'indicator_id')}",
             "code": e.code, "reason": e.detail or e.code}
            for e in exc.errors[:importing.MAX_ERRORS]])
    return Status(201, {"recorded": recorded})
