"""Every read of bodies' meetings, agendas and attendance, scoped through the access policy.
Another alliance's body or meeting is a 404; a confidential item is, for anyone but the body's
members, not there at all. A fixed number of queries, whatever the number of rows."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Document, Membership, Partner
from concordia.bodies.models import Body, Seat

from . import rules
from .choices import ItemStatus, MeetingStatus, MinutesStatus
from .models import AgendaItem, Attendance, Meeting, Minutes

# The absence flags look back this many meetings with attendance (a longer run still counts
# as this long).
FLAG_WINDOW = 24
PAST_SHOWN = 10
# A meeting counts as upcoming until it has ended (a long meeting is still "today").
UPCOMING_GRACE = dt.timedelta(hours=12)


def rotation_order(body: Body) -> list[int]:
    """The body's rotation; without one, its seated partners in the order of their seats."""
    if body.rotation:
        return [int(p) for p in body.rotation if isinstance(p, int)]
    return list(dict.fromkeys(Seat.objects.filter(body=body, removed_at__isnull=True)
                              .order_by("partner__organisation__name", "position", "pk")
                              .values_list("partner_id", flat=True)))


def attendance_seats(meeting: Meeting) -> list[Seat]:
    """The seats whose attendance a meeting records: the body's live seats, and any seat
    already recorded (removed since)."""
    recorded = Attendance.objects.filter(meeting=meeting).values("seat_id")
    return list(Seat.objects.filter(Q(removed_at__isnull=True) | Q(pk__in=recorded),
                                    body_id=meeting.body_id)
                .select_related("partner__organisation", "holder", "substitute")
                .order_by("partner__organisation__name", "position", "pk"))


def body_get(*, user: Any, alliance: Alliance, pk: int) -> Body:
    policy.alliance_or_404(user, alliance.pk)
    body = (Body.objects.filter(alliance=alliance, pk=pk)
            .select_related("alliance", "chair_person", "secretary").first())
    if body is None:
        raise Http404
    return body


def body_list(*, user: Any, alliance: Alliance) -> list[Body]:
    """The alliance's bodies that still meet, by name."""
    policy.alliance_or_404(user, alliance.pk)
    return list(Body.objects.filter(alliance=alliance, archived_at__isnull=True)
                .order_by("name", "pk"))


def _meetings(alliance: Alliance) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(body__alliance=alliance)
            .select_related("body", "chair_partner__organisation", "chair_person"))


def meeting_get(*, user: Any, alliance: Alliance, pk: int) -> Meeting:
    policy.alliance_or_404(user, alliance.pk)
    meeting = _meetings(alliance).select_related("body__alliance", "series").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def upcoming_meetings(*, user: Any, alliance: Alliance, body: Body | None = None
                      ) -> QuerySet[Meeting]:
    """Planned meetings that have not ended yet, soonest first (all bodies, or one)."""
    policy.alliance_or_404(user, alliance.pk)
    meetings = _meetings(alliance).filter(status=MeetingStatus.PLANNED,
                                          starts_at__gte=timezone.now() - UPCOMING_GRACE)
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.order_by("starts_at", "pk")


def body_meetings(*, user: Any, body: Body) -> QuerySet[Meeting]:
    """All meetings of a body, newest first (the API's list)."""
    policy.alliance_or_404(user, body.alliance_id)
    return (Meeting.objects.filter(body=body)
            .select_related("body", "chair_partner__organisation", "chair_person")
            .order_by("-starts_at", "-pk"))


def past_meetings(*, user: Any, body: Body, limit: int = PAST_SHOWN) -> list[Meeting]:
    policy.alliance_or_404(user, body.alliance_id)
    return list(Meeting.objects.filter(body=body, starts_at__lt=timezone.now() - UPCOMING_GRACE)
                .select_related("chair_partner__organisation", "chair_person")
                .order_by("-starts_at", "-pk")[:limit])


def _visible_items(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    items = AgendaItem.objects.filter(meeting=meeting)
    if not policy.can_in_body(user, "body.read_confidential", meeting.body):
        items = items.filter(confidential=False)
    return items


def agenda_items(*, user: Any, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items the person may see, in agenda order (withdrawn ones last), each with
    only the attached documents the person may read."""
    policy.alliance_or_404(user, meeting.body.alliance_id)
    docs = policy.documents_visible_to(user, meeting.body.alliance).order_by("title", "pk")
    items: list[AgendaItem] = list(_visible_items(user, meeting)
                 .select_related("owner", "proposed_by")
                 .prefetch_related(Prefetch("documents", queryset=docs,
                                            to_attr="visible_documents"))
                 .order_by("position", "pk"))
    return ([i for i in items if i.status != ItemStatus.WITHDRAWN]
            + [i for i in items if i.status == ItemStatus.WITHDRAWN])


def agenda_item_get(*, user: Any, meeting: Meeting, pk: int) -> AgendaItem:
    """One item; a confidential one is a 404 for anyone but the body's members."""
    policy.alliance_or_404(user, meeting.body.alliance_id)
    docs = policy.documents_visible_to(user, meeting.body.alliance).order_by("title", "pk")
    item = (_visible_items(user, meeting).filter(pk=pk)
            .select_related("meeting__body", "owner", "proposed_by")
            .prefetch_related(Prefetch("documents", queryset=docs, to_attr="visible_documents"))
            .first())
    if item is None:
        raise Http404
    return item


def documents_to_attach(*, user: Any, alliance: Alliance) -> list[Document]:
    return list(policy.documents_visible_to(user, alliance).order_by("title", "pk"))


def owner_options(*, user: Any, alliance: Alliance) -> list[Person]:
    """People with a live role in the alliance, by name: who may own an item."""
    policy.alliance_or_404(user, alliance.pk)
    live = Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
    return list(Person.objects.filter(pk__in=live.values("person_id"))
                .order_by("full_name", "pk"))


# --- attendance -------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    """One seat at one meeting: who holds it, and what was recorded."""

    seat: Seat
    record: Attendance | None
    replacement_options: list[Any] = field(default_factory=list)

    @property
    def against_rule(self) -> bool:
        return self.record is not None and rules.replacement_against_rule(
            status=self.record.status,
            substitutes_may_attend=self.seat.body.substitutes_may_attend)


def attendance_rows(*, user: Any, meeting: Meeting) -> list[AttendanceRow]:
    """Every seat of the meeting's body with its record, and the people who could replace its
    holder (the substitute first, then the partner's other people with a live role)."""
    policy.alliance_or_404(user, meeting.body.alliance_id)
    seats = attendance_seats(meeting)
    records = {a.seat_id: a for a in Attendance.objects.filter(meeting=meeting)
               .select_related("holder", "replaced_by")}
    people: dict[int, list[Any]] = defaultdict(list)
    for m in (Membership.objects.filter(policy.live_membership_q(),
                                        partner_id__in={s.partner_id for s in seats})
              .select_related("person").order_by("person__full_name", "person_id")):
        if m.partner_id is not None and all(p.pk != m.person_id for p in people[m.partner_id]):
            people[m.partner_id].append(m.person)
    rows = []
    for seat in seats:
        seat.body = meeting.body
        options = [p for p in people[seat.partner_id] if p.pk != seat.holder_id]
        if seat.substitute is not None:
            options = [seat.substitute] + [p for p in options if p.pk != seat.substitute_id]
        rows.append(AttendanceRow(seat, records.get(seat.pk), options))
    return rows


# --- the body's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagRow:
    """A flagged partner, by name."""

    partner_name: str
    flag: rules.AbsenceFlag


def absence_flags(*, user: Any, body: Body) -> list[FlagRow]:
    """Partners that missed the body's latest meetings in a row (see rules.absence_flags)."""
    policy.alliance_or_404(user, body.alliance_id)
    recent = list(Meeting.objects.filter(body=body, status=MeetingStatus.PLANNED,
                                         attendance__isnull=False)
                  .distinct().order_by("-starts_at", "-pk")
                  .values_list("pk", flat=True)[:FLAG_WINDOW])
    by_meeting: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    starts: dict[int, dt.datetime] = {}
    names: dict[int, str] = {}
    for meeting_id, starts_at, partner_id, name, status in (
            Attendance.objects.filter(meeting_id__in=recent)
            .values_list("meeting_id", "meeting__starts_at", "seat__partner_id",
                         "seat__partner__organisation__name", "status")):
        by_meeting[meeting_id][partner_id].append(status)
        starts[meeting_id] = starts_at
        names[partner_id] = name
    history: dict[int, list[str]] = defaultdict(list)
    for meeting_id in sorted(by_meeting, key=lambda m: (starts[m], m)):
        for partner_id, statuses in by_meeting[meeting_id].items():
            history[partner_id].append(rules.partner_status(statuses))
    return [FlagRow(names[f.partner], f) for f in rules.absence_flags(history)]


@dataclass
class BodyPage:
    body: Body
    seats: list[Seat]
    rotation: list[Any]
    upcoming: list[Meeting]
    past: list[Meeting]
    flags: list[FlagRow]


def body_page(*, user: Any, body: Body, upcoming_limit: int = 20) -> BodyPage:
    """What the body's page shows: mandate, seats, the chair rule (the rotation in order),
    the next meetings with their chair, the latest past ones and the absence flags."""
    policy.alliance_or_404(user, body.alliance_id)
    seats = list(Seat.objects.filter(body=body, removed_at__isnull=True)
                 .select_related("partner__organisation", "holder", "substitute")
                 .order_by("partner__organisation__name", "position", "pk"))
    order = rotation_order(body)
    partners = {p.pk: p for p in Partner.objects.filter(pk__in=order)
                .select_related("organisation")}
    return BodyPage(
        body=body, seats=seats, rotation=[partners[p] for p in order if p in partners],
        upcoming=list(upcoming_meetings(user=user, alliance=body.alliance,
                                        body=body)[:upcoming_limit]),
        past=past_meetings(user=user, body=body),
        flags=absence_flags(user=user, body=body))


def minutes_approved(meeting: Meeting) -> bool:
    """Whether the meeting's minutes are approved (its files then include their PDF)."""
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()
