"""The periodic report's rules, pure: a period's bounds and label, the scorecard periods that
fall in it, who is still missing, whether a report may be approved, when a partner may be
reminded again, and the prefilled text of a partner's section (docs/decisions/0021)."""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from .choices import ReportPeriod

YEAR_MIN = 2000
YEAR_MAX = 2100
TEXT_MAX = 20_000
PER_YEAR = {ReportPeriod.QUARTER: 4, ReportPeriod.HALF: 2, ReportPeriod.YEAR: 1}
SECTION_FIELDS = ("progress", "bottlenecks", "coordination", "news")


class PeriodProblem(ValueError):
    """The kind, year or number do not make a period."""


def check_period(kind: str, year: int, number: int) -> ReportPeriod:
    """The period's kind when (kind, year, number) is a period: a quarter 1–4, a half-year
    1–2, a year 1, in YEAR_MIN–YEAR_MAX; PeriodProblem otherwise."""
    if kind not in ReportPeriod.values:
        raise PeriodProblem("kind")
    period = ReportPeriod(kind)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PeriodProblem("year")
    if not 1 <= number <= PER_YEAR[period]:
        raise PeriodProblem("number")
    return period


def period_bounds(kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of the period."""
    period = check_period(kind, year, number)
    months = 12 // PER_YEAR[period]
    first_month = (number - 1) * months + 1
    start = dt.date(year, first_month, 1)
    after = (dt.date(year + 1, 1, 1) if first_month + months > 12
             else dt.date(year, first_month + months, 1))
    return start, after - dt.timedelta(days=1)


def period_label(kind: str, year: int, number: int) -> str:
    """How the period is written, the same in every language: "2026-Q2", "2026-H1", "2026"."""
    period = check_period(kind, year, number)
    if period is ReportPeriod.QUARTER:
        return f"{year:04d}-Q{number}"
    if period is ReportPeriod.HALF:
        return f"{year:04d}-H{number}"
    return f"{year:04d}"


def has_started(kind: str, year: int, number: int, today: dt.date) -> bool:
    """A report is opened for a period that has begun (it may still run)."""
    return period_bounds(kind, year, number)[0] <= today


def scorecard_periods(kind: str, year: int, number: int, indicator_kind: str) -> list[str]:
    """The scorecard's periods of an indicator's kind ("month", "quarter", "year") that lie in
    the report's period, in order; a yearly indicator counts for every part of its year."""
    start, end = period_bounds(kind, year, number)
    if indicator_kind == "year":
        return [f"{year:04d}"]
    if indicator_kind == "quarter":
        return [f"{year:04d}-Q{q}" for q in range(1, 5)
                if start.month <= 3 * q - 2 <= end.month]
    if indicator_kind == "month":
        return [f"{year:04d}-{m:02d}" for m in range(start.month, end.month + 1)]
    raise PeriodProblem("indicator_kind")


def latest_in(periods: Sequence[str], values: dict[str, object]) -> str | None:
    """The latest of the periods that has a value (what the report shows for an indicator)."""
    return next((p for p in reversed(periods) if p in values), None)


def missing(active: Iterable[int], submitted: Collection[int]) -> list[int]:
    """The active partners that have not submitted their section, in the order given."""
    return [p for p in active if p not in submitted]


def approval_problem(*, approved: bool, missing_partners: Collection[int],
                     overall_written: bool) -> str | None:
    """Why the report may not be approved yet, or None: it is approved once, after every
    active partner submitted its section and the key alliance manager wrote the overall
    part."""
    if approved:
        return "approved"
    if missing_partners:
        return "missing"
    if not overall_written:
        return "overall"
    return None


def may_remind(reminded_today: Collection[int], partner: int) -> bool:
    """At most one reminder per partner per report and day."""
    return partner not in reminded_today


@dataclass(frozen=True)
class PrefillAction:
    title: str
    due_on: dt.date | None


@dataclass(frozen=True)
class PrefillBottleneck:
    number: int
    title: str
    rung: str
    alliance_wide: bool


@dataclass(frozen=True)
class PrefillValue:
    indicator: str
    period: str
    value: str
    unit: str
    status: str


@dataclass(frozen=True)
class Headings:
    """The words of the prefilled text, in the language of whoever opened the report."""

    values: str
    actions: str
    due: str
    no_due: str
    bottleneck: str


def prefill(*, actions: Sequence[PrefillAction], bottlenecks: Sequence[PrefillBottleneck],
            values: Sequence[PrefillValue], words: Headings) -> dict[str, str]:
    """The text a partner's section starts with: its indicator values of the period and its
    open actions under progress, its open bottlenecks under bottlenecks. A bottleneck that is
    not alliance-wide is named by its number and rung only (as the journal does): its title
    reaches the others only if the coordinator writes it."""
    progress: list[str] = []
    if values:
        progress.append(words.values)
        progress += [f"- {v.indicator}: {v.value} {v.unit} ({v.period}, {v.status})".replace(
            "  ", " ") for v in values]
    if actions:
        if progress:
            progress.append("")
        progress.append(words.actions)
        progress += [f"- {a.title} ({words.due} {a.due_on.isoformat()})" if a.due_on
                     else f"- {a.title} ({words.no_due})" for a in actions]
    lines = [f"- #{b.number} {b.title} ({b.rung})" if b.alliance_wide
             else f"- #{b.number} {words.bottleneck} ({b.rung})" for b in bottlenecks]
    return {"progress": "\n".join(progress), "bottlenecks": "\n".join(lines),
            "coordination": "", "news": ""}
