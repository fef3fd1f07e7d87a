"""How the building blocks read and draw: translated labels, the heat-map and the sheet's
coverage bars (drawn by ``core.charts`` from the numbers and colours chosen here), and the
coverage summary of the design sheet. No ORM."""

from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concordia.core import charts
from concordia.handbook.catalogue import BLOCK_NUMBER, PILLAR_NUMBER, Block, Dimension, Pillar
from concordia.handbook.texts import BUILDING_BLOCKS, DIMENSIONS, PILLARS

from . import rules
from .choices import BlockStatus, StrengthChoice

BLOCK_LABELS: dict[Block, Promise] = {b: BUILDING_BLOCKS[b].title for b in Block}
PILLAR_LABELS: dict[Pillar, Promise] = {p: PILLARS[p].title for p in Pillar}
DIMENSION_LABELS: dict[Dimension, Promise] = {d: DIMENSIONS[d].title for d in Dimension}
STATUS_LABELS = dict(BlockStatus.choices)
STRENGTH_LABELS = dict(StrengthChoice.choices)
STRENGTH_CODES = {"dominant": "D", "secondary": "S", "none": ""}

# Six-digit hex colours, one green hue from dark to light (also readable in grey scale); the
# text colour keeps at least 4.5:1 contrast on its fill.
HEAT_FILL: dict[rules.Heat, str] = {
    rules.Heat.FULL: "#1b5e20",
    rules.Heat.STRONG: "#66bb6a",
    rules.Heat.WEAK: "#c8e6c9",
    rules.Heat.IDLE: "#eeeeee",
    rules.Heat.NONE: "#ffffff",
}
HEAT_TEXT: dict[rules.Heat, str] = {
    rules.Heat.FULL: "#ffffff",
    rules.Heat.STRONG: "#000000",
    rules.Heat.WEAK: "#000000",
    rules.Heat.IDLE: "#444444",
    rules.Heat.NONE: "#444444",
}


def number(value: float) -> str:
    """A weight without trailing zeros, in the active language: 2, 1, 0.5 (0,5 in Dutch)."""
    if float(value).is_integer():
        return str(int(value))
    return formats.number_format(value, decimal_pos=1)


def _cell_title(cell: rules.HeatCell) -> str:
    strength = STRENGTH_LABELS[str(cell.strength) if cell.strength else rules.NONE]
    return _("%(block)s — %(pillar)s: %(strength)s, %(status)s (weight %(weight)s)") % {
        "block": BLOCK_LABELS[cell.block], "pillar": PILLAR_LABELS[cell.pillar],
        "strength": strength, "status": STATUS_LABELS[cell.status],
        "weight": number(cell.weight)}


HEAT_ORDER = (rules.Heat.FULL, rules.Heat.STRONG, rules.Heat.WEAK, rules.Heat.IDLE,
              rules.Heat.NONE)


def heatmap(rows: list[tuple[Block, str, list[rules.HeatCell]]]) -> charts.Chart:
    """Blocks × pillars, coloured by strength × status, with the legend of the colours."""
    legend_labels = {
        rules.Heat.FULL: _("dominant, in place (weight 2)"),
        rules.Heat.STRONG: _("dominant being built, or secondary in place (weight 1)"),
        rules.Heat.WEAK: _("secondary, being built (weight 0.5)"),
        rules.Heat.IDLE: _("would contribute, but not in use (weight 0)"),
        rules.Heat.NONE: _("no contribution"),
    }
    levels = [charts.HeatLevel(HEAT_FILL[h], HEAT_TEXT[h], legend_labels[h]) for h in HEAT_ORDER]
    heat_rows = [charts.HeatRow(
        f"{BLOCK_NUMBER[block]}. {BLOCK_LABELS[block]}",
        [charts.HeatCell(HEAT_ORDER.index(cell.heat),
                         STRENGTH_CODES[str(cell.strength) if cell.strength else rules.NONE],
                         _cell_title(cell), number(cell.weight)) for cell in cells],
        note=STATUS_LABELS[status]) for block, status, cells in rows]
    columns = [charts.HeatColumn(f"P{PILLAR_NUMBER[p]}", PILLAR_LABELS[p]) for p in Pillar]
    return charts.heat_map(
        heat_rows, columns, levels, chart_id="heat",
        title=_("How strongly each building block carries each pillar now"),
        description=_("Rows are the eighteen building blocks with their status, columns the "
                      "pillars P1 to P8. D marks a dominant contribution, S a secondary one. The "
                      "darker the cell, the more the block carries the pillar now. The table next "
                      "to the map gives the same numbers."),
        head=(_("Building block"), _("Status")))


# --- the design sheet -------------------------------------------------------------------------

SCORE_FILL = "#2e7d32"
GAP_FILL = "#b00020"
TRACK_FILL = "#eeeeee"


def coverage_bars(coverage: rules.Coverage) -> charts.Chart:
    """A compact bar per pillar (score 0–100%) for the one-page sheet; gaps drawn in red. Fixed
    size (not fluid): the PDF lays it out at its own width."""
    bars = [charts.Bar(f"P{PILLAR_NUMBER[p.pillar]} {PILLAR_LABELS[p.pillar]}",
                       round(p.score * 100), GAP_FILL if p.is_gap else SCORE_FILL,
                       f"{round(p.score * 100)}%") for p in coverage.pillars]
    return charts.horizontal_bars(
        bars, chart_id="bars", title=_("Coverage of the eight pillars"),
        description=_("One bar per pillar: the share of what its building blocks would carry if "
                      "all were in place. Red bars are gaps: no dominant building block in "
                      "place."),
        head=(_("Pillar"), _("Coverage")), label_width=310, bar_width=240, bar_height=16,
        row=22, pad=0, track_fill=TRACK_FILL, font_size=11, fluid=False)


def sheet_coverage_context(coverage: rules.Coverage) -> dict[str, Any]:
    """What the design sheet shows of the coverage: a row per pillar with its score and the
    dominant blocks in place, a bar chart, and the gaps in words."""
    rows = [{"label": f"P{PILLAR_NUMBER[p.pillar]} {PILLAR_LABELS[p.pillar]}",
             "percent": round(p.score * 100),
             "blocks": [str(BLOCK_LABELS[b]) for b in p.dominant_in_place]}
            for p in coverage.pillars]
    gaps = [_("%(pillar)s — no dominant building block in place (would be filled by: "
              "%(blocks)s)") % {
                "pillar": f"P{PILLAR_NUMBER[g.pillar]} {PILLAR_LABELS[g.pillar]}",
                "blocks": ", ".join(str(BLOCK_LABELS[b]) for b, _s in g.fillers) or "—"}
            for g in coverage.gaps]
    return {"coverage_rows": rows, "coverage_svg": coverage_bars(coverage).svg, "gaps": gaps}


# --- the advice -------------------------------------------------------------------------------

def _percent(score: float) -> str:
    return f"{round(score * 100)}%"


def next_step_reason(step: rules.NextStep) -> str:
    """Why this block comes first, in numbers: what putting it in place does to the weakest
    pillar, the weakest dimension and the dimension the stage rates lowest."""
    parts = []
    if step.pillar_after > step.pillar_before:
        parts.append(_("%(pillar)s (the weakest pillar) from %(before)s to %(after)s") % {
            "pillar": f"P{PILLAR_NUMBER[step.pillar]} {PILLAR_LABELS[step.pillar]}",
            "before": _percent(step.pillar_before), "after": _percent(step.pillar_after)})
    if step.dimension_after > step.dimension_before:
        parts.append(_("%(dimension)s (the weakest dimension) from %(before)s to %(after)s") % {
            "dimension": DIMENSION_LABELS[step.dimension],
            "before": _percent(step.dimension_before), "after": _percent(step.dimension_after)})
    if step.stage_dimension and step.stage_after > step.stage_before:
        parts.append(_("%(dimension)s (lowest in the development stage) from %(before)s "
                       "to %(after)s") % {
            "dimension": DIMENSION_LABELS[step.stage_dimension],
            "before": _percent(step.stage_before), "after": _percent(step.stage_after)})
    if step.gaps_closed:
        parts.append(ngettext("%(n)d gap closed", "%(n)d gaps closed",
                              step.gaps_closed) % {"n": step.gaps_closed})
    if not parts:
        return str(_("A rule for this alliance calls it essential."))
    return _("Once in place: %(effects)s.") % {"effects": "; ".join(parts)}


def next_steps_context(plan: rules.AdvicePlan) -> list[dict[str, Any]]:
    """The top next steps as the pages and the sheet show them."""
    return [{"block": s.block, "number": BLOCK_NUMBER[s.block], "title": BLOCK_LABELS[s.block],
             "status": STATUS_LABELS[s.status], "reason": next_step_reason(s)}
            for s in plan.next_steps]


def fill_in_first_labels(plan: rules.AdvicePlan) -> list[str]:
    labels = {
        "origin": _("how the alliance came about (origin)"),
        "joint_activities": _("the number of joint activities"),
        "centralisation": _("the degree of centralisation needed"),
        "joint_work_weight": _("the weight and complexity of the joint work"),
        "rationales": _("why the alliance exists (rationales)"),
    }
    return [str(labels[f]) for f in plan.fill_in_first]
