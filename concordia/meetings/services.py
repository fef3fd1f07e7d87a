"""Every write on meetings of a body: planning one meeting or a series (with the rotating chair
assigned by the rule), changing and cancelling it, the agenda (proposals, scheduling, order,
publication) and attendance per seat. Atomic: the alliance lock first, then the policy, and the
journal in the same transaction. Those invited are told through notifications."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Document, Membership
from concordia.bodies.choices import ChairRule
from concordia.bodies.models import Body, Seat
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import Frequency, ItemKind, ItemStatus, MeetingStatus
from .models import AgendaItem, Attendance, Meeting, MeetingSeries
from .selectors import attendance_seats, rotation_order

TITLE_MAX = 200
LOCATION_MAX = 200
DESCRIPTION_MAX = 4000
DURATION_MIN, DURATION_MAX = 5, 720
TIME_BOX_MAX = 600
DOCUMENTS_MAX = 20


# --- shared checks ----------------------------------------------------------------------------


def _enter(actor: Person, body: Body, action: str) -> None:
    """The alliance lock first (one lock order), then the person's right in the body."""
    alliance_lock(body.alliance_id, actor=actor)
    policy.require_in_body(actor, action, body)


def _live_body(body: Body) -> None:
    if body.archived_at is not None:
        raise DomainError(_("This body is archived: it meets no more."), field="body")


def _locked_meeting(meeting: Meeting) -> Meeting:
    return (Meeting.objects.select_for_update(of=("self",), no_key=True)
            .select_related("body").get(pk=meeting.pk))


def _planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_("This meeting is cancelled."), field="meeting", code="cancelled")


def _stale() -> Conflict:
    return Conflict(_("Someone else changed this in the meantime. Reload and try again."),
                    code="stale")


def _text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(_("Keep it under %(n)d characters.") % {"n": limit}, field=field)
    return value


def _when(starts_at: dt.datetime, field: str = "starts_at") -> dt.datetime:
    if timezone.is_naive(starts_at):
        raise DomainError(_("Give the time with its time zone."), field=field)
    return starts_at.replace(microsecond=0)


def _duration(minutes: int) -> int:
    if not DURATION_MIN <= minutes <= DURATION_MAX:
        raise DomainError(_("A meeting lasts between %(low)d and %(high)d minutes.")
                          % {"low": DURATION_MIN, "high": DURATION_MAX},
                          field="duration_minutes")
    return minutes


def _no_other_meeting_then(body: Body, starts: Iterable[dt.datetime], field: str) -> None:
    taken = set(Meeting.objects.filter(body=body, status=MeetingStatus.PLANNED,
                                       starts_at__in=list(starts))
                .values_list("starts_at", flat=True))
    if taken:
        first = timezone.localtime(min(taken))
        raise Conflict(_("The body already meets at %(when)s.")
                       % {"when": first.strftime("%Y-%m-%d %H:%M")}, field=field,
                       code="duplicate")


def _meeting_payload(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    return {"body": meeting.body.name, "body_id": meeting.body_id,
            "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
            "title": meeting.title, "meeting_id": meeting.pk, **extra}


def _item_payload(item: AgendaItem, **extra: Any) -> dict[str, Any]:
    # The journal is read by every member of the alliance: a confidential item's title and
    # text stay out of it.
    title = rules.journal_item_name(title=item.title, position=item.position,
                                    confidential=item.confidential)
    return _meeting_payload(item.meeting, item=title, item_id=item.pk,
                            confidential=item.confidential, **extra)


def meeting_label(meeting: Meeting) -> str:
    """How a meeting is named in notifications: the body, and its title or date."""
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    return f"{meeting.body.name}: {meeting.title or when}" + (
        f" ({when})" if meeting.title else "")


def body_member_people(body: Body) -> list[Person]:
    """Who is invited to the body's meetings: the holders and substitutes of its live seats,
    its secretary and its fixed chair, while they have a live role in the alliance."""
    seats = Seat.objects.filter(body=body, removed_at__isnull=True)
    ids = {pk for pair in seats.values_list("holder_id", "substitute_id") for pk in pair if pk}
    ids |= {pk for pk in (body.secretary_id, body.chair_person_id) if pk}
    live = Membership.objects.filter(policy.live_membership_q(), alliance_id=body.alliance_id,
                                     person_id__in=ids).values("person_id")
    return list(Person.objects.filter(pk__in=live).order_by("pk"))


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"pk": meeting.body.alliance_id,
                                             "meeting_pk": meeting.pk})


def _seated_partners(body: Body) -> set[int]:
    return set(Seat.objects.filter(body=body, removed_at__isnull=True, holder__isnull=False)
               .values_list("partner_id", flat=True))


def _chairs(body: Body, first: dt.datetime, count: int) -> list[int | None]:
    """The chairing partners of ``count`` new meetings from ``first`` on: the rotation continues
    after the chair of the body's latest meeting before them."""
    previous = (Meeting.objects.filter(body=body, status=MeetingStatus.PLANNED,
                                       starts_at__lt=first, chair_partner__isnull=False)
                .order_by("-starts_at", "-pk").values_list("chair_partner_id", flat=True)
                .first())
    return rules.rotating_chairs(rotation_order(body), previous, count, _seated_partners(body))


def _assign_chair(meeting: Meeting, body: Body, chair_partner: int | None) -> None:
    if body.chair_rule == ChairRule.FIXED:
        meeting.chair_person_id = body.chair_person_id
        meeting.chair_partner_id = None
    else:
        meeting.chair_partner_id = chair_partner
        meeting.chair_person_id = None


# --- planning ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(*, actor: Person, body: Body, starts_at: dt.datetime,
                 duration_minutes: int = 90, title: str = "", location: str = "") -> Meeting:
    """Plan one meeting of a body (its chair or secretary). The chair comes from the body's
    rule: its fixed chair, or the next partner in the rotation. Journaled as MeetingPlanned;
    the body's members are invited."""
    _enter(actor, body, "body.organise")
    _live_body(body)
    starts_at = _when(starts_at)
    meeting = Meeting(body=body, starts_at=starts_at, duration_minutes=_duration(duration_minutes),
                      title=_text(title, TITLE_MAX, "title"),
                      location=_text(location, LOCATION_MAX, "location"))
    _no_other_meeting_then(body, [starts_at], "starts_at")
    (chair,) = _chairs(body, starts_at, 1)
    _assign_chair(meeting, body, chair)
    with conflict_on_duplicate(_("The body already meets at that time."), field="starts_at",
                               code="duplicate"):
        meeting.save()
    journal_append(alliance=body.alliance, actor=actor, kind="MeetingPlanned", subject=meeting,
                   payload=_meeting_payload(meeting, chair_partner_id=meeting.chair_partner_id,
                                            chair_person_id=meeting.chair_person_id))
    notify(people=body_member_people(body), alliance=body.alliance,
           kind=NotificationKind.MEETING_INVITED, key=f"meeting_invited:{meeting.pk}",
           params={"meeting": meeting_label(meeting)}, url=_meeting_url(meeting))
    return meeting


@transaction.atomic
def series_plan(*, actor: Person, body: Body, frequency: str, first_starts_at: dt.datetime,
                occurrences: int, duration_minutes: int = 90, title: str = "",
                location: str = "") -> MeetingSeries:
    """Plan a recurring series (weekly, monthly or quarterly; the time of day stays the same
    in Amsterdam). Each meeting is an ordinary meeting of the series, its chair assigned by the
    body's rule, the rotation continuing over the series. Journaled once as
    MeetingSeriesPlanned with every date; the body's members are invited once."""
    _enter(actor, body, "body.organise")
    _live_body(body)
    if frequency not in Frequency.values:
        raise DomainError(_("Choose weekly, monthly or quarterly."), field="frequency")
    if not 2 <= occurrences <= rules.MAX_OCCURRENCES:
        raise DomainError(_("A series has between 2 and %(n)d meetings.")
                          % {"n": rules.MAX_OCCURRENCES}, field="occurrences")
    first = _when(first_starts_at, "first_starts_at")
    duration = _duration(duration_minutes)
    title = _text(title, TITLE_MAX, "title")
    location = _text(location, LOCATION_MAX, "location")
    dates = rules.series_dates(first, frequency, occurrences)
    _no_other_meeting_then(body, dates, "first_starts_at")
    series = MeetingSeries.objects.create(body=body, frequency=frequency, first_starts_at=first,
                                          occurrences=occurrences, created_by=actor)
    meetings = []
    for starts_at, chair in zip(dates, _chairs(body, first, occurrences), strict=True):
        meeting = Meeting(body=body, series=series, starts_at=starts_at,
                          duration_minutes=duration, title=title, location=location)
        _assign_chair(meeting, body, chair)
        meetings.append(meeting)
    with conflict_on_duplicate(_("The body already meets at one of those times."),
                               field="first_starts_at", code="duplicate"):
        for meeting in meetings:
            meeting.save()
    first_meeting = meetings[0]
    journal_append(alliance=body.alliance, actor=actor, kind="MeetingSeriesPlanned",
                   subject=series, payload=_meeting_payload(
                       first_meeting, series_id=series.pk, frequency=frequency,
                       meetings=[{"meeting_id": m.pk,
                                  "starts_at": timezone.localtime(m.starts_at).isoformat(),
                                  "chair_partner_id": m.chair_partner_id,
                                  "chair_person_id": m.chair_person_id} for m in meetings]))
    label = _("%(body)s, %(n)d meetings from %(when)s") % {
        "body": body.name, "n": occurrences,
        "when": timezone.localtime(first).strftime("%Y-%m-%d %H:%M")}
    notify(people=body_member_people(body), alliance=body.alliance,
           kind=NotificationKind.MEETING_INVITED, key=f"series_invited:{series.pk}",
           params={"meeting": label}, url=_meeting_url(first_meeting))
    return series


_CALENDAR_FIELDS = ("starts_at", "duration_minutes", "title", "location")


@transaction.atomic
def meeting_change(*, actor: Person, meeting: Meeting, expected_version: int,
                   starts_at: dt.datetime, duration_minutes: int, title: str = "",
                   location: str = "") -> Meeting:
    """Move or rename a planned meeting. ``expected_version`` is the version the organiser
    saw: a stale change is refused (409). A change calendars show raises the meeting's
    SEQUENCE. Journaled as MeetingChanged with the old and new values."""
    _enter(actor, meeting.body, "body.organise")
    meeting = _locked_meeting(meeting)
    if meeting.version != expected_version:
        raise _stale()
    _planned(meeting)
    starts_at = _when(starts_at)
    new: dict[str, Any] = {"starts_at": starts_at, "duration_minutes": _duration(duration_minutes),
           "title": _text(title, TITLE_MAX, "title"),
           "location": _text(location, LOCATION_MAX, "location")}
    changed = {f: (getattr(meeting, f), v) for f, v in new.items() if getattr(meeting, f) != v}
    if not changed:
        return meeting
    if "starts_at" in changed:
        clash = Meeting.objects.filter(body=meeting.body, status=MeetingStatus.PLANNED,
                                       starts_at=starts_at).exclude(pk=meeting.pk)
        if clash.exists():
            raise Conflict(_("The body already meets at that time."), field="starts_at",
                           code="duplicate")
    for f, (_old, value) in changed.items():
        setattr(meeting, f, value)
    meeting.sequence += 1
    meeting.version += 1
    with conflict_on_duplicate(_("The body already meets at that time."), field="starts_at",
                               code="duplicate"):
        meeting.save()

    def plain(v: Any) -> Any:
        return timezone.localtime(v).isoformat() if isinstance(v, dt.datetime) else v

    journal_append(alliance=meeting.body.alliance, actor=actor, kind="MeetingChanged",
                   subject=meeting, payload=_meeting_payload(
                       meeting, sequence=meeting.sequence,
                       changes={f: [plain(o), plain(n)] for f, (o, n) in changed.items()}))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Person, meeting: Meeting, expected_version: int | None = None
                   ) -> Meeting:
    """Cancel a planned meeting: it stays (with its agenda) as cancelled, and calendars get the
    cancellation with a higher SEQUENCE. Journaled as MeetingCancelled."""
    _enter(actor, meeting.body, "body.organise")
    meeting = _locked_meeting(meeting)
    if expected_version is not None and meeting.version != expected_version:
        raise _stale()
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("This meeting is already cancelled."), code="cancelled")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["status", "sequence", "version", "updated_at"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="MeetingCancelled",
                   subject=meeting, payload=_meeting_payload(meeting, sequence=meeting.sequence))
    return meeting


# --- the agenda -------------------------------------------------------------------------------


def _owner(body: Body, owner: Person | None) -> Person | None:
    if owner is not None and not Membership.objects.filter(
            policy.live_membership_q(), alliance_id=body.alliance_id, person=owner).exists():
        raise DomainError(_("The owner must be a person with a role in this alliance."),
                          field="owner")
    return owner


def _documents(actor: Person, body: Body, documents: Sequence[Document]) -> list[Document]:
    """Only documents of the alliance the person may read can be attached."""
    wanted = {d.pk for d in documents}
    if len(wanted) > DOCUMENTS_MAX:
        raise DomainError(_("Attach at most %(n)d documents.") % {"n": DOCUMENTS_MAX},
                          field="documents")
    visible = list(policy.documents_visible_to(actor, body.alliance).filter(pk__in=wanted))
    if len(visible) != len(wanted):
        raise DomainError(_("Attach only documents of this alliance that you can read."),
                          field="documents")
    return visible


def _item_fields(kind: str, time_box_minutes: int | None) -> None:
    if kind not in ItemKind.values:
        raise DomainError(_("Choose decision, discussion or information."), field="kind")
    if time_box_minutes is not None and not 1 <= time_box_minutes <= TIME_BOX_MAX:
        raise DomainError(_("A time box is between 1 and %(n)d minutes.") % {"n": TIME_BOX_MAX},
                          field="time_box_minutes")


def _title_free(meeting: Meeting, title: str, exclude: int | None = None) -> None:
    same = AgendaItem.objects.filter(meeting=meeting, title=title).exclude(
        status=ItemStatus.WITHDRAWN)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise Conflict(_("The agenda already has an item with this title."), field="title",
                       code="duplicate")


@transaction.atomic
def agenda_item_propose(*, actor: Person, meeting: Meeting, title: str, kind: str,
                        description: str = "", owner: Person | None = None,
                        time_box_minutes: int | None = None, confidential: bool = False,
                        documents: Sequence[Document] = ()) -> AgendaItem:
    """Any member of the body proposes an item; the chair or the secretary puts it on the
    agenda (their own proposals go on it at once). A confidential item is seen only by the
    body's members, and its title stays out of the journal. Journaled as AgendaItemProposed."""
    body = meeting.body
    _enter(actor, body, "body.write")
    meeting = _locked_meeting(meeting)
    _planned(meeting)
    title = _text(title, TITLE_MAX, "title", required=True)
    description = _text(description, DESCRIPTION_MAX, "description")
    _item_fields(kind, time_box_minutes)
    _owner(body, owner)
    docs = _documents(actor, body, documents)
    _title_free(meeting, title)
    organiser = policy.can_in_body(actor, "body.organise", body)
    positions = AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True)
    item = AgendaItem(meeting=meeting, title=title, description=description, kind=kind,
                      owner=owner, time_box_minutes=time_box_minutes, confidential=confidential,
                      proposed_by=actor, position=rules.next_position(list(positions)),
                      status=ItemStatus.ON_AGENDA if organiser else ItemStatus.PROPOSED)
    with conflict_on_duplicate(_("The agenda already has an item with this title."),
                               field="title", code="duplicate"):
        item.save()
    item.documents.set(docs)
    journal_append(alliance=body.alliance, actor=actor, kind="AgendaItemProposed", subject=item,
                   payload=_item_payload(item, kind=kind, status=item.status))
    return item


@transaction.atomic
def agenda_item_refer(*, actor: Person, meeting: Meeting, title: str, kind: str,
                      description: str = "", confidential: bool = False) -> AgendaItem:
    """An item brought to a body from outside it — a bottleneck escalated to the board by
    someone who may not sit in it. The calling service has decided that the person may bring
    it (and must hold the alliance lock); here the person needs a role that may write. It is
    proposed for the body's chair or secretary to put on the agenda (on it at once when the
    person organises the body). A confidential item is seen by the body's members only.
    Journaled as AgendaItemProposed, like any proposal."""
    body = meeting.body
    alliance_lock(body.alliance_id, actor=actor)
    policy.require(actor, "alliance.write", body.alliance)
    meeting = _locked_meeting(meeting)
    _live_body(body)
    _planned(meeting)
    title = _text(title, TITLE_MAX, "title", required=True)
    description = _text(description, DESCRIPTION_MAX, "description")
    _item_fields(kind, None)
    _title_free(meeting, title)
    organiser = policy.can_in_body(actor, "body.organise", body)
    positions = AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True)
    item = AgendaItem(meeting=meeting, title=title, description=description, kind=kind,
                      confidential=confidential, proposed_by=actor,
                      position=rules.next_position(list(positions)),
                      status=ItemStatus.ON_AGENDA if organiser else ItemStatus.PROPOSED)
    with conflict_on_duplicate(_("The agenda already has an item with this title."),
                               field="title", code="duplicate"):
        item.save()
    journal_append(alliance=body.alliance, actor=actor, kind="AgendaItemProposed", subject=item,
                   payload=_item_payload(item, kind=kind, status=item.status))
    return item


def _locked_item(item: AgendaItem) -> AgendaItem:
    return (AgendaItem.objects.select_for_update(of=("self",), no_key=True)
            .select_related("meeting__body").get(pk=item.pk))


@transaction.atomic
def agenda_item_change(*, actor: Person, item: AgendaItem, expected_version: int, title: str,
                       kind: str, description: str = "", owner: Person | None = None,
                       time_box_minutes: int | None = None, confidential: bool = False,
                       documents: Sequence[Document] | None = None) -> AgendaItem:
    """Change an item: its proposer (while a member) or the body's chair or secretary. A stale
    version is refused. Attached documents the person cannot read stay attached as they were.
    Journaled as AgendaItemChanged."""
    body = item.meeting.body
    alliance_lock(body.alliance_id, actor=actor)
    item = _locked_item(item)
    organiser = policy.can_in_body(actor, "body.organise", body)
    if not (organiser or (item.proposed_by_id == actor.pk
                          and policy.can_in_body(actor, "body.write", body))):
        policy.require_in_body(actor, "body.organise", body)
    if item.version != expected_version:
        raise _stale()
    _planned(item.meeting)
    title = _text(title, TITLE_MAX, "title", required=True)
    description = _text(description, DESCRIPTION_MAX, "description")
    _item_fields(kind, time_box_minutes)
    _owner(body, owner)
    if title != item.title:
        _title_free(item.meeting, title, exclude=item.pk)
    docs = None
    if documents is not None:
        # The person replaces what they can see; what is hidden from them stays.
        visible_ids = set(policy.documents_visible_to(actor, body.alliance)
                          .values_list("pk", flat=True))
        hidden = [d for d in item.documents.all() if d.pk not in visible_ids]
        docs = _documents(actor, body, documents) + hidden
    item.title, item.description, item.kind = title, description, kind
    item.owner, item.time_box_minutes, item.confidential = owner, time_box_minutes, confidential
    item.version += 1
    with conflict_on_duplicate(_("The agenda already has an item with this title."),
                               field="title", code="duplicate"):
        item.save()
    if docs is not None:
        item.documents.set(docs)
    journal_append(alliance=body.alliance, actor=actor, kind="AgendaItemChanged", subject=item,
                   payload=_item_payload(item, kind=kind, version=item.version))
    return item


@transaction.atomic
def agenda_item_schedule(*, actor: Person, item: AgendaItem, on_agenda: bool) -> AgendaItem:
    """Put a proposed item on the agenda, or withdraw it (the chair or the secretary; the
    proposer may withdraw their own). Journaled as AgendaItemChanged with the new status."""
    body = item.meeting.body
    alliance_lock(body.alliance_id, actor=actor)
    item = _locked_item(item)
    own = item.proposed_by_id == actor.pk and policy.can_in_body(actor, "body.write", body)
    if on_agenda or not own:
        policy.require_in_body(actor, "body.organise", body)
    _planned(item.meeting)
    status = ItemStatus.ON_AGENDA if on_agenda else ItemStatus.WITHDRAWN
    if item.status == status:
        return item
    if item.status == ItemStatus.WITHDRAWN:  # back from withdrawn: at the end of the agenda
        _title_free(item.meeting, item.title, exclude=item.pk)
        item.position = rules.next_position(list(
            AgendaItem.objects.filter(meeting=item.meeting).exclude(status=ItemStatus.WITHDRAWN)
            .values_list("position", flat=True)))
    item.status = status
    item.version += 1
    with conflict_on_duplicate(_("The agenda already has an item with this title."),
                               field="title", code="duplicate"):
        item.save(update_fields=["status", "version", "position"])
    journal_append(alliance=body.alliance, actor=actor, kind="AgendaItemChanged", subject=item,
                   payload=_item_payload(item, status=status, version=item.version))
    return item


def agenda_order_of(meeting: Meeting) -> list[int]:
    """The ids of the items that are not withdrawn, in their current order."""
    return list(AgendaItem.objects.filter(meeting=meeting).exclude(status=ItemStatus.WITHDRAWN)
                .order_by("position", "pk").values_list("pk", flat=True))


@transaction.atomic
def agenda_order(*, actor: Person, meeting: Meeting, order: Sequence[int]) -> list[int]:
    """Order the agenda (the chair or the secretary): ``order`` names every item that is not
    withdrawn, each once. Journaled as AgendaOrdered."""
    _enter(actor, meeting.body, "body.organise")
    meeting = _locked_meeting(meeting)
    _planned(meeting)
    current = agenda_order_of(meeting)
    problem = rules.order_problem(set(current), list(order))
    if problem is not None:
        messages = {
            "duplicate": _("Name each item once."),
            "unknown": _("Name only items of this agenda."),
            "missing": _("Name every item of the agenda (the agenda changed? Reload)."),
        }
        raise DomainError(messages[problem], field="order", code=problem)
    if list(order) == current:
        return current
    items = {i.pk: i for i in AgendaItem.objects.filter(pk__in=order)}
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="AgendaOrdered",
                   subject=meeting, payload=_meeting_payload(meeting, order=list(order)))
    return list(order)


@transaction.atomic
def agenda_item_move(*, actor: Person, item: AgendaItem, step: int) -> list[int]:
    """Move an item one place up (-1) or down (+1): the up/down buttons of the agenda."""
    meeting = item.meeting
    alliance_lock(meeting.body.alliance_id, actor=actor)
    policy.require_in_body(actor, "body.organise", meeting.body)
    if step not in (-1, 1):
        raise DomainError(_("Move one place up or down."), field="step")
    return agenda_order(actor=actor, meeting=meeting,
                        order=rules.moved(agenda_order_of(meeting), item.pk, step))


@transaction.atomic
def agenda_publish(*, actor: Person, meeting: Meeting) -> Meeting:
    """Publish the agenda (the chair or the secretary): the body's members are told. Published
    again after changes, it tells them once more only when the meeting itself changed since.
    Journaled as AgendaPublished."""
    _enter(actor, meeting.body, "body.organise")
    meeting = _locked_meeting(meeting)
    _planned(meeting)
    on_agenda = AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ON_AGENDA).count()
    if not on_agenda:
        raise DomainError(_("Put at least one item on the agenda first."), field="agenda")
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at", "updated_at"])
    body = meeting.body
    journal_append(alliance=body.alliance, actor=actor, kind="AgendaPublished", subject=meeting,
                   payload=_meeting_payload(meeting, items=on_agenda))
    notify(people=body_member_people(body), alliance=body.alliance,
           kind=NotificationKind.AGENDA_PUBLISHED,
           key=f"agenda_published:{meeting.pk}:{meeting.sequence}",
           params={"meeting": meeting_label(meeting)}, url=_meeting_url(meeting))
    return meeting


# --- attendance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatAttendance:
    """What to record for one seat."""

    seat: Seat
    status: str
    replaced_by: Person | None = None


_REPLACEMENT_MESSAGES = {
    "unknown_status": gettext_lazy("Choose present, absent with notice, absent or replaced."),
    "replacement_without_replaced": gettext_lazy("Name a replacement only when the seat was "
                                                 "replaced."),
    "vacant_seat_present": gettext_lazy("A seat without a holder cannot be present."),
    "replacement_missing": gettext_lazy("Name who took the seat."),
    "replacement_is_holder": gettext_lazy("The holder cannot replace themselves: choose "
                                          "present."),
    "replacement_not_of_partner": gettext_lazy("The replacement must be the seat's substitute "
                                               "or a person of its partner with a role in the "
                                               "alliance."),
}


@transaction.atomic
def attendance_record(*, actor: Person, meeting: Meeting, entries: Sequence[SeatAttendance]
                      ) -> list[Attendance]:
    """Record who sat in each seat (the chair or the secretary), once the meeting has begun:
    present, absent with notice, absent, or replaced — by the seat's substitute or another
    person of its partner. Where the body asks for the person, a replacement is recorded and
    shown as such. Recording a seat again replaces its record. Journaled once per call as
    AttendanceRecorded, with what changed."""
    body = meeting.body
    _enter(actor, body, "body.organise")
    meeting = _locked_meeting(meeting)
    _planned(meeting)
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Attendance is recorded once the meeting has begun."),
                          field="attendance")
    seats = {s.pk: s for s in attendance_seats(meeting)}
    seen: set[int] = set()
    for entry in entries:
        if entry.seat.pk not in seats:
            raise DomainError(_("Record only the seats of this body."), field="seat")
        if entry.seat.pk in seen:
            raise DomainError(_("Record each seat once."), field="seat")
        seen.add(entry.seat.pk)
    partners = {s.partner_id for s in seats.values()}
    people_of: dict[int, set[int]] = {p: set() for p in partners}
    for partner_id, person_id in Membership.objects.filter(
            policy.live_membership_q(), partner_id__in=partners).values_list("partner_id",
                                                                              "person_id"):
        people_of[partner_id].add(person_id)
    existing = {a.seat_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changed, result = [], []
    for entry in entries:
        seat = seats[entry.seat.pk]
        record = existing.get(seat.pk)
        holder_id = record.holder_id if record is not None else seat.holder_id
        replaced_by = entry.replaced_by.pk if entry.replaced_by is not None else None
        problem = rules.replacement_problem(
            status=entry.status, holder=holder_id, replaced_by=replaced_by,
            substitute=seat.substitute_id, partner_people=people_of[seat.partner_id])
        if problem is not None:
            raise DomainError(str(_REPLACEMENT_MESSAGES[problem]), field=f"seat_{seat.pk}",
                              code=problem)
        if record is None:
            record = Attendance(meeting=meeting, seat=seat, holder_id=holder_id)
        elif (record.status, record.replaced_by_id) == (entry.status, replaced_by):
            result.append(record)
            continue
        record.status, record.replaced_by_id, record.recorded_by = (
            entry.status, replaced_by, actor)
        with conflict_on_duplicate(_("Someone else recorded this seat in the meantime. Reload "
                                     "and try again."), field=f"seat_{seat.pk}", code="stale"):
            record.save()
        changed.append({"seat_id": seat.pk, "partner_id": seat.partner_id,
                        "status": entry.status, "replaced_by_id": replaced_by,
                        "against_rule": rules.replacement_against_rule(
                            status=entry.status,
                            substitutes_may_attend=body.substitutes_may_attend)})
        result.append(record)
    if changed:
        journal_append(alliance=body.alliance, actor=actor, kind="AttendanceRecorded",
                       subject=meeting, payload=_meeting_payload(meeting, seats=changed))
    return result

