"""The rules of the minutes, as pure functions over plain values (no database, no request):
the period for corrections, when the minutes may be approved, and what the
wider circle (everyone who may not read the body's confidential items) gets to see. Who was
there is an access fact: ``access.rules.present_people``."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .choices import MinutesStatus

DEFAULT_CORRECTION_DAYS = 7
MAX_CORRECTION_DAYS = 60
NOTE_MAX = 8000
SUMMARY_MAX = 8000


def corrections_until(circulated_on: dt.date, days: int = DEFAULT_CORRECTION_DAYS) -> dt.date:
    """The last day on which corrections may be proposed."""
    return circulated_on + dt.timedelta(days=days)


def corrections_open(status: str, until: dt.date | None, today: dt.date) -> bool:
    """Corrections are proposed while circulated minutes are within their period (the last day
    included)."""
    return status == MinutesStatus.CIRCULATED and until is not None and today <= until


def correction_refusal(status: str, until: dt.date | None, today: dt.date) -> str | None:
    """Why no correction may be proposed now: "approved", "not_circulated", "period_over", or
    None when one may."""
    if status == MinutesStatus.APPROVED:
        return "approved"
    if status != MinutesStatus.CIRCULATED or until is None:
        return "not_circulated"
    if today > until:
        return "period_over"
    return None


@dataclass(frozen=True)
class LaterMeeting:
    """Another meeting of the same body, as the approval rule sees it."""

    pk: int
    starts_at: dt.datetime
    cancelled: bool


def approval_meeting(starts_at: dt.datetime, others: Iterable[LaterMeeting],
                     now: dt.datetime) -> int | None:
    """The meeting in which the minutes of a meeting starting at ``starts_at`` are approved:
    the first later meeting of the body that is not cancelled and has started. None while there
    is none (approval waits for the next meeting)."""
    candidates = sorted((m for m in others
                         if m.starts_at > starts_at and not m.cancelled and m.starts_at <= now),
                        key=lambda m: (m.starts_at, m.pk))
    return candidates[0].pk if candidates else None


def approval_refusal(status: str, open_corrections: int, approval_meeting_pk: int | None
                     ) -> str | None:
    """Why the minutes may not be approved now: "approved" (already), "not_circulated", "open_
    corrections" (settle them first), "no_next_meeting" (only at or after the next meeting),
    or None when they may."""
    if status == MinutesStatus.APPROVED:
        return "approved"
    if status != MinutesStatus.CIRCULATED:
        return "not_circulated"
    if open_corrections:
        return "open_corrections"
    if approval_meeting_pk is None:
        return "no_next_meeting"
    return None


def unknown_note_keys(notes: Mapping[str, str], agenda: Iterable[int]) -> list[str]:
    """The keys of ``notes`` that are not items on the agenda (notes are written only for
    them), sorted."""
    allowed = {str(pk) for pk in agenda}
    return sorted(key for key in notes if key not in allowed)


def clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    """Notes as stored: trimmed, empty ones left out."""
    return {key: text.strip() for key, text in notes.items() if text.strip()}


def wider_circle_notes(notes: Mapping[str, str], confidential: Iterable[int],
                       may_read_confidential: bool) -> dict[str, str]:
    """The notes a reader sees: everything for the body's members; without the confidential
    items' notes for the wider circle."""
    if may_read_confidential:
        return dict(notes)
    hidden = {str(pk) for pk in confidential}
    return {key: text for key, text in notes.items() if key not in hidden}


def visible_item(confidential: bool, may_read_confidential: bool) -> bool:
    """Whether a reader sees an agenda item (its title, its note, its corrections) at all."""
    return may_read_confidential or not confidential
