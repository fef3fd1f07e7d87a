"""The report's pure rules: a period's bounds and label, the scorecard periods in it, who is
missing, whether it may be approved, the daily reminder and the prefilled text."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.reports import rules

KINDS = {"quarter": 4, "half": 2, "year": 1}


def periods():
    return st.sampled_from(list(KINDS)).flatmap(lambda kind: st.tuples(
        st.just(kind), st.integers(rules.YEAR_MIN, rules.YEAR_MAX),
        st.integers(1, KINDS[kind])))


def test_the_bounds_of_a_quarter_a_half_year_and_a_year():
    assert rules.period_bounds("quarter", 2026, 2) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert rules.period_bounds("quarter", 2026, 4) == (dt.date(2026, 10, 1),
                                                        dt.date(2026, 12, 31))
    assert rules.period_bounds("half", 2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert rules.period_bounds("year", 2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@given(periods())
def test_the_parts_of_a_year_cover_it_without_gaps(period):
    kind, year, _number = period
    bounds = [rules.period_bounds(kind, year, n) for n in range(1, KINDS[kind] + 1)]
    assert bounds[0][0] == dt.date(year, 1, 1)
    assert bounds[-1][1] == dt.date(year, 12, 31)
    for (_s1, end), (start, _e2) in itertools.pairwise(bounds):
        assert start == end + dt.timedelta(days=1)


@pytest.mark.parametrize(("kind", "year", "number", "problem"), [
    ("month", 2026, 1, "kind"), ("quarter", 1999, 1, "year"), ("quarter", 2026, 5, "number"),
    ("half", 2026, 3, "number"), ("year", 2026, 2, "number"), ("quarter", 2026, 0, "number"),
])
def test_what_is_not_a_period(kind, year, number, problem):
    with pytest.raises(rules.PeriodProblem) as raised:
        rules.check_period(kind, year, number)
    assert str(raised.value) == problem


def test_labels():
    assert rules.period_label("quarter", 2026, 3) == "2026-Q3"
    assert rules.period_label("half", 2026, 2) == "2026-H2"
    assert rules.period_label("year", 2026, 1) == "2026"


def test_a_report_opens_once_its_period_has_begun():
    assert rules.has_started("quarter", 2026, 2, dt.date(2026, 4, 1))
    assert not rules.has_started("quarter", 2026, 2, dt.date(2026, 3, 31))


def test_the_scorecard_periods_in_a_report_period():
    assert rules.scorecard_periods("quarter", 2026, 2, "month") == ["2026-04", "2026-05",
                                                                     "2026-06"]
    assert rules.scorecard_periods("quarter", 2026, 2, "quarter") == ["2026-Q2"]
    assert rules.scorecard_periods("half", 2026, 2, "quarter") == ["2026-Q3", "2026-Q4"]
    assert rules.scorecard_periods("year", 2026, 1, "quarter") == [
        "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert rules.scorecard_periods("quarter", 2026, 4, "year") == ["2026"]


@given(periods(), st.sampled_from(["month", "quarter"]))
def test_every_scorecard_period_lies_in_the_report_period(period, indicator_kind):
    kind, year, number = period
    start, end = rules.period_bounds(kind, year, number)
    found = rules.scorecard_periods(kind, year, number, indicator_kind)
    assert found
    months = 1 if indicator_kind == "month" else 3
    assert len(found) * months == (end.month - start.month + 1)


def test_the_latest_period_with_a_value():
    assert rules.latest_in(["2026-04", "2026-05", "2026-06"], {"2026-05": 1, "2026-04": 2}) \
        == "2026-05"
    assert rules.latest_in(["2026-04"], {}) is None


@given(st.lists(st.integers(1, 50), unique=True), st.sets(st.integers(1, 50)))
def test_missing_are_the_active_partners_without_a_submitted_section(active, submitted):
    missing = rules.missing(active, submitted)
    assert set(missing) == set(active) - submitted
    assert missing == [p for p in active if p in missing]  # the order given


def test_approval_waits_for_every_section_and_the_overall_part():
    assert rules.approval_problem(approved=False, missing_partners=[3],
                                  overall_written=True) == "missing"
    assert rules.approval_problem(approved=False, missing_partners=[],
                                  overall_written=False) == "overall"
    assert rules.approval_problem(approved=True, missing_partners=[],
                                  overall_written=True) == "approved"
    assert rules.approval_problem(approved=False, missing_partners=[],
                                  overall_written=True) is None


def test_a_partner_is_reminded_once_a_day():
    assert rules.may_remind(set(), 4)
    assert not rules.may_remind({4}, 4)


WORDS = rules.Headings(values="Values:", actions="Actions:", due="due", no_due="no due date",
                       bottleneck="bottleneck")


def test_the_prefilled_text_names_a_confidential_bottleneck_by_its_number_only():
    text = rules.prefill(
        actions=[rules.PrefillAction("Send the figures", dt.date(2026, 5, 1)),
                 rules.PrefillAction("Hire", None)],
        bottlenecks=[rules.PrefillBottleneck(7, "Shared budget", "board", True),
                     rules.PrefillBottleneck(8, "Secret merger", "horizontal", False)],
        values=[rules.PrefillValue("Lead time", "2026-Q1", "12.5", "days", "on track")],
        words=WORDS)
    assert text["progress"] == ("Values:\n- Lead time: 12.5 days (2026-Q1, on track)\n\n"
                                "Actions:\n- Send the figures (due 2026-05-01)\n"
                                "- Hire (no due date)")
    assert text["bottlenecks"] == "- #7 Shared budget (board)\n- #8 bottleneck (horizontal)"
    assert text["coordination"] == ""
    assert text["news"] == ""


def test_nothing_to_prefill_is_an_empty_section():
    assert rules.prefill(actions=[], bottlenecks=[], values=[], words=WORDS) == dict.fromkeys(
        rules.SECTION_FIELDS, "")
