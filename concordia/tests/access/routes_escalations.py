"""Access matrix entries: escalations, pages and API.

In the escalations world (concordia/testing/escalations.py) both bottlenecks were raised by
professional_a about partner A. The restricted one is seen by partner A's people (founder,
professional_a) and the steering roles (founder, coordinator_b): partner B's observer and the
reviewer get 404. The alliance-wide one is seen by every member; its horizontal attempt failed,
so it may go up. The attempt is recorded by partner A's people (coordinator_b, steering but of
partner B, gets 403); escalate, respond and resolve by its rung's owner (professional_a) and the
steering roles; withdraw by its raiser only."""

from typing import Any

from concordia.escalations.models import Bottleneck
from concordia.testing.escalations import escalations_of
from concordia.tests.access.support import (
    MEMBERS,
    READ_ONLY,
    STEERING,
    WRITERS,
    Check,
    Ctx,
    Person,
    Route,
    to,
)


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    escalations_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    escalations_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def wide_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "bottleneck_pk": escalations_of(ctx).wide.pk}


def api_wide_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "bottleneck_id": escalations_of(ctx).wide.pk}


def api_restricted_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "bottleneck_id": escalations_of(ctx).restricted.pk}


def version(ctx: Ctx) -> int:
    return Bottleneck.objects.get(pk=escalations_of(ctx).wide.pk).version


def newest(ctx: Ctx, person: Person | None) -> str:
    return to("bottleneck_detail", pk=lambda c: c.world.alliance.pk,
              bottleneck_pk=lambda c: Bottleneck.objects.latest("pk").pk)(ctx, person)


the_wide_one = to("bottleneck_detail", pk=lambda c: c.world.alliance.pk,
                  bottleneck_pk=lambda c: escalations_of(c).wide.pk)


def raise_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "Payroll vendors miss the new field", "description": "Returns bounce.",
            "partners": [str(ctx.world.partner_a.pk), str(ctx.world.partner_b.pk)],
            "urgency": "high", "owner": "", "meeting": "", "decision": "", "block": ""}


def page_form(op: str, **fields: Any) -> Any:
    def body(ctx: Ctx) -> dict[str, Any]:
        return {f"{op}-op": op, f"{op}-version": version(ctx),
                **{f"{op}-{k}": v for k, v in fields.items()}}
    return body


def api_body(**fields: Any) -> Any:
    return lambda ctx: {"version": version(ctx), **fields}


ESCALATIONS_PAGE_ROUTES: dict[str, Route] = {
    "bottleneck_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "bottleneck_create": Route(alliance_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=raise_form, ok_location=newest),
    )),
    "ladder_settings": Route(alliance_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"top_rung_enabled": "on", "version": 0,
                                "top_rung_name": "Ministers via the core team"},
              ok_location=to("ladder_settings", pk=lambda c: c.world.alliance.pk)),
    )),
    "bottleneck_detail": Route(wide_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", label="attempt", ok=frozenset({"founder", "professional_a"}),
              forbidden=MEMBERS - {"founder", "professional_a"}, ok_status=302, writes=True,
              body=page_form("attempt", result="not_resolved", text="Tried again."),
              ok_location=the_wide_one),
        Check("post", label="escalate", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, body=page_form("escalate", reason="Stuck.", owner=""),
              ok_location=the_wide_one),
        Check("post", label="respond", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, body=page_form("respond", text="We are on it."),
              ok_location=the_wide_one),
        Check("post", label="resolve", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, body=page_form("resolve", resolution="Agreed.", decision="",
                                          action=""),
              ok_location=the_wide_one),
        Check("post", label="withdraw", ok=frozenset({"professional_a"}),
              forbidden=MEMBERS - {"professional_a"}, ok_status=302, writes=True,
              body=page_form("withdraw", reason=""), ok_location=the_wide_one),
    )),
}
ESCALATIONS_API_ROUTES: dict[str, Route] = {
    "api:list_bottlenecks": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:raise_bottleneck": Route(api_alliance_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=lambda ctx: {"title": "Payroll vendors miss the new field",
                                "description": "Returns bounce.",
                                "partner_ids": [ctx.world.partner_a.pk],
                                "urgency": "alarm", "alliance_wide": True}),
    )),
    "api:get_bottleneck": Route(api_restricted_kwargs, (
        Check("get", ok=frozenset({"founder", "coordinator_b", "professional_a"})),)),
    "api:record_attempt": Route(api_wide_kwargs, (
        Check("post", ok=frozenset({"founder", "professional_a"}),
              forbidden=MEMBERS - {"founder", "professional_a"}, writes=True,
              body=api_body(resolved=False, text="Tried again.")),
    )),
    "api:escalate_bottleneck": Route(api_wide_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=api_body(reason="Stuck.")),
    )),
    "api:respond_bottleneck": Route(api_wide_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=api_body(text="We are on it.")),
    )),
    "api:resolve_bottleneck": Route(api_wide_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=api_body(resolution="Agreed.")),
    )),
    "api:withdraw_bottleneck": Route(api_wide_kwargs, (
        Check("post", ok=frozenset({"professional_a"}),
              forbidden=MEMBERS - {"professional_a"}, writes=True, body=api_body()),
    )),
    "api:escalation_health": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:get_ladder": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:put_ladder": Route(api_alliance_kwargs, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"top_rung_enabled": True, "version": 0,
                                "top_rung_name": "Ministers via the core team"}),
    )),
}
