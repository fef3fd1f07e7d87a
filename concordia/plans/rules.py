"""The annual plan as pure rules: where each version stands, whether a version may be proposed,
whether an activity's period lies in the year, and plan vs actual per activity and partner.
Money in integer cents, FTE in hundredths: no floats."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .choices import VersionStatus

# An activity or partner as the rules see it: an id or a key.
type Key = int | str

TITLE_MAX = 200
TEXT_MAX = 4000
YEAR_MIN, YEAR_MAX = 2000, 2100
# One deployment at most a hundred million euros, a million hours, ten thousand FTE.
MONEY_MAX_CENTS = 10_000_000_000
HOURS_MAX = 1_000_000
FTE_MAX_HUNDREDTHS = 1_000_000
PEOPLE_MAX = 100_000
# A decimal number with at most two decimals, a point as separator (after normalising).
DECIMAL_PATTERN = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")


def parse_hundredths(text: str) -> int | None:
    """"1,5" or "1.50" → 150 (euros to cents, FTE to hundredths); None when not a number of at
    most two decimals, zero or more."""
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    if not DECIMAL_PATTERN.fullmatch(value):
        return None
    whole, _dot, fraction = value.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


def format_hundredths(value: int) -> str:
    """150 → "1.50" (the page formats it for the reader's language)."""
    return f"{value // 100}.{value % 100:02d}"


def period_problem(year: int, starts_on: dt.date, ends_on: dt.date) -> str | None:
    """Why an activity's period does not fit: "order" (ends before it starts), "year" (not
    within the plan's year); None when it fits."""
    if ends_on < starts_on:
        return "order"
    if starts_on.year != year or ends_on.year != year:
        return "year"
    return None


@dataclass(frozen=True)
class VersionState:
    """What the rules need of a version: its number, whether it was proposed, its adoption
    moment (None while not adopted) and whether its board decision ended without carrying."""

    number: int
    proposed: bool
    adopted_at: dt.datetime | None
    rejected: bool = False


def version_in_force(versions: Iterable[VersionState]) -> int | None:
    """The number of the version in force: the one adopted last (a version stays in force
    until the next is adopted)."""
    adopted = [v for v in versions if v.adopted_at is not None]
    if not adopted:
        return None
    return max(adopted, key=lambda v: (v.adopted_at, v.number)).number


def open_version(versions: Iterable[VersionState]) -> int | None:
    """The number of the version being worked on (a draft or a proposal not decided yet), or
    None: there is at most one, and it is newer than the version in force."""
    states = list(versions)
    in_force = version_in_force(states)
    candidates = [v.number for v in states if v.adopted_at is None and not v.rejected
                  and (in_force is None or v.number > in_force)]
    return max(candidates) if candidates else None


def version_statuses(versions: Sequence[VersionState]) -> dict[int, VersionStatus]:
    """Every version's status: in force, the open one (draft or proposed), superseded (adopted
    once, then replaced), not adopted (its decision did not carry, or left behind unproposed)."""
    in_force = version_in_force(versions)
    current = open_version(versions)
    statuses: dict[int, VersionStatus] = {}
    for v in versions:
        if v.number == in_force:
            statuses[v.number] = VersionStatus.IN_FORCE
        elif v.adopted_at is not None:
            statuses[v.number] = VersionStatus.SUPERSEDED
        elif v.number == current:
            statuses[v.number] = VersionStatus.PROPOSED if v.proposed else VersionStatus.DRAFT
        else:
            statuses[v.number] = VersionStatus.NOT_ADOPTED
    return statuses


def missing_confirmations(partners: Iterable[int], confirmed: Iterable[int]) -> list[int]:
    """The partners (ids, in the order given) that have not confirmed their deployment: a
    version is proposed for adoption only once every partner has."""
    done = set(confirmed)
    return [p for p in partners if p not in done]


def adopted_by_endorsement(partners: Iterable[int], endorsed: Iterable[int]) -> bool:
    """Where there is no board: the version is adopted when every partner endorsed it."""
    required = set(partners)
    return bool(required) and required <= set(endorsed)


@dataclass(frozen=True)
class Effort:
    """People, hours, FTE in hundredths and money in cents: planned or actually deployed."""

    people: int = 0
    hours: int = 0
    fte_hundredths: int = 0
    money_cents: int = 0

    def __add__(self, other: "Effort") -> "Effort":
        return Effort(self.people + other.people, self.hours + other.hours,
                      self.fte_hundredths + other.fte_hundredths,
                      self.money_cents + other.money_cents)

    def __sub__(self, other: "Effort") -> "Effort":
        return Effort(self.people - other.people, self.hours - other.hours,
                      self.fte_hundredths - other.fte_hundredths,
                      self.money_cents - other.money_cents)


def total(efforts: Iterable[Effort]) -> Effort:
    result = Effort()
    for effort in efforts:
        result = result + effort
    return result


def usage_percent(planned: int, actual: int) -> int | None:
    """Actual as a whole percentage of planned (rounded half up); None when nothing was
    planned."""
    if planned <= 0:
        return None
    return (actual * 200 + planned) // (planned * 2)


@dataclass(frozen=True)
class Comparison:
    """Planned vs actual for one activity and one partner (or summed)."""

    planned: Effort
    actual: Effort
    progress: int | None = None

    @property
    def difference(self) -> Effort:
        """Actual minus planned: below zero is less deployed than planned."""
        return self.actual - self.planned

    @property
    def money_percent(self) -> int | None:
        return usage_percent(self.planned.money_cents, self.actual.money_cents)

    @property
    def hours_percent(self) -> int | None:
        return usage_percent(self.planned.hours, self.actual.hours)


@dataclass(frozen=True)
class ActivityComparison:
    activity: Key
    per_partner: dict[Key, Comparison]
    overall: Comparison



def plan_vs_actual(planned: Mapping[tuple[Key, Key], Sequence[Effort]],
                   actual: Mapping[tuple[Key, Key], Effort],
                   progress: Mapping[tuple[Key, Key], int],
                   activities: Sequence[Key]) -> list[ActivityComparison]:
    """Per activity (in the order given) and per partner: the planned effort summed over the
    levels, the actual effort, and the difference; the activity's overall line sums its
    partners. An actual without a plan for that partner still counts (deployed unplanned).
    The activity's progress is the lowest its partners report (the slowest partner holds it
    back); None when no partner reported."""
    result = []
    for activity in activities:
        partners = sorted({p for a, p in planned if a == activity}
                          | {p for a, p in actual if a == activity}, key=str)
        rows = {}
        for partner in partners:
            key = (activity, partner)
            rows[partner] = Comparison(total(planned.get(key, ())), actual.get(key, Effort()),
                                       progress.get(key))
        reported = [c.progress for c in rows.values() if c.progress is not None]
        overall = Comparison(total(c.planned for c in rows.values()),
                             total(c.actual for c in rows.values()),
                             min(reported) if reported else None)
        result.append(ActivityComparison(activity, rows, overall))
    return result
