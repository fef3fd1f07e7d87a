"""The standard evaluation instrument as reference data: statements per dimension, answered
1–5, each linked to the pillars it speaks to, and one optional open question per dimension.

Pure data, no ORM. Keys (``cultural.1`` …) are stored in responses and used in the API: never
rename or reuse one; a changed statement gets a new key, so that years stay comparable.
Alliances add statements of their own (``own.<n>``, stored in AllianceStatement).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Dimension, Pillar

INSTRUMENT_VERSION = "1.0.0"

SCALE = (1, 2, 3, 4, 5)
OWN_PREFIX = "own."


@dataclass(frozen=True)
class Statement:
    key: str
    dimension: Dimension
    pillars: tuple[Pillar, ...]
    text: str | Promise


D, P = Dimension, Pillar

STANDARD_STATEMENTS: tuple[Statement, ...] = (
    Statement("cultural.1", D.CULTURAL, (P.MINDSET,),
              _("The top of my organisation shows in word and deed that the alliance matters.")),
    Statement("cultural.2", D.CULTURAL, (P.MINDSET,),
              _("In my daily work the interest of the alliance weighs as much as that of my "
                "own organisation.")),
    Statement("cultural.3", D.CULTURAL, (P.PLAYING_FIELD,),
              _("I have room to solve problems on the spot with colleagues at the other "
                "partners.")),
    Statement("cultural.4", D.CULTURAL, (P.PLAYING_FIELD, P.MINDSET),
              _("My manager gives me room instead of checking everything I do for the "
                "alliance.")),
    Statement("cultural.5", D.CULTURAL, (P.MINDSET, P.TRUST),
              _("Old habits of the partners no longer stand in the way of working together.")),
    Statement("relational.1", D.RELATIONAL, (P.TRUST,),
              _("I trust that the other partners do well what they have taken on.")),
    Statement("relational.2", D.RELATIONAL, (P.TRUST,),
              _("I know the people I work with at the other partners personally.")),
    Statement("relational.3", D.RELATIONAL, (P.DIALOGUE,),
              _("Bad news is shared early, not hidden until it can no longer be.")),
    Statement("relational.4", D.RELATIONAL, (P.DIALOGUE,),
              _("We give each other feedback openly, at every level.")),
    Statement("relational.5", D.RELATIONAL, (P.DIALOGUE, P.TRUST),
              _("A problem is first solved together with the other partners before it is "
                "escalated.")),
    Statement("procedural.1", D.PROCEDURAL, (P.STRUCTURE,),
              _("It is clear who in the alliance decides what.")),
    Statement("procedural.2", D.PROCEDURAL, (P.STRUCTURE,),
              _("The alliance's meetings are attended by the right people, with a mandate.")),
    Statement("procedural.3", D.PROCEDURAL, (P.STRUCTURE, P.TRUST),
              _("Agreements made in the alliance are kept.")),
    Statement("procedural.4", D.PROCEDURAL, (P.TRANSPARENCY,),
              _("The alliance's results are measured and reported, also when they are "
                "disappointing.")),
    Statement("procedural.5", D.PROCEDURAL, (P.TRANSPARENCY,),
              _("Costs and benefits of the alliance are open to all partners.")),
    Statement("content.1", D.CONTENT, (P.OBJECTIVE,),
              _("I can explain the alliance's objective in one sentence.")),
    Statement("content.2", D.CONTENT, (P.OBJECTIVE,),
              _("The objective of the alliance is endorsed by every partner and inspires me.")),
    Statement("content.3", D.CONTENT, (P.KNOWLEDGE,),
              _("I know my own link in the chain and what comes before and after it.")),
    Statement("content.4", D.CONTENT, (P.KNOWLEDGE,),
              _("The partners use the same definitions for the same things.")),
    Statement("content.5", D.CONTENT, (P.KNOWLEDGE, P.OBJECTIVE),
              _("I know whom to ask at the other partners when I need to know something.")),
)

STANDARD_BY_KEY = {s.key: s for s in STANDARD_STATEMENTS}

OPEN_QUESTIONS: dict[Dimension, str | Promise] = {
    D.CULTURAL: _("What would most improve the way people think about and act for the "
                  "alliance?"),
    D.RELATIONAL: _("What would most improve the trust and the dialogue between the partners?"),
    D.PROCEDURAL: _("What would most improve the alliance's structure, agreements and "
                    "reporting?"),
    D.CONTENT: _("What would most improve the knowledge of the alliance and its objective?"),
}

OPEN_ANSWER_MAX_LENGTH = 2000


def is_standard_key(key: str) -> bool:
    return key in STANDARD_BY_KEY


def is_own_key(key: str) -> bool:
    rest = key.removeprefix(OWN_PREFIX)
    return key.startswith(OWN_PREFIX) and rest.isdigit() and not rest.startswith("0")
