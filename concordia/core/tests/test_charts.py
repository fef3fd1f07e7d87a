"""The chart module without a database: valid SVG, geometry from the numbers, escaped labels,
a text alternative and a data table for every chart."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.core import charts
from concordia.core.charts import (
    Bar,
    HeatCell,
    HeatColumn,
    HeatLevel,
    HeatRow,
    Series,
    TimeSeries,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 — our own output, parsed to check it


def every(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(f"{SVG}{tag}"))


def bars_chart(*bars: Bar, **kwargs: Any) -> charts.Chart:
    return charts.horizontal_bars(bars, chart_id="bars", title="Score per form",
                                  description="One bar per form.", head=("Form", "Score"),
                                  **kwargs)


def radar_chart(*series: Series, axes: tuple[str, ...] = ("A", "B", "C", "D")) -> charts.Chart:
    return charts.radar(axes, series, chart_id="radar", title="Scorecard",
                        description="Two evaluations overlaid.", head="Pillar", maximum=10,
                        radius=100)


def assert_accessible_and_clean(chart: charts.Chart, chart_id: str) -> ET.Element:
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (f"{SVG}title", f"{chart_id}-title",
                                                        chart.title)
    assert (desc.tag, desc.get("id"), desc.text) == (f"{SVG}desc", f"{chart_id}-desc",
                                                     chart.description)
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        for name in ("fill", "stroke"):
            value = element.get(name)
            if value is not None:
                assert value == "none" or re.fullmatch(r"#[0-9a-f]{6}", value), (name, value)
    return root


# --- horizontal bars --------------------------------------------------------------------------


def test_bar_widths_are_proportional_to_the_values() -> None:
    chart = bars_chart(Bar("Network", 100), Bar("Lead", 50), Bar("Joint venture", 0),
                       bar_width=200)
    root = assert_accessible_and_clean(chart, "bars")
    assert [r.get("width") for r in every(root, "rect")] == ["200", "100", "0"]
    assert [t.text for t in every(root, "text")] == [
        "Network", "100", "Lead", "50", "Joint venture", "0"]


def test_bars_clamp_out_of_range_values_but_write_them_as_they_are() -> None:
    root = parse(bars_chart(Bar("Over", 150), Bar("Under", -5), bar_width=200))
    assert [r.get("width") for r in every(root, "rect")] == ["200", "0"]
    assert [t.text for t in every(root, "text")][1::2] == ["150", "-5"]


def test_bars_with_a_track_line_the_values_up_after_it() -> None:
    chart = bars_chart(Bar("P1", 25, value_text="25%"), Bar("P2", 75, value_text="75%"),
                       track_fill="#eeeeee", label_width=100, bar_width=200, pad=6,
                       fluid=False)
    root = parse(chart)
    assert (root.get("width"), root.get("height")) == (str(chart.width), str(chart.height))
    rects = every(root, "rect")
    assert [(r.get("fill"), r.get("width")) for r in rects] == [
        ("#eeeeee", "200"), ("#1f5f8b", "50"), ("#eeeeee", "200"), ("#1f5f8b", "150")]
    values = [t for t in every(root, "text") if t.text and t.text.endswith("%")]
    assert {v.get("x") for v in values} == {"306"}
    assert chart.table.rows == (("P1", "25%"), ("P2", "75%"))


def test_bar_table_has_the_heads_and_the_numbers() -> None:
    chart = bars_chart(Bar("Network", 82.5), Bar("Lead", 40))
    assert chart.table == charts.DataTable("Score per form", ("Form", "Score"),
                                           (("Network", "82.5"), ("Lead", "40")))


def test_labels_are_escaped_as_text() -> None:
    label = '<script>alert("x")</script> & "quotes"'
    chart = charts.horizontal_bars([Bar(label, 10)], chart_id="bars", title="A < B & C",
                                   description='say "hi"', head=("x", "y"))
    assert "<script>" not in str(chart.svg)
    root = parse(chart)
    assert root[0].text == "A < B & C"
    assert every(root, "text")[0].text == label
    assert every(root, "script") == []


@pytest.mark.parametrize("bad", ["red", "#fff", "url(#x)", '#000000" onload="x', "#12345g"])
def test_only_six_digit_hex_colours_are_drawn(bad: str) -> None:
    with pytest.raises(ValueError, match="6-digit hex"):
        bars_chart(Bar("x", 1, fill=bad))


@pytest.mark.parametrize("bad", ["Bars", "a b", '"x', "1chart", ""])
def test_a_chart_id_must_be_a_plain_id(bad: str) -> None:
    with pytest.raises(ValueError, match="usable id"):
        charts.horizontal_bars([], chart_id=bad, title="t", description="d", head=("a", "b"))


# --- radar ------------------------------------------------------------------------------------


def test_radar_axes_start_at_the_top_and_turn_clockwise() -> None:
    centre = (200.0, 150.0)
    # Four axes: up, right, down, left (SVG's y grows downwards).
    expected = [(200, 50), (300, 150), (200, 250), (100, 150)]
    for axis, (x, y) in enumerate(expected):
        px, py = charts.radar_point(10, axis, 4, maximum=10, radius=100, centre=centre)
        assert (round(px, 6), round(py, 6)) == (x, y)


@given(value=st.floats(0, 10), axis=st.integers(0, 7), axes=st.integers(3, 8))
def test_a_radar_point_lies_on_its_axis_at_its_share_of_the_radius(
        value: float, axis: int, axes: int) -> None:
    axis %= axes
    centre = (130.0, 140.0)
    x, y = charts.radar_point(value, axis, axes, maximum=10, radius=100, centre=centre)
    distance = math.hypot(x - centre[0], y - centre[1])
    assert distance == pytest.approx(value * 10, abs=1e-9)
    if distance > 1e-6:
        angle = math.atan2(y - centre[1], x - centre[0])
        expected = -math.pi / 2 + 2 * math.pi * axis / axes
        assert math.cos(angle - expected) == pytest.approx(1)


def test_radar_overlays_every_series_with_a_legend_and_a_table() -> None:
    chart = radar_chart(Series("2025", [10, 5, 0, 7.5]), Series("2026", [8, 8, 8, 8]))
    root = assert_accessible_and_clean(chart, "radar")
    outlines = [p for p in every(root, "polygon") if p.get("fill") != "none"]
    assert len(outlines) == 2
    # Outline of 2025, radius 100 around the centre: the top axis full, the right one half.
    centre_x = float(chart.width) / 2
    first = [tuple(map(float, p.split(","))) for p in outlines[0].get("points").split()]
    centre_y = first[2][1]  # value 0 on axis C sits at the centre
    assert first[0] == (centre_x, centre_y - 100)
    assert first[1] == (centre_x + 50, centre_y)
    assert first[3] == (centre_x - 75, centre_y)
    assert outlines[0].get("stroke") != outlines[1].get("stroke")
    assert outlines[0].get("stroke-dasharray") != outlines[1].get("stroke-dasharray")
    texts = [t.text for t in every(root, "text")]
    assert {"A", "B", "C", "D", "2025", "2026"} <= set(texts)
    assert chart.table.head == ("Pillar", "2025", "2026")
    assert chart.table.rows == (("A", "10", "8"), ("B", "5", "8"), ("C", "0", "8"),
                                ("D", "7.5", "8"))
    rings = [p for p in every(root, "polygon") if p.get("fill") == "none"]
    assert len(rings) == 4


def test_radar_refuses_too_few_axes_and_ragged_series() -> None:
    with pytest.raises(ValueError, match="three axes"):
        radar_chart(Series("x", [1, 2]), axes=("A", "B"))
    with pytest.raises(ValueError, match="3 values for 4 axes"):
        radar_chart(Series("x", [1, 2, 3]))


# --- heat-map ---------------------------------------------------------------------------------

LEVELS = [HeatLevel("#1b5e20", "#ffffff", "full"), HeatLevel("#ffffff", "#444444", "none")]


def test_heat_map_places_cells_on_the_grid_with_the_level_colours() -> None:
    rows = [HeatRow("Board", [HeatCell(0, "D", "Board — trust"), HeatCell(1)], note="in place"),
            HeatRow("Agency", [HeatCell(1), HeatCell(0, "S", value_text="S 1")])]
    chart = charts.heat_map(rows, [HeatColumn("P1", "Trust"), HeatColumn("P2", "Dialogue")],
                            LEVELS, chart_id="heat", title="Blocks × pillars",
                            description="Darker carries more.", head=("Block", "Status"),
                            cell_width=50, cell_height=20, label_width=100, note_width=60,
                            head_height=30)
    root = assert_accessible_and_clean(chart, "heat")
    cells = [r for r in every(root, "rect") if r.get("width") == "50"]
    assert [(c.get("x"), c.get("y"), c.get("fill")) for c in cells] == [
        ("160", "30", "#1b5e20"), ("210", "30", "#ffffff"),
        ("160", "50", "#ffffff"), ("210", "50", "#1b5e20")]
    legend = [r for r in every(root, "rect") if r.get("width") == "18"]
    assert [r.get("fill") for r in legend] == ["#1b5e20", "#ffffff"]
    assert chart.table.head == ("Block", "Status", "P1", "P2")
    assert chart.table.rows == (("Board", "in place", "D", "none"), ("Agency", "", "none", "S 1"))


def test_heat_map_refuses_a_row_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="1 cells for 2 columns"):
        charts.heat_map([HeatRow("x", [HeatCell(0)])], [HeatColumn("a"), HeatColumn("b")],
                        LEVELS, chart_id="heat", title="t", description="d", head=("x",))


# --- timeline ---------------------------------------------------------------------------------

STAGES = ("opportunistic", "procedural", "cultural")


def test_timeline_places_dates_in_proportion_and_levels_evenly() -> None:
    chart = charts.timeline(
        [TimeSeries("Overall", [(date(2024, 1, 1), 0), (date(2024, 1, 31), 1),
                                (date(2024, 4, 30), 2)])],
        chart_id="stage", title="Stage over time", description="From the table below.",
        head="Date", levels=STAGES, width=450, label_width=100, plot_height=100)
    root = assert_accessible_and_clean(chart, "stage")
    # The plot runs from x 100 to 400 over 120 days; levels from y 120 (lowest) to 20.
    marks = [(c.get("cx"), c.get("cy")) for c in every(root, "circle")]
    assert marks == [("100", "120"), ("175", "70"), ("400", "20")]
    [line] = every(root, "polyline")
    assert line.get("points") == "100,120 175,70 400,20"
    assert [t.text for t in every(root, "text")][:3] == list(STAGES)
    assert chart.table.rows == (("2024-01-01", "opportunistic"), ("2024-01-31", "procedural"),
                                ("2024-04-30", "cultural"))


def test_timeline_with_numbers_and_several_series_has_a_legend_and_gaps_in_the_table() -> None:
    chart = charts.timeline(
        [TimeSeries("Trust", [(date(2025, 1, 1), 40), (date(2026, 1, 1), 80)]),
         TimeSeries("Dialogue", [(date(2026, 1, 1), 60)], stroke="#B5470B")],
        chart_id="scores", title="Scores", description="Per year.", head="Date",
        minimum=0, maximum=100, format_date=lambda d: str(d.year))
    root = assert_accessible_and_clean(chart, "scores")
    assert [c.get("fill") for c in every(root, "circle")] == ["#0b3d91", "#0b3d91", "#b5470b"]
    assert len(every(root, "polyline")) == 1  # one point alone draws no line
    texts = [t.text for t in every(root, "text")]
    assert {"Trust", "Dialogue", "2025", "2026", "0", "100"} <= set(texts)
    assert chart.table == charts.DataTable("Scores", ("Date", "Trust", "Dialogue"),
                                           (("2025", "40", "—"), ("2026", "80", "60")))


def test_a_timeline_of_one_date_sits_at_the_left() -> None:
    chart = charts.timeline([TimeSeries("Overall", [(date(2026, 5, 1), 1)])],
                            chart_id="stage", title="t", description="d", head="Date",
                            levels=STAGES, label_width=110)
    [mark] = every(parse(chart), "circle")
    assert mark.get("cx") == "110"


def test_numbers_are_written_for_svg() -> None:
    assert [charts.number(v) for v in (2, 2.0, 0.5, 1 / 3, -0.04, 199.96)] == [
        "2", "2", "0.5", "0.3", "0", "200"]
