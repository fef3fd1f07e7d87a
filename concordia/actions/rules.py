"""The rules of action items, as pure functions over plain values (no database, no request):
who owns one, when it is overdue, how old it is, and the key that tells an owner once."""

import datetime as dt
from enum import StrEnum

from .choices import ActionStatus

TITLE_MAX = 200
DESCRIPTION_MAX = 4000
CLOSING = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


class Age(StrEnum):
    """How long an action has been open, in the overview's groups."""

    WEEK = "week"  # up to 7 days
    MONTH = "month"  # up to 31 days
    QUARTER = "quarter"  # up to 92 days
    OLDER = "older"


AGE_LIMITS = ((Age.WEEK, 7), (Age.MONTH, 31), (Age.QUARTER, 92))


def owner_problem(*, has_person: bool, has_partner: bool) -> str | None:
    """An action has one owner: a person or a partner. "both" or "none" when it has not."""
    if has_person and has_partner:
        return "both"
    if not has_person and not has_partner:
        return "none"
    return None


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """An open action whose due date has passed (the due day itself is not overdue)."""
    return status == ActionStatus.OPEN and due_on is not None and due_on < today


def age_of(created_on: dt.date, today: dt.date) -> Age:
    """The age group of an action created on ``created_on``."""
    days = (today - created_on).days
    for age, limit in AGE_LIMITS:
        if days <= limit:
            return age
    return Age.OLDER


def created_since(age: Age, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The creation dates (from, to; inclusive, None for open-ended) of an age group."""
    bounds = [0, *(limit for _age, limit in AGE_LIMITS)]
    ages = [a for a, _limit in AGE_LIMITS] + [Age.OLDER]
    index = ages.index(age)
    newest = today - dt.timedelta(days=bounds[index] + (1 if index else 0))
    if age == Age.OLDER:
        return None, newest
    oldest = today - dt.timedelta(days=bounds[index + 1])
    return oldest, newest


def overdue_key(action_id: int, due_on: dt.date) -> str:
    """One overdue notice per action and due date: a new due date that passes tells again."""
    return f"action-overdue:{action_id}:{due_on.isoformat()}"


def assigned_key(action_id: int, owner: str) -> str:
    """One notice per action and owner ("person:<id>" or "partner:<id>")."""
    return f"action-assigned:{action_id}:{owner}"


def may_close_as(status: str) -> bool:
    return status in CLOSING
