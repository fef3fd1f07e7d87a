"""Development stage: pure rules placing an alliance at opportunistic, procedural or cultural.

Each question describes one aspect of a dimension at the three stages; the answer is the
description that fits the alliance best (1 = opportunistic, 2 = procedural, 3 = cultural).
A dimension's stage is the median of its answers rounded down (an alliance is only as far as
it reliably is); the overall stage is the median of the four dimensions, again rounded down.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Dimension, Stage

STAGE_ORDER = (Stage.OPPORTUNISTIC, Stage.PROCEDURAL, Stage.CULTURAL)


@dataclass(frozen=True)
class Question:
    key: str
    dimension: Dimension
    text: Promise
    options: tuple[Promise, Promise, Promise]  # opportunistic, procedural, cultural


QUESTIONS = (
    Question("leadership", Dimension.CULTURAL,
             _("How do the partners' leaders show the alliance matters?"),
             (_("Now and then, when someone pushes for it."),
              _("In fixed moments: board meetings, plans, speeches."),
              _("Always: the alliance is part of how they lead their own organisation."))),
    Question("room", Dimension.CULTURAL,
             _("How much room do professionals get to solve things across partners?"),
             (_("Little; they wait for their managers."),
              _("Within agreed procedures and mandates."),
              _("Much; they act on the shared objective and escalate only real alarms."))),
    Question("trust", Dimension.RELATIONAL,
             _("How well do people at the partners know and trust each other?"),
             (_("It depends on a few individuals."),
              _("Regular contacts are organised at every level."),
              _("Working across partners feels like one team."))),
    Question("dialogue", Dimension.RELATIONAL,
             _("How is bad news shared between the partners?"),
             (_("Late, or when it can no longer be hidden."),
              _("Through the agreed reports and meetings."),
              _("Early and openly, by anyone who sees it."))),
    Question("structure", Dimension.PROCEDURAL,
             _("How are the alliance's bodies and meetings organised?"),
             (_("Ad hoc, when something needs deciding."),
              _("Fixed bodies and meeting cycles with clear mandates."),
              _("Fixed, and improved continuously by the people in them."))),
    Question("results", Dimension.PROCEDURAL,
             _("How are the alliance's results measured and reported?"),
             (_("Hardly, or each partner for itself."),
              _("Regular joint reports against agreed targets."),
              _("Openly, including poor results, and used to learn."))),
    Question("knowledge", Dimension.CONTENT,
             _("How well do people know the chain and the other partners?"),
             (_("Mostly only their own part."),
              _("The map and the agreements are documented and known."),
              _("Everyone knows what comes before and after them, and keeps it up to date."))),
    Question("objective", Dimension.CONTENT,
             _("How does the shared objective guide the partners?"),
             (_("It exists on paper."),
              _("It is endorsed by all and translated into the annual plan."),
              _("It is part of each partner's own strategy and targets."))),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)

NEXT_STEPS: dict[Stage, tuple[Promise, ...]] = {
    Stage.OPPORTUNISTIC: (
        _("Get the directors explicitly behind one endorsed objective."),
        _("Appoint a key alliance manager and a coordinator per partner."),
        _("Start a board and a tactical table that meet on fixed dates."),
    ),
    Stage.PROCEDURAL: (
        _("Report results jointly against a few agreed targets, bad news included."),
        _("Run the annual evaluation and discuss it at an alliance conference."),
        _("Staying procedural can be right: move on only where the alliance needs it."),
    ),
    Stage.CULTURAL: (
        _("Give professionals room and keep the structure light."),
        _("Keep the memory of early problems alive for newcomers."),
        _("Invite outsiders' eyes now and then: an independent review."),
    ),
}


class InvalidAnswers(ValueError):
    pass


def _floor_median(values: list[int]) -> int:
    return int(median(values) // 1)


def assess(answers: Mapping[str, int]) -> tuple[dict[Dimension, Stage], Stage]:
    """Stage per dimension and overall from answers {question key: 1|2|3}."""
    missing = set(QUESTION_KEYS) - set(answers)
    if missing:
        raise InvalidAnswers(f"unanswered: {sorted(missing)}")
    unknown = set(answers) - set(QUESTION_KEYS)
    if unknown:
        raise InvalidAnswers(f"unknown questions: {sorted(unknown)}")
    # bool is an int in Python; True must not pass for 1.
    if any(type(answers[k]) is not int or answers[k] not in (1, 2, 3) for k in QUESTION_KEYS):
        raise InvalidAnswers("answers are 1, 2 or 3")
    per_dimension: dict[Dimension, Stage] = {}
    levels: list[int] = []
    for dimension in Dimension:
        values = [answers[q.key] for q in QUESTIONS if q.dimension == dimension]
        level = _floor_median(values)
        per_dimension[dimension] = STAGE_ORDER[level - 1]
        levels.append(level)
    return per_dimension, STAGE_ORDER[_floor_median(levels) - 1]


# --- the stage as every partner rates it ------------------------------------------------------
#
# The rule (docs/decisions, "stage rated by every partner"):
#
# 1. The current ratings are each rater's latest rating, leaving out any dated more than a year
#    before the newest one (an old round does not mix with a new one).
# 2. A partner's answer to a question is the median of its raters' answers, rounded down; its
#    stage per dimension and overall follow from those answers by ``assess``.
# 3. The alliance's stage per dimension is the median of the partners' stages for that
#    dimension, rounded down: every partner counts once, however many of its people rated, so
#    the largest partner does not decide alone (imbalance in size is one of the six features of
#    an alliance). The overall stage is the median of the four dimensions, rounded down.
# 4. The spread of a dimension is the highest partner stage minus the lowest; partners see a
#    dimension differently when the spread is at least one stage.
# 5. The weakest dimension is the one with the lowest alliance stage; on a tie the one the
#    partners disagree about most, then the model's order.

STALE_AFTER_DAYS = 365
ROUND_DAYS = 365


@dataclass(frozen=True)
class Rating:
    """One person's answers, for one partner, on one date; ``partner`` is any key (None for an
    assessment recorded before ratings per partner)."""

    rater: object
    partner: object
    rated_on: date
    answers: Mapping[str, int]


@dataclass(frozen=True)
class PartnerStage:
    partner: object
    raters: int
    answers: Mapping[str, int]
    dimensions: Mapping[Dimension, int]  # 1 = opportunistic, 2 = procedural, 3 = cultural
    overall: int


@dataclass(frozen=True)
class AllianceStage:
    partners: tuple[PartnerStage, ...]
    dimensions: Mapping[Dimension, int]
    overall: int
    spread: Mapping[Dimension, int]
    weakest: Dimension
    newest: date

    @property
    def differing(self) -> tuple[Dimension, ...]:
        """The dimensions the partners see differently (spread of a stage or more)."""
        return tuple(d for d in Dimension if self.spread[d] >= 1)

    @property
    def overall_stage(self) -> Stage:
        return STAGE_ORDER[self.overall - 1]

    def stage(self, dimension: Dimension) -> Stage:
        return STAGE_ORDER[self.dimensions[dimension] - 1]


def current_ratings(ratings: Iterable[Rating]) -> list[Rating]:
    """Each rater's latest rating (the last one given on the latest date), without those more
    than a year older than the newest."""
    latest: dict[object, Rating] = {}
    for r in ratings:
        if r.rater not in latest or r.rated_on >= latest[r.rater].rated_on:
            latest[r.rater] = r
    if not latest:
        return []
    newest = max(r.rated_on for r in latest.values())
    return [r for r in latest.values() if (newest - r.rated_on).days <= ROUND_DAYS]


def _question_medians(answer_sets: list[Mapping[str, int]]) -> dict[str, int]:
    return {key: _floor_median([a[key] for a in answer_sets]) for key in QUESTION_KEYS}


def aggregate(ratings: Iterable[Rating]) -> AllianceStage | None:
    """The alliance's stage from every current rating, by the rule above; None without any.
    Every rating must hold valid answers (``assess`` checks them)."""
    current = current_ratings(ratings)
    if not current:
        return None
    by_partner: dict[object, list[Rating]] = {}
    for r in current:
        assess(r.answers)  # raises InvalidAnswers on a bad rating
        by_partner.setdefault(r.partner, []).append(r)
    partners = []
    for partner, rs in by_partner.items():
        answers = _question_medians([r.answers for r in rs])
        per_dimension, overall = assess(answers)
        partners.append(PartnerStage(
            partner=partner, raters=len(rs), answers=answers,
            dimensions={d: STAGE_ORDER.index(s) + 1 for d, s in per_dimension.items()},
            overall=STAGE_ORDER.index(overall) + 1))
    dimensions = {d: _floor_median([p.dimensions[d] for p in partners]) for d in Dimension}
    spread = {d: max(p.dimensions[d] for p in partners) - min(p.dimensions[d] for p in partners)
              for d in Dimension}
    order = list(Dimension)
    weakest = min(Dimension, key=lambda d: (dimensions[d], -spread[d], order.index(d)))
    return AllianceStage(
        partners=tuple(partners), dimensions=dimensions,
        overall=_floor_median(list(dimensions.values())), spread=spread, weakest=weakest,
        newest=max(r.rated_on for r in current))


def is_stale(newest: date, today: date) -> bool:
    """An assessment older than a year no longer says where the alliance stands."""
    return (today - newest).days > STALE_AFTER_DAYS


# The next step per dimension, for the stage the alliance has reached in it: what moves that
# dimension on (at the cultural stage: what keeps it there).
DIMENSION_STEPS: dict[Dimension, tuple[Promise, Promise, Promise]] = {
    Dimension.CULTURAL: (
        _("Let the directors say and show, at fixed moments, that the alliance matters."),
        _("Give professionals room to decide on the spot within rules tied to the objective."),
        _("Keep managers coaching rather than controlling; let newcomers learn the habits."),
    ),
    Dimension.RELATIONAL: (
        _("Organise regular contacts between the partners' people at every level."),
        _("Make sharing bad news early the norm: a standing item at every meeting."),
        _("Keep trust alive with informal sessions, co-location or mutual internships."),
    ),
    Dimension.PROCEDURAL: (
        _("Set up a board and a tactical table with fixed dates and clear mandates."),
        _("Report results jointly against a few agreed targets, poor results included."),
        _("Let the people in the bodies improve them; keep the structure light."),
    ),
    Dimension.CONTENT: (
        _("Formulate one objective that every partner endorses, and draw the alliance map."),
        _("Work the objective into each partner's own plans and targets."),
        _("Keep the map and the agreements up to date together; welcome newcomers with them."),
    ),
}


def dimension_step(dimension: Dimension, level: int) -> Promise:
    return DIMENSION_STEPS[dimension][level - 1]
