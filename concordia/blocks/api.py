"""API for the building-block designer: the eighteen blocks, the contribution matrix, coverage
and contingency advice. Same services and selectors as the pages."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.pagination import Rows
from concordia.handbook.catalogue import BLOCK_NUMBER, PILLAR_NUMBER, Block, Pillar

from . import rules, selectors, services
from .choices import BlockStatus, StrengthChoice
from .models import BlockSetting
from .presentation import next_step_reason

router = Router()


# --- schemas ----------------------------------------------------------------------------------


class BlockSettingOut(Schema):
    block: Block
    number: int
    status: BlockStatus
    owner_partner_id: int | None
    owner_person_id: int | None
    owner_name: str = Field(..., description="The owning partner's or person's name; empty "
                                             "without an owner.")
    description: str
    evidence_url: str
    version: int = Field(..., description="Send it back with a change; 0: never saved.")
    updated_at: dt.datetime | None

    @staticmethod
    def resolve_number(obj: BlockSetting) -> int:
        return BLOCK_NUMBER[Block(obj.block)]

    @staticmethod
    def resolve_owner_name(obj: BlockSetting) -> str:
        if obj.owner_partner is not None:
            return obj.owner_partner.organisation.name
        if obj.owner_person_id is not None:
            return str(obj.owner_person)
        return ""

    @staticmethod
    def resolve_updated_at(obj: BlockSetting) -> dt.datetime | None:
        return obj.updated_at if obj.pk else None


class BlockSettingPage(Page):
    results: list[BlockSettingOut]


class BlockSettingIn(InSchema):
    status: BlockStatus
    owner_partner_id: Id | None = Field(None, description="An active partner of the alliance.")
    owner_person_id: Id | None = Field(None, description="A person with a role in the "
                                                          "alliance; not with owner_partner_id.")
    description: str = Field("", max_length=4000)
    evidence_url: str = Field("", max_length=200, description="An http(s) link.")
    version: VersionNumber = Field(..., description="The version you edited; 0 for a block never "
                                                "saved. A stale version answers 409.")


class CellOut(Schema):
    block: Block
    pillar: Pillar
    strength: StrengthChoice
    default_strength: StrengthChoice
    adjusted: bool
    reason: str


class ContributionsOut(Schema):
    cells: list[CellOut] = Field(..., description="Every cell that carries something now or "
                                                  "in the default model.")


class CellIn(InSchema):
    strength: StrengthChoice
    reason: str = Field(..., min_length=1, max_length=2000)
    expected_strength: StrengthChoice | None = Field(
        None, description="The strength you saw; a change in between answers 409.")


class CarrierOut(Schema):
    block: Block
    strength: str
    status: BlockStatus
    weight: float


class PillarCoverageOut(Schema):
    pillar: Pillar
    number: int
    dimension: str
    achieved: float
    maximum: int
    score: float = Field(..., description="achieved / maximum, 0–1.")
    gap: bool
    carriers: list[CarrierOut]


class DimensionCoverageOut(Schema):
    dimension: str
    pillars: list[Pillar]
    achieved: float
    maximum: int
    score: float


class GapFillerOut(Schema):
    block: Block
    status: BlockStatus


class GapOut(Schema):
    pillar: Pillar
    fillers: list[GapFillerOut]


class CoverageOut(Schema):
    pillars: list[PillarCoverageOut]
    dimensions: list[DimensionCoverageOut]
    gaps: list[GapOut]


class SituationOut(Schema):
    active_partners: int
    joint_activities: int
    centralisation: str
    joint_work_weight: str
    origin: str
    rationales: list[str]
    has_key_alliance_manager: bool
    stage: str | None
    profile_filled: bool
    weakest_stage_dimension: str | None


class BlockAdviceOut(Schema):
    block: Block
    emphasis: rules.Emphasis
    reason: str
    text: str


class NextStepOut(Schema):
    block: Block
    status: BlockStatus
    reason: str


class ContingencyAdviceOut(Schema):
    situation: SituationOut
    advice: list[BlockAdviceOut]
    next_steps: list[NextStepOut]
    fill_in_first: list[str]


# --- helpers ----------------------------------------------------------------------------------


def _alliance(request: HttpRequest, alliance_id: Id) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _check_block(block: str) -> None:
    if block not in selectors.BLOCK_KEYS:
        raise Http404


def _check_cell(block: str, pillar: str) -> None:
    _check_block(block)
    if pillar not in {p.value for p in Pillar}:
        raise Http404


def _cell(cell: selectors.Cell) -> dict[str, object]:
    return {"block": cell.block, "pillar": cell.pillar, "strength": cell.strength,
            "default_strength": cell.default_strength, "adjusted": cell.adjusted,
            "reason": cell.reason}


def _owner(payload: BlockSettingIn) -> tuple[Partner | None, Person | None]:
    """The owner by id; an id outside the alliance is refused like any other wrong owner."""
    partner = person = None
    wrong = DomainError("The owner must be an active partner or a person of this alliance.",
                        field="owner")
    if payload.owner_partner_id is not None:
        partner = Partner.objects.filter(pk=payload.owner_partner_id).first()
        if partner is None:
            raise wrong
    if payload.owner_person_id is not None:
        person = Person.objects.filter(pk=payload.owner_person_id).first()
        if person is None:
            raise wrong
    return partner, person


# --- operations -------------------------------------------------------------------------------


@router.get("/{alliance_id}/building-blocks", response=BlockSettingPage,
            summary="The eighteen building blocks as this alliance uses them")
def list_building_blocks(request: AuthenticatedHttpRequest, alliance_id: Id,
                         query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, Rows(selectors.block_setting_list(
        user=request.user, alliance=alliance)), query)


@router.get("/{alliance_id}/building-blocks/{block}", response=BlockSettingOut,
            summary="One building block as this alliance uses it")
def get_building_block(request: AuthenticatedHttpRequest, alliance_id: Id,
                       block: str) -> BlockSetting:
    _check_block(block)
    alliance = _alliance(request, alliance_id)
    return selectors.block_setting_get(user=request.user, alliance=alliance, block=block)


@router.put("/{alliance_id}/building-blocks/{block}", response=BlockSettingOut,
            summary="Set a block's status, owner, description and evidence (409 when stale)")
def put_building_block(request: AuthenticatedHttpRequest, alliance_id: Id, block: str,
                       payload: BlockSettingIn) -> BlockSetting:
    _check_block(block)
    alliance = _alliance(request, alliance_id)
    partner, person = _owner(payload)
    services.block_setting_set(
        actor=request.user, alliance=alliance, block=block, status=str(payload.status),
        expected_version=payload.version, owner_partner=partner, owner_person=person,
        description=payload.description, evidence_url=payload.evidence_url)
    return selectors.block_setting_get(user=request.user, alliance=alliance, block=block)


@router.get("/{alliance_id}/contributions", response=ContributionsOut,
            summary="The effective contribution matrix: default model plus adjustments")
def list_contributions(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return {"cells": [_cell(c) for c in selectors.contribution_cells(user=request.user,
                                                                    alliance=alliance)]}


@router.put("/{alliance_id}/contributions/{block}/{pillar}", response=CellOut,
            summary="Adjust how strongly a block carries a pillar, with a reason")
def adjust_contribution(request: AuthenticatedHttpRequest, alliance_id: Id, block: str,
                        pillar: str, payload: CellIn) -> dict[str, object]:
    _check_cell(block, pillar)
    alliance = _alliance(request, alliance_id)
    services.contribution_adjust(
        actor=request.user, alliance=alliance, block=block, pillar=pillar,
        strength=str(payload.strength), reason=payload.reason,
        expected_strength=str(payload.expected_strength) if payload.expected_strength else None)
    return _cell(selectors.contribution_cell(user=request.user, alliance=alliance, block=block,
                                             pillar=pillar))


@router.delete("/{alliance_id}/contributions/{block}/{pillar}", response={204: None},
               summary="Put a cell back to the default model")
def reset_contribution(request: AuthenticatedHttpRequest, alliance_id: Id, block: str,
                       pillar: str) -> Status[None]:
    _check_cell(block, pillar)
    alliance = _alliance(request, alliance_id)
    services.contribution_reset(actor=request.user, alliance=alliance, block=block,
                                pillar=pillar)
    return Status(204, None)


@router.get("/{alliance_id}/coverage", response=CoverageOut,
            summary="Coverage of the pillars and dimensions by the blocks in use, and the gaps")
def get_coverage(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    coverage = selectors.coverage_get(user=request.user, alliance=alliance)
    return {
        "pillars": [{"pillar": p.pillar, "number": PILLAR_NUMBER[p.pillar],
                     "dimension": p.dimension, "achieved": p.achieved, "maximum": p.maximum,
                     "score": p.score, "gap": p.is_gap,
                     "carriers": [{"block": c.block, "strength": c.strength,
                                   "status": c.status, "weight": c.weight}
                                  for c in p.carriers]} for p in coverage.pillars],
        "dimensions": [{"dimension": d.dimension, "pillars": [p.pillar for p in d.pillars],
                        "achieved": d.achieved, "maximum": d.maximum, "score": d.score}
                       for d in coverage.dimensions],
        "gaps": [{"pillar": g.pillar,
                  "fillers": [{"block": b, "status": s} for b, s in g.fillers]}
                 for g in coverage.gaps],
    }


@router.get("/{alliance_id}/contingency-advice", response=ContingencyAdviceOut,
            summary="Which blocks matter most for this alliance, which may be light, and why")
def get_contingency_advice(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    plan = selectors.advice_plan_get(user=request.user, alliance=alliance)
    situation = plan.situation
    return {
        "situation": {**situation.__dict__, "rationales": list(situation.rationales)},
        "advice": [{"block": a.block, "emphasis": a.emphasis, "reason": a.reason,
                    "text": str(a.text)} for a in plan.advice],
        "next_steps": [{"block": s.block, "status": s.status, "reason": next_step_reason(s)}
                       for s in plan.next_steps],
        "fill_in_first": list(plan.fill_in_first),
    }
