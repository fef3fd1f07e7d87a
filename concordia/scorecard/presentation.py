"""How the scorecard reads and draws: the words for a status and a trend, and an indicator's
trend as a line chart (its values and its targets per period) through ``core.charts``. No ORM:
the indicators come from the selectors."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.core import charts

from . import rules
from .models import Indicator
from .selectors import Point

STATUS_LABELS: dict[str, Promise] = {
    rules.Status.ON_TRACK: gettext_lazy("on track"),
    rules.Status.AT_RISK: gettext_lazy("at risk"),
    rules.Status.OFF_TRACK: gettext_lazy("off track"),
    rules.Status.NONE: gettext_lazy("no status"),
}
TREND_LABELS: dict[str, Promise] = {
    rules.Trend.IMPROVING: gettext_lazy("improving"),
    rules.Trend.STEADY: gettext_lazy("steady"),
    rules.Trend.WORSENING: gettext_lazy("worsening"),
    rules.Trend.NONE: gettext_lazy("too early to tell"),
}
VALUE_STROKE = "#0b3d91"
TARGET_STROKE = "#b5470b"


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


def trend_label(trend: str) -> str:
    return str(TREND_LABELS[trend])


def bounds_text(target: Decimal | None, direction: str, tolerance: Decimal) -> str:
    """The status rule for one target in numbers, as the scorecard writes it beside the figures
    ("on track from 90, at risk from 81, off track below 81")."""
    if target is None:
        return _("no target: no status")
    b = rules.bounds(target, direction, tolerance)
    values = {"on": rules.value_text(b.on_track), "risk": rules.value_text(b.at_risk),
              "tolerance": rules.value_text(tolerance)}
    if direction == rules.Direction.HIGHER:
        return _("on track from %(on)s, at risk from %(risk)s, off track below %(risk)s "
                 "(tolerance %(tolerance)s %%)") % values
    return _("on track up to %(on)s, at risk up to %(risk)s, off track above %(risk)s "
             "(tolerance %(tolerance)s %%)") % values


def period_date(period: str, kind: str) -> dt.date:
    """The first day of a period, to place it on the time axis."""
    p = rules.parse_period(period, kind)
    month = {rules.PeriodKind.YEAR: 1, rules.PeriodKind.QUARTER: 3 * p.index - 2,
             rules.PeriodKind.MONTH: p.index}[p.kind]
    return dt.date(p.year, month, 1)


def _float_text(value: float) -> str:
    return rules.value_text(Decimal(repr(value)).quantize(rules.QUANTUM))


def trend_chart(indicator: Indicator, points: Sequence[Point], *, chart_id: str) -> charts.Chart:
    """The indicator's values per period as a line, with its target as a second, dashed line.
    (The page shows the exact numbers in a table beside it.)"""
    kind = indicator.period_kind
    by_date = {period_date(p.period, kind): p.period for p in points}
    numbers = [p.value for p in points] + [p.target for p in points if p.target is not None]
    low = min(numbers, default=Decimal(0))
    high = max(numbers, default=Decimal(1))
    low = min(low, Decimal(0)) if low >= 0 else low
    if high == low:
        high = low + 1
    series = [charts.TimeSeries(_("Value (%(unit)s)") % {"unit": indicator.unit},
                                [(period_date(p.period, kind), float(p.value)) for p in points],
                                stroke=VALUE_STROKE)]
    targets = [(period_date(p.period, kind), float(p.target)) for p in points
               if p.target is not None]
    if targets:
        series.append(charts.TimeSeries(_("Target"), targets, stroke=TARGET_STROKE))
    better = (_("higher is better") if indicator.direction == rules.Direction.HIGHER
              else _("lower is better"))
    return charts.timeline(
        series, chart_id=chart_id,
        title=_("%(name)s per %(period)s") % {"name": indicator.name,
                                              "period": indicator.get_period_kind_display()},
        description=_("The value of each period against its target (%(better)s). The same "
                      "numbers are in the table beside the chart.") % {"better": better},
        head=_("Period"), minimum=float(low), maximum=float(high),
        format_date=lambda day: by_date.get(day, day.isoformat()), value_text=_float_text)
