"""How the building blocks read and draw: translated labels, the heat-map's geometry (a
server-rendered SVG with colours as presentation attributes, allowed under the CSP) and the
coverage summary of the design sheet. No ORM."""

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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


# The heat-map's geometry (SVG user units): block labels, a status column, then P1..P8.
CELL_W, CELL_H, LABEL_W, STATUS_W, HEAD_H = 56, 26, 300, 150, 34
GRID_X = LABEL_W + STATUS_W
LEGEND_ROW = 22


@dataclass
class SvgCell:
    x: int
    y: int
    fill: str
    text_fill: str
    code: str
    title: str

    @property
    def text_x(self) -> int:
        return self.x + CELL_W // 2

    @property
    def text_y(self) -> int:
        return self.y + CELL_H // 2 + 4


@dataclass
class SvgRow:
    y: int
    text_y: int
    label: str
    status: str
    cells: list[SvgCell] = field(default_factory=list)


def _cell_title(cell: rules.HeatCell) -> str:
    strength = STRENGTH_LABELS[str(cell.strength) if cell.strength else rules.NONE]
    return _("%(block)s — %(pillar)s: %(strength)s, %(status)s (weight %(weight)s)") % {
        "block": BLOCK_LABELS[cell.block], "pillar": PILLAR_LABELS[cell.pillar],
        "strength": strength, "status": STATUS_LABELS[cell.status],
        "weight": number(cell.weight)}


def heatmap(rows: list[tuple[Block, str, list[rules.HeatCell]]]) -> dict[str, Any]:
    """The heat-map's geometry: server-rendered SVG, colours as presentation attributes."""
    svg_rows = []
    for i, (block, status, cells) in enumerate(rows):
        y = HEAD_H + i * CELL_H
        svg_row = SvgRow(y, y + CELL_H // 2 + 4, f"{BLOCK_NUMBER[block]}. {BLOCK_LABELS[block]}",
                         str(STATUS_LABELS[status]))
        for j, cell in enumerate(cells):
            svg_row.cells.append(SvgCell(
                GRID_X + j * CELL_W, y, HEAT_FILL[cell.heat], HEAT_TEXT[cell.heat],
                STRENGTH_CODES[str(cell.strength) if cell.strength else rules.NONE],
                _cell_title(cell)))
        svg_rows.append(svg_row)
    grid_bottom = HEAD_H + len(rows) * CELL_H
    legend_labels = {
        rules.Heat.FULL: _("dominant, in place (weight 2)"),
        rules.Heat.STRONG: _("dominant being built, or secondary in place (weight 1)"),
        rules.Heat.WEAK: _("secondary, being built (weight 0.5)"),
        rules.Heat.IDLE: _("would contribute, but not in use (weight 0)"),
        rules.Heat.NONE: _("no contribution"),
    }
    legend = [{"y": grid_bottom + 16 + k * LEGEND_ROW, "text_y": grid_bottom + 30 + k * LEGEND_ROW,
               "fill": HEAT_FILL[h], "label": label}
              for k, (h, label) in enumerate(legend_labels.items())]
    columns = [{"x": GRID_X + j * CELL_W + CELL_W // 2, "code": f"P{PILLAR_NUMBER[p]}",
                "title": PILLAR_LABELS[p]} for j, p in enumerate(Pillar)]
    return {"rows": svg_rows, "columns": columns, "legend": legend,
            "width": GRID_X + len(Pillar) * CELL_W + 4,
            "height": grid_bottom + 16 + len(legend) * LEGEND_ROW + 4,
            "cell_w": CELL_W, "cell_h": CELL_H, "label_x": LABEL_W - 8,
            "status_x": LABEL_W + 6, "grid_x": GRID_X, "head_y": HEAD_H - 12,
            "legend_x": 8, "legend_text_x": 32}


# --- the design sheet -------------------------------------------------------------------------

BAR_LABEL_W, BAR_W, BAR_H, BAR_GAP = 310, 240, 16, 6
SCORE_FILL = "#2e7d32"
GAP_FILL = "#b00020"
TRACK_FILL = "#eeeeee"


def coverage_bars(coverage: rules.Coverage) -> dict[str, Any]:
    """A compact bar per pillar (score 0–100%) for the one-page sheet; gaps drawn in red."""
    bars = []
    for i, p in enumerate(coverage.pillars):
        y = i * (BAR_H + BAR_GAP)
        bars.append({
            "y": y, "text_y": y + BAR_H - 4, "width": round(p.score * BAR_W),
            "fill": GAP_FILL if p.is_gap else SCORE_FILL,
            "label": f"P{PILLAR_NUMBER[p.pillar]} {PILLAR_LABELS[p.pillar]}",
            "percent": round(p.score * 100)})
    return {"bars": bars, "label_w": BAR_LABEL_W, "bar_w": BAR_W, "bar_h": BAR_H,
            "value_x": BAR_LABEL_W + BAR_W + 6, "label_x": BAR_LABEL_W - 6,
            "width": BAR_LABEL_W + BAR_W + 50,
            "height": len(bars) * (BAR_H + BAR_GAP)}


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
    svg: SafeString = render_to_string("blocks/_bars.html",
                                       {"chart": coverage_bars(coverage)})
    return {"coverage_rows": rows, "coverage_svg": svg, "gaps": gaps}
