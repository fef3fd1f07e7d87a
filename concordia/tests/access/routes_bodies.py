"""Access matrix entries: bodies, pages and API.

Every member reads the structure; the steering roles (key alliance manager, coordinators) set
up bodies and add or remove seats; only a seat's own partner's steering person fills it (the
tactical table's seat of partner A: the founder, never coordinator_b)."""

from typing import Any

from django.urls import reverse

from concordia.bodies.models import Body, Seat
from concordia.testing.meetings import meetings_of
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


def body_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "body_pk": meetings_of(ctx).body.pk}


def api_body_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "body_id": meetings_of(ctx).body.pk}


def api_seat_a(ctx: Ctx) -> dict[str, Any]:
    m = meetings_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk, "body_id": m.body.pk, "seat_id": m.seat_a.pk}


def new_body_form(ctx: Ctx) -> dict[str, Any]:
    return {"name": "Working group data", "kind": "working_group", "level": "operational",
            "mandate": "", "substitutes_may_attend": "", "chair_rule": "rotating",
            "chair_person": "", "decision_rule": "consensus", "secretary": ""}


def edit_body_form(ctx: Ctx) -> dict[str, Any]:
    m = meetings_of(ctx)
    body = m.body
    return {"name": body.name, "kind": body.kind, "level": body.level,
            "mandate": "Steers the chain, now fortnightly.", "substitutes_may_attend": "no",
            "chair_rule": body.chair_rule, "chair_person": body.chair_person_id,
            "decision_rule": body.decision_rule, "secretary": body.secretary_id or "",
            "version": body.version,
            f"rotation_{ctx.world.partner_a.pk}": 1, f"rotation_{ctx.world.partner_b.pk}": 2}


def newest_body_seats(ctx: Ctx, person: Any) -> str:
    return reverse("body_seats", kwargs={"pk": ctx.world.alliance.pk,
                                         "body_pk": Body.objects.latest("pk").pk})


def seats_of_a(ctx: Ctx, person: Any) -> str:
    return reverse("body_seats", kwargs=body_a(ctx))


def newest_seat_location(ctx: Ctx) -> str:
    return seats_of_a(ctx, None) + f"#seat-{Seat.objects.latest('pk').pk}"


def fill_a(ctx: Ctx) -> dict[str, Any]:
    """Partner A's seat: professional_a stays holder, the founder becomes substitute."""
    m = meetings_of(ctx)
    return {"action": "fill", "seat": m.seat_a.pk, "holder": ctx.world.professional_a.pk,
            "substitute": ctx.world.founder.pk}


# Only partner A's own steering person fills A's seat: the key alliance manager of A.
FILLS_A = frozenset({"founder"})
FILLS_B = frozenset({"coordinator_b"})

BODIES_PAGE_ROUTES: dict[str, Route] = {
    "body_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "body_create": Route(alliance_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=new_body_form, ok_location=newest_body_seats),
    )),
    "body_edit": Route(body_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=edit_body_form, ok_location=to("body_list", pk=A)),
    )),
    "body_archive": Route(body_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("body_list", pk=A)),
    )),
    "body_seats": Route(body_a, (
        Check("get", ok=MEMBERS),
        Check("post", label="add", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302,
              writes=True, body=lambda ctx: {"action": "add", "partner": ctx.world.partner_b.pk},
              ok_location=lambda ctx, person: newest_seat_location(ctx)),
        Check("post", label="fill", ok=FILLS_A, forbidden=MEMBERS - FILLS_A, ok_status=302,
              writes=True, body=fill_a,
              ok_location=lambda ctx, person: seats_of_a(ctx, person)
              + f"#seat-{meetings_of(ctx).seat_a.pk}"),
        # Partner B's seat is held: only partner B's own coordinator gives it up.
        Check("post", label="remove", ok=FILLS_B, forbidden=MEMBERS - FILLS_B,
              ok_status=302, writes=True,
              body=lambda ctx: {"action": "remove", "seat": meetings_of(ctx).seat_b.pk},
              ok_location=seats_of_a),
    )),
}




def api_update_body(ctx: Ctx) -> dict[str, Any]:
    body = meetings_of(ctx).body
    return {"name": body.name, "kind": body.kind, "level": body.level,
            "mandate": "Steers the chain, now fortnightly.", "substitutes_may_attend": False,
            "chair_rule": body.chair_rule, "chair_person_id": body.chair_person_id,
            "decision_rule": body.decision_rule, "secretary_id": body.secretary_id,
            "version": body.version}


BODIES_API_ROUTES: dict[str, Route] = {
    "api:list_bodies": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:create_body": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"name": "Working group data", "kind": "working_group",
                                "level": "operational"}),
    )),
    "api:get_body": Route(api_body_a, (Check("get", ok=MEMBERS),)),
    "api:update_body": Route(api_body_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=api_update_body),
    )),
    "api:archive_body": Route(api_body_a, (
        Check("delete", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=204,
              writes=True),
    )),
    "api:list_seats": Route(api_body_a, (Check("get", ok=MEMBERS),)),
    "api:add_seat": Route(api_body_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"partner_id": ctx.world.partner_b.pk}),
    )),
    "api:fill_seat": Route(api_seat_a, (
        Check("put", ok=FILLS_A, forbidden=MEMBERS - FILLS_A, writes=True,
              body=lambda ctx: {"holder_id": ctx.world.professional_a.pk,
                                "substitute_id": ctx.world.founder.pk}),
    )),
    # Partner A's seat is held: only partner A's own steering person (the founder) gives it up.
    "api:remove_seat": Route(api_seat_a, (
        Check("delete", ok=FILLS_A, forbidden=MEMBERS - FILLS_A, ok_status=204,
              writes=True),
    )),
    "api:get_structure": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
}
