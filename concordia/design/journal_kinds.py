"""The journal kinds the alliance design appends, with their labels and one-line descriptions."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Block, Pillar
from concordia.handbook.texts import BUILDING_BLOCKS, PILLARS
from concordia.journal.registry import Payload, register

from .choices import BlockStatus, StageChoice, StrengthChoice

APP = "design"


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def describe_version(payload: Payload) -> str:
    """A statement version, with the partner that endorsed or withdrew it."""
    version = _("version %(n)s") % {"n": payload.get("number", "")}
    return f"{version} — {payload['partner']}" if "partner" in payload else str(version)


def describe_stage(payload: Payload) -> str:
    return _choice_label(StageChoice, payload.get("overall", ""))


def describe_term(payload: Payload) -> str:
    return f"{payload.get('term', '')}: {payload.get('definition', '')}"


def _block_title(value: Any) -> str:
    return str(BUILDING_BLOCKS[Block(value)].title) if value in Block else str(value)


def describe_block(payload: Payload) -> str:
    """A building block's status and owner."""
    owner = (payload.get("owner") or {}).get("name", "")
    status = _choice_label(BlockStatus, payload.get("status", ""))
    return f"{_block_title(payload.get('block'))}: {status}" + (f" ({owner})" if owner else "")


def describe_contribution(payload: Payload) -> str:
    """A matrix cell: block → pillar, old → new strength, and the reason."""
    pillar = payload.get("pillar")
    pillar_title = str(PILLARS[Pillar(pillar)].title) if pillar in Pillar else str(pillar)
    change = (f"{_choice_label(StrengthChoice, payload.get('old', ''))} → "
              f"{_choice_label(StrengthChoice, payload.get('new', ''))}")
    reason = f" — {payload['reason']}" if payload.get("reason") else ""
    return f"{_block_title(payload.get('block'))} → {pillar_title}: {change}{reason}"


for name, label, commitment in (
    ("ObjectiveDrafted", _("Objective drafted"), False),
    ("ObjectiveEndorsed", _("Objective endorsed"), True),
    ("ObjectiveEndorsementWithdrawn", _("Objective endorsement withdrawn"), True),
    ("ValuesDrafted", _("Values statement drafted"), False),
    ("ValuesEndorsed", _("Values statement endorsed"), True),
    ("ValuesEndorsementWithdrawn", _("Values statement endorsement withdrawn"), True),
):
    register(name, label=label, commitment=commitment, app=APP, describe=describe_version)
register("StageAssessed", label=_("Development stage assessed"), commitment=False, app=APP,
         describe=describe_stage)
register("TermAgreed", label=_("Definition agreed"), commitment=True, app=APP,
         describe=describe_term)

# The building blocks (designer and contribution matrix).
register("BuildingBlockSet", label=_("Building block set"), commitment=True, app=APP,
         describe=describe_block)
register("ContributionAdjusted", label=_("Contribution adjusted"), commitment=False, app=APP,
         describe=describe_contribution)
register("ContributionReset", label=_("Contribution reset to the default"), commitment=False,
         app=APP, describe=describe_contribution)
