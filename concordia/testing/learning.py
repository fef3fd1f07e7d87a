"""The alliance's learning in alliance A of the shared world, for tests (through the services,
so the journal is real).

- ``check``: a pillar health check held 30 days ago by the founder (key alliance manager), also
  scored by coordinator_b: the core team.
- ``lesson``: a lesson recorded by professional_a (its author), tagged "data quality".
- ``foreign_check``, ``foreign_lesson``: of alliance Z, by the outsider.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.accounts.models import Person
from concordia.learning import services
from concordia.learning.models import HealthCheck, Lesson
from concordia.learning.rules import PILLARS

from .factories import World


def fresh(person: Person) -> Person:
    """The person as a new request sees them (no roles cached)."""
    return Person.objects.get(pk=person.pk)


def scores(value: int, remark: str = "") -> dict[str, tuple[int | None, str]]:
    """The same score for every pillar (the remark on the first)."""
    return {p: (value, remark if i == 0 else "") for i, p in enumerate(PILLARS)}


@dataclass
class LearningWorld:
    check: HealthCheck
    lesson: Lesson
    foreign_check: HealthCheck
    foreign_lesson: Lesson


def build_learning(world: World) -> LearningWorld:
    held_on = timezone.localdate() - dt.timedelta(days=30)
    check = services.health_check_hold(actor=fresh(world.founder), alliance=world.alliance,
                                       held_on=held_on, scores=scores(3, "Fair"))
    services.health_check_score(actor=fresh(world.coordinator_b), health_check=check,
                                scores=scores(4))
    lesson = services.lesson_record(
        actor=fresh(world.professional_a), alliance=world.alliance,
        title="Agree definitions before the first delivery",
        problem="Partners counted hours worked differently.",
        cause="No agreed definition existed.", solution="A shared glossary entry.",
        learned_on=held_on, tags=["Data quality"])
    foreign_check = services.health_check_hold(
        actor=fresh(world.outsider), alliance=world.other_alliance, held_on=held_on,
        scores=scores(2))
    foreign_lesson = services.lesson_record(
        actor=fresh(world.outsider), alliance=world.other_alliance, title="Z's own lesson",
        problem="Only Z's.", cause="Z.", solution="Z.", learned_on=held_on)
    return LearningWorld(check, lesson, foreign_check, foreign_lesson)


def learning_of(ctx: Any) -> LearningWorld:
    """The learning world of an access-matrix context, made once per context."""
    cached: LearningWorld | None = ctx.__dict__.get("_learning_world")
    if cached is None:
        cached = build_learning(ctx.world)
        ctx.__dict__["_learning_world"] = cached
    return cached
