"""Charts as server-rendered SVG: pure functions from numbers to markup, no database, no request.

Every chart is drawn with presentation attributes only (``fill="#1f5f8b"``: 6-digit hex) — the
Content-Security-Policy forbids inline ``style`` — and carries its own text alternative: the
``<svg>`` is ``role="img"`` with ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>``.
Each function also returns the same numbers as a :class:`DataTable`, so a page can show the
table beside the chart (the table is what a screen reader, a printout in black and white or a
copy into a spreadsheet reads).

Labels are text, never markup: they are escaped here. Words (titles, headings, legends) come from
the caller, translated; numbers are written with a dot, as SVG needs them.

- :func:`horizontal_bars` — one bar per item against a maximum (advice ranking, coverage).
- :func:`heat_map` — rows × columns of colour classes with a legend (blocks × pillars).
- :func:`radar` — several series over the same axes, overlaid, with a legend (scorecards).
- :func:`timeline` — values or levels over dates, one line per series (stage, evaluations).
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

Text = str | Promise

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
CHART_ID = re.compile(r"[a-z][a-z0-9-]*")
TEXT_FILL = "#1d1d1d"
MUTED_FILL = "#444444"
GRID_STROKE = "#dddddd"
CELL_STROKE = "#9e9e9e"
FONT_FAMILY = "DejaVu Sans, sans-serif"
# Series colours and dash patterns: overlaid series stay apart in grey scale and for people who
# do not tell these colours apart (the dash differs too).
SERIES_STROKES = ("#0b3d91", "#b5470b", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037")
SERIES_DASHES = ("", "8 4", "2 3", "8 3 2 3", "1 2", "12 3")


@dataclass(frozen=True)
class DataTable:
    """The chart's numbers as a table: ``head`` names the columns (the first is the row
    header's), each row starts with its header cell."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    title: str
    description: str
    table: DataTable
    width: float
    height: float

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:  # renders as its SVG in a template: {{ chart }}
        return self.svg


# --- helpers ----------------------------------------------------------------------------------


def colour(value: str) -> str:
    """A 6-digit hex colour, or ValueError: names, short forms and url() are refused."""
    if not HEX_COLOUR.fullmatch(value):
        raise ValueError(f"not a 6-digit hex colour: {value!r}")
    return value.lower()


def number(value: float) -> str:
    """A coordinate or value for SVG: at most one decimal, no trailing zero, a dot."""
    rounded = round(float(value), 1)
    if rounded == 0:
        return "0"
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def _attrs(attrs: dict[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = number(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"')
    return "".join(parts)


def _el(tag: str, content: str | None = None, **attrs: object) -> str:
    """One element; ``content`` is markup already (use _text for words)."""
    if content is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def _text(value: Text) -> str:
    return escape(str(value), quote=False)


def _titled(tooltip: Text) -> str:
    return _el("title", _text(tooltip)) if str(tooltip) else ""


def _svg(chart_id: str, title: Text, description: Text, width: float, height: float,
         body: str, *, fluid: bool, font_size: int) -> SafeString:
    if not CHART_ID.fullmatch(chart_id):
        raise ValueError(f"not a usable id: {chart_id!r}")
    size: dict[str, object] = ({"width": "100%"} if fluid
                               else {"width": width, "height": height})
    head = (_el("title", _text(title), id=f"{chart_id}-title")
            + _el("desc", _text(description), id=f"{chart_id}-desc"))
    markup = _el("svg", head + body, xmlns="http://www.w3.org/2000/svg", role="img",
                 aria_labelledby=f"{chart_id}-title {chart_id}-desc",
                 viewBox=f"0 0 {number(width)} {number(height)}", **size,
                 preserveAspectRatio="xMinYMin meet", font_family=FONT_FAMILY,
                 font_size=font_size)
    # Every label and attribute above went through escape(); the rest is numbers and names.
    return mark_safe(markup)  # noqa: S308 — escaped above


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(float(value), high))


def _series_style(index: int, stroke: str | None) -> tuple[str, str]:
    return (colour(stroke) if stroke else SERIES_STROKES[index % len(SERIES_STROKES)],
            SERIES_DASHES[index % len(SERIES_DASHES)])


def _legend(entries: Sequence[tuple[Text, str, str]], *, x: float, y: float,
            row: float = 20) -> str:
    """A line sample (colour and dash) and the series' name, one row each."""
    out = []
    for k, (label, stroke, dash) in enumerate(entries):
        ly = y + k * row
        out.append(_el("line", x1=x, y1=ly, x2=x + 28, y2=ly, stroke=stroke, stroke_width=3,
                       stroke_dasharray=dash or None))
        out.append(_el("text", _text(label), x=x + 36, y=ly + 4, fill=TEXT_FILL))
    return "".join(out)


# --- horizontal bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: Text
    value: float
    fill: str = "#1f5f8b"
    value_text: str = ""  # what is written beside the bar; the number by default


def horizontal_bars(bars: Sequence[Bar], *, chart_id: str, title: Text, description: Text,
                    head: tuple[Text, Text], maximum: float = 100, label_width: float = 210,
                    bar_width: float = 220, bar_height: float = 18, row: float = 30,
                    pad: float = 6, track_fill: str | None = None, font_size: int = 13,
                    fluid: bool = True) -> Chart:
    """One bar per item, its length ``value / maximum`` of ``bar_width`` (values outside
    0..maximum are drawn at the nearest end, written as they are). With ``track_fill`` every
    bar has a full-length track behind it and the values line up after the tracks."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    gap = 6  # between a label, its bar and its value
    body = []
    for i, bar in enumerate(bars):
        y = pad + i * row
        width = bar_width * _clamp(bar.value, 0, maximum) / maximum
        text_y = y + bar_height - 4
        written = bar.value_text or number(bar.value)
        body.append(_el("text", _text(bar.label), x=label_width - gap, y=text_y,
                        text_anchor="end", fill=TEXT_FILL))
        if track_fill:
            body.append(_el("rect", x=label_width, y=y, width=bar_width, height=bar_height,
                            fill=colour(track_fill)))
        body.append(_el("rect", _titled(f"{bar.label}: {written}"), x=label_width, y=y,
                        width=width, height=bar_height, fill=colour(bar.fill)))
        value_x = label_width + (bar_width if track_fill else width) + gap
        body.append(_el("text", _text(written), x=value_x, y=text_y, fill=TEXT_FILL))
    total_w = label_width + bar_width + 60
    total_h = 2 * pad + row * len(bars)
    table = DataTable(str(title), (str(head[0]), str(head[1])),
                      tuple((str(b.label), b.value_text or number(b.value)) for b in bars))
    return Chart(_svg(chart_id, title, description, total_w, total_h, "".join(body),
                      fluid=fluid, font_size=font_size),
                 str(title), str(description), table, total_w, total_h)


# --- heat-map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatLevel:
    """One colour class of the map, shown in the legend."""

    fill: str
    text_fill: str
    label: Text


@dataclass(frozen=True)
class HeatCell:
    level: int  # index into the levels
    text: str = ""  # a short mark in the cell (D, S)
    tooltip: Text = ""
    value_text: Text = ""  # the cell in the data table; the mark (or the level) by default


@dataclass(frozen=True)
class HeatRow:
    label: Text
    cells: Sequence[HeatCell]
    note: Text = ""  # a second column beside the label (a status)


@dataclass(frozen=True)
class HeatColumn:
    code: Text
    title: Text = ""


def heat_map(rows: Sequence[HeatRow], columns: Sequence[HeatColumn],
             levels: Sequence[HeatLevel], *, chart_id: str, title: Text, description: Text,
             head: tuple[Text, ...], cell_width: float = 56, cell_height: float = 26,
             label_width: float = 300, note_width: float = 150, head_height: float = 34,
             legend_row: float = 22, font_size: int = 12, fluid: bool = True) -> Chart:
    """Rows × columns of cells coloured by level, with a legend of the levels underneath.
    ``head`` names the label column (and the note column when rows have notes)."""
    fills = [(colour(lv.fill), colour(lv.text_fill)) for lv in levels]
    has_notes = any(str(r.note) for r in rows)
    grid_x = label_width + (note_width if has_notes else 0)
    body = [_el("text", _titled(col.title) + _text(col.code),
                x=grid_x + j * cell_width + cell_width / 2, y=head_height - 12,
                text_anchor="middle", font_weight="bold", fill=TEXT_FILL)
            for j, col in enumerate(columns)]
    for i, heat_row in enumerate(rows):
        if len(heat_row.cells) != len(columns):
            raise ValueError(f"row {i} has {len(heat_row.cells)} cells for {len(columns)} columns")
        y = head_height + i * cell_height
        text_y = y + cell_height / 2 + 4
        body.append(_el("text", _text(heat_row.label), x=label_width - 8, y=text_y,
                        text_anchor="end", fill=TEXT_FILL))
        if has_notes:
            body.append(_el("text", _text(heat_row.note), x=label_width + 6, y=text_y,
                            fill=MUTED_FILL))
        for j, cell in enumerate(heat_row.cells):
            fill, text_fill = fills[cell.level]
            x = grid_x + j * cell_width
            inner = _titled(cell.tooltip) + _el("rect", x=x, y=y, width=cell_width,
                                                height=cell_height, fill=fill,
                                                stroke=CELL_STROKE, stroke_width=1)
            if cell.text:
                inner += _el("text", _text(cell.text), x=x + cell_width / 2, y=text_y,
                             text_anchor="middle", fill=text_fill)
            body.append(_el("g", inner))
    legend_y = head_height + len(rows) * cell_height + 16
    for k, level in enumerate(levels):
        ly = legend_y + k * legend_row
        body.append(_el("rect", x=8, y=ly, width=18, height=18, fill=fills[k][0],
                        stroke=CELL_STROKE, stroke_width=1))
        body.append(_el("text", _text(level.label), x=32, y=ly + 14, fill=TEXT_FILL))
    total_w = grid_x + len(columns) * cell_width + 4
    total_h = legend_y + len(levels) * legend_row + 4
    table_rows = tuple(
        (str(r.label), *((str(r.note),) if has_notes else ()),
         *(str(c.value_text) or c.text or str(levels[c.level].label) for c in r.cells))
        for r in rows)
    table = DataTable(str(title), (*(str(h) for h in head), *(str(c.code) for c in columns)),
                      table_rows)
    return Chart(_svg(chart_id, title, description, total_w, total_h, "".join(body),
                      fluid=fluid, font_size=font_size),
                 str(title), str(description), table, total_w, total_h)


# --- radar ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: Text
    values: Sequence[float]
    stroke: str | None = None  # a colour of the palette by default


def radar_angle(axis: int, axes: int) -> float:
    """The angle of axis ``axis`` of ``axes`` in radians: the first points up, the rest follow
    clockwise at equal angles (SVG's y grows downwards)."""
    return -math.pi / 2 + 2 * math.pi * axis / axes


def radar_point(value: float, axis: int, axes: int, *, maximum: float, radius: float,
                centre: tuple[float, float]) -> tuple[float, float]:
    """Where ``value`` lies on axis ``axis``: at ``radius × value / maximum`` from the centre
    (values outside 0..maximum at the nearest end)."""
    r = radius * _clamp(value, 0, maximum) / maximum
    angle = radar_angle(axis, axes)
    return centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle)


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def radar(axes: Sequence[Text], series: Sequence[Series], *, chart_id: str, title: Text,
          description: Text, head: Text, maximum: float = 100, rings: int = 4,
          radius: float = 140, label_room: float = 130, font_size: int = 12,
          fluid: bool = True, value_text: Callable[[float], str] = number) -> Chart:
    """Several series over the same axes (at least three), overlaid: a filled outline per
    series with a mark on each axis, rings at equal steps of ``maximum``, and a legend."""
    n = len(axes)
    if n < 3:
        raise ValueError("a radar needs at least three axes")
    if maximum <= 0 or rings < 1:
        raise ValueError("maximum must be positive, rings at least one")
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.label!s} has {len(s.values)} values for {n} axes")
    centre = (label_room + radius, 34 + radius)
    body = []
    for k in range(1, rings + 1):
        ring = [radar_point(maximum * k / rings, a, n, maximum=maximum, radius=radius,
                            centre=centre) for a in range(n)]
        body.append(_el("polygon", points=_points(ring), fill="none", stroke=GRID_STROKE))
        body.append(_el("text", _text(value_text(maximum * k / rings)), x=centre[0] + 4,
                        y=ring[0][1] - 3, fill=MUTED_FILL, font_size=font_size - 2))
    for a, label in enumerate(axes):
        end = radar_point(maximum, a, n, maximum=maximum, radius=radius, centre=centre)
        body.append(_el("line", x1=centre[0], y1=centre[1], x2=end[0], y2=end[1],
                        stroke=GRID_STROKE))
        lx, ly = radar_point(maximum, a, n, maximum=maximum, radius=radius + 10,
                             centre=centre)
        cos = math.cos(radar_angle(a, n))
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        sin = math.sin(radar_angle(a, n))
        ly += 4 if abs(sin) < 0.3 else (12 if sin > 0 else -2)
        body.append(_el("text", _text(label), x=lx, y=ly, text_anchor=anchor, fill=TEXT_FILL))
    legend = []
    for i, s in enumerate(series):
        stroke, dash = _series_style(i, s.stroke)
        outline = [radar_point(v, a, n, maximum=maximum, radius=radius, centre=centre)
                   for a, v in enumerate(s.values)]
        body.append(_el("polygon", points=_points(outline), fill=stroke, fill_opacity="0.12",
                        stroke=stroke, stroke_width=2, stroke_dasharray=dash or None))
        for (x, y), label, v in zip(outline, axes, s.values, strict=True):
            body.append(_el("circle", _titled(f"{s.label} — {label}: {value_text(v)}"),
                            cx=x, cy=y, r=3.5, fill=stroke))
        legend.append((s.label, stroke, dash))
    legend_y = centre[1] + radius + 36
    body.append(_legend(legend, x=16, y=legend_y))
    total_w = 2 * (label_room + radius)
    total_h = legend_y + 20 * len(series) + 4
    table = DataTable(str(title), (str(head), *(str(s.label) for s in series)),
                      tuple((str(label), *(value_text(s.values[a]) for s in series))
                            for a, label in enumerate(axes)))
    return Chart(_svg(chart_id, title, description, total_w, total_h, "".join(body),
                      fluid=fluid, font_size=font_size),
                 str(title), str(description), table, total_w, total_h)


# --- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeSeries:
    label: Text
    points: Sequence[tuple[date, float]]
    stroke: str | None = None


def timeline_x(day: date, *, first: date, last: date, left: float, right: float) -> float:
    """Dates are placed in proportion to the time between them; one date alone sits left."""
    span = (last - first).days
    return left if span == 0 else left + (right - left) * (day - first).days / span


def timeline(series: Sequence[TimeSeries], *, chart_id: str, title: Text, description: Text,
             head: Text, levels: Sequence[Text] = (), minimum: float = 0,
             maximum: float = 100, ticks: int = 4,
             format_date: Callable[[date], str] = date.isoformat, width: float = 640,
             plot_height: float = 120, label_width: float = 110, font_size: int = 12,
             fluid: bool = True, value_text: Callable[[float], str] = number) -> Chart:
    """Values over dates, one line per series with a mark per point. With ``levels`` the values
    are positions in that ordered list (0 = the first, drawn lowest) and the axis is labelled
    with them; otherwise the axis runs from ``minimum`` to ``maximum`` in ``ticks`` steps."""
    if levels:
        low, high, steps = 0.0, float(len(levels) - 1), max(len(levels) - 1, 1)
    else:
        if maximum <= minimum:
            raise ValueError("maximum must be above minimum")
        low, high, steps = float(minimum), float(maximum), ticks
    top, left, right = 20.0, label_width, width - 50
    bottom = top + plot_height

    def y_of(value: float) -> float:
        return bottom if high == low else bottom - (bottom - top) * (
            _clamp(value, low, high) - low) / (high - low)

    def written(value: float) -> str:
        if levels:
            return str(levels[int(_clamp(round(value), 0, len(levels) - 1))])
        return value_text(value)

    body = []
    for k in range(steps + 1):
        value = low + (high - low) * k / steps
        y = y_of(value)
        body.append(_el("line", x1=left, y1=y, x2=right, y2=y, stroke=GRID_STROKE))
        body.append(_el("text", _text(written(value)), x=4, y=y + 4, fill=MUTED_FILL))
    days = sorted({d for s in series for d, _v in s.points})
    legend = []
    if days:
        first, last = days[0], days[-1]
        labelled_at = -math.inf
        for day in days:
            x = timeline_x(day, first=first, last=last, left=left, right=right)
            if x - labelled_at >= 70:  # dates closer than that would overlap; the table has all
                body.append(_el("text", _text(format_date(day)), x=x, y=bottom + 24,
                                text_anchor="middle", fill=MUTED_FILL))
                labelled_at = x
        for i, s in enumerate(series):
            stroke, dash = _series_style(i, s.stroke)
            placed = [(timeline_x(d, first=first, last=last, left=left, right=right), y_of(v),
                       d, v) for d, v in sorted(s.points)]
            if len(placed) > 1:
                body.append(_el("polyline", points=_points([(x, y) for x, y, _d, _v in placed]),
                                fill="none", stroke=stroke, stroke_width=3,
                                stroke_dasharray=dash or None))
            for x, y, d, v in placed:
                body.append(_el("circle", _titled(f"{s.label} — {format_date(d)}: {written(v)}"),
                                cx=x, cy=y, r=5, fill=stroke))
            legend.append((s.label, stroke, dash))
    legend_y = bottom + 44
    if len(series) > 1:
        body.append(_legend(legend, x=16, y=legend_y))
    total_h = legend_y + (20 * len(series) if len(series) > 1 else -10)
    values = {(i, d): v for i, s in enumerate(series) for d, v in s.points}
    table = DataTable(str(title), (str(head), *(str(s.label) for s in series)),
                      tuple((format_date(d), *(written(values[i, d]) if (i, d) in values
                                               else "—" for i in range(len(series))))
                            for d in days))
    return Chart(_svg(chart_id, title, description, width, total_h, "".join(body),
                      fluid=fluid, font_size=font_size),
                 str(title), str(description), table, width, total_h)
