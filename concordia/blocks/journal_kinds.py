"""The journal kinds the building-block designer appends, with their labels and one-line
descriptions."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Block, Pillar
from concordia.handbook.texts import BUILDING_BLOCKS, PILLARS
from concordia.journal.registry import Payload, register

from .choices import BlockStatus, StrengthChoice

APP = "blocks"


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def _block_title(value: Any) -> str:
    return str(BUILDING_BLOCKS[Block(value)].title) if value in Block else str(value)


def describe_block(payload: Payload) -> str:
    """A building block's status and owner."""
    owner = (payload.get("owner") or {}).get("name", "")
    status = _choice_label(BlockStatus, payload.get("status", ""))
    return f"{_block_title(payload.get('block'))}: {status}" + (f" ({owner})" if owner else "")


def describe_contribution(payload: Payload) -> str:
    """A matrix cell: block → pillar, old → new strength, and the reason."""
    pillar = payload.get("pillar", "")
    pillar_title = str(PILLARS[Pillar(pillar)].title) if pillar in Pillar else str(pillar)
    change = (f"{_choice_label(StrengthChoice, payload.get('old', ''))} → "
              f"{_choice_label(StrengthChoice, payload.get('new', ''))}")
    reason = f" — {payload['reason']}" if payload.get("reason") else ""
    return f"{_block_title(payload.get('block'))} → {pillar_title}: {change}{reason}"


register("BuildingBlockSet", label=_("Building block set"), commitment=True, app=APP,
         describe=describe_block)
register("ContributionAdjusted", label=_("Contribution adjusted"), commitment=False, app=APP,
         describe=describe_contribution)
register("ContributionReset", label=_("Contribution reset to the default"), commitment=False,
         app=APP, describe=describe_contribution)
register("BuildingBlockDescribed", label=_("Building block described"), commitment=False,
         app=APP, describe=lambda payload: _block_title(payload.get("block")))
