"""API for calendars: a meeting as iCalendar, and the person's own secret calendar address
(GET its state, POST a new one — its URL is in that answer only —, DELETE to revoke it). The
feed itself is read at its secret address, outside the API (calendar programs do not send
tokens). Same services and selectors as the pages."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id

from . import calendar_selectors as selectors
from . import calendar_services as services
from .calendar_views import ICS_CONTENT_TYPE, meeting_ics_body

router = Router()

ICS_RESPONSE = {
    "200": {
        "description": "The meeting as iCalendar (RFC 5545), with the agenda items you may see.",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    },
}


class CalendarFeedOut(Schema):
    active: bool = Field(..., description="Whether you have a live calendar address.")
    created_at: dt.datetime | None = Field(..., description="When the live address was made.")


class CalendarFeedCreatedOut(Schema):
    url: str = Field(..., description="The secret address of your calendar feed. Shown only "
                                      "in this answer; only a hash of it is kept.")
    created_at: dt.datetime


@router.get("/alliances/{alliance_id}/meetings/{meeting_id}/calendar",
            summary="A meeting as iCalendar (.ics)", url_name="get_meeting_calendar",
            openapi_extra={"responses": ICS_RESPONSE})
def get_meeting_calendar(request: AuthenticatedHttpRequest, alliance_id: Id,
                         meeting_id: Id) -> HttpResponse:
    response = HttpResponse(meeting_ics_body(request, alliance_id, meeting_id),
                            content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting_id}.ics"'
    return response


@router.get("/me/calendar-feed", response=CalendarFeedOut, url_name="calendar_feed",
            summary="Whether you have a calendar address")
def get_calendar_feed(request: AuthenticatedHttpRequest) -> CalendarFeedOut:
    feed = selectors.calendar_feed_get(user=request.user)
    return CalendarFeedOut(active=feed is not None,
                           created_at=feed.created_at if feed is not None else None)


@router.post("/me/calendar-feed", response={201: CalendarFeedCreatedOut}, url_name="calendar_feed",
             summary="Make a new calendar address (the old one stops working)")
def create_calendar_feed(request: AuthenticatedHttpRequest) -> Status[CalendarFeedCreatedOut]:
    feed, raw = services.calendar_feed_create(actor=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": raw}))
    return Status(201, CalendarFeedCreatedOut(url=url, created_at=feed.created_at))


@router.delete("/me/calendar-feed", response={204: None}, url_name="calendar_feed",
               summary="Revoke your calendar address")
def revoke_calendar_feed(request: AuthenticatedHttpRequest) -> Status[None]:
    if selectors.calendar_feed_get(user=request.user) is None:
        raise Http404
    services.calendar_feed_revoke(actor=request.user)
    return Status(204, None)
