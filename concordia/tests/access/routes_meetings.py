"""Access matrix entries: meetings, pages and API.

The tactical table of the meetings world: the founder is its secretary, coordinator_b its fixed
chair (and holds partner B's seat), professional_a holds partner A's seat. So the organisers are
founder and coordinator_b, the members also professional_a; observer_b and the reviewer see the
alliance's meetings but are no members (no confidential items, no writing)."""

from typing import Any

from django.urls import reverse

from concordia.meetings import services as meetings_services
from concordia.meetings.models import AgendaItem, Meeting
from concordia.testing.meetings import meetings_of
from concordia.tests.access.support import (
    MEMBERS,
    STEERING,
    Check,
    Ctx,
    Route,
    alliance_a,
    api_alliance_a,
)

ORGANISERS = STEERING  # founder (secretary) and coordinator_b (chair)
BODY_MEMBERS = frozenset({"founder", "coordinator_b", "professional_a"})
NOT_MEMBERS = MEMBERS - BODY_MEMBERS  # observer_b, reviewer
NOT_ORGANISERS = MEMBERS - ORGANISERS


def body_tt(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "body_pk": meetings_of(ctx).body.pk}


def upcoming(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "meeting_pk": meetings_of(ctx).upcoming.pk}


def past(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "meeting_pk": meetings_of(ctx).past.pk}


def proposed_item(ctx: Ctx) -> dict[str, Any]:
    mw = meetings_of(ctx)
    return {**upcoming(ctx), "item_pk": mw.proposed_item.pk}


def detail_of(meeting: Any, anchor: str = "") -> Any:
    return lambda ctx, person: reverse("meeting_detail", kwargs={
        "pk": ctx.world.alliance.pk, "meeting_pk": meeting(ctx).pk}) + anchor


def newest_meeting(ctx: Ctx, person: Any) -> str:
    return reverse("meeting_detail", kwargs={"pk": ctx.world.alliance.pk,
                                             "meeting_pk": Meeting.objects.latest("pk").pk})


def newest_item(ctx: Ctx, person: Any) -> str:
    item = AgendaItem.objects.latest("pk")
    return reverse("meeting_detail", kwargs={"pk": ctx.world.alliance.pk,
                                             "meeting_pk": item.meeting_id}) + f"#item-{item.pk}"


def the_upcoming(ctx: Ctx) -> Meeting:
    return meetings_of(ctx).upcoming


def item_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "Data quality, part two", "kind": "discussion", "description": "",
            "owner": "", "time_box_minutes": 10, "version": 1}


MEETINGS_PAGE_ROUTES: dict[str, Route] = {
    "body_detail": Route(body_tt, (Check("get", ok=MEMBERS),)),
    "meeting_plan": Route(body_tt, (
        Check("get", ok=ORGANISERS, forbidden=NOT_ORGANISERS),
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=302, writes=True,
              body=lambda ctx: {"plan": "single", "starts_at": "2031-03-01T10:00",
                                "duration_minutes": 90, "title": "", "location": "",
                                "frequency": "", "occurrences": ""},
              ok_location=newest_meeting),
    )),
    "meeting_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "meeting_detail": Route(upcoming, (
        Check("get", ok=MEMBERS),
        Check("post", label="propose", ok=BODY_MEMBERS, forbidden=NOT_MEMBERS, ok_status=302,
              writes=True, body=lambda ctx: {"action": "propose", **item_form(ctx)},
              ok_location=newest_item),
        Check("post", label="schedule", ok=ORGANISERS, forbidden=NOT_ORGANISERS,
              ok_status=302, writes=True,
              body=lambda ctx: {"action": "schedule",
                                "item": meetings_of(ctx).proposed_item.pk},
              ok_location=lambda ctx, person: detail_of(the_upcoming)(ctx, person)
              + f"#item-{meetings_of(ctx).proposed_item.pk}"),
    )),
    "meeting_edit": Route(upcoming, (
        Check("get", ok=ORGANISERS, forbidden=NOT_ORGANISERS),
        Check("post", label="change", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=302,
              writes=True, body=lambda ctx: {"starts_at": "2031-04-01T10:00",
                                             "duration_minutes": 60, "title": "Moved",
                                             "location": "", "version": 1},
              ok_location=detail_of(the_upcoming)),
        Check("post", label="cancel", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=302,
              writes=True, body=lambda ctx: {"action": "cancel", "version": 1,
                                             "confirm": "on"},
              ok_location=detail_of(the_upcoming)),
    )),
    "meeting_attendance": Route(past, (
        Check("get", ok=MEMBERS),
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=302, writes=True,
              body=lambda ctx: {f"seat_{meetings_of(ctx).seat_a.pk}": "absent_with_notice",
                                f"seat_{meetings_of(ctx).seat_b.pk}": "present"},
              ok_location=lambda ctx, person: reverse("meeting_attendance",
                                                      kwargs=past(ctx))),
    )),
    # professional_a proposed the item: they may change it, as may the organisers.
    "agenda_item_edit": Route(proposed_item, (
        Check("get", ok=BODY_MEMBERS, forbidden=NOT_MEMBERS),
        Check("post", ok=BODY_MEMBERS, forbidden=NOT_MEMBERS, ok_status=302, writes=True,
              body=item_form,
              ok_location=lambda ctx, person: detail_of(the_upcoming)(ctx, person)
              + f"#item-{meetings_of(ctx).proposed_item.pk}"),
    )),
}



def api_body(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "body_id": meetings_of(ctx).body.pk}


def api_upcoming(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "meeting_id": meetings_of(ctx).upcoming.pk}


def api_past(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "meeting_id": meetings_of(ctx).past.pk}


def api_proposed_item(ctx: Ctx) -> dict[str, Any]:
    return {**api_upcoming(ctx), "item_id": meetings_of(ctx).proposed_item.pk}


def second_item(ctx: Ctx) -> Any:
    """Set-up: the secretary put a second item on the upcoming meeting's agenda."""
    return meetings_services.agenda_item_propose(actor=ctx.world.founder,
                                                 meeting=meetings_of(ctx).upcoming,
                                                 title="Budget", kind="decision")


def on_the_agenda(ctx: Ctx) -> Any:
    """Set-up: the upcoming meeting's proposed item is on the agenda (so it can be published)."""
    return meetings_services.agenda_item_schedule(actor=ctx.world.founder,
                                                  item=meetings_of(ctx).proposed_item,
                                                  on_agenda=True)


MEETINGS_API_ROUTES: dict[str, Route] = {
    "api:list_upcoming_meetings": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:list_body_meetings": Route(api_body, (Check("get", ok=MEMBERS),)),
    "api:plan_meeting": Route(api_body, (
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=201, writes=True,
              body=lambda ctx: {"starts_at": "2031-03-01T10:00:00+01:00"}),
    )),
    "api:plan_meeting_series": Route(api_body, (
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, ok_status=201, writes=True,
              body=lambda ctx: {"frequency": "weekly", "occurrences": 2,
                                "first_starts_at": "2031-03-01T10:00:00+01:00"}),
    )),
    "api:get_body_meeting_overview": Route(api_body, (Check("get", ok=MEMBERS),)),
    "api:get_meeting": Route(api_upcoming, (Check("get", ok=MEMBERS),)),
    "api:update_meeting": Route(api_upcoming, (
        Check("put", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True,
              body=lambda ctx: {"starts_at": "2031-04-01T10:00:00+02:00", "version": 1}),
    )),
    "api:cancel_meeting": Route(api_upcoming, (
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True,
              body=lambda ctx: {"version": 1}),
    )),
    "api:list_agenda_items": Route(api_upcoming, (Check("get", ok=MEMBERS),)),
    "api:propose_agenda_item": Route(api_upcoming, (
        Check("post", ok=BODY_MEMBERS, forbidden=NOT_MEMBERS, ok_status=201, writes=True,
              body=lambda ctx: {"title": "Caseload", "kind": "decision",
                                "time_box_minutes": 15}),
    )),
    # professional_a proposed the item: they may change it, as may the organisers.
    "api:update_agenda_item": Route(api_proposed_item, (
        Check("put", ok=BODY_MEMBERS, forbidden=NOT_MEMBERS, writes=True,
              body=lambda ctx: {"title": "Data quality in 2031", "version": 1}),
    )),
    "api:schedule_agenda_item": Route(api_proposed_item, (
        Check("put", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True,
              body=lambda ctx: {"status": "on_agenda"}),
    )),
    "api:order_agenda": Route(api_upcoming, (
        # Every item of the agenda, the other way round.
        Check("put", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True,
              body=lambda ctx: {"order": meetings_services.agenda_order_of(
                  meetings_of(ctx).upcoming)[::-1]}),
    ), setup=second_item),
    "api:publish_agenda": Route(api_upcoming, (
        Check("post", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True),
    ), setup=on_the_agenda),
    "api:get_attendance": Route(api_past, (Check("get", ok=MEMBERS),)),
    "api:put_attendance": Route(
        lambda ctx: {**api_past(ctx), "seat_id": meetings_of(ctx).seat_b.pk}, (
            Check("put", ok=ORGANISERS, forbidden=NOT_ORGANISERS, writes=True,
                  body=lambda ctx: {"status": "absent_with_notice"}),
        )),
}
