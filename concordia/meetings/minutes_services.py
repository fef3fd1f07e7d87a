"""Every write on the minutes: drafting, circulating to those present, corrections and their
settlement (a correction taken over makes a new version; versions are kept for ever), and the
approval at or after the next meeting (a journaled commitment). Approved minutes are read-only.

Each service takes the alliance lock first, then checks the policy, and journals in the same
transaction. ``expected_revision`` is the minutes' revision the editor saw (0 for minutes not
written yet): a stale or repeated submission is refused (409), never applied twice."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access.rules import present_people
from concordia.accounts.models import Person
from concordia.alliances.locks import alliance_lock
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import minutes_rules as rules
from .choices import CorrectionStatus, ItemStatus, MeetingStatus, MinutesStatus
from .models import AgendaItem, Attendance, Correction, Meeting, Minutes, MinutesVersion
from .rules import journal_item_name

CORRECTION_MAX = 4000


def _payload(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"body": meeting.body.name,
                               "starts_at": meeting.starts_at.isoformat()}
    if meeting.title:
        payload["title"] = meeting.title
    payload.update(extra)
    return payload


def _url(meeting: Meeting) -> str:
    return reverse("minutes_detail", kwargs={"pk": meeting.body.alliance_id,
                                             "meeting_pk": meeting.pk})


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.body.name} {timezone.localtime(meeting.starts_at):%Y-%m-%d}"


def _lock(actor: Person, meeting: Meeting, action: str = "body.organise") -> None:
    """The alliance lock first (one lock order), then the actor's right in the body."""
    alliance_lock(meeting.body.alliance_id, actor=actor)
    if not policy.can_in_body(actor, "body.view", meeting.body):
        raise PermissionDenied
    if action and not policy.can_in_body(actor, action, meeting.body):
        raise PermissionDenied


def _minutes_for_update(meeting: Meeting) -> Minutes | None:
    return (Minutes.objects.select_for_update(of=("self",), no_key=True)
            .filter(meeting=meeting).first())


def _read_only(minutes: Minutes) -> None:
    if minutes.status == MinutesStatus.APPROVED:
        raise Conflict(_("These minutes are approved: they can no longer be changed."),
                       code="approved")


def _stale() -> Conflict:
    return Conflict(_("Someone else changed these minutes in the meantime. Reload and try "
                      "again."), code="stale")


def _check_revision(minutes: Minutes, expected: int) -> None:
    if minutes.revision != expected:
        raise _stale()


def _clean_text(summary: str, notes: Mapping[str, str], meeting: Meeting
                ) -> tuple[str, dict[str, str]]:
    summary = summary.strip()
    if len(summary) > rules.SUMMARY_MAX:
        raise DomainError(_("Keep the summary under 8000 characters."), field="summary")
    agenda = AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ON_AGENDA
                                       ).values_list("pk", flat=True)
    if rules.unknown_note_keys(notes, agenda):
        raise DomainError(_("Notes are written only for the items on this meeting's agenda."),
                          field="notes")
    cleaned = rules.clean_notes(notes)
    if any(len(text) > rules.NOTE_MAX for text in cleaned.values()):
        raise DomainError(_("Keep each note under 8000 characters."), field="notes")
    return summary, cleaned


def _visible_keys(actor: Person, meeting: Meeting) -> set[str] | None:
    """The note keys the actor may write (None: every item)."""
    if policy.can_in_body(actor, "body.read_confidential", meeting.body):
        return None
    return {str(pk) for pk in AgendaItem.objects.filter(meeting=meeting, confidential=True)
            .values_list("pk", flat=True)}


def _merge_hidden(actor: Person, meeting: Meeting, notes: dict[str, str],
                  current: Mapping[str, str]) -> dict[str, str]:
    """An organiser who may not read confidential items (a secretary without a seat is a member,
    so this is rare) keeps the confidential notes as they were."""
    hidden = _visible_keys(actor, meeting)
    if hidden is None:
        return notes
    kept = {k: v for k, v in notes.items() if k not in hidden}
    kept.update({k: v for k, v in current.items() if k in hidden})
    return kept


@transaction.atomic
def minutes_draft_save(*, actor: Person, meeting: Meeting, summary: str,
                       notes: Mapping[str, str], expected_revision: int) -> Minutes:
    """Write the minutes: a summary and a note per agenda item. While a draft, the current
    version is updated in place; once circulated, a revision makes a new version (the one
    people reviewed is kept). Journaled as MinutesDrafted with the version number."""
    _lock(actor, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("A cancelled meeting has no minutes."), field="summary")
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Minutes are written once the meeting has started."),
                          field="summary")
    summary, cleaned = _clean_text(summary, notes, meeting)
    minutes = _minutes_for_update(meeting)
    if minutes is None:
        if expected_revision != 0:
            raise _stale()
        with conflict_on_duplicate(_("Someone else started these minutes in the meantime. "
                                     "Reload and try again."), code="stale"):
            minutes = Minutes.objects.create(meeting=meeting, status=MinutesStatus.DRAFT,
                                             version=1, revision=1)
        cleaned = _merge_hidden(actor, meeting, cleaned, {})
        MinutesVersion.objects.create(minutes=minutes, number=1, summary=summary, notes=cleaned,
                                      written_by=actor)
    else:
        _read_only(minutes)
        _check_revision(minutes, expected_revision)
        current = MinutesVersion.objects.select_for_update(of=("self",), no_key=True).get(
            minutes=minutes, number=minutes.version)
        cleaned = _merge_hidden(actor, meeting, cleaned, current.notes)
        if minutes.status == MinutesStatus.DRAFT:
            current.summary, current.notes, current.written_by = summary, cleaned, actor
            current.save()
        else:
            minutes.version += 1
            MinutesVersion.objects.create(minutes=minutes, number=minutes.version,
                                          summary=summary, notes=cleaned, written_by=actor)
        minutes.revision += 1
        minutes.save(update_fields=["version", "revision"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="MinutesDrafted",
                   subject=minutes, payload=_payload(meeting, version=minutes.version))
    return minutes


@transaction.atomic
def minutes_circulate(*, actor: Person, minutes: Minutes, expected_revision: int,
                      days: int = rules.DEFAULT_CORRECTION_DAYS) -> Minutes:
    """Send the draft to those present for corrections, open until ``days`` from today.
    Each of them is told (MINUTES_TO_REVIEW). Journaled as MinutesCirculated."""
    meeting = minutes.meeting
    _lock(actor, meeting)
    minutes = Minutes.objects.select_for_update(of=("self",), no_key=True).get(pk=minutes.pk)
    _read_only(minutes)
    _check_revision(minutes, expected_revision)
    if minutes.status != MinutesStatus.DRAFT:
        raise Conflict(_("These minutes were circulated already."), code="circulated")
    if not 1 <= days <= rules.MAX_CORRECTION_DAYS:
        raise DomainError(_("Give between 1 and 60 days for corrections."), field="days")
    today = timezone.localdate()
    minutes.status = MinutesStatus.CIRCULATED
    minutes.corrections_until = rules.corrections_until(today, days)
    minutes.circulated_at = timezone.now()
    minutes.revision += 1
    minutes.save(update_fields=["status", "corrections_until", "circulated_at", "revision"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="MinutesCirculated",
                   subject=minutes,
                   payload=_payload(meeting, version=minutes.version,
                                    corrections_until=minutes.corrections_until.isoformat()))
    present = present_people(Attendance.objects.filter(meeting=meeting).values_list(
        "status", "holder_id", "replaced_by_id"))
    notify(people=Person.objects.filter(pk__in=present), alliance=meeting.body.alliance,
           kind=NotificationKind.MINUTES_TO_REVIEW, key=f"minutes-to-review:{minutes.pk}",
           params={"meeting": _meeting_label(meeting),
                   "until": minutes.corrections_until.isoformat()},
           url=_url(meeting))
    return minutes


def _period_refusal(minutes: Minutes) -> None:
    reason = rules.correction_refusal(minutes.status, minutes.corrections_until,
                                      timezone.localdate())
    if reason == "approved":
        _read_only(minutes)
    if reason == "not_circulated":
        raise DomainError(_("These minutes are not circulated for corrections."), field="text")
    if reason == "period_over" and minutes.corrections_until is not None:
        raise DomainError(_("The period for corrections ended on %(date)s.")
                          % {"date": date_format(minutes.corrections_until)}, field="text")


@transaction.atomic
def correction_propose(*, actor: Person, minutes: Minutes, text: str,
                       agenda_item: AgendaItem | None = None) -> Correction:
    """Someone who was at the meeting proposes a correction to one item or to the minutes as a
    whole, within the period. The same open correction twice is refused. Journaled as
    CorrectionProposed."""
    meeting = minutes.meeting
    _lock(actor, meeting, action="")
    if not policy.can_correct_minutes(actor, meeting):
        raise PermissionDenied
    minutes = Minutes.objects.select_for_update(of=("self",), no_key=True).get(pk=minutes.pk)
    _period_refusal(minutes)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the correction you propose."), field="text")
    if len(text) > CORRECTION_MAX:
        raise DomainError(_("Keep the correction under 4000 characters."), field="text")
    if agenda_item is not None and (
            agenda_item.meeting_id != meeting.pk or agenda_item.status != ItemStatus.ON_AGENDA
            or (agenda_item.confidential
                and not policy.can_in_body(actor, "body.read_confidential", meeting.body))):
        raise DomainError(_("Choose an item of this meeting's agenda."), field="agenda_item")
    if Correction.objects.filter(minutes=minutes, proposed_by=actor, agenda_item=agenda_item,
                                 text=text, status=CorrectionStatus.OPEN).exists():
        raise Conflict(_("You proposed this correction already."), code="duplicate")
    correction = Correction.objects.create(minutes=minutes, version=minutes.version,
                                           agenda_item=agenda_item, text=text, proposed_by=actor)
    minutes.revision += 1
    minutes.save(update_fields=["revision"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="CorrectionProposed",
                   subject=correction,
                   payload=_payload(meeting, version=minutes.version,
                                    item=_item_label(agenda_item)))
    return correction


def _item_label(item: AgendaItem | None) -> str:
    """How the journal names the item: its title, unless it is confidential (the journal is read
    by the whole alliance)."""
    if item is None:
        return ""
    return journal_item_name(title=item.title, position=item.position,
                                   confidential=item.confidential)


@transaction.atomic
def correction_resolve(*, actor: Person, correction: Correction, accept: bool,
                       expected_revision: int, summary: str | None = None,
                       notes: Mapping[str, str] | None = None) -> Correction:
    """The secretary (or the chair) takes a correction over or not. Taking it over makes a new
    version of the minutes, with the summary and notes as given (unchanged where not given).
    Journaled as CorrectionResolved."""
    minutes = correction.minutes
    meeting = minutes.meeting
    _lock(actor, meeting)
    minutes = Minutes.objects.select_for_update(of=("self",), no_key=True).get(pk=minutes.pk)
    _read_only(minutes)
    correction = Correction.objects.select_for_update(of=("self",), no_key=True).get(
        pk=correction.pk)
    if correction.status != CorrectionStatus.OPEN:
        raise Conflict(_("This correction was settled already."), code="settled")
    _check_revision(minutes, expected_revision)
    if accept:
        current = MinutesVersion.objects.get(minutes=minutes, number=minutes.version)
        new_summary, new_notes = _clean_text(
            current.summary if summary is None else summary,
            current.notes if notes is None else notes, meeting)
        if notes is not None:
            new_notes = _merge_hidden(actor, meeting, new_notes, current.notes)
        minutes.version += 1
        MinutesVersion.objects.create(minutes=minutes, number=minutes.version,
                                      summary=new_summary, notes=new_notes, written_by=actor)
    correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.DECLINED
    correction.resolved_by = actor
    correction.resolved_at = timezone.now()
    correction.save(update_fields=["status", "resolved_by", "resolved_at"])
    minutes.revision += 1
    minutes.save(update_fields=["version", "revision"])
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="CorrectionResolved",
                   subject=correction,
                   payload=_payload(meeting, accepted=accept, version=minutes.version,
                                    item=_item_label(correction.agenda_item)))
    return correction


@transaction.atomic
def minutes_approve(*, actor: Person, minutes: Minutes, expected_revision: int) -> Minutes:
    """Record the approval of the minutes, at or after the next meeting of the body (a later
    meeting, not cancelled, that has started). The approval is a commitment: journaled as
    MinutesApproved with the version approved; the body's members are told
    (MINUTES_APPROVED). From then on the minutes are read-only."""
    meeting = minutes.meeting
    _lock(actor, meeting)
    minutes = Minutes.objects.select_for_update(of=("self",), no_key=True).get(pk=minutes.pk)
    _read_only(minutes)
    _check_revision(minutes, expected_revision)
    now = timezone.now()
    later = list(Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at,
                                        starts_at__lte=now)
                 .values_list("pk", "starts_at", "status"))
    next_pk = rules.approval_meeting(
        meeting.starts_at, [rules.LaterMeeting(pk, starts, status == MeetingStatus.CANCELLED)
                            for pk, starts, status in later], now)
    open_count = Correction.objects.filter(minutes=minutes,
                                           status=CorrectionStatus.OPEN).count()
    reason = rules.approval_refusal(minutes.status, open_count, next_pk)
    if reason == "not_circulated":
        raise DomainError(_("Circulate the minutes to those present before they are approved."),
                          field="approve")
    if reason == "open_corrections":
        raise DomainError(_("Settle the open corrections first."), field="approve")
    if reason == "no_next_meeting" or next_pk is None:
        raise DomainError(_("Minutes are approved at or after the next meeting of the body."),
                          field="approve")
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now
    minutes.approved_by = actor
    minutes.approved_in_id = next_pk
    minutes.revision += 1
    minutes.save(update_fields=["status", "approved_at", "approved_by", "approved_in",
                                "revision"])
    approved_in = Meeting.objects.get(pk=next_pk)
    journal_append(alliance=meeting.body.alliance, actor=actor, kind="MinutesApproved",
                   subject=minutes,
                   payload=_payload(meeting, version=minutes.version,
                                    approved_in=approved_in.starts_at.isoformat()))
    members = _members(meeting)
    notify(people=members, alliance=meeting.body.alliance, kind=NotificationKind.MINUTES_APPROVED,
           key=f"minutes-approved:{minutes.pk}", params={"meeting": _meeting_label(meeting)},
           url=_url(meeting))
    return minutes


def _members(meeting: Meeting) -> list[Person]:
    """The body's members: holders and substitutes of its live seats, and its secretary."""
    body = meeting.body
    ids: set[int] = set()
    for holder_id, substitute_id in body.seats.filter(removed_at__isnull=True).values_list(
            "holder_id", "substitute_id"):
        ids.update(i for i in (holder_id, substitute_id) if i is not None)
    if body.secretary_id is not None:
        ids.add(body.secretary_id)
    return list(Person.objects.filter(pk__in=ids))


def default_until(today: dt.date | None = None) -> dt.date:
    """The default last day for corrections when circulating today."""
    return rules.corrections_until(today or timezone.localdate())
