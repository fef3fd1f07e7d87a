"""Access matrix entries: the annual plan, pages (and API).

In the plans world (concordia/testing/plans.py) alliance A has this year's plan, version 1 a
draft with one objective and one activity; partner A (the founder's) and partner B
(coordinator_b's) each deployed on it. Everyone in the alliance reads the plan; the key alliance
manager (the founder) drafts it; a partner writes and confirms its own deployment through its
steering person (the founder for A, coordinator_b for B); anyone of a partner who writes records
its actuals. The world has no board and no board member: nobody in it may endorse for partner A
(its board member would)."""

from typing import Any

from django.urls import reverse

from concordia.testing.plans import (
    PlansWorld,
    build_confirmed,
    build_in_force,
    build_plans,
    build_proposed,
)
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

# Partner B's board member, who endorses a plan for B where there is no board.
B_BOARD = frozenset({"coordinator_b"})
KAM = frozenset({"founder"})
CONFIRMERS_OF_A = frozenset({"founder"})


def _world(ctx: Ctx, build: Any = build_plans) -> PlansWorld:
    cached: PlansWorld | None = ctx.__dict__.get("_plans_world")
    if cached is None:
        cached = build(ctx.world)
        ctx.__dict__["_plans_world"] = cached
    return cached


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx)
    return {"pk": ctx.world.alliance.pk}


def year_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "year": _world(ctx).year}


def version_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**year_kwargs(ctx), "number": 1}


def confirmed_version_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx, build_confirmed)
    return version_kwargs(ctx)


def proposed_endorse_kwargs(ctx: Ctx) -> dict[str, Any]:
    """Partner B endorses: coordinator_b is its board member (the context's), and partner A has
    none among the actors."""
    _world(ctx, build_proposed)
    return {**version_kwargs(ctx), "partner_pk": ctx.world.partner_b.pk}


def in_force_year_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx, build_in_force)
    return year_kwargs(ctx)


def confirm_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**version_kwargs(ctx), "partner_pk": ctx.world.partner_a.pk}


def objective_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "objective_pk": _world(ctx).objective.pk}


def activity_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "activity_pk": _world(ctx).activity.pk}


def the_version(number: int = 1) -> Any:
    def location(ctx: Ctx, person: Person | None) -> str:
        return reverse("plan_version", kwargs={**year_kwargs(ctx), "number": number})
    return location


def the_plan(ctx: Ctx, person: Person | None) -> str:
    return reverse("plan_detail", kwargs=year_kwargs(ctx))


def next_year_plan(ctx: Ctx, person: Person | None) -> str:
    return reverse("plan_version", kwargs={"pk": ctx.world.alliance.pk,
                                           "year": _world(ctx).year + 1, "number": 1})


def start_form(ctx: Ctx) -> dict[str, Any]:
    return {"year": str(_world(ctx).year + 1)}


def activity_form(ctx: Ctx) -> dict[str, Any]:
    year = _world(ctx).year
    return {"title": "Conference", "description": "", "owner_partner": ctx.world.partner_b.pk,
            "owner_person": "", "starts_on": f"{year}-05-01", "ends_on": f"{year}-05-02",
            "block": "conference"}


def deployment_form(ctx: Ctx) -> dict[str, Any]:
    return {"strategic_people": "1", "strategic_hours": "8", "strategic_fte": "",
            "strategic_money": "1.500,00", "strategic_description": "Directors' time"}


def actual_form(ctx: Ctx) -> dict[str, Any]:
    return {"people": "1", "hours": "12", "fte": "", "money": "", "progress": "25",
            "note": ""}


PLANS_PAGE_ROUTES: dict[str, Route] = {
    "plan_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "plan_start": Route(alliance_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=start_form, ok_location=next_year_plan),
    )),
    "plan_detail": Route(year_kwargs, (Check("get", ok=MEMBERS),)),
    "plan_versions": Route(year_kwargs, (Check("get", ok=MEMBERS),)),
    "plan_version": Route(version_kwargs, (Check("get", ok=MEMBERS),)),
    "plan_objective_create": Route(version_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=lambda ctx: {"title": "Faster answers", "description": ""},
              ok_location=the_version()),
    )),
    "plan_activity_create": Route(objective_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=activity_form, ok_location=the_version()),
    )),
    "plan_objective_edit": Route(objective_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=lambda ctx: {"title": "Fewer corrections", "description": ""},
              ok_location=the_version()),
    )),
    "plan_activity_edit": Route(activity_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=activity_form, ok_location=the_version()),
    )),
    "plan_deployment_edit": Route(activity_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=deployment_form, ok_location=the_version()),
    )),
    "plan_deployment_confirm": Route(confirm_kwargs, (
        Check("post", ok=CONFIRMERS_OF_A, forbidden=MEMBERS - CONFIRMERS_OF_A, ok_status=302,
              writes=True, body=lambda ctx: {}, ok_location=the_version()),
    )),
    "plan_propose": Route(confirmed_version_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=lambda ctx: {}, ok_location=the_version()),
    )),
    "plan_endorse": Route(proposed_endorse_kwargs, (
        Check("post", ok=B_BOARD, forbidden=MEMBERS - B_BOARD, ok_status=302, writes=True,
              body=lambda ctx: {}, ok_location=the_version()),
    )),
    "plan_adjust": Route(in_force_year_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=lambda ctx: {"reason": "A later start"}, ok_location=the_version(2)),
    )),
    "plan_actual_record": Route(activity_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=actual_form, ok_location=the_plan),
    )),
}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_year_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "year": _world(ctx).year}


def api_version_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_year_kwargs(ctx), "number": 1}


def api_confirmed_version_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx, build_confirmed)
    return api_version_kwargs(ctx)


def api_proposed_version_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx, build_proposed)
    return api_version_kwargs(ctx)


def api_in_force_year_kwargs(ctx: Ctx) -> dict[str, Any]:
    _world(ctx, build_in_force)
    return api_year_kwargs(ctx)


def api_deployment_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_version_kwargs(ctx), "activity_id": _world(ctx).activity.pk,
            "partner_id": ctx.world.partner_a.pk}


def api_actual_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_year_kwargs(ctx), "activity_id": _world(ctx).activity.pk,
            "partner_id": ctx.world.partner_a.pk}


def api_activity(ctx: Ctx) -> dict[str, Any]:
    year = _world(ctx).year
    return {"objective_id": _world(ctx).objective.pk, "title": "Conference",
            "owner_partner_id": ctx.world.partner_b.pk, "starts_on": f"{year}-05-01",
            "ends_on": f"{year}-05-02", "block": "conference"}


def api_for_a(ctx: Ctx) -> dict[str, Any]:
    return {"partner_id": ctx.world.partner_a.pk}


def api_for_b(ctx: Ctx) -> dict[str, Any]:
    return {"partner_id": ctx.world.partner_b.pk}


A_STEERING = frozenset({"founder"})  # partner A's steering person: the key alliance manager
A_WRITERS = frozenset({"founder", "professional_a"})

# Writing, confirming, endorsing and recording for partner A: partner B's coordinator (and
# everyone else who sees the alliance but is not of A, or may not act for it) gets 403.
PLANS_API_ROUTES: dict[str, Route] = {
    "api:list_plans": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_plan": Route(api_alliance_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {"year": _world(ctx).year + 1}),
    )),
    "api:get_plan": Route(api_year_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_plan_version": Route(api_in_force_year_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {"reason": "A later start"}),
    )),
    "api:get_plan_version": Route(api_version_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_plan_objective": Route(api_version_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {"title": "Faster answers"}),
    )),
    "api:create_plan_activity": Route(api_version_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=api_activity),
    )),
    "api:set_plan_deployment": Route(api_deployment_kwargs, (
        Check("put", ok=A_STEERING, forbidden=MEMBERS - A_STEERING, writes=True,
              body=lambda ctx: {"levels": [{"level": "strategic", "people": 1,
                                            "hours": 8}]}),
    )),
    "api:create_plan_confirmation": Route(api_version_kwargs, (
        Check("post", ok=A_STEERING, forbidden=MEMBERS - A_STEERING, ok_status=201,
              writes=True, body=api_for_a),
    )),
    "api:create_plan_proposal": Route(api_confirmed_version_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {}),
    )),
    "api:create_plan_endorsement": Route(api_proposed_version_kwargs, (
        Check("post", ok=B_BOARD, forbidden=MEMBERS - B_BOARD, ok_status=201, writes=True,
              body=api_for_b),
    )),
    "api:set_plan_actual": Route(api_actual_kwargs, (
        Check("put", ok=A_WRITERS, forbidden=MEMBERS - A_WRITERS, writes=True,
              body=lambda ctx: {"hours": 12, "progress": 25}),
    )),
}
