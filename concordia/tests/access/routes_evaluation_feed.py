"""Access matrix entries: where the evaluation feeds the design — in place vs experienced per
pillar, an improvement action made out of a closed round's results, the improvement actions
with their pillar before and after (pages and API). Everyone with a live role reads; the
steering roles make improvement actions (403 for the other members)."""

from typing import Any

from django.urls import reverse

from concordia.actions.models import ActionItem
from concordia.tests.access.routes_evaluation_results import YEAR, closed_round
from concordia.tests.access.support import MEMBERS, STEERING, Check, Ctx, Person, Route


def alliance_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk}


def api_alliance_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk}


def pillar_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "year": YEAR, "pillar": "trust"}


def the_actions(ctx: Ctx, person: Person | None) -> str:
    assert ActionItem.objects.filter(pillar="trust").exists()
    return reverse("improvement_actions", kwargs=alliance_a(ctx))


EVALUATION_FEED_PAGE_ROUTES: dict[str, Route] = {
    "evaluation_in_place": Route(alliance_a, (Check("get", ok=MEMBERS),), setup=closed_round),
    "improvement_actions": Route(alliance_a, (Check("get", ok=MEMBERS),), setup=closed_round),
    "evaluation_improvement_action_create": Route(pillar_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"title": "Meet partner B's team", "description": "",
                                "owner": f"person:{ctx.world.professional_a.pk}",
                                "due_on": "2030-01-31"},
              ok_location=the_actions),
    ), setup=closed_round),
}
EVALUATION_FEED_API_ROUTES: dict[str, Route] = {
    "api:get_in_place_vs_experienced": Route(api_alliance_a, (Check("get", ok=MEMBERS),),
                                             setup=closed_round),
    "api:list_improvement_actions": Route(api_alliance_a, (Check("get", ok=MEMBERS),),
                                          setup=closed_round),
}
