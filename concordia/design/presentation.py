"""How the design draws: the development stage over time as a timeline (``core.charts``).
No ORM: the assessments come from the selector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.alliances.choices import Level, Role
from concordia.core import charts
from concordia.handbook.catalogue import Dimension

from .choices import StageChoice
from .models import StageAssessment
from .stage_rules import NEXT_STEPS, dimension_step

if TYPE_CHECKING:
    from .selectors import StageOverview

DIMENSION_WORDS = {
    Dimension.CULTURAL: gettext_lazy("cultural"),
    Dimension.RELATIONAL: gettext_lazy("relational"),
    Dimension.PROCEDURAL: gettext_lazy("procedural"),
    Dimension.CONTENT: gettext_lazy("content"),
}

STAGE_ORDER = (StageChoice.OPPORTUNISTIC, StageChoice.PROCEDURAL, StageChoice.CULTURAL)
STAGE_STROKE = "#0b3d91"


def stage_chart(history: Sequence[StageAssessment]) -> charts.Chart:
    """The overall stage of every assessment, in date order, on the three stages."""
    points = [(a.assessed_on, float(STAGE_ORDER.index(StageChoice(a.overall))))
              for a in history]
    return charts.timeline(
        [charts.TimeSeries(_("Overall"), points, STAGE_STROKE)], chart_id="stage-chart",
        title=_("Overall stage over time"),
        description=_("The same data is in the table below."), head=_("Date"),
        levels=[s.label for s in STAGE_ORDER],
        format_date=lambda day: date_format(day, "YEAR_MONTH_FORMAT"))


def stage_overview_context(overview: StageOverview) -> dict[str, Any]:
    """The stage per partner and per dimension, the spread, where partners differ and the step
    for the weakest dimension, as the stage page and the sheet show them."""
    stage = overview.stage
    if stage is None:
        return {"rated": None, "unrated": overview.unrated}
    dimensions = list(Dimension)
    names = overview.partner_names

    def label(level: int) -> str:
        return str(STAGE_ORDER[level - 1].label)

    partners = [{"name": names.get(p.partner, "—"), "raters": p.raters,
                 "stages": [label(p.dimensions[d]) for d in dimensions],
                 "overall": label(p.overall)}
                for p in sorted(stage.partners, key=lambda p: names.get(p.partner, ""))]
    differing = [{"dimension": DIMENSION_WORDS[d],
                  "views": "; ".join(f"{names.get(p.partner, '—')}: {label(p.dimensions[d])}"
                                     for p in sorted(stage.partners,
                                                     key=lambda p: names.get(p.partner, "")))}
                 for d in stage.differing]
    return {"rated": {
        "dimensions": [{"name": DIMENSION_WORDS[d], "stage": label(stage.dimensions[d]),
                        "spread": stage.spread[d], "weakest": d == stage.weakest}
                       for d in dimensions],
        "overall": label(stage.overall), "partners": partners, "differing": differing,
        "weakest": DIMENSION_WORDS[stage.weakest],
        "weakest_step": dimension_step(stage.weakest, stage.dimensions[stage.weakest]),
        "next_steps": NEXT_STEPS[stage.overall_stage], "newest": stage.newest,
        "stale": overview.stale,
    }, "unrated": overview.unrated}


def rater_labels(roles: Sequence[str], levels: Sequence[str]) -> list[str]:
    """Who rates the stage, in words: the chosen roles, then the chosen levels ("strategic
    level")."""
    return [str(Role(r).label) for r in roles if r in Role.values] + [
        _("%(level)s level") % {"level": Level(lv).label} for lv in levels if lv in Level.values]
