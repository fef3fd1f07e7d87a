"""How the design draws: the development stage over time as a timeline (``core.charts``).
No ORM: the assessments come from the selector."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.core import charts

from .choices import StageChoice
from .models import StageAssessment

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
