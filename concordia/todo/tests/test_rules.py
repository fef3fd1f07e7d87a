"""Pure rules of the to-do list: the order of actions and the count in the navigation."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.todo import rules

TODAY = dt.date(2026, 11, 29)


def test_overdue_first_then_by_due_date_then_undated():
    actions = [("later", TODAY + dt.timedelta(days=9)), ("none", None),
               ("today", TODAY), ("long overdue", TODAY - dt.timedelta(days=30)),
               ("overdue", TODAY - dt.timedelta(days=1))]
    ordered = rules.order_actions(actions, due=lambda a: a[1], today=TODAY)
    assert [name for name, _due in ordered] == ["long overdue", "overdue", "today", "later",
                                                "none"]


def test_due_today_is_not_overdue():
    assert rules.is_overdue(TODAY, TODAY) is False
    assert rules.is_overdue(TODAY - dt.timedelta(days=1), TODAY) is True
    assert rules.is_overdue(None, TODAY) is False


@given(st.lists(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
                max_size=40))
def test_no_action_that_is_not_overdue_comes_before_an_overdue_one(dues):
    ordered = rules.order_actions(list(enumerate(dues)), due=lambda a: a[1], today=TODAY)
    flags = [rules.is_overdue(due, TODAY) for _i, due in ordered]
    assert flags == sorted(flags, reverse=True)
    dated = [due for _i, due in ordered if due is not None]
    assert dated == sorted(dated)
    undated_at_end = [due is None for _i, due in ordered]
    assert undated_at_end == sorted(undated_at_end)
    assert sorted(i for i, _due in ordered) == list(range(len(dues)))


def test_the_total_counts_every_section_but_not_unread_notifications():
    counts = {"endorsements": 1, "minutes": 2, "actions": 3, "meetings": 4, "invitations": 5,
              "unread": 100}
    assert rules.total(counts) == 15
    assert rules.total({}) == 0
