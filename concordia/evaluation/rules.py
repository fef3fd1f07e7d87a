"""Pure rules of the annual evaluation: who is invited and counted under which group, whether a
link may answer now, and what a valid answer is. No ORM, no request."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from concordia.alliances.choices import Level, Role
from concordia.handbook.catalogue import Dimension

from .choices import RoleGroup
from .instrument import OPEN_ANSWER_MAX_LENGTH, SCALE

ROLE_GROUP = {
    Role.BOARD_MEMBER: RoleGroup.DIRECTION,
    Role.KEY_ALLIANCE_MANAGER: RoleGroup.DIRECTION,
    Role.LINE_MANAGER: RoleGroup.MANAGEMENT,
    Role.ALLIANCE_COORDINATOR: RoleGroup.MANAGEMENT,
    Role.PROFESSIONAL: RoleGroup.STAFF,
    Role.AGENCY_STAFF: RoleGroup.STAFF,
    Role.OBSERVER: RoleGroup.OTHER,
    Role.EXTERNAL_REVIEWER: RoleGroup.OTHER,
}
# A person with several roles is counted once, under the role highest up.
LEVEL_RANK = {Level.STRATEGIC: 0, Level.TACTICAL: 1, Level.OPERATIONAL: 2}
ROLE_RANK = {role: rank for rank, role in enumerate(Role)}

# Who is never invited: they look at the alliance from outside (building block 18 asks the
# alliance's own players).
NOT_INVITED_ROLES = frozenset({Role.OBSERVER, Role.EXTERNAL_REVIEWER})

DIMENSIONS = frozenset(d.value for d in Dimension)
YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_OPEN_DAYS = 120


@dataclass(frozen=True)
class Held:
    """One live role of a person: the partner it is for, the role and the level."""

    partner_id: int
    role: str
    level: str


@dataclass(frozen=True)
class Group:
    """What a person's response is counted under."""

    partner_id: int
    level: str
    role_group: str


def role_group(role: str) -> str:
    return ROLE_GROUP.get(Role(role), RoleGroup.OTHER) if role in Role.values else RoleGroup.OTHER


def is_invited(held: Held, *, roles: Collection[str], levels: Collection[str],
               partner_ids: Collection[int]) -> bool:
    """Whether one role falls within the round's invitation (an empty filter means all)."""
    return (held.role not in NOT_INVITED_ROLES
            and (not roles or held.role in roles)
            and (not levels or held.level in levels)
            and (not partner_ids or held.partner_id in partner_ids))


def invitee_group(held: Iterable[Held], *, roles: Collection[str], levels: Collection[str],
                  partner_ids: Collection[int]) -> Group | None:
    """The group a person is invited under: of their roles that the round invites, the one
    highest up (level, then role); None when none is invited."""
    chosen = [h for h in held if is_invited(h, roles=roles, levels=levels,
                                            partner_ids=partner_ids)]
    if not chosen:
        return None
    best = min(chosen, key=lambda h: (LEVEL_RANK.get(Level(h.level), 9)
                                      if h.level in Level.values else 9,
                                      ROLE_RANK.get(Role(h.role), 99)
                                      if h.role in Role.values else 99, h.partner_id))
    return Group(best.partner_id, best.level, role_group(best.role))


class RoundProblem(StrEnum):
    YEAR = "year"
    DATES = "dates"
    TOO_LONG = "too_long"
    ENDED = "ended"
    NO_STATEMENTS = "no_statements"


def round_problems(*, year: int, opens_on: dt.date, closes_on: dt.date, today: dt.date,
                   statement_count: int) -> list[RoundProblem]:
    """What is wrong with a round about to be opened (empty: nothing)."""
    problems = []
    if not YEAR_MIN <= year <= YEAR_MAX:
        problems.append(RoundProblem.YEAR)
    if closes_on < opens_on:
        problems.append(RoundProblem.DATES)
    elif (closes_on - opens_on).days > MAX_OPEN_DAYS:
        problems.append(RoundProblem.TOO_LONG)
    if closes_on < today:
        problems.append(RoundProblem.ENDED)
    if statement_count == 0:
        problems.append(RoundProblem.NO_STATEMENTS)
    return problems


class LinkState(StrEnum):
    """Where a personal link stands."""

    ANSWERABLE = "answerable"
    NOT_YET = "not_yet"  # the round opens later
    CLOSED = "closed"  # closed, or past its closing date
    ANSWERED = "answered"  # used already


def link_state(*, round_open: bool, opens_on: dt.date, closes_on: dt.date, today: dt.date,
               answered: bool) -> LinkState:
    if answered:
        return LinkState.ANSWERED
    if not round_open or today > closes_on:
        return LinkState.CLOSED
    if today < opens_on:
        return LinkState.NOT_YET
    return LinkState.ANSWERABLE


def is_due_to_close(*, round_open: bool, closes_on: dt.date, today: dt.date) -> bool:
    """A round closes the day after its closing date."""
    return round_open and today > closes_on


class AnswerProblem(StrEnum):
    UNKNOWN_STATEMENT = "unknown_statement"
    OUT_OF_SCALE = "out_of_scale"
    EMPTY = "empty"
    UNKNOWN_DIMENSION = "unknown_dimension"
    TOO_LONG = "too_long"


def answer_problems(scores: Mapping[str, object], open_answers: Mapping[str, str], *,
                    statement_keys: Collection[str]) -> dict[str, AnswerProblem]:
    """What is wrong with an answer, per statement key or dimension ("" for the whole).
    Statements may be left unanswered, but not all of them."""
    problems: dict[str, AnswerProblem] = {}
    for key, score in scores.items():
        if key not in statement_keys:
            problems[key] = AnswerProblem.UNKNOWN_STATEMENT
        elif isinstance(score, bool) or not isinstance(score, int) or score not in SCALE:
            problems[key] = AnswerProblem.OUT_OF_SCALE
    for dimension, text in open_answers.items():
        if dimension not in DIMENSIONS:
            problems[dimension] = AnswerProblem.UNKNOWN_DIMENSION
        elif len(text) > OPEN_ANSWER_MAX_LENGTH:
            problems[dimension] = AnswerProblem.TOO_LONG
    if not scores and not problems:
        problems[""] = AnswerProblem.EMPTY
    return problems


def clean_open_answers(open_answers: Mapping[str, str]) -> dict[str, str]:
    """Open answers trimmed, the empty ones left out."""
    return {d: text.strip() for d, text in open_answers.items() if text.strip()}


def rate(answered: int, invited: int) -> int | None:
    """The response rate in whole percents (None: nobody invited)."""
    return round(100 * answered / invited) if invited else None
