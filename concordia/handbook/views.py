"""Browse the management model: public read-only pages, the product's front door.

The catalogue is reference data in code, so these views read ``texts`` directly; there is no
selector because nothing here comes from the database or depends on who is asking. That is also
why they need no log-in: they hold no alliance's data (docs/access.md, "Public pages").
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import texts
from .catalogue import CATALOGUE_VERSION, Kind, Strength
from .texts import Item, UnknownItem

DETAIL_URL_NAMES = {
    Kind.PILLAR: "handbook_pillar",
    Kind.BUILDING_BLOCK: "handbook_building_block",
    Kind.DIMENSION: "handbook_dimension",
}
# Kinds whose order carries meaning (a ladder, a continuum, stages, numbered parts).
NUMBERED_KINDS = frozenset({Kind.PILLAR, Kind.BUILDING_BLOCK, Kind.COLLABORATION_FORM,
                            Kind.ESCALATION_RUNG, Kind.STAGE})


def item_url(entry: Item) -> str:
    """The page that describes an item: its own page, or its anchor on its kind's page."""
    if entry.kind in DETAIL_URL_NAMES:
        return reverse(DETAIL_URL_NAMES[entry.kind], kwargs={"key": entry.key})
    return reverse("handbook_kind", kwargs={"kind": entry.kind.value}) + f"#{entry.key}"


def _link(entry: Item) -> dict[str, Any]:
    return {"item": entry, "url": item_url(entry)}


def _contributions(pairs: list[tuple[Any, Strength]], kind: Kind) -> list[dict[str, Any]]:
    return [{**_link(texts.item(kind, key)), "dominant": strength == Strength.DOMINANT}
            for key, strength in pairs]


def _get(kind: Kind, key: str) -> Item:
    try:
        return texts.item(kind, key)
    except UnknownItem:
        raise Http404 from None


def _kinds() -> list[dict[str, Any]]:
    return [{"kind": kind, "text": texts.KINDS[kind], "count": len(texts.items(kind)),
             "url": reverse("handbook_kind", kwargs={"kind": kind.value})} for kind in Kind]


def _dimension_rows() -> list[dict[str, Any]]:
    return [{**_link(entry),
             "pillars": [_link(texts.item(Kind.PILLAR, p)) for p in texts.dimension_pillars(
                 entry.key)]}
            for entry in texts.items(Kind.DIMENSION)]


def handbook_index(request: HttpRequest) -> HttpResponse:
    """The model at a glance: dimensions and pillars, the block × pillar matrix, every part."""
    pillars = [_link(entry) for entry in texts.items(Kind.PILLAR)]
    rows = [{**_link(texts.item(Kind.BUILDING_BLOCK, block)), "cells": cells}
            for block, cells in texts.matrix_rows()]
    return render(request, "handbook/index.html", {
        "version": CATALOGUE_VERSION,
        "kinds": _kinds(),
        "dimensions": _dimension_rows(),
        "pillars": pillars,
        "matrix": rows,
    })


def handbook_kind(request: HttpRequest, kind: str) -> HttpResponse:
    """Every item of one kind, with its full text."""
    try:
        k = texts.kind_of(kind)
    except UnknownItem:
        raise Http404 from None
    entries = []
    for entry in texts.items(k):
        row: dict[str, Any] = _link(entry)
        if k == Kind.DIMENSION:
            row["pillars"] = [_link(texts.item(Kind.PILLAR, p))
                              for p in texts.dimension_pillars(entry.key)]
        elif k == Kind.PILLAR:
            row["dimension"] = _link(texts.item(Kind.DIMENSION,
                                                texts.pillar_dimension(entry.key)))
        elif k == Kind.BUILDING_BLOCK:
            row["pillars"] = _contributions(texts.block_pillars(entry.key), Kind.PILLAR)
        entries.append(row)
    return render(request, "handbook/kind.html", {
        "kind": k,
        "kind_text": texts.KINDS[k],
        "entries": entries,
        "numbered": k in NUMBERED_KINDS,
        "has_pages": k in DETAIL_URL_NAMES,
    })


def pillar_detail(request: HttpRequest, key: str) -> HttpResponse:
    pillar = _get(Kind.PILLAR, key)
    return render(request, "handbook/pillar.html", {
        "pillar": pillar,
        "dimension": _link(texts.item(Kind.DIMENSION, texts.pillar_dimension(key))),
        "blocks": _contributions(texts.pillar_blocks(key), Kind.BUILDING_BLOCK),
        "kind_text": texts.KINDS[Kind.PILLAR],
    })


def building_block_detail(request: HttpRequest, key: str) -> HttpResponse:
    block = _get(Kind.BUILDING_BLOCK, key)
    pillars = _contributions(texts.block_pillars(key), Kind.PILLAR)
    for row in pillars:
        row["dimension"] = _link(texts.item(Kind.DIMENSION,
                                            texts.pillar_dimension(row["item"].key)))
    return render(request, "handbook/building_block.html", {
        "building_block": block,
        "pillars": pillars,
        "kind_text": texts.KINDS[Kind.BUILDING_BLOCK],
    })


def dimension_detail(request: HttpRequest, key: str) -> HttpResponse:
    dimension = _get(Kind.DIMENSION, key)
    return render(request, "handbook/dimension.html", {
        "dimension": dimension,
        "pillars": [_link(texts.item(Kind.PILLAR, p)) for p in texts.dimension_pillars(key)],
        "kind_text": texts.KINDS[Kind.DIMENSION],
    })

