"""The ladder's rules without a database: the rungs and the next one, deadlines per rung and
urgency, when a bottleneck may go up (the horizontal attempt first; skipping it only in an alarm
and with a reason; never from the top), overdue, and the escalation health."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.escalations import rules
from concordia.escalations.choices import BottleneckStatus, Rung, Urgency
from concordia.handbook.catalogue import ESCALATION_LADDER

TODAY = dt.date(2026, 3, 2)


def test_the_ladder_climbs_in_order_and_the_top_rung_is_the_alliances_choice():
    assert rules.next_rung(Rung.HORIZONTAL, top_enabled=False) == Rung.COORDINATOR
    assert rules.next_rung(Rung.COORDINATOR, top_enabled=False) == Rung.KEY_ALLIANCE_MANAGER
    assert rules.next_rung(Rung.KEY_ALLIANCE_MANAGER, top_enabled=False) == Rung.BOARD
    assert rules.next_rung(Rung.BOARD, top_enabled=False) is None
    assert rules.next_rung(Rung.BOARD, top_enabled=True) == Rung.TOP
    assert rules.next_rung(Rung.TOP, top_enabled=True) is None
    assert rules.top_rung(top_enabled=False) == Rung.BOARD
    assert rules.top_rung(top_enabled=True) == Rung.TOP
    assert [rules.rung_index(r) for r in rules.LADDER] == [1, 2, 3, 4, 5]
    assert rules.next_rung("nonsense", top_enabled=True) is None


@pytest.mark.parametrize(("urgency", "days"), [(Urgency.ALARM, 2), (Urgency.HIGH, 5),
                                               (Urgency.NORMAL, 10), (Urgency.LOW, 20)])
def test_deadlines_per_urgency(urgency, days):
    for rung in (Rung.HORIZONTAL, Rung.COORDINATOR, Rung.KEY_ALLIANCE_MANAGER):
        assert rules.deadline(rung, urgency, TODAY) == TODAY + dt.timedelta(days=days)
    for rung in (Rung.BOARD, Rung.TOP):  # the upper rungs get twice as long, at least 5 days
        assert rules.deadline(rung, urgency, TODAY) == TODAY + dt.timedelta(
            days=max(2 * days, 5))


def test_the_board_answers_by_its_meeting():
    meeting = TODAY + dt.timedelta(days=45)
    assert rules.deadline(Rung.BOARD, Urgency.ALARM, TODAY, meeting) == meeting


def problem(**given):
    facts = {"rung": Rung.HORIZONTAL, "status": BottleneckStatus.OPEN, "top_enabled": False,
             "attempt_failed": True, "reason": "Stuck for a month", "skip_reason": "",
             "urgency": Urgency.NORMAL}
    return rules.escalation_problem(**{**facts, **given})


def test_the_horizontal_attempt_comes_first():
    assert problem() is None
    assert problem(attempt_failed=False) == "attempt"
    assert rules.skips_horizontal(Rung.HORIZONTAL, False)
    assert not rules.skips_horizontal(Rung.HORIZONTAL, True)
    assert not rules.skips_horizontal(Rung.COORDINATOR, False)


def test_skipping_needs_a_reason_and_a_real_alarm():
    assert problem(attempt_failed=False, urgency=Urgency.ALARM) == "attempt"
    assert problem(attempt_failed=False, urgency=Urgency.ALARM, skip_reason="   ") == "attempt"
    assert problem(attempt_failed=False, urgency=Urgency.HIGH,
                   skip_reason="The chain stops tonight") == "not_alarm"
    assert problem(attempt_failed=False, urgency=Urgency.ALARM,
                   skip_reason="The chain stops tonight") is None
    # A reason to skip where nothing is skipped is refused rather than stored.
    assert problem(skip_reason="Just because") == "skip_needless"
    assert problem(rung=Rung.COORDINATOR, attempt_failed=False,
                   skip_reason="x") == "skip_needless"


def test_going_up_needs_a_reason_and_an_open_bottleneck():
    assert problem(reason="  ") == "reason"
    assert problem(status=BottleneckStatus.RESOLVED) == "closed"
    assert problem(status=BottleneckStatus.WITHDRAWN) == "closed"


def test_no_escalation_from_the_top():
    assert problem(rung=Rung.BOARD) == "top"
    assert problem(rung=Rung.BOARD, top_enabled=True) is None
    assert problem(rung=Rung.TOP, top_enabled=True) == "top"


@given(st.sampled_from(rules.LADDER), st.booleans(), st.booleans(), st.text(max_size=5),
       st.text(max_size=5), st.sampled_from(list(Urgency)))
def test_going_up_is_allowed_exactly_when_the_rules_say(rung, top, failed, reason, skip,
                                                        urgency):
    outcome = rules.escalation_problem(rung=rung, status=BottleneckStatus.OPEN,
                                       top_enabled=top, attempt_failed=failed, reason=reason,
                                       skip_reason=skip, urgency=urgency)
    if outcome is None:
        assert rules.next_rung(rung, top_enabled=top) is not None
        assert reason.strip()
        skipping = rules.skips_horizontal(rung, failed)
        assert bool(skip.strip()) == skipping
        assert not skipping or urgency == Urgency.ALARM


def test_overdue_is_past_the_day_without_a_response():
    due = TODAY - dt.timedelta(days=1)
    assert rules.is_overdue(BottleneckStatus.OPEN, True, due, TODAY)
    assert not rules.is_overdue(BottleneckStatus.OPEN, True, TODAY, TODAY)  # the day itself
    assert not rules.is_overdue(BottleneckStatus.OPEN, False, due, TODAY)  # responded
    assert not rules.is_overdue(BottleneckStatus.RESOLVED, True, due, TODAY)
    assert rules.age_days(TODAY - dt.timedelta(days=3), TODAY) == 3
    assert rules.age_days(TODAY + dt.timedelta(days=3), TODAY) == 0


def test_keys_tell_once():
    assert rules.waiting_key(7, 3) == "bottleneck-waiting:7:3"
    assert rules.overdue_key(7) == "bottleneck-overdue:7"
    long = "x" * 300
    assert len(rules.agenda_title(123456, long)) == rules.TITLE_MAX
    assert rules.agenda_title(12, "Hours").startswith("#12 ")


NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def at(days_ago: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days_ago)


def test_health_per_rung_over_the_last_twelve_months():
    steps = [
        (Rung.HORIZONTAL, at(30), at(26)),  # 4 days
        (Rung.HORIZONTAL, at(20), at(18)),  # 2
        (Rung.HORIZONTAL, at(12), at(3)),  # 9
        (Rung.COORDINATOR, at(26), at(16)),  # 10
        (Rung.KEY_ALLIANCE_MANAGER, at(16), at(15.5)),  # 0.5
        (Rung.BOARD, at(15.5), None),  # still open: not counted
        (Rung.HORIZONTAL, at(500), at(400)),  # left before the period: not counted
    ]
    health = rules.health(steps, raised=4, skipped=1, resolved_horizontally=1, now=NOW,
                          top_enabled=False)
    by_rung = {r.rung: r for r in health.rungs}
    assert [r.rung for r in health.rungs] == [Rung.HORIZONTAL, Rung.COORDINATOR,
                                              Rung.KEY_ALLIANCE_MANAGER, Rung.BOARD]
    assert (by_rung[Rung.HORIZONTAL].count, by_rung[Rung.HORIZONTAL].median_days,
            by_rung[Rung.HORIZONTAL].max_days) == (3, 4.0, 9.0)
    assert (by_rung[Rung.COORDINATOR].median_days, by_rung[Rung.COORDINATOR].max_days) == (
        10.0, 10.0)
    assert by_rung[Rung.KEY_ALLIANCE_MANAGER].median_days == 0.5
    assert (by_rung[Rung.BOARD].count, by_rung[Rung.BOARD].median_days) == (0, None)
    assert (health.raised, health.skipped, health.resolved_horizontally) == (4, 1, 1)
    assert health.since == (NOW - dt.timedelta(days=365)).date()


def test_health_shows_the_top_rung_when_used_or_when_it_was():
    top = [(Rung.TOP, at(40), at(10))]
    assert rules.health([], raised=0, skipped=0, resolved_horizontally=0, now=NOW,
                        top_enabled=True).rungs[-1].rung == Rung.TOP
    assert rules.health(top, raised=0, skipped=0, resolved_horizontally=0, now=NOW,
                        top_enabled=False).rungs[-1].max_days == 30.0
    assert Rung.TOP not in {r.rung for r in rules.health(
        [], raised=0, skipped=0, resolved_horizontally=0, now=NOW, top_enabled=False).rungs}


@given(st.lists(st.floats(min_value=0, max_value=300, allow_nan=False), min_size=1,
                max_size=30))
def test_the_median_lies_between_the_shortest_and_the_longest(days):
    steps = [(Rung.COORDINATOR, at(d + 1), at(1)) for d in days]
    row = rules.health(steps, raised=0, skipped=0, resolved_horizontally=0, now=NOW,
                       top_enabled=False).rungs[1]
    assert row.count == len(days)
    assert row.median_days is not None
    assert row.max_days is not None
    assert min(round(d, 1) for d in days) - 0.1 <= row.median_days <= row.max_days


def test_the_rungs_keep_the_model_s_own_keys():
    """The ladder is the handbook's: the same rungs in the same order, under the same keys, up
    to the board; above it the alliance names its own top rung (the model's example: the
    responsible ministers)."""
    assert [str(r) for r in rules.LADDER] == [
        *[str(r) for r in ESCALATION_LADDER[:-1]], "top"]
