"""Access matrix entries: calendars and printable files of meetings, pages and API.

Every member of alliance A sees its meetings (a reader outside the body gets the version
without confidential items, tested in meetings/tests); alliance Z's meeting is 404 for all of
A. The calendar feed is read by its secret address alone: anyone holding it, no log-in."""

from typing import Any

from django.utils import timezone

from concordia.meetings import calendar_services
from concordia.meetings.choices import MinutesStatus
from concordia.meetings.models import Minutes
from concordia.testing.meetings import meetings_of
from concordia.tests.access.support import (
    ACTORS,
    MEMBERS,
    PEOPLE,
    Check,
    Ctx,
    Route,
    no_kwargs,
    to,
)


def past_meeting(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "meeting_pk": meetings_of(ctx).past.pk}


def api_past_meeting(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "meeting_id": meetings_of(ctx).past.pk}


def minutes_approved(ctx: Ctx) -> None:
    """Set-up: the past meeting's minutes are approved (the minutes PDF exists only then)."""
    minutes = meetings_of(ctx).minutes
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.APPROVED,
                                                 approved_at=timezone.now())


def feeds_for_everyone(ctx: Ctx) -> None:
    """Set-up: every person has a calendar address (so each may revoke or renew theirs), and
    the secret address of professional_a's is kept for the feed's route."""
    for actor in PEOPLE:
        person = ctx.person(actor)
        assert person is not None
        _feed, raw = calendar_services.calendar_feed_create(actor=person)
        if actor == "professional_a":
            ctx.__dict__["calendar_token"] = raw
    meetings_of(ctx)


def feed_token(ctx: Ctx) -> dict[str, Any]:
    return {"token": ctx.__dict__["calendar_token"]}


CALENDAR_PAGE_ROUTES: dict[str, Route] = {
    "meeting_ics": Route(past_meeting, (Check("get", ok=MEMBERS),)),
    "meeting_agenda_pdf": Route(past_meeting, (Check("get", ok=MEMBERS),)),
    "meeting_minutes_pdf": Route(past_meeting, (Check("get", ok=MEMBERS),),
                                 setup=minutes_approved),
    "calendar_feed_settings": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=PEOPLE, writes=True, label="create",
              body=lambda ctx: {"action": "create"}),
        Check("post", ok=PEOPLE, writes=True, label="revoke", ok_status=302,
              ok_location=to("calendar_feed_settings"),
              body=lambda ctx: {"action": "revoke"}),
    ), setup=feeds_for_everyone),
    # The secret address is the key: whoever holds it reads the feed, logged in or not.
    "calendar_feed": Route(feed_token, (Check("get", ok=frozenset(ACTORS)),),
                           setup=feeds_for_everyone),
}

CALENDAR_API_ROUTES: dict[str, Route] = {
    "api:get_meeting_calendar": Route(api_past_meeting, (
        Check("get", ok=MEMBERS, content_type="text/calendar; charset=utf-8"),)),
    "api:calendar_feed": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=PEOPLE, ok_status=201, writes=True),
        Check("delete", ok=PEOPLE, ok_status=204, writes=True),
    ), setup=feeds_for_everyone),
}
