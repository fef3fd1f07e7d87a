"""Every read of the minutes: a meeting's minutes as the reader may see them. The wider circle
(anyone who may not read the body's confidential items) never gets a confidential item's title,
note or corrections; drafts that were never circulated are read by the organisers only."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.alliances.models import Alliance

from . import minutes_rules as rules
from .choices import CorrectionStatus, ItemStatus, MeetingStatus, MinutesStatus
from .models import AgendaItem, Correction, Meeting, Minutes, MinutesVersion


def meeting_get(*, user: Any, alliance: Alliance, pk: int) -> Meeting:
    """A meeting of one of the alliance's bodies, if the person may see the body; else 404."""
    policy.alliance_or_404(user, alliance.pk)
    meeting = (Meeting.objects.select_related("body", "chair_person", "chair_partner__organisation")
               .filter(pk=pk, body__alliance=alliance).first())
    if meeting is None or not policy.can_in_body(user, "body.view", meeting.body):
        raise Http404
    return meeting


def _items(meeting: Meeting, may_read_confidential: bool) -> QuerySet[AgendaItem]:
    items = (AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ON_AGENDA)
             .select_related("owner").order_by("position", "pk"))
    if not may_read_confidential:
        items = items.filter(confidential=False)
    return items


def approval_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same body in which these minutes may be approved (the next one that
    is not cancelled and has started), or None yet."""
    now = timezone.now()
    later = list(Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at,
                                        starts_at__lte=now)
                 .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at", "pk")[:1])
    found = rules.approval_meeting(
        meeting.starts_at,
        [rules.LaterMeeting(m.pk, m.starts_at, m.status == MeetingStatus.CANCELLED)
         for m in later], now)
    return later[0] if found is not None else None


@dataclass
class ItemNote:
    item: AgendaItem
    note: str
    actions: list[Any] = field(default_factory=list)


@dataclass
class MinutesView:
    """The minutes of one meeting as this reader may see them."""

    meeting: Meeting
    minutes: Minutes | None
    version: MinutesVersion | None  # the one shown (the newest, or the one asked for)
    numbers: list[int]  # every version the reader may open
    items: list[ItemNote]
    corrections: list[Correction]
    may_organise: bool
    may_read_confidential: bool
    may_correct: bool
    corrections_open: bool
    present: bool

    @property
    def readable(self) -> bool:
        return self.version is not None

    @property
    def approved(self) -> bool:
        return self.minutes is not None and self.minutes.status == MinutesStatus.APPROVED

    @property
    def open_corrections(self) -> list[Correction]:
        return [c for c in self.corrections if c.status == CorrectionStatus.OPEN]


def minutes_read(*, user: Any, meeting: Meeting, number: int | None = None,
                 with_actions: bool = False) -> MinutesView:
    """The minutes of a visible meeting (``meeting_get`` first), at version ``number`` (the
    newest when None; a number that does not exist is 404). Queries do not grow with the
    agenda: items, notes, corrections and (optionally) the items' actions come in one query
    each."""
    body = meeting.body
    may_organise = policy.can_in_body(user, "body.organise", body)
    may_read_confidential = policy.can_in_body(user, "body.read_confidential", body)
    minutes = Minutes.objects.select_related("approved_in", "approved_by").filter(
        meeting=meeting).first()
    readable = minutes is not None and (minutes.status != MinutesStatus.DRAFT or may_organise)
    version = None
    numbers: list[int] = []
    if minutes is not None and readable:
        numbers = list(minutes.versions.order_by("number").values_list("number", flat=True))
        wanted = minutes.version if number is None else number
        version = (MinutesVersion.objects.select_related("written_by")
                   .filter(minutes=minutes, number=wanted).first())
    if number is not None and version is None:
        raise Http404
    items_qs = _items(meeting, may_read_confidential)
    if with_actions:
        # The actions app sits above meetings: its rows come through the reverse relation.
        items_qs = items_qs.prefetch_related("actions", "actions__owner_person",
                                             "actions__owner_partner__organisation")
    confidential = set()
    items = []
    for item in items_qs:
        if item.confidential:
            confidential.add(item.pk)
        items.append(item)
    notes = rules.wider_circle_notes(version.notes if version else {}, confidential,
                                     may_read_confidential)
    rows = [ItemNote(item, notes.get(str(item.pk), ""),
                     list(item.actions.all()) if with_actions else []) for item in items]
    corrections: list[Correction] = []
    if minutes is not None and readable:
        corrections_qs = (Correction.objects.filter(minutes=minutes)
                          .select_related("proposed_by", "resolved_by", "agenda_item"))
        if not may_read_confidential:
            corrections_qs = corrections_qs.exclude(agenda_item__confidential=True)
        corrections = list(corrections_qs)
    present = policy.present_at(user, meeting)
    is_open = minutes is not None and rules.corrections_open(
        minutes.status, minutes.corrections_until, timezone.localdate())
    return MinutesView(
        meeting=meeting, minutes=minutes, version=version, numbers=numbers, items=rows,
        corrections=corrections, may_organise=may_organise,
        may_read_confidential=may_read_confidential,
        may_correct=policy.can_correct_minutes(user, meeting), corrections_open=is_open,
        present=present)


def minutes_get(*, user: Any, meeting: Meeting) -> Minutes:
    """The minutes of a visible meeting (``meeting_get`` first); 404 while there are none, and
    for drafts never circulated unless the person organises the body."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or (minutes.status == MinutesStatus.DRAFT
                           and not policy.can_in_body(user, "body.organise", meeting.body)):
        raise Http404
    return minutes


def versions_of(minutes: Minutes) -> list[MinutesVersion]:
    """Every version of readable minutes (``minutes_get`` first), oldest first."""
    return list(MinutesVersion.objects.filter(minutes=minutes).order_by("number"))


def correction_list(*, user: Any, minutes: Minutes) -> QuerySet[Correction]:
    """The corrections of readable minutes (``minutes_get`` first) the person may see."""
    corrections = Correction.objects.filter(minutes=minutes).order_by("proposed_at", "pk")
    if not policy.can_in_body(user, "body.read_confidential", minutes.meeting.body):
        corrections = corrections.exclude(agenda_item__confidential=True)
    return corrections


def correction_get(*, user: Any, meeting: Meeting, pk: int) -> Correction:
    """A correction to the meeting's minutes the reader may see; else 404."""
    view_confidential = policy.can_in_body(user, "body.read_confidential", meeting.body)
    correction = (Correction.objects.select_related("minutes", "agenda_item", "proposed_by")
                  .filter(pk=pk, minutes__meeting=meeting).first())
    if correction is None or (correction.agenda_item is not None
                              and not rules.visible_item(correction.agenda_item.confidential,
                                                         view_confidential)):
        raise Http404
    if (correction.minutes.status == MinutesStatus.DRAFT
            and not policy.can_in_body(user, "body.organise", meeting.body)):
        raise Http404
    return correction


def agenda_items(*, user: Any, meeting: Meeting) -> list[AgendaItem]:
    """The items on the meeting's agenda the reader may see (for forms)."""
    return list(_items(meeting, policy.can_in_body(user, "body.read_confidential",
                                                   meeting.body)))
