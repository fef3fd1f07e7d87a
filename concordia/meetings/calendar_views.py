"""Calendars and printable files of meetings: a meeting's .ics, its agenda and approved
minutes as PDF, and each person's secret calendar feed (the page to manage it, and the feed)."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.errors import DomainError

from . import calendar_selectors as selectors
from . import calendar_services as services
from . import pdf
from .calendar import calendar_ics, meeting_event

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics_body(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> bytes:
    """One meeting as iCalendar, with the agenda items the person may see (shared by the page
    route and the API)."""
    meeting = selectors.meeting_get(user=request.user, alliance_id=pk, meeting_id=meeting_pk)
    items = selectors.agenda_items_visible(user=request.user, meeting=meeting)
    event = meeting_event(meeting, items, site_url=settings.SITE_URL)
    return calendar_ics([event], name=event.summary, tzid=settings.TIME_ZONE,
                        today=timezone.localdate(), published_at=timezone.now())


@login_required
def meeting_ics(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return ics_response(meeting_ics_body(request, pk, meeting_pk),
                        filename=f"meeting-{meeting_pk}.ics")


@login_required
def meeting_agenda_pdf(request: AuthenticatedHttpRequest, pk: int,
                       meeting_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, alliance_id=pk, meeting_id=meeting_pk)
    return pdf.pdf_response(request, "meetings/pdf_agenda.html",
                            pdf.agenda_context(user=request.user, meeting=meeting),
                            filename=f"agenda-{meeting.starts_at:%Y-%m-%d}-{meeting.pk}.pdf")


@login_required
def meeting_minutes_pdf(request: AuthenticatedHttpRequest, pk: int,
                        meeting_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, alliance_id=pk, meeting_id=meeting_pk)
    return pdf.pdf_response(request, "meetings/pdf_minutes.html",
                            pdf.minutes_context(user=request.user, meeting=meeting),
                            filename=f"minutes-{meeting.starts_at:%Y-%m-%d}-{meeting.pk}.pdf")


def feed_url(request: HttpRequest, raw: str) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": raw}))


@login_required
def calendar_feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make, renew or revoke the secret address of the person's calendar feed. A new address
    is shown once, on the answer to the request that made it."""
    new_url = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "create":
        _feed, raw = services.calendar_feed_create(actor=request.user)
        new_url = feed_url(request, raw)
    elif action == "revoke":
        try:
            services.calendar_feed_revoke(actor=request.user)
            messages.success(request, _("Your calendar address was revoked."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("calendar_feed_settings")
    feed = selectors.calendar_feed_get(user=request.user)
    return render(request, "meetings/calendar_feed.html", {"feed": feed, "feed_url": new_url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings as iCalendar, by the secret address alone (calendar programs do
    not log in). Unknown, revoked or a deactivated person's address: 404. Calendar programs
    poll: the same feed again is answered 304 to its ETag."""
    person = selectors.feed_person(token)
    with translation.override(person.language):
        events = [meeting_event(meeting, list(meeting.items.all()), site_url=settings.SITE_URL)
                  for meeting in selectors.feed_meetings(person=person)]
        body = calendar_ics(events, name=_("Meetings in Concordia"), tzid=settings.TIME_ZONE,
                            today=timezone.localdate())
    response = ics_response(body, filename="concordia-meetings.ics")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    etag = quote_etag(hashlib.sha256(body).hexdigest())
    response["ETag"] = etag
    # With a response given, it answers that response or a 304, never None.
    return get_conditional_response(request, etag=etag, response=response) or response
