"""Access matrix entries: cost settlement (open books), pages and API.

In the settlement world (concordia/testing/settlement.py) partner A (the founder's) and partner
B (coordinator_b's) share the joint helpdesk equally; each booked a cost last quarter. The books
are open: every member reads them. A partner books only for itself (anyone of it who writes);
the models are chosen by the steering roles; a quarter is confirmed for partner A only by its
signing people — the founder here (the key alliance manager, of partner A): coordinator_b may
not confirm for A (403), nor may partner A's professional."""

from typing import Any

from django.urls import reverse

from concordia.settlement.computation import compute
from concordia.testing.settlement import settlement_of
from concordia.tests.access.support import (
    MEMBERS,
    READ_ONLY,
    STEERING,
    WRITERS,
    Check,
    Ctx,
    Person,
    Route,
)

CONFIRMERS_OF_A = frozenset({"founder"})


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    settlement_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def period_kwargs(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"pk": ctx.world.alliance.pk, "year": sw.year, "quarter": sw.quarter}


def confirm_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**period_kwargs(ctx), "partner_pk": ctx.world.partner_a.pk}


def the_period(ctx: Ctx, person: Person | None) -> str:
    return reverse("settlement_period", kwargs=period_kwargs(ctx))


def booking_form(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"category": sw.model.category.pk, "kind": "cost",
            "incurred_on": sw.day.isoformat(), "amount": "10,00", "description": "Coffee",
            "document": "", "corrects": "", "submission": "m" * 32}


def model_form(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"category": "Rent", "kind": "own", "starts_on": "2026-01-01",
            "decision": sw.dw.closed.pk, "measure": ""}


def usage_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "model_pk": settlement_of(ctx).usage_model.pk}


def usage_form(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"year": str(sw.year), "quarter": str(sw.quarter),
            f"usage_{ctx.world.partner_a.pk}": "10", f"usage_{ctx.world.partner_b.pk}": "30"}


def api_usage_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "model_id": settlement_of(ctx).usage_model.pk}


def api_usage(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"year": sw.year, "quarter": sw.quarter,
            "usage": [{"partner_id": ctx.world.partner_a.pk, "weight": 10},
                      {"partner_id": ctx.world.partner_b.pk, "weight": 30}]}


def confirm_form(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"fingerprint": compute(ctx.world.alliance.pk, sw.year,
                                   sw.quarter).settlement.fingerprint}


def the_models(ctx: Ctx, person: Person | None) -> str:
    return reverse("settlement_models", kwargs={"pk": ctx.world.alliance.pk})


SETTLEMENT_PAGE_ROUTES: dict[str, Route] = {
    "settlement_books": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "booking_create": Route(alliance_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=booking_form, ok_location=the_period),
    )),
    "settlement_models": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "settlement_model_create": Route(alliance_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=model_form, ok_location=the_models),
    )),
    "usage_create": Route(usage_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=usage_form, ok_location=the_models),
    )),
    "settlement_period": Route(period_kwargs, (Check("get", ok=MEMBERS),)),
    "settlement_xlsx": Route(period_kwargs, (Check("get", ok=MEMBERS),)),
    "settlement_pdf": Route(period_kwargs, (Check("get", ok=MEMBERS),)),
    "settlement_confirm": Route(confirm_kwargs, (
        Check("post", ok=CONFIRMERS_OF_A, forbidden=MEMBERS - CONFIRMERS_OF_A, ok_status=302,
              writes=True, body=confirm_form, ok_location=the_period),
    )),
}
BOOKERS_OF_A = frozenset({"founder", "professional_a"})


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    settlement_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_period_kwargs(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk, "year": sw.year, "quarter": sw.quarter}


def api_booking_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "booking_id": settlement_of(ctx).booking_a.pk}


def api_booking_for_a(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"partner_id": ctx.world.partner_a.pk, "category_id": sw.model.category.pk,
            "kind": "cost", "incurred_on": sw.day.isoformat(), "amount_cents": 1000,
            "description": "Coffee"}


def api_model(ctx: Ctx) -> dict[str, Any]:
    sw = settlement_of(ctx)
    return {"category": "Rent", "kind": "equal", "starts_on": "2026-01-01",
            "decision_id": sw.dw.closed.pk,
            "weights": [{"partner_id": ctx.world.partner_a.pk, "weight": 1},
                        {"partner_id": ctx.world.partner_b.pk, "weight": 1}]}


def api_confirm_for_a(ctx: Ctx) -> dict[str, Any]:
    return {"partner_id": ctx.world.partner_a.pk, **confirm_form(ctx)}


# Booking and confirming for partner A: partner B's coordinator (and everyone else who sees
# the alliance but is not of A, or may not act for it) is refused with 403.
SETTLEMENT_API_ROUTES: dict[str, Route] = {
    "api:list_settlement_models": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_settlement_model": Route(api_alliance_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=api_model),
    )),
    "api:put_usage": Route(api_usage_kwargs, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True, body=api_usage),
    )),
    "api:list_bookings": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_booking": Route(api_alliance_kwargs, (
        Check("post", ok=BOOKERS_OF_A, forbidden=MEMBERS - BOOKERS_OF_A, ok_status=201,
              writes=True, body=api_booking_for_a),
    )),
    "api:get_booking": Route(api_booking_kwargs, (Check("get", ok=MEMBERS),)),
    "api:get_settlement": Route(api_period_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_settlement_confirmation": Route(api_period_kwargs, (
        Check("post", ok=CONFIRMERS_OF_A, forbidden=MEMBERS - CONFIRMERS_OF_A, ok_status=201,
              writes=True, body=api_confirm_for_a),
    )),
}
