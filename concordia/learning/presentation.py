"""How the learning draws: a health check's result as a radar over the eight pillars (with
earlier checks overlaid), through ``core.charts``. No ORM: the checks come from the
selectors."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from concordia.core import charts
from concordia.handbook.catalogue import Kind
from concordia.handbook.texts import Item, items

from . import rules
from .models import HealthCheck


@dataclass(frozen=True)
class PillarRow:
    """One pillar of a check as the page shows it."""

    item: Item
    result: rules.PillarResult
    weakest: bool

    @property
    def title(self) -> Promise:
        return self.item.title

    @property
    def code(self) -> str:
        return self.item.code


def pillar_items() -> list[Item]:
    """The eight pillars with their words, in the model's order (from the handbook)."""
    return items(Kind.PILLAR)


def pillar_rows(results: Sequence[rules.PillarResult]) -> list[PillarRow]:
    weakest = set(rules.weakest(results))
    by_key = {i.key: i for i in pillar_items()}
    return [PillarRow(by_key[r.pillar], r, r.pillar in weakest) for r in results]


def score_text(value: float) -> str:
    """A score as the charts and tables write it: one decimal (3.5), whole numbers without."""
    return f"{value:.1f}".removesuffix(".0")


def _label(check: HealthCheck) -> str:
    return date_format(check.held_on, "j F Y")


def check_radar(checks: Sequence[tuple[HealthCheck, Sequence[rules.PillarResult]]], *,
                chart_id: str) -> charts.Chart:
    """The mean score per pillar of one or more checks (newest first), overlaid; a pillar
    nobody scored sits at the centre."""
    axes = [i.code for i in pillar_items()]
    series = [charts.Series(_label(check), [r.mean or 0.0 for r in results])
              for check, results in checks]
    if len(checks) == 1:
        title = _("Pillar health check of %(date)s") % {"date": _label(checks[0][0])}
    else:
        title = _("The last %(count)d pillar health checks") % {"count": len(checks)}
    return charts.radar(
        axes, series, chart_id=chart_id, title=title,
        description=_("The mean score (1 to 5) of the core team per pillar, P1 to P8. The same "
                      "numbers are in the table below."),
        head=_("Pillar"), maximum=rules.SCORE_MAX, rings=rules.SCORE_MAX, radius=120,
        label_room=40, value_text=score_text)
