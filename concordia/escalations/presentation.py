"""How the ladder reads: rung names (the alliance's own name for its top rung), the overview's
rows grouped by rung, the trail of one bottleneck and the health table. No ORM, no reads: the
views hand in what the selectors read."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from . import rules
from .choices import Rung


def rung_label(rung: str, top_name: str = "") -> str:
    """The rung's name; the top rung by the alliance's own name for it."""
    if rung == Rung.TOP and top_name:
        return top_name
    return str(Rung(rung).label) if rung in Rung.values else rung


def partner_names(bottleneck: Any) -> str:
    return ", ".join(p.organisation.name for p in bottleneck.partners.all())


@dataclass
class Row:
    bottleneck: Any
    overdue: bool
    days_on_rung: int
    days_open: int

    @property
    def partners(self) -> str:
        return partner_names(self.bottleneck)


@dataclass
class RungGroup:
    rung: str
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def overview(bottlenecks: Iterable[Any], *, top_name: str, ladder: Sequence[str],
             today: dt.date) -> list[RungGroup]:
    """The bottlenecks by rung, in the ladder's order (rungs without any left out); within a
    rung the overdue ones first, then the oldest on the rung."""
    groups = {rung: RungGroup(rung, rung_label(rung, top_name)) for rung in rules.LADDER}
    for b in bottlenecks:
        groups[Rung(b.rung)].rows.append(Row(
            b, rules.is_overdue(b.status, b.awaiting_response, b.due_on, today),
            rules.age_days(timezone.localdate(b.rung_entered_at), today),
            rules.age_days(timezone.localdate(b.raised_at), today)))
    for group in groups.values():
        group.rows.sort(key=lambda r: (not r.overdue, -r.days_on_rung, r.bottleneck.pk))
    return [groups[rung] for rung in rules.LADDER if groups[rung].rows
            or rung in ladder]


@dataclass
class TrailStep:
    step: Any
    label: str
    events: list[Any]
    days: float | None  # how long it took (None while it is the current rung)
    days_so_far: int
    overdue: bool


def trail(bottleneck: Any, *, top_name: str, today: dt.date) -> list[TrailStep]:
    """Every rung the bottleneck entered, in order, with what was recorded on it."""
    events: dict[int, list[Any]] = {}
    for event in bottleneck.events.all():
        events.setdefault(event.step_id, []).append(event)
    steps = []
    for step in bottleneck.steps.all():
        took = (round((step.left_at - step.entered_at).total_seconds() / 86400, 1)
                if step.left_at is not None else None)
        current = step.left_at is None and bottleneck.status == "open"
        steps.append(TrailStep(
            step, rung_label(step.rung, step.rung_name or top_name), events.get(step.pk, []),
            took, rules.age_days(timezone.localdate(step.entered_at), today),
            current and rules.is_overdue(bottleneck.status, step.responded_at is None,
                                         step.due_on, today)))
    return steps


@dataclass
class HealthRow:
    label: str
    count: int
    median_days: float | None
    max_days: float | None


def health_rows(health: rules.Health, top_name: str) -> list[HealthRow]:
    return [HealthRow(rung_label(r.rung, top_name), r.count, r.median_days, r.max_days)
            for r in health.rungs]
