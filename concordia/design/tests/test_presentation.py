"""The stage timeline: one mark per assessment, at its stage, in date order."""

import xml.etree.ElementTree as ET
from datetime import date

from django.utils import translation

from concordia.design.models import StageAssessment
from concordia.design.presentation import stage_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_stage_chart_marks_every_assessment_at_its_stage() -> None:
    history = [StageAssessment(assessed_on=date(2024, 3, 1), overall="opportunistic"),
               StageAssessment(assessed_on=date(2025, 3, 1), overall="cultural"),
               StageAssessment(assessed_on=date(2026, 3, 1), overall="procedural")]
    with translation.override("en"):
        chart = stage_chart(history)
    root = ET.fromstring(str(chart.svg))  # noqa: S314 — our own output, parsed to check it
    marks = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert [x for x, _y in marks] == sorted(x for x, _y in marks)
    lowest, highest, middle = (y for _x, y in marks)
    assert highest < middle < lowest  # cultural above procedural above opportunistic
    assert middle == (lowest + highest) / 2
    assert chart.title == "Overall stage over time"
    assert chart.table.head == ("Date", "Overall")
    assert [row[1] for row in chart.table.rows] == ["opportunistic", "cultural", "procedural"]
