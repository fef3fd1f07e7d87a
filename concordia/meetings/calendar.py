"""Meetings as iCalendar (RFC 5545): one meeting's ``.ics`` and a person's calendar feed.

Pure over plain values (``CalendarEvent``): no ORM, no request. The selectors decide what a
reader may see (never a confidential agenda item in a feed); this module only writes it down.

- Every meeting keeps one UID for ever (``meeting-<pk>@<site domain>``); each change or
  cancellation raises its SEQUENCE (the meetings services do that), so a calendar that has the
  event replaces it.
- Concordia publishes calendars; it does not send iTIP invitations (a METHOD:CANCEL message
  needs an organiser's mailbox and the attendees). A meeting's file is METHOD:PUBLISH, stamped
  (DTSTAMP) when it is made; the feed has no METHOD, so its DTSTAMP is the meeting's last
  revision (RFC 5545 §3.8.7.2) and an unchanged feed reads the same on every poll. A cancelled
  meeting is published with STATUS:CANCELLED and its higher SEQUENCE, and stays in the feed so
  that subscribed calendars see the cancellation.
- Times are local to Europe/Amsterdam with a VTIMEZONE generated from the zoneinfo database:
  the transitions found to the second, each DTSTART written in the offset it changes *from*
  (RFC 5545 §3.6.5), a yearly RRULE where the transitions follow one.
"""

import calendar as month_calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .choices import MeetingStatus
from .models import AgendaItem, Meeting

PRODID = "-//Concordia//Meetings//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting as a calendar shows it."""

    uid: str
    starts_at: dt.datetime  # aware
    duration: dt.timedelta
    summary: str
    location: str
    description: str
    sequence: int
    cancelled: bool
    modified_at: dt.datetime  # aware: DTSTAMP and LAST-MODIFIED


def meeting_uid(meeting_pk: int, site_url: str) -> str:
    """The meeting's UID: the same in every file and feed, whatever changes."""
    domain = urlsplit(site_url).hostname or "localhost"
    return f"meeting-{meeting_pk}@{domain}"


def agenda_text(items: Sequence[AgendaItem]) -> str:
    """The agenda as plain text for a calendar's description: one numbered line per item."""
    if not items:
        return ""
    lines = [_("Agenda")]
    for number, item in enumerate(items, start=1):
        line = f"{number}. {item.title} ({item.get_kind_display()}"
        if item.time_box_minutes:
            line += ", " + _("%(minutes)d min") % {"minutes": item.time_box_minutes}
        lines.append(line + ")")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, items: Sequence[AgendaItem], *,
                  site_url: str) -> CalendarEvent:
    """A meeting (with the agenda items its reader may see) as a calendar event. Reads only
    what the caller loaded: the meeting's body and the items given."""
    summary = f"{meeting.body.name}: {meeting.title}" if meeting.title else meeting.body.name
    return CalendarEvent(
        uid=meeting_uid(meeting.pk, site_url), starts_at=meeting.starts_at,
        duration=dt.timedelta(minutes=meeting.duration_minutes), summary=summary,
        location=meeting.location, description=agenda_text(items),
        sequence=meeting.sequence, cancelled=meeting.status == MeetingStatus.CANCELLED,
        modified_at=meeting.updated_at)


# --- the time zone ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    onset: dt.datetime  # naive: the wall-clock time in the offset it changes from
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool


def _offset(zone: ZoneInfo, seconds: int) -> dt.timedelta:
    # astimezone() leaves a ZoneInfo-aware datetime, whose offset is always known.
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).astimezone(zone).utcoffset() \
        or dt.timedelta(0)


def transitions(zone: ZoneInfo, first: dt.date, last: dt.date) -> list[Transition]:
    """Every change of the zone's UTC offset from ``first`` to ``last``, found to the second."""
    start = int(dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime.combine(last, dt.time(), tzinfo=dt.UTC).timestamp())
    day = 86_400
    found: list[Transition] = []
    t = start
    before = _offset(zone, t)
    while t < end:
        after = _offset(zone, t + day)
        if after != before:
            low, high = t, t + day  # offset(low) == before, offset(high) != before
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            moment = dt.datetime.fromtimestamp(high, tz=dt.UTC).astimezone(zone)
            onset = dt.datetime.fromtimestamp(high, tz=dt.UTC).replace(tzinfo=None) + before
            found.append(Transition(onset=onset, offset_from=before, offset_to=after,
                                    name=moment.tzname() or "",
                                    daylight=bool(moment.dst())))
            before = after
        t += day
    return found


def yearly_rule(onsets: Sequence[dt.datetime]) -> dict[str, object] | None:
    """The RRULE (FREQ=YEARLY) that yields exactly these onsets, one per year, when there is
    one: the same month, weekday and time, the same n-th (or last) weekday of the month."""
    if len(onsets) < 2:
        return None
    first = onsets[0]
    years = [o.year for o in onsets]
    if years != list(range(years[0], years[0] + len(onsets))):
        return None
    if any((o.month, o.weekday(), o.time()) != (first.month, first.weekday(), first.time())
           for o in onsets):
        return None
    weekday = WEEKDAYS[first.weekday()]
    if all(o.day + 7 > month_calendar.monthrange(o.year, o.month)[1] for o in onsets):
        return {"freq": "yearly", "bymonth": first.month, "byday": f"-1{weekday}"}
    nth = (first.day - 1) // 7 + 1
    if nth <= 4 and all((o.day - 1) // 7 + 1 == nth for o in onsets):
        return {"freq": "yearly", "bymonth": first.month, "byday": f"{nth}{weekday}"}
    return None


def vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """A VTIMEZONE for ``tzid`` valid from ``first`` to ``last``, generated from zoneinfo: one
    STANDARD or DAYLIGHT observance per kind of transition, ruled by a yearly RRULE where the
    transitions follow one and listed by RDATE where they do not."""
    zone = ZoneInfo(tzid)
    # A year on either side: every moment in the window follows some observance's onset.
    window_start, window_end = dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 1, 1)
    found = transitions(zone, window_start, window_end)
    timezone = Timezone()
    timezone.add("tzid", tzid)
    if not found:
        offset = _offset(zone, int(dt.datetime.combine(first, dt.time(),
                                                       tzinfo=dt.UTC).timestamp()))
        standard = TimezoneStandard()
        standard.add("dtstart", dt.datetime.combine(window_start, dt.time()))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        timezone.add_component(standard)
        return timezone
    groups: dict[tuple[bool, dt.timedelta, dt.timedelta, str], list[dt.datetime]] = {}
    for transition in found:
        key = (transition.daylight, transition.offset_from, transition.offset_to,
               transition.name)
        groups.setdefault(key, []).append(transition.onset)
    for (daylight, offset_from, offset_to, name), onsets in sorted(
            groups.items(), key=lambda item: item[1][0]):
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        rule = yearly_rule(onsets)
        if rule is not None:
            observance.add("rrule", rule)
        elif len(onsets) > 1:
            observance.add("rdate", onsets[1:])
        if name:
            observance.add("tzname", name)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        timezone.add_component(observance)
    return timezone


# --- the calendar -----------------------------------------------------------------------------

def calendar_ics(events: Sequence[CalendarEvent], *, name: str, tzid: str, today: dt.date,
                 published_at: dt.datetime | None = None) -> bytes:
    """The VCALENDAR of ``events``, times in ``tzid`` with its VTIMEZONE. With
    ``published_at``: a publication (METHOD:PUBLISH) stamped then; without: a feed, each event
    stamped with its last revision."""
    zone = ZoneInfo(tzid)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if published_at is not None:
        cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tzid)
    dates = [e.starts_at.astimezone(zone).date() for e in events] or [today]
    cal.add_component(vtimezone(tzid, min(dates), max(dates)))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", (published_at or item.modified_at).astimezone(dt.UTC))
        event.add("last-modified", item.modified_at.astimezone(dt.UTC))
        start = item.starts_at.astimezone(zone)
        event.add("dtstart", start)
        event.add("dtend", (item.starts_at + item.duration).astimezone(zone))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics
