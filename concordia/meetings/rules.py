"""The rules of meetings, over plain values: the dates of a series, who chairs next, which
partners are flagged for missing meetings, and whether an agenda order or a replacement holds.
No ORM, no request."""

import calendar
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .choices import AttendanceStatus, Frequency

# Meetings are held in the Netherlands: a series keeps its local time (10:00 stays 10:00 when
# the clocks change), so its dates are computed on the wall clock of Amsterdam.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_OCCURRENCES = 60
# A partner whose seat was not taken in person this many meetings in a row is flagged.
ABSENCE_THRESHOLD = 3

_MONTHS_APART = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}


# --- a series' dates --------------------------------------------------------------------------


def _add_months(day: dt.date, months: int, wanted_day: int) -> dt.date:
    """The date ``months`` after ``day``'s month, on ``wanted_day`` or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(wanted_day, last))


def _on_the_wall_clock(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at ``time`` in Amsterdam, as a real instant. A time the spring change skips
    (02:30 on the last Sunday of March) is read on the summer clock: 03:30."""
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=AMSTERDAM)
    return aware.astimezone(dt.UTC).astimezone(AMSTERDAM)


def series_dates(first: dt.datetime, frequency: str, occurrences: int) -> list[dt.datetime]:
    """The start of each meeting of a series, the first one included, in Amsterdam time.

    Weekly: every seven days; monthly and quarterly: the same day of the month, or the last day
    of a shorter month (31 January, 28 February, 31 March). Each date is counted from the first
    one, so a clamped month does not pull the later ones earlier. The wall-clock time stays."""
    if first.tzinfo is None:
        raise ValueError("first must be timezone-aware")
    if frequency not in Frequency.values:
        raise ValueError(f"unknown frequency {frequency!r}")
    if not 1 <= occurrences <= MAX_OCCURRENCES:
        raise ValueError("occurrences out of range")
    local = first.astimezone(AMSTERDAM)
    day, time = local.date(), local.time().replace(tzinfo=None)
    result = []
    for n in range(occurrences):
        if frequency == Frequency.WEEKLY:
            date = day + dt.timedelta(weeks=n)
        else:
            date = _add_months(day, n * _MONTHS_APART[Frequency(frequency)], day.day)
        result.append(_on_the_wall_clock(date, time))
    return result


# --- the rotating chair -----------------------------------------------------------------------


def rotating_chairs(order: Sequence[int], previous_chair: int | None, count: int,
                    seated_partners: Collection[int]) -> list[int | None]:
    """The chairing partner of each of the next ``count`` meetings.

    The chair passes along ``order`` (the body's rotation: partner ids), starting after the
    partner who chaired last, and skips partners without a live seat (never given one, left the
    body or the alliance). A previous chair who is no longer in the order is looked for nowhere:
    the rotation starts again at the top. When nobody in the order is seated: None each time."""
    if count <= 0:
        return []
    seated = set(seated_partners)
    cycle = list(dict.fromkeys(order))  # a partner listed twice chairs in its first place
    if not any(p in seated for p in cycle):
        return [None] * count
    start = cycle.index(previous_chair) + 1 if previous_chair in cycle else 0
    chairs: list[int | None] = []
    i = start
    while len(chairs) < count:
        partner = cycle[i % len(cycle)]
        if partner in seated:
            chairs.append(partner)
        i += 1
    return chairs


# --- attendance -------------------------------------------------------------------------------

NOT_IN_PERSON = frozenset({AttendanceStatus.ABSENT, AttendanceStatus.ABSENT_WITH_NOTICE,
                           AttendanceStatus.REPLACED})


@dataclass(frozen=True)
class AbsenceFlag:
    """A partner whose seat was not taken in person ``streak`` meetings in a row, up to the
    latest meeting with attendance recorded, and how."""

    partner: int
    streak: int
    absent: int
    with_notice: int
    replaced: int

    @property
    def keeps_sending_substitutes(self) -> bool:
        """Replaced at least as often as the threshold within the streak: there, but not in
        person (the board and the tactical table ask for the person)."""
        return self.replaced >= ABSENCE_THRESHOLD


def partner_status(seat_statuses: Collection[str]) -> str:
    """How a partner was at one meeting, from its seats' statuses: present when every seat was
    taken in person, else the seat that was furthest from it (absent, then with notice, then
    replaced)."""
    for status in (AttendanceStatus.ABSENT, AttendanceStatus.ABSENT_WITH_NOTICE,
                   AttendanceStatus.REPLACED):
        if status in seat_statuses:
            return status
    return AttendanceStatus.PRESENT


def absence_flags(history: Mapping[int, Sequence[str]],
                  threshold: int = ABSENCE_THRESHOLD) -> list[AbsenceFlag]:
    """The partners flagged for waning commitment.

    ``history`` gives, per partner, its status at each meeting where attendance was recorded
    for it (oldest first; see ``partner_status``). A partner is flagged when its latest
    ``threshold`` or more statuses in a row were not in person (absent, absent with notice or
    replaced); the flag counts the whole run. Partners in ascending id order."""
    flags = []
    for partner in sorted(history):
        statuses = history[partner]
        run: list[str] = []
        for status in reversed(statuses):
            if status not in NOT_IN_PERSON:
                break
            run.append(status)
        if len(run) >= threshold:
            flags.append(AbsenceFlag(
                partner=partner, streak=len(run),
                absent=run.count(AttendanceStatus.ABSENT),
                with_notice=run.count(AttendanceStatus.ABSENT_WITH_NOTICE),
                replaced=run.count(AttendanceStatus.REPLACED)))
    return flags


def replacement_problem(*, status: str, holder: int | None, replaced_by: int | None,
                        substitute: int | None, partner_people: Collection[int]) -> str | None:
    """Why a seat's attendance cannot be recorded so, or None.

    "replaced" needs the person who came: the seat's substitute or another person of the seat's
    partner with a live role, never the holder; other statuses name nobody. A seat without a
    holder was not taken in person: it can only be absent or replaced."""
    if status not in AttendanceStatus.values:
        return "unknown_status"
    if status != AttendanceStatus.REPLACED:
        if replaced_by is not None:
            return "replacement_without_replaced"
        if holder is None and status == AttendanceStatus.PRESENT:
            return "vacant_seat_present"
        return None
    if replaced_by is None:
        return "replacement_missing"
    if replaced_by == holder:
        return "replacement_is_holder"
    if replaced_by != substitute and replaced_by not in partner_people:
        return "replacement_not_of_partner"
    return None


def replacement_against_rule(*, status: str, substitutes_may_attend: bool) -> bool:
    """A replacement where the body asks for the person (board, tactical table): recorded, and
    shown as such."""
    return status == AttendanceStatus.REPLACED and not substitutes_may_attend


# --- the agenda -------------------------------------------------------------------------------


def order_problem(current: Collection[int], proposed: Sequence[int]) -> str | None:
    """Whether ``proposed`` orders exactly the items in ``current`` (each once), or what is
    wrong: "duplicate", "unknown" (an item not on this agenda) or "missing"."""
    if len(set(proposed)) != len(proposed):
        return "duplicate"
    if set(proposed) - set(current):
        return "unknown"
    if set(current) - set(proposed):
        return "missing"
    return None


def moved(order: Sequence[int], item: int, step: int) -> list[int]:
    """The order with ``item`` moved ``step`` places (-1 up, +1 down), kept within bounds."""
    result = list(order)
    if item not in result:
        return result
    i = result.index(item)
    j = max(0, min(len(result) - 1, i + step))
    result.insert(j, result.pop(i))
    return result


def next_position(positions: Collection[int]) -> int:
    """Where a new item goes: after the last one."""
    return max(positions, default=0) + 1


def agenda_minutes(time_boxes: Sequence[int | None]) -> int:
    """The time the agenda's boxes add up to (items without a box count for nothing)."""
    return sum(t for t in time_boxes if t)


def journal_item_name(*, title: str, position: int, confidential: bool) -> str:
    """How the journal names an agenda item: by its title, or — the journal being read by the
    whole alliance — a confidential item only by its place on the agenda ("#3")."""
    return f"#{position}" if confidential else title
