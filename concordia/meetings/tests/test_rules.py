"""The pure rules of meetings: no database."""

import datetime as dt
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from concordia.meetings import rules
from concordia.meetings.choices import AttendanceStatus as S
from concordia.meetings.choices import Frequency
from concordia.meetings.rules import AMSTERDAM, AbsenceFlag

# --- a series' dates --------------------------------------------------------------------------


def ams(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def test_weekly_series_keeps_ten_oclock_over_both_clock_changes():
    # 2026: summer time from 29 March, winter time from 25 October.
    dates = rules.series_dates(ams(2026, 3, 19, 10, 0), Frequency.WEEKLY, 3)
    assert [d.isoformat() for d in dates] == [
        "2026-03-19T10:00:00+01:00", "2026-03-26T10:00:00+01:00", "2026-04-02T10:00:00+02:00"]
    autumn = rules.series_dates(ams(2026, 10, 22, 10, 0), Frequency.WEEKLY, 2)
    assert [d.isoformat() for d in autumn] == ["2026-10-22T10:00:00+02:00",
                                               "2026-10-29T10:00:00+01:00"]
    # the instants are an hour apart from a plain seven-day step
    assert autumn[1].astimezone(dt.UTC) - autumn[0].astimezone(dt.UTC) == dt.timedelta(
        days=7, hours=1)


def test_monthly_series_clamps_to_month_end_and_comes_back():
    dates = rules.series_dates(ams(2027, 1, 31, 9, 30), Frequency.MONTHLY, 4)
    assert [d.date().isoformat() for d in dates] == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    assert {d.time() for d in dates} == {dt.time(9, 30)}


def test_leap_year_february():
    dates = rules.series_dates(ams(2027, 11, 30, 14, 0), Frequency.QUARTERLY, 2)
    assert [d.date().isoformat() for d in dates] == ["2027-11-30", "2028-02-29"]


def test_quarterly_series_from_utc_input():
    first = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam
    dates = rules.series_dates(first, Frequency.QUARTERLY, 4)
    assert [(d.date().isoformat(), d.hour) for d in dates] == [
        ("2026-01-15", 10), ("2026-04-15", 10), ("2026-07-15", 10), ("2026-10-15", 10)]


def test_a_time_the_spring_change_skips_reads_on_the_summer_clock():
    dates = rules.series_dates(ams(2026, 3, 22, 2, 30), Frequency.WEEKLY, 2)
    assert dates[1].isoformat() == "2026-03-29T03:30:00+02:00"


@pytest.mark.parametrize("args", [
    (dt.datetime(2026, 1, 1, 10, 0), Frequency.WEEKLY, 2),  # noqa: DTZ001 — naive on purpose
    (ams(2026, 1, 1, 10, 0), "daily", 2),
    (ams(2026, 1, 1, 10, 0), Frequency.WEEKLY, 0),
    (ams(2026, 1, 1, 10, 0), Frequency.WEEKLY, rules.MAX_OCCURRENCES + 1),
])
def test_series_refuses_bad_input(args):
    with pytest.raises(ValueError):  # noqa: PT011 — the message is for programmers
        rules.series_dates(*args)


firsts = st.datetimes(min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 — hypothesis wants naive
                      max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
                      timezones=st.just(AMSTERDAM)).map(
    lambda d: d.replace(second=0, microsecond=0, fold=0))


@given(first=firsts, frequency=st.sampled_from(Frequency.values),
       occurrences=st.integers(1, 24))
def test_series_keeps_the_wall_clock_and_moves_forward(first, frequency, occurrences):
    first = first.astimezone(dt.UTC).astimezone(AMSTERDAM)  # a real instant
    dates = rules.series_dates(first, frequency, occurrences)
    assert len(dates) == occurrences
    assert dates[0] == first
    assert all(a < b for a, b in itertools.pairwise(dates))
    # the same local time each time, unless the spring change skipped it that day
    for d in dates:
        assert d.time() == first.time() or d.utcoffset() == dt.timedelta(hours=2)


@given(first=firsts, frequency=st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY]),
       occurrences=st.integers(1, 24))
def test_monthly_dates_are_the_same_day_or_the_month_end(first, frequency, occurrences):
    first = first.astimezone(dt.UTC).astimezone(AMSTERDAM)
    step = 1 if frequency == Frequency.MONTHLY else 3
    for n, d in enumerate(rules.series_dates(first, frequency, occurrences)):
        months = (first.year * 12 + first.month - 1) + n * step
        assert (d.year, d.month) == (months // 12, months % 12 + 1)
        assert d.day == first.day or (d.day < first.day and (d + dt.timedelta(days=1)).day == 1)


# --- the rotating chair -----------------------------------------------------------------------


def test_rotation_continues_after_the_last_chair():
    assert rules.rotating_chairs([1, 2, 3], 2, 4, {1, 2, 3}) == [3, 1, 2, 3]


def test_rotation_starts_at_the_top_without_a_previous_chair():
    assert rules.rotating_chairs([5, 6], None, 3, {5, 6}) == [5, 6, 5]


def test_rotation_skips_partners_without_a_seat():
    assert rules.rotating_chairs([1, 2, 3, 4], 1, 4, {1, 3, 4}) == [3, 4, 1, 3]


def test_rotation_continues_after_a_chair_that_left():
    # partner 2 chaired last and left the body: the turn passes to the one after it
    assert rules.rotating_chairs([1, 2, 3], 2, 2, {1, 3}) == [3, 1]


def test_rotation_starts_again_when_the_last_chair_is_out_of_the_order():
    assert rules.rotating_chairs([1, 3], 2, 2, {1, 3}) == [1, 3]


def test_rotation_without_anybody_seated():
    assert rules.rotating_chairs([1, 2], 1, 2, set()) == [None, None]
    assert rules.rotating_chairs([], None, 2, {1}) == [None, None]
    assert rules.rotating_chairs([1, 2], 1, 0, {1, 2}) == []


orders = st.lists(st.integers(1, 8), min_size=0, max_size=8)


@given(order=orders, previous=st.none() | st.integers(1, 9), seated=st.sets(st.integers(1, 9)),
       a=st.integers(0, 12), b=st.integers(0, 12))
def test_rotation_over_two_series_is_one_rotation(order, previous, seated, a, b):
    first = rules.rotating_chairs(order, previous, a, seated)
    assume(first and first[-1] is not None)
    second = rules.rotating_chairs(order, first[-1], b, seated)
    assert first + second == rules.rotating_chairs(order, previous, a + b, seated)


@given(order=orders, previous=st.none() | st.integers(1, 9), seated=st.sets(st.integers(1, 9)),
       count=st.integers(0, 20))
def test_rotation_is_fair_and_only_the_seated_chair(order, previous, seated, count):
    chairs = rules.rotating_chairs(order, previous, count, seated)
    assert len(chairs) == count
    eligible = [p for p in dict.fromkeys(order) if p in seated]
    if not eligible:
        assert chairs == [None] * count
        return
    assert set(chairs) <= set(eligible)
    # every window of len(eligible) meetings: each seated partner chairs exactly once
    n = len(eligible)
    for i in range(0, max(0, count - n + 1)):
        assert sorted(chairs[i:i + n]) == sorted(eligible)
    if n > 1:
        assert all(x != y for x, y in itertools.pairwise(chairs))


# --- attendance flags -------------------------------------------------------------------------


def test_three_missed_meetings_in_a_row_flag_the_partner_with_counts():
    flags = rules.absence_flags({
        7: [S.PRESENT, S.ABSENT, S.ABSENT_WITH_NOTICE, S.REPLACED],
        8: [S.ABSENT, S.ABSENT, S.PRESENT, S.ABSENT],
        9: [S.ABSENT, S.ABSENT],
    })
    assert flags == [AbsenceFlag(partner=7, streak=3, absent=1, with_notice=1, replaced=1)]
    assert not flags[0].keeps_sending_substitutes


def test_a_partner_that_keeps_sending_substitutes():
    (flag,) = rules.absence_flags({4: [S.REPLACED, S.REPLACED, S.ABSENT, S.REPLACED]})
    assert (flag.streak, flag.replaced, flag.absent) == (4, 3, 1)
    assert flag.keeps_sending_substitutes


def test_partner_status_is_the_seat_furthest_from_in_person():
    assert rules.partner_status([S.PRESENT, S.PRESENT]) == S.PRESENT
    assert rules.partner_status([S.PRESENT, S.REPLACED]) == S.REPLACED
    assert rules.partner_status([S.REPLACED, S.ABSENT_WITH_NOTICE]) == S.ABSENT_WITH_NOTICE
    assert rules.partner_status([S.ABSENT_WITH_NOTICE, S.ABSENT]) == S.ABSENT


statuses = st.sampled_from([S.PRESENT, S.ABSENT, S.ABSENT_WITH_NOTICE, S.REPLACED])


@given(history=st.dictionaries(st.integers(1, 20), st.lists(statuses, max_size=10)),
       threshold=st.integers(1, 5))
def test_flags_are_exactly_the_trailing_runs(history, threshold):
    flags = {f.partner: f for f in rules.absence_flags(history, threshold)}
    for partner, row in history.items():
        run = 0
        while run < len(row) and row[len(row) - 1 - run] != S.PRESENT:
            run += 1
        if run >= threshold:
            f = flags[partner]
            assert f.streak == run == f.absent + f.with_notice + f.replaced
        else:
            assert partner not in flags
    # attending in person clears the flag
    for partner in history:
        assert partner not in {f.partner for f in rules.absence_flags(
            {partner: [*history[partner], S.PRESENT]}, threshold)}


# --- replacements -----------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "holder", "replaced_by", "problem"), [
    (S.PRESENT, 1, None, None),
    (S.ABSENT, None, None, None),
    (S.PRESENT, None, None, "vacant_seat_present"),
    (S.ABSENT, 1, 2, "replacement_without_replaced"),
    (S.REPLACED, 1, None, "replacement_missing"),
    (S.REPLACED, 1, 1, "replacement_is_holder"),
    (S.REPLACED, 1, 2, None),  # the substitute
    (S.REPLACED, 1, 3, None),  # another person of the partner
    (S.REPLACED, 1, 9, "replacement_not_of_partner"),
    ("late", 1, None, "unknown_status"),
])
def test_replacement_problem(status, holder, replaced_by, problem):
    assert rules.replacement_problem(status=status, holder=holder, replaced_by=replaced_by,
                                     substitute=2, partner_people={1, 3}) == problem


def test_replacement_against_the_rule_is_shown_only_where_substitutes_may_not_attend():
    assert rules.replacement_against_rule(status=S.REPLACED, substitutes_may_attend=False)
    assert not rules.replacement_against_rule(status=S.REPLACED, substitutes_may_attend=True)
    assert not rules.replacement_against_rule(status=S.ABSENT, substitutes_may_attend=False)


# --- the agenda -------------------------------------------------------------------------------


def test_order_problem():
    assert rules.order_problem({1, 2, 3}, [3, 1, 2]) is None
    assert rules.order_problem({1, 2, 3}, [3, 1, 1]) == "duplicate"
    assert rules.order_problem({1, 2, 3}, [3, 1, 2, 4]) == "unknown"
    assert rules.order_problem({1, 2, 3}, [3, 1]) == "missing"
    assert rules.order_problem(set(), []) is None


@given(order=st.lists(st.integers(1, 50), unique=True, max_size=12), data=st.data())
def test_moving_keeps_the_same_items(order, data):
    assume(order)
    item = data.draw(st.sampled_from(order))
    step = data.draw(st.sampled_from([-1, 1]))
    result = rules.moved(order, item, step)
    assert rules.order_problem(set(order), result) is None
    i = order.index(item)
    assert result.index(item) == max(0, min(len(order) - 1, i + step))
    assert rules.moved(order, 999, 1) == order


def test_next_position_and_minutes():
    assert rules.next_position([]) == 1
    assert rules.next_position([1, 4, 2]) == 5
    assert rules.agenda_minutes([20, None, 15]) == 35
