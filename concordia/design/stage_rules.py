"""Development stage: pure rules placing an alliance at opportunistic, procedural or cultural.

Each question describes one aspect of a dimension at the three stages; the answer is the
description that fits the alliance best (1 = opportunistic, 2 = procedural, 3 = cultural).
A dimension's stage is the median of its answers rounded down (an alliance is only as far as
it reliably is); the overall stage is the median of the four dimensions, again rounded down.
"""

from collections.abc import Mapping
from dataclasses import dataclass
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
