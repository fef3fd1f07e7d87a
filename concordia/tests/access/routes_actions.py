"""Access matrix entries: actions, pages and API.

In the meetings world the open action is professional_a's, given by the founder, from an item
of the tactical table (organised by founder and coordinator_b): all three may change or close
it. Actions are given by the steering roles (for the alliance) and the body's organisers."""

from typing import Any

from django.urls import reverse

from concordia.actions.models import ActionItem
from concordia.testing.meetings import meetings_of
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


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    meetings_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def action_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "action_pk": meetings_of(ctx).action.pk}


def api_action_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "action_id": meetings_of(ctx).action.pk}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    meetings_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def newest_action(ctx: Ctx, person: Person | None) -> str:
    return reverse("action_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "action_pk": ActionItem.objects.latest("pk").pk})


def the_action(ctx: Ctx, person: Person | None) -> str:
    return reverse("action_detail", kwargs=action_kwargs(ctx))


def new_action_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "Write the plan", "description": "", "owner":
            f"person:{ctx.world.professional_a.pk}", "due_on": "2030-01-31", "block": "",
            "pillar": "", "agenda_item": ""}


def edit_form(ctx: Ctx) -> dict[str, Any]:
    return {"edit-op": "edit", "edit-title": "Send the figures today", "edit-description": "",
            "edit-owner": f"person:{ctx.world.professional_a.pk}", "edit-due_on": "",
            "edit-block": "", "edit-pillar": "", "edit-version": 1}


ACTIONS_PAGE_ROUTES: dict[str, Route] = {
    "action_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "action_create": Route(alliance_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=new_action_form, ok_location=newest_action),
    )),
    "action_detail": Route(action_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", label="edit", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, body=edit_form, ok_location=the_action),
        Check("post", label="close", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, ok_location=the_action,
              body=lambda ctx: {"close-op": "close", "close-status": "done",
                                "close-version": 1}),
    ), setup=meetings_of),
}
ACTIONS_API_ROUTES: dict[str, Route] = {
    "api:list_actions": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_action": Route(api_alliance_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"title": "Write the plan",
                                "owner_person_id": ctx.world.professional_a.pk,
                                "due_on": "2030-01-31", "block": "board"}),
    )),
    "api:get_action": Route(api_action_kwargs, (Check("get", ok=MEMBERS),)),
    "api:put_action": Route(api_action_kwargs, (
        Check("put", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=lambda ctx: {"title": "Send the figures today",
                                "owner_person_id": ctx.world.professional_a.pk,
                                "version": 1}),
    )),
    "api:close_action": Route(api_action_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=lambda ctx: {"status": "done", "version": 1}),
    )),
}
