"""The building blocks' section of the design sheet: the pillar coverage, its gaps, the top
next steps (from the same advice as the pages) and who owns each block in use. Registered with
``design.sheet`` by the app config, so design does not import blocks."""

from typing import Any

from concordia.alliances.models import Alliance
from concordia.handbook.catalogue import BLOCK_NUMBER, Block

from . import selectors
from .presentation import (
    BLOCK_LABELS,
    STATUS_LABELS,
    fill_in_first_labels,
    next_steps_context,
    sheet_coverage_context,
)

SHOWN_STATUSES = ("in_place", "being_built", "planned")


def coverage_section(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    settings = selectors.block_setting_list(user=user, alliance=alliance)
    plan = selectors.advice_plan_get(user=user, alliance=alliance, settings=settings)
    owners = []
    for s in settings:
        if s.status not in SHOWN_STATUSES:
            continue
        owner = (s.owner_partner.organisation.name if s.owner_partner is not None
                 else str(s.owner_person) if s.owner_person_id is not None else "")
        owners.append({"number": BLOCK_NUMBER[Block(s.block)],
                       "title": BLOCK_LABELS[Block(s.block)],
                       "status": STATUS_LABELS[s.status], "owner": owner})
    return {**sheet_coverage_context(plan.coverage), "next_steps": next_steps_context(plan),
            "fill_in_first": fill_in_first_labels(plan), "block_owners": owners}
