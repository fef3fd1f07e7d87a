"""The plan's pure rules, without a database: parsing hundredths, the period within the year,
the status of every version (in force until the next is adopted), confirmations and
endorsements, and plan vs actual (properties: the overall line is the sum of the partners',
and the partners' lines sum the levels)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.plans import rules
from concordia.plans.choices import VersionStatus
from concordia.plans.rules import Effort, VersionState

T0 = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


def test_hundredths_are_parsed_in_either_notation_and_refused_otherwise():
    assert rules.parse_hundredths("1,5") == 150
    assert rules.parse_hundredths("1.50") == 150
    assert rules.parse_hundredths("1.234,56") == 123456
    assert rules.parse_hundredths("12") == 1200
    assert rules.parse_hundredths("-1") is None
    assert rules.parse_hundredths("1.234") is None
    assert rules.parse_hundredths("abc") is None
    assert rules.format_hundredths(150) == "1.50"


def test_an_activity_lies_within_the_year_in_order():
    assert rules.period_problem(2026, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) is None
    assert rules.period_problem(2026, dt.date(2026, 3, 31), dt.date(2026, 3, 1)) == "order"
    assert rules.period_problem(2026, dt.date(2025, 12, 1), dt.date(2026, 1, 31)) == "year"


def test_a_version_stays_in_force_while_the_next_is_drafted_and_proposed():
    adopted = VersionState(1, True, T0)
    assert rules.version_statuses([adopted, VersionState(2, False, None)]) == {
        1: VersionStatus.IN_FORCE, 2: VersionStatus.DRAFT}
    assert rules.version_statuses([adopted, VersionState(2, True, None)]) == {
        1: VersionStatus.IN_FORCE, 2: VersionStatus.PROPOSED}
    later = VersionState(2, True, T0 + dt.timedelta(days=30))
    assert rules.version_statuses([adopted, later]) == {
        1: VersionStatus.SUPERSEDED, 2: VersionStatus.IN_FORCE}
    assert rules.open_version([adopted, later]) is None


def test_a_version_the_board_did_not_adopt_is_left_behind():
    rejected = VersionState(1, True, None, rejected=True)
    assert rules.version_statuses([rejected]) == {1: VersionStatus.NOT_ADOPTED}
    assert rules.version_in_force([rejected]) is None
    assert rules.open_version([rejected, VersionState(2, False, None)]) == 2


def test_confirmations_and_endorsements_of_every_partner():
    assert rules.missing_confirmations([3, 1, 2], [2]) == [3, 1]
    assert rules.missing_confirmations([1, 2], [1, 2, 9]) == []
    assert rules.adopted_by_endorsement([1, 2], [1]) is False
    assert rules.adopted_by_endorsement([1, 2], [2, 1]) is True
    assert rules.adopted_by_endorsement([], []) is False


def test_plan_vs_actual_per_activity_and_partner():
    planned = {("a", 1): [Effort(2, 100, 50, 1000_00), Effort(1, 20, 0, 0)],
               ("a", 2): [Effort(1, 40)]}
    actual = {("a", 1): Effort(2, 90, 50, 1200_00), ("a", 3): Effort(0, 8)}
    [result] = rules.plan_vs_actual(planned, actual, {("a", 1): 40, ("a", 3): 10}, ["a"])
    assert result.per_partner[1].planned == Effort(3, 120, 50, 1000_00)
    assert result.per_partner[1].difference == Effort(-1, -30, 0, 200_00)
    assert result.per_partner[1].money_percent == 120
    assert result.per_partner[2].actual == Effort()
    assert result.per_partner[2].progress is None
    assert result.per_partner[3].planned == Effort()  # deployed without a plan: still counted
    assert result.overall.planned == Effort(4, 160, 50, 1000_00)
    assert result.overall.actual == Effort(2, 98, 50, 1200_00)
    assert result.overall.progress == 10  # the slowest partner holds the activity back


def test_usage_percent_rounds_half_up_and_has_none_without_a_plan():
    assert rules.usage_percent(3, 1) == 33
    assert rules.usage_percent(200, 1) == 1  # 0.5% rounds up
    assert rules.usage_percent(0, 5) is None


efforts = st.builds(Effort, *(st.integers(0, 10**9) for _ in range(4)))
keys = st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(1, 5))


@given(planned=st.dictionaries(keys, st.lists(efforts, max_size=3), max_size=12),
       actual=st.dictionaries(keys, efforts, max_size=12))
def test_the_overall_line_is_the_sum_of_the_partners_and_the_partners_sum_the_levels(
        planned, actual):
    result = rules.plan_vs_actual(planned, actual, {}, ["a", "b", "c"])
    for comparison in result:
        assert comparison.overall.planned == rules.total(
            c.planned for c in comparison.per_partner.values())
        assert comparison.overall.actual == rules.total(
            c.actual for c in comparison.per_partner.values())
        for partner, c in comparison.per_partner.items():
            assert c.planned == rules.total(planned.get((comparison.activity, partner), []))
    grand = rules.total(c.overall.planned for c in result)
    assert grand == rules.total(e for levels in planned.values() for e in levels)
    assert rules.total(c.overall.actual for c in result) == rules.total(actual.values())


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=8))
def test_at_most_one_version_is_in_force_and_at_most_one_is_open(flags):
    versions = [VersionState(n, proposed or adopted, T0 + dt.timedelta(days=n) if adopted
                             else None) for n, (proposed, adopted) in enumerate(flags, 1)]
    statuses = rules.version_statuses(versions)
    assert list(statuses.values()).count(VersionStatus.IN_FORCE) == (1 if any(
        a for _p, a in flags) else 0)
    assert sum(s in (VersionStatus.DRAFT, VersionStatus.PROPOSED)
               for s in statuses.values()) <= 1
