"""Reads for calendars and printable files: a meeting with the agenda items its reader may see,
a person's live calendar address, and the meetings of a calendar feed. Every read starts from
the access policy."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person, hash_token

from .choices import ItemStatus, MinutesStatus
from .models import AgendaItem, Attendance, CalendarFeed, Meeting, MinutesVersion

# A feed lists the meetings of the past 90 days and every meeting ahead.
FEED_PAST = dt.timedelta(days=90)
FEED_TOKEN_PREFIX = "ccf"  # noqa: S105 — a public prefix, not a secret
# "ccf_" and 43 characters of URL-safe base64; anything longer names no feed.
FEED_TOKEN_MAX_LENGTH = 64


def meeting_get(*, user: Person, alliance_id: int, meeting_id: int) -> Meeting:
    """A meeting of the alliance that the person may see; otherwise 404."""
    alliance = policy.alliance_or_404(user, alliance_id)
    meeting = (Meeting.objects.select_related("body", "body__alliance")
               .filter(pk=meeting_id, body__alliance=alliance).first())
    if meeting is None or not policy.can_in_body(user, "body.view", meeting.body):
        raise Http404
    return meeting


def reads_confidential(*, user: Person, meeting: Meeting) -> bool:
    """Whether the person reads the meeting's confidential items (the body's members)."""
    return policy.can_in_body(user, "body.read_confidential", meeting.body)


def agenda_items_visible(*, user: Person, meeting: Meeting) -> list[AgendaItem]:
    """The items on the meeting's agenda, in order, less the confidential ones for a reader
    outside the body."""
    items = (AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ON_AGENDA)
             .select_related("owner").order_by("position", "pk"))
    if not reads_confidential(user=user, meeting=meeting):
        items = items.filter(confidential=False)
    return list(items)


def approved_minutes_version(*, meeting: Meeting) -> MinutesVersion:
    """The latest version of the meeting's approved minutes; 404 while they are not approved.
    (The meeting itself was read through ``meeting_get``.)"""
    version = (MinutesVersion.objects.select_related("minutes", "minutes__approved_in")
               .filter(minutes__meeting=meeting, minutes__status=MinutesStatus.APPROVED)
               .order_by("-number").first())
    if version is None:
        raise Http404
    return version


def calendar_feed_get(*, user: Person) -> CalendarFeed | None:
    """The person's live calendar address, if they made one."""
    return CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first()


def feed_person(token: str) -> Person:
    """The active person behind a live calendar address; 404 for any other token. The token is
    compared by its hash only (nothing else is stored)."""
    if (len(token) > FEED_TOKEN_MAX_LENGTH
            or not token.startswith(f"{FEED_TOKEN_PREFIX}_")
            or not token.isascii()):
        raise Http404
    feed = (CalendarFeed.objects.select_related("person")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True,
                    person__is_active=True).first())
    if feed is None:
        raise Http404
    return feed.person


def feed_meetings(*, person: Person) -> QuerySet[Meeting]:
    """Every meeting of the past 90 days and ahead of every body where the person holds a live
    seat or is the secretary, in the alliances where they have a live role; cancelled ones too
    (a calendar must learn of the cancellation). Their ``items.all()`` is the agenda, never a
    confidential item (a feed is read by a calendar program, outside Concordia)."""
    items = (AgendaItem.objects.filter(status=ItemStatus.ON_AGENDA, confidential=False)
             .order_by("position", "pk"))
    return (Meeting.objects
            .filter(body__in=policy.calendar_bodies(person),
                    starts_at__gte=timezone.now() - FEED_PAST)
            .select_related("body")
            .prefetch_related(Prefetch("items", queryset=items))
            .order_by("starts_at", "pk"))


def attendance_list(*, meeting: Meeting) -> list[Attendance]:
    """Who sat in each seat at the meeting (read after ``meeting_get``)."""
    return list(Attendance.objects.filter(meeting=meeting)
                .select_related("seat__partner__organisation", "holder", "replaced_by")
                .order_by("seat__partner__organisation__name", "seat__position", "pk"))
