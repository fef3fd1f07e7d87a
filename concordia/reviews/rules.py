"""Pure rules of an external review (no ORM): its dates, a text's limits, an improvement
action's title out of a recommendation."""

import datetime as dt

TITLE_MAX = 200
# A review runs at most two years: reviewers' read access ends with it.
LONGEST_REVIEW = dt.timedelta(days=2 * 366)


def dates_problem(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> str | None:
    """What is wrong with a review's dates, or None: the end lies on or after the start and
    today, within two years of the start."""
    if ends_on < starts_on:
        return "end_before_start"
    if ends_on < today:
        return "end_in_past"
    if ends_on - starts_on > LONGEST_REVIEW:
        return "too_long"
    return None


def action_title(text: str) -> str:
    """An improvement action's title out of a recommendation's text: its first line, words
    kept whole, at most 200 characters (an ellipsis marks a cut)."""
    first = " ".join((text.strip().splitlines() or [""])[0].split())
    if len(first) <= TITLE_MAX:
        return first
    cut = first[:TITLE_MAX - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip() + "…"
