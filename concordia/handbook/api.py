"""The management model, read-only, in the request's language (Accept-Language).

Reference data rather than records: lists are short and fixed, so they are returned whole as
``{"version": ..., "results": [...]}`` instead of paged.
"""

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest

from . import texts
from .catalogue import CATALOGUE_VERSION, Kind, Strength
from .texts import BlockText, DimensionText, FormText, Item, UnknownItem

router = Router()


class ModelCounts(Schema):
    features: int
    concepts: int
    collaboration_forms: int
    rationales: int
    resistances: int
    dimensions: int
    pillars: int
    building_blocks: int
    escalation_rungs: int
    stages: int


class ModelOverviewOut(Schema):
    version: str
    counts: ModelCounts


class ModelItemOut(Schema):
    key: str
    number: int
    title: str
    description: str


class ModelItemList(Schema):
    version: str
    results: list[ModelItemOut]


class ModelCollaborationFormOut(ModelItemOut):
    fits_when: str


class ModelCollaborationFormList(Schema):
    version: str
    results: list[ModelCollaborationFormOut]


class ModelDimensionOut(ModelItemOut):
    friction: str
    managed: str
    pillars: list[str]


class ModelDimensionList(Schema):
    version: str
    results: list[ModelDimensionOut]


class ModelBlockContribution(Schema):
    building_block: str
    strength: Strength


class ModelPillarOut(ModelItemOut):
    code: str
    dimension: str
    building_blocks: list[ModelBlockContribution]


class ModelPillarList(Schema):
    version: str
    results: list[ModelPillarOut]


class ModelPillarContribution(Schema):
    pillar: str
    strength: Strength


class ModelBuildingBlockOut(ModelItemOut):
    signs: list[str]
    risks: list[str]
    pillars: list[ModelPillarContribution]


class ModelBuildingBlockList(Schema):
    version: str
    results: list[ModelBuildingBlockOut]


def _item(entry: Item) -> dict[str, Any]:
    """The words are lazy translations: resolve them now, in the request's language."""
    out: dict[str, Any] = {"key": entry.key, "number": entry.number,
                           "title": str(entry.title), "description": str(entry.description)}
    text = entry.text
    if isinstance(text, FormText):
        out["fits_when"] = str(text.fits_when)
    elif isinstance(text, DimensionText):
        out |= {"friction": str(text.friction), "managed": str(text.managed),
                "pillars": [str(p) for p in texts.dimension_pillars(entry.key)]}
    elif isinstance(text, BlockText):
        out |= {"signs": [str(s) for s in text.signs], "risks": [str(r) for r in text.risks],
                "pillars": [{"pillar": str(p), "strength": s}
                            for p, s in texts.block_pillars(entry.key)]}
    if entry.kind == Kind.PILLAR:
        out |= {"code": entry.code, "dimension": str(texts.pillar_dimension(entry.key)),
                "building_blocks": [{"building_block": str(b), "strength": s}
                                    for b, s in texts.pillar_blocks(entry.key)]}
    return out


def _list(kind: Kind) -> dict[str, Any]:
    return {"version": CATALOGUE_VERSION, "results": [_item(e) for e in texts.items(kind)]}


def _one(kind: Kind, key: str) -> dict[str, Any]:
    try:
        return _item(texts.item(kind, key))
    except UnknownItem:
        raise Http404 from None


@router.get("", response=ModelOverviewOut,
            summary="The catalogue version and the size of each part")
def get_model(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    counts = {kind.value.replace("-", "_"): len(texts.items(kind)) for kind in Kind}
    return {"version": CATALOGUE_VERSION, "counts": counts}


@router.get("/pillars", response=ModelPillarList, summary="The eight pillars")
def list_model_pillars(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.PILLAR)


@router.get("/pillars/{key}", response=ModelPillarOut,
            summary="One pillar, with the building blocks that carry it")
def get_model_pillar(request: AuthenticatedHttpRequest, key: str) -> dict[str, Any]:
    return _one(Kind.PILLAR, key)


@router.get("/building-blocks", response=ModelBuildingBlockList,
            summary="The eighteen building blocks")
def list_model_building_blocks(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.BUILDING_BLOCK)


@router.get("/building-blocks/{key}", response=ModelBuildingBlockOut,
            summary="One building block, with the pillars it carries")
def get_model_building_block(request: AuthenticatedHttpRequest, key: str) -> dict[str, Any]:
    return _one(Kind.BUILDING_BLOCK, key)


@router.get("/dimensions", response=ModelDimensionList, summary="The four management dimensions")
def list_model_dimensions(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.DIMENSION)


@router.get("/collaboration-forms", response=ModelCollaborationFormList,
            summary="The forms of collaboration, lightest first")
def list_model_collaboration_forms(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.COLLABORATION_FORM)


@router.get("/stages", response=ModelItemList, summary="The development stages")
def list_model_stages(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.STAGE)


@router.get("/escalation-rungs", response=ModelItemList,
            summary="The escalation ladder, lowest first")
def list_model_escalation_rungs(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.ESCALATION_RUNG)


@router.get("/rationales", response=ModelItemList, summary="The reasons to form an alliance")
def list_model_rationales(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.RATIONALE)


@router.get("/resistances", response=ModelItemList, summary="The sources of resistance")
def list_model_resistances(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.RESISTANCE)


@router.get("/features", response=ModelItemList, summary="The features that make alliances hard")
def list_model_features(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.FEATURE)


@router.get("/concepts", response=ModelItemList, summary="The ideas that run through the model")
def list_model_concepts(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(Kind.CONCEPT)
