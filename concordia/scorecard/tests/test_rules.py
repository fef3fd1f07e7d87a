"""The scorecard's pure rules: periods, values as Decimal, the target in force, the status
against target and the trend (both aware of which way is better), with properties. No
database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.scorecard import rules
from concordia.scorecard.rules import Direction, PeriodKind, Status, Trend

values = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4,
                     allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=100, places=2)
directions = st.sampled_from(list(Direction))


@pytest.mark.parametrize(("text", "kind", "written"), [
    ("2024", "year", "2024"), ("2024-Q2", "quarter", "2024-Q2"), (" 2024-q4 ", "quarter",
                                                                   "2024-Q4"),
    ("2024-05", "month", "2024-05"), ("1990-01", "month", "1990-01"),
    ("2100-12", "month", "2100-12"),
])
def test_periods_are_read_in_their_kind(text, kind, written):
    assert str(rules.parse_period(text, kind)) == written


@pytest.mark.parametrize(("text", "kind", "code"), [
    ("2024-Q2", "year", "format"), ("2024", "quarter", "format"), ("2024-Q5", "quarter",
                                                                   "format"),
    ("2024-13", "month", "format"), ("2024-00", "month", "format"), ("2024-5", "month",
                                                                     "format"),
    ("24", "year", "format"), ("", "year", "format"), ("1989", "year", "range"),
    ("2101-Q1", "quarter", "range"), ("\uff12\uff10\uff12\uff14", "year", "format"),
])
def test_other_texts_are_no_period(text, kind, code):
    with pytest.raises(rules.PeriodError) as caught:
        rules.parse_period(text, kind)
    assert caught.value.code == code


@given(st.sampled_from(list(PeriodKind)), st.integers(rules.YEAR_MIN, rules.YEAR_MAX),
       st.integers(1, 12), st.integers(1, 12))
def test_a_period_reads_back_and_its_text_sorts_as_time(kind, year, a, b):
    per_year = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[kind]
    first = rules.Period(kind, year, (a - 1) % per_year + 1)
    second = rules.Period(kind, year, (b - 1) % per_year + 1)
    assert rules.parse_period(str(first), kind) == first
    assert (str(first) < str(second)) == (first.ordinal < second.ordinal)


@pytest.mark.parametrize(("raw", "stored"), [
    ("12.5", Decimal("12.5000")), ("12,5", Decimal("12.5000")), ("-3", Decimal("-3.0000")),
    (" 0.00005 ", Decimal("0.0000")), ("0.00015", Decimal("0.0002")), (7, Decimal("7.0000")),
    (Decimal("1.23456"), Decimal("1.2346")), (".5", Decimal("0.5000")),
])
def test_values_are_decimals_with_four_places(raw, stored):
    value = rules.parse_value(raw)
    assert value == stored
    assert value.as_tuple().exponent == -4


@pytest.mark.parametrize(("raw", "code"), [
    ("twelve", "number"), ("", "number"), ("1e5", "number"), ("NaN", "number"),
    ("Infinity", "number"), ("1.000,5", "number"), ("1,000,000", "number"), (0.1, "number"),
    (True, "number"), (None, "number"), ("100000000000000", "range"),
    ("-100000000000000", "range"),
])
def test_other_inputs_are_no_value(raw, code):
    with pytest.raises(rules.ValueProblem) as caught:
        rules.parse_value(raw)
    assert caught.value.code == code


def test_values_read_without_trailing_zeros():
    assert [rules.value_text(Decimal(v)) for v in ("12.5000", "3.0000", "0.0000", "-0.5000")] \
        == ["12.5", "3", "0", "-0.5"]


def test_a_target_holds_until_the_next_one():
    targets = [("2024-Q1", Decimal(90)), ("2025-Q1", Decimal(95))]
    assert rules.target_for("2023-Q4", targets) is None
    assert rules.target_for("2024-Q1", targets) == Decimal(90)
    assert rules.target_for("2024-Q4", targets) == Decimal(90)
    assert rules.target_for("2026-Q2", targets) == Decimal(95)


@pytest.mark.parametrize(("value", "direction", "expected"), [
    ("90", "higher", Status.ON_TRACK), ("95", "higher", Status.ON_TRACK),
    ("81", "higher", Status.AT_RISK), ("80.9999", "higher", Status.OFF_TRACK),
    ("90", "lower", Status.ON_TRACK), ("99", "lower", Status.AT_RISK),
    ("99.0001", "lower", Status.OFF_TRACK), ("10", "lower", Status.ON_TRACK),
])
def test_the_status_rule_with_a_tolerance_of_ten_percent(value, direction, expected):
    # Target 90, margin 10 % of 90 = 9.
    assert rules.status(Decimal(value), Decimal(90), direction) is expected


def test_no_value_or_no_target_has_no_status():
    assert rules.status(None, Decimal(1), "higher") is Status.NONE
    assert rules.status(Decimal(1), None, "lower") is Status.NONE


@given(values, values, values, directions, tolerances)
def test_a_better_value_never_has_a_worse_status(a, b, target, direction, tolerance):
    low, high = sorted((a, b))
    better, worse = (high, low) if direction is Direction.HIGHER else (low, high)
    assert (rules.STATUS_RANK[rules.status(better, target, direction, tolerance)]
            >= rules.STATUS_RANK[rules.status(worse, target, direction, tolerance)])


@given(values, values, tolerances)
def test_the_status_mirrors_when_the_direction_turns(value, target, tolerance):
    # Lower is better on v and t is higher is better on -v and -t.
    assert (rules.status(value, target, "lower", tolerance)
            is rules.status(-value, -target, "higher", tolerance))


@given(values, directions, tolerances)
def test_meeting_the_target_exactly_is_on_track(target, direction, tolerance):
    assert rules.status(target, target, direction, tolerance) is Status.ON_TRACK


@given(values, values, directions)
def test_without_tolerance_there_is_no_at_risk(value, target, direction):
    assert rules.status(value, target, direction, Decimal(0)) is not Status.AT_RISK


@given(st.lists(values, max_size=6), directions)
def test_the_trend_follows_the_last_step_and_turns_with_the_direction(series, direction):
    result = rules.trend(series, direction)
    if len(series) < 2:
        assert result is Trend.NONE
        return
    other = Direction.LOWER if direction is Direction.HIGHER else Direction.HIGHER
    mirrored = {Trend.IMPROVING: Trend.WORSENING, Trend.WORSENING: Trend.IMPROVING,
                Trend.STEADY: Trend.STEADY}
    assert rules.trend(series, other) is mirrored[result]
    step = series[-1] - series[-2]
    assert (result is Trend.STEADY) == (step == 0)
    assert (result is Trend.IMPROVING) == (step > 0 if direction is Direction.HIGHER
                                           else step < 0)


def test_the_page_warns_past_eight_indicators():
    assert (rules.too_many(8), rules.too_many(9)) == (False, True)


@given(values, values, directions, tolerances)
def test_the_bounds_written_beside_the_figures_decide_the_status(value, target, direction,
                                                                 tolerance):
    bounds = rules.bounds(target, direction, tolerance)
    if direction is Direction.HIGHER:
        expected = (Status.ON_TRACK if value >= bounds.on_track else
                    Status.AT_RISK if value >= bounds.at_risk else Status.OFF_TRACK)
    else:
        expected = (Status.ON_TRACK if value <= bounds.on_track else
                    Status.AT_RISK if value <= bounds.at_risk else Status.OFF_TRACK)
    assert rules.status(value, target, direction, tolerance) is expected


def test_the_bounds_of_a_target_of_90_with_ten_percent():
    assert rules.bounds(Decimal(90), "higher", Decimal(10)) == rules.Bounds(Decimal(90),
                                                                           Decimal(81))
    assert rules.bounds(Decimal(10), "lower", Decimal(10)) == rules.Bounds(Decimal(10),
                                                                          Decimal(11))
