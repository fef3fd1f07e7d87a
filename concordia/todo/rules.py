"""Pure rules of the to-do list: the order of what waits (no ORM)."""

import datetime as dt
from collections.abc import Callable, Iterable

# The sections of the to-do list, most pressing first: commitments of the partner (an
# endorsement, a vote, a signature, its section of a periodic report), a bottleneck waiting on
# your rung, an external review's recommendations waiting for the board's answer, minutes to
# review with a deadline, work to deliver, meetings to prepare, invitations to answer.
SECTIONS = ("endorsements", "decisions", "signatures", "sections", "bottlenecks",
            "recommendations", "minutes", "actions", "meetings", "invitations")


def is_overdue(due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and due_on < today


def action_key(due_on: dt.date | None, today: dt.date) -> tuple[int, dt.date]:
    """Overdue first (the longest overdue on top), then by due date; without a date last."""
    if due_on is None:
        return 2, dt.date.max
    return (0 if is_overdue(due_on, today) else 1), due_on


def order_actions[T](actions: Iterable[T], *, due: Callable[[T], dt.date | None],
                     today: dt.date) -> list[T]:
    """The person's open actions in the order they should be done (stable for equal dates)."""
    return sorted(actions, key=lambda action: action_key(due(action), today))


def total(counts: dict[str, int]) -> int:
    """What the navigation shows: every item of every section."""
    return sum(counts.get(section, 0) for section in SECTIONS)


# A new alliance's first steps, in the order they are best taken (PRODUCT: "a new alliance
# shows a short first-steps list that ticks itself off").
FIRST_STEPS = ("profile", "partners", "objective", "bodies", "blocks")


def first_steps(done: dict[str, bool]) -> list[tuple[str, bool]]:
    """Each first step with whether it is done, in order; an empty list once all are done
    (the list then disappears from the dashboard). Derived from data, never stored."""
    steps = [(step, bool(done.get(step))) for step in FIRST_STEPS]
    return [] if all(is_done for _step, is_done in steps) else steps
