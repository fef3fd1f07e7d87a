"""How advice reads on a page: the ranking as a small bar chart (``core.charts``), and how a
saved snapshot compares with today's advice."""

from typing import Any

from django.utils.translation import gettext as _

from concordia.core import charts
from concordia.handbook.catalogue import CollaborationForm

from . import rules

BEST_FILL = "#1f5f8b"
OTHER_FILL = "#8fb3cf"
RULED_OUT_FILL = "#c4c4c4"


def ranking_chart(ranking: tuple[rules.FormScore, ...]) -> charts.Chart:
    """One horizontal bar per form, best first; the best bar darker, ruled-out forms grey."""
    bars = [charts.Bar(item.label, item.score,
                       RULED_OUT_FILL if item.ruled_out else BEST_FILL if index == 0
                       else OTHER_FILL)
            for index, item in enumerate(ranking)]
    return charts.horizontal_bars(
        bars, chart_id="ranking-chart", title=_("Score per form, out of 100"),
        description=_("The table next to the chart gives the same scores and the conditions "
                      "met."),
        head=(_("Form"), _("Score")))


def snapshot_changed(snapshot: dict[str, Any], advice: rules.Advice) -> bool:
    """Whether today's rules advise differently from the stored snapshot (form or scores)."""
    stored = [(row.get("form"), row.get("score")) for row in snapshot.get("ranking", [])]
    today = [(item.form.value, item.score) for item in advice.ranking]
    return snapshot.get("form") != advice.form.value or stored != today


def snapshot_ranking(snapshot: dict[str, Any]) -> list[tuple[Any, Any, bool]]:
    """(form label, score, ruled out) from a stored snapshot, labels in today's language."""
    rows = []
    for row in snapshot.get("ranking", []):
        form = row.get("form")
        label = (rules.FORM_LABELS[CollaborationForm(form)]
                 if form in CollaborationForm._value2member_map_ else form)
        rows.append((label, row.get("score"), bool(row.get("ruled_out"))))
    return rows
