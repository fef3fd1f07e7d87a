"""The pure rules of action items. No database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.actions import rules
from concordia.actions.choices import ActionStatus

TODAY = dt.date(2026, 6, 15)


def test_one_owner() -> None:
    assert rules.owner_problem(has_person=True, has_partner=False) is None
    assert rules.owner_problem(has_person=False, has_partner=True) is None
    assert rules.owner_problem(has_person=True, has_partner=True) == "both"
    assert rules.owner_problem(has_person=False, has_partner=False) == "none"


def test_overdue_from_the_day_after_the_due_date() -> None:
    assert not rules.is_overdue(ActionStatus.OPEN, TODAY, TODAY)
    assert rules.is_overdue(ActionStatus.OPEN, TODAY - dt.timedelta(days=1), TODAY)
    assert not rules.is_overdue(ActionStatus.DONE, TODAY - dt.timedelta(days=1), TODAY)
    assert not rules.is_overdue(ActionStatus.OPEN, None, TODAY)


@given(st.integers(0, 400))
def test_age_groups_and_their_date_ranges_agree(days: int) -> None:
    created = TODAY - dt.timedelta(days=days)
    age = rules.age_of(created, TODAY)
    oldest, newest = rules.created_since(age, TODAY)
    assert newest is not None
    assert created <= newest
    assert oldest is None or oldest <= created
    for other in rules.Age:
        if other != age:
            low, high = rules.created_since(other, TODAY)
            assert not ((low is None or low <= created) and high is not None and created <= high)


def test_age_boundaries() -> None:
    assert rules.age_of(TODAY - dt.timedelta(days=7), TODAY) == rules.Age.WEEK
    assert rules.age_of(TODAY - dt.timedelta(days=8), TODAY) == rules.Age.MONTH
    assert rules.age_of(TODAY - dt.timedelta(days=92), TODAY) == rules.Age.QUARTER
    assert rules.age_of(TODAY - dt.timedelta(days=93), TODAY) == rules.Age.OLDER


def test_keys_tell_once_per_action_and_due_date() -> None:
    assert rules.overdue_key(5, TODAY) == "action-overdue:5:2026-06-15"
    assert rules.overdue_key(5, TODAY) != rules.overdue_key(5, TODAY + dt.timedelta(days=1))
    assert rules.assigned_key(5, "person:3") != rules.assigned_key(5, "partner:3")


def test_closing_statuses() -> None:
    assert rules.may_close_as(ActionStatus.DONE)
    assert rules.may_close_as(ActionStatus.DROPPED)
    assert not rules.may_close_as(ActionStatus.OPEN)
