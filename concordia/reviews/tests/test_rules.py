"""The review's pure rules: its dates and an improvement action's title out of a
recommendation (no database)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.reviews import rules


def test_dates_problems():
    today = dt.date(2026, 6, 1)
    assert rules.dates_problem(today, today, today) is None
    assert rules.dates_problem(today, today - dt.timedelta(days=1), today) == "end_before_start"
    assert rules.dates_problem(dt.date(2026, 1, 1), dt.date(2026, 5, 1), today) == "end_in_past"
    assert rules.dates_problem(today, today + dt.timedelta(days=800), today) == "too_long"


@given(st.text(max_size=600))
def test_the_action_title_is_the_first_line_within_200_characters(text):
    title = rules.action_title(text)
    assert len(title) <= rules.TITLE_MAX
    assert "\n" not in title
    first = " ".join((text.strip().splitlines() or [""])[0].split())
    assert title == first or (title.endswith("…") and first.startswith(title[:-1].rstrip()))
