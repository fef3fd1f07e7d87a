"""Access matrix entries: the building-block designer, pages and API."""

from typing import Any

from django.urls import reverse

from concordia.blocks import services as blocks_services
from concordia.tests.access.support import (
    MEMBERS,
    STEERING,
    A,
    Check,
    Ctx,
    Route,
    alliance_a,
    api_alliance_a,
    to,
)

# The building-block designer: every member reads; the steering roles decide.
BLOCK, PILLAR = "board", "trust"  # by default the board does not carry trust


def block_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "block": BLOCK}


def api_block_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "block": BLOCK}


def api_cell_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "block": BLOCK, "pillar": PILLAR}


def cell_adjusted(ctx: Ctx) -> Any:
    """Set-up: the founder has adjusted the cell (so it can be reset)."""
    return blocks_services.contribution_adjust(
        actor=ctx.world.founder, alliance=ctx.world.alliance, block=BLOCK, pillar=PILLAR,
        strength="dominant", reason="Set-up")


BLOCK_PAGE_ROUTES: dict[str, Route] = {
    "block_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "block_edit": Route(block_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"status": "in_place", "owner": "", "description": "",
                                "evidence_url": "", "version": 0},
              ok_location=lambda ctx, person: reverse(
                  "block_list", kwargs={"pk": ctx.world.alliance.pk}) + f"#block-{BLOCK}"),
    )),
    "block_coverage": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "block_matrix": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"action": "adjust", "block": BLOCK, "pillar": PILLAR,
                                "strength": "dominant", "reason": "We rely on it",
                                "expected_strength": ""},
              ok_location=to("block_matrix", pk=A)),
    )),
}
BLOCK_API_ROUTES: dict[str, Route] = {
    "api:list_building_blocks": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_building_block": Route(api_block_a, (Check("get", ok=MEMBERS),)),
    "api:put_building_block": Route(api_block_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"status": "in_place", "version": 0}),
    )),
    "api:list_contributions": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:adjust_contribution": Route(api_cell_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"strength": "dominant", "reason": "We rely on it"}),
    )),
    "api:reset_contribution": Route(api_cell_a, (
        Check("delete", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=204, writes=True),
    ), setup=cell_adjusted),
    "api:get_coverage": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_contingency_advice": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
}
