"""The rules of the escalation ladder, as pure functions over plain values (no database, no
request): the rungs in order and which comes next, the response deadline of a rung, when a
bottleneck may go up (after a horizontal attempt that did not resolve it, or skipping it with
a reason in a real alarm), when a rung is overdue, and the escalation health (how long each rung
took).

Default response deadlines, in days from the day a rung is entered (``DEADLINE_DAYS``):

| rung | alarm | high | normal | low |
| --- | --- | --- | --- | --- |
| horizontal attempt, coordinators, key alliance manager | 2 | 5 | 10 | 20 |
| alliance board, top rung | 5 | 10 | 20 | 40 |

When the board takes a bottleneck up at a meeting, its deadline is that meeting's day.
"""

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from .choices import BottleneckStatus, Rung, Urgency

TITLE_MAX = 200
TEXT_MAX = 4000
TOP_NAME_MAX = 200
PARTNERS_MAX = 50

LADDER: tuple[Rung, ...] = (Rung.HORIZONTAL, Rung.COORDINATOR, Rung.KEY_ALLIANCE_MANAGER,
                            Rung.BOARD, Rung.TOP)
# Once a bottleneck stands on one of these, the board has it (and its members see it).
BOARD_RUNGS = frozenset({Rung.BOARD, Rung.TOP})

_FIRST_RUNGS = {Urgency.ALARM: 2, Urgency.HIGH: 5, Urgency.NORMAL: 10, Urgency.LOW: 20}
_UPPER_RUNGS = {Urgency.ALARM: 5, Urgency.HIGH: 10, Urgency.NORMAL: 20, Urgency.LOW: 40}
DEADLINE_DAYS: dict[Rung, dict[Urgency, int]] = {
    Rung.HORIZONTAL: _FIRST_RUNGS,
    Rung.COORDINATOR: _FIRST_RUNGS,
    Rung.KEY_ALLIANCE_MANAGER: _FIRST_RUNGS,
    Rung.BOARD: _UPPER_RUNGS,
    Rung.TOP: _UPPER_RUNGS,
}
# The health looks back this far.
HEALTH_DAYS = 365


def rungs(*, top_enabled: bool) -> tuple[Rung, ...]:
    """The alliance's ladder: the top rung only when the alliance defined one."""
    return LADDER if top_enabled else LADDER[:-1]


def top_rung(*, top_enabled: bool) -> Rung:
    return rungs(top_enabled=top_enabled)[-1]


def next_rung(rung: str, *, top_enabled: bool) -> Rung | None:
    """The rung above ``rung``, or None at the top of the alliance's ladder."""
    ladder = rungs(top_enabled=top_enabled)
    if rung not in ladder:
        return None
    index = ladder.index(Rung(rung))
    return ladder[index + 1] if index + 1 < len(ladder) else None


def rung_index(rung: str) -> int:
    """1 for the horizontal attempt, up to 5 for the top rung."""
    return LADDER.index(Rung(rung)) + 1


def deadline(rung: str, urgency: str, entered_on: dt.date,
             meeting_on: dt.date | None = None) -> dt.date:
    """The day the rung's owner is to respond by: the default days for the rung and urgency, or
    the day of the board's meeting that takes the bottleneck up."""
    if meeting_on is not None:
        return meeting_on
    return entered_on + dt.timedelta(days=DEADLINE_DAYS[Rung(rung)][Urgency(urgency)])


def escalation_problem(*, rung: str, status: str, top_enabled: bool, attempt_failed: bool,
                       reason: str, skip_reason: str, urgency: str) -> str | None:
    """Why a bottleneck may not go up now, or None when it may:

    - ``closed``: it is resolved or withdrawn;
    - ``top``: it stands on the top rung of the alliance's ladder;
    - ``reason``: no reason given for going up;
    - ``attempt``: on the horizontal rung without an attempt that failed and without a reason
      to skip it;
    - ``not_alarm``: skipping the horizontal attempt outside a real alarm;
    - ``skip_needless``: a reason to skip given where nothing is skipped.
    """
    if status != BottleneckStatus.OPEN:
        return "closed"
    if next_rung(rung, top_enabled=top_enabled) is None:
        return "top"
    if not reason.strip():
        return "reason"
    skipping = rung == Rung.HORIZONTAL and not attempt_failed
    if skip_reason.strip() and not skipping:
        return "skip_needless"
    if skipping and not skip_reason.strip():
        return "attempt"
    if skipping and urgency != Urgency.ALARM:
        return "not_alarm"
    return None


def skips_horizontal(rung: str, attempt_failed: bool) -> bool:
    """Whether going up now skips the horizontal attempt."""
    return rung == Rung.HORIZONTAL and not attempt_failed


def is_overdue(status: str, awaiting_response: bool, due_on: dt.date | None,
               today: dt.date) -> bool:
    """An open bottleneck whose rung's owner has not responded and whose deadline has passed
    (the day itself is not overdue)."""
    return (status == BottleneckStatus.OPEN and awaiting_response and due_on is not None
            and due_on < today)


def age_days(since: dt.date, today: dt.date) -> int:
    """Whole days since ``since`` (0 on the day itself)."""
    return max((today - since).days, 0)


def waiting_key(step_id: int, owner_id: int) -> str:
    """One "waits for you" notice per rung entered and owner."""
    return f"bottleneck-waiting:{step_id}:{owner_id}"


def overdue_key(step_id: int) -> str:
    """One overdue notice per rung entered: a new rung that passes its deadline tells again."""
    return f"bottleneck-overdue:{step_id}"


def agenda_title(bottleneck_id: int, title: str) -> str:
    """The board's agenda item for an escalated bottleneck (unique per bottleneck)."""
    prefix = f"#{bottleneck_id} "
    return prefix + title[:TITLE_MAX - len(prefix)]


# --- escalation health ----------------------------------------------------------------------


@dataclass(frozen=True)
class RungHealth:
    rung: Rung
    count: int  # rungs left (escalated, resolved or withdrawn) in the period
    median_days: float | None
    max_days: float | None


@dataclass(frozen=True)
class Health:
    since: dt.date
    rungs: tuple[RungHealth, ...]
    raised: int  # bottlenecks raised in the period
    skipped: int  # of which the horizontal attempt was skipped
    resolved_horizontally: int  # resolved on the horizontal rung


def _days(entered: dt.datetime, left: dt.datetime) -> float:
    return round(max((left - entered).total_seconds(), 0) / 86400, 1)


def health(steps: Iterable[tuple[str, dt.datetime, dt.datetime | None]], *, raised: int,
           skipped: int, resolved_horizontally: int, now: dt.datetime,
           top_enabled: bool) -> Health:
    """How long each rung took: per rung, the median and the longest time (in days, one
    decimal) between entering and leaving it, over the rungs left in the last ``HEALTH_DAYS``
    days. ``steps`` are (rung, entered, left or None); rungs still open are not counted (the
    overview shows their age)."""
    since = now - dt.timedelta(days=HEALTH_DAYS)
    taken: dict[Rung, list[float]] = {rung: [] for rung in LADDER}
    for rung, entered, left in steps:
        if left is not None and left >= since:
            taken[Rung(rung)].append(_days(entered, left))
    shown = [r for r in LADDER if r in rungs(top_enabled=top_enabled) or taken[r]]
    return Health(
        since=since.date(),
        rungs=tuple(RungHealth(rung, len(taken[rung]),
                               round(statistics.median(taken[rung]), 1) if taken[rung] else None,
                               max(taken[rung]) if taken[rung] else None) for rung in shown),
        raised=raised, skipped=skipped, resolved_horizontally=resolved_horizontally)
