"""Every write of the alliance's learning: hold a pillar health check, score it (each member
of the core team for themselves), record a lesson learned and change it. Each write takes the
alliance lock first, checks the policy and journals in the same transaction."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance
from concordia.core.errors import Conflict, DomainError
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck
from concordia.journal.services import journal_append

from . import rules
from .models import HealthCheck, Lesson, LessonTag, PillarScore

# pillar -> (score 1–5 or None when not given, remark)
Scores = Mapping[str, tuple[int | None, str]]


def _field(pillar: str) -> str:
    return f"score_{pillar}"


def _check_scores(scores: Scores) -> dict[str, tuple[int, str]]:
    """The scores trimmed, or the first problem as a field error on that pillar's score."""
    trimmed = {p: (s, (r or "").strip()) for p, (s, r) in scores.items()}
    problems = rules.score_problems(trimmed)
    messages = {
        "missing": _("Score this pillar from 1 to 5."),
        "range": _("A score runs from 1 to 5."),
        "remark": _("Keep the remark under 1000 characters."),
        "unknown": _("Unknown pillar."),
    }
    for pillar in (*rules.PILLARS, *sorted(problems)):
        if pillar in problems:
            field = _field(pillar) if problems[pillar] != "remark" else f"remark_{pillar}"
            raise DomainError(messages[problems[pillar]], field=field)
    return {p: (s, r) for p, (s, r) in trimmed.items() if s is not None}


def _save_scores(check: HealthCheck, actor: Person, scores: dict[str, tuple[int, str]]) -> None:
    now = timezone.now()
    PillarScore.objects.filter(health_check=check, scorer=actor).delete()
    PillarScore.objects.bulk_create([
        PillarScore(health_check=check, scorer=actor, pillar=pillar, score=score,
                    remark=remark, scored_at=now)
        for pillar, (score, remark) in scores.items()])


def _scorers(check: HealthCheck) -> int:
    return PillarScore.objects.filter(health_check=check).values("scorer_id").distinct().count()


@transaction.atomic
def health_check_hold(*, actor: Person, alliance: Alliance, held_on: dt.date,
                      scores: Scores) -> HealthCheck:
    """Hold a pillar health check on a date (today or earlier; one per day), with the actor's
    own scores of the eight pillars. Only the core team (key alliance manager, coordinators)
    holds one. Journaled as HealthCheckHeld."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.score_pillars", alliance):
        raise PermissionDenied
    if rules.held_on_problem(held_on, timezone.localdate()) == "future":
        raise DomainError(_("A health check is held today or was held before."),
                          field="held_on")
    checked = _check_scores(scores)
    if HealthCheck.objects.filter(alliance=alliance, held_on=held_on).exists():
        raise Conflict(_("There is a health check on this date already: add your scores "
                         "to it."), field="held_on", code="duplicate")
    try:
        with transaction.atomic():
            check = HealthCheck.objects.create(alliance=alliance, held_on=held_on,
                                               created_by=actor)
    except IntegrityError as exc:  # the unique constraint, on SQLite without row locks
        raise Conflict(_("There is a health check on this date already: add your scores "
                         "to it."), field="held_on", code="duplicate") from exc
    _save_scores(check, actor, checked)
    journal_append(alliance=alliance, actor=actor, kind="HealthCheckHeld", subject=check,
                   payload={"held_on": held_on.isoformat(), "scorers": 1})
    return check


@transaction.atomic
def health_check_score(*, actor: Person, health_check: HealthCheck,
                       scores: Scores) -> HealthCheck:
    """Record the actor's own scores of a check, replacing any they gave it before (each
    member of the core team scores for themselves). Journaled as PillarsScored."""
    alliance_lock(health_check.alliance_id, actor=actor)
    check = HealthCheck.objects.select_related("alliance").get(pk=health_check.pk)
    if not policy.can(actor, "alliance.view", check.alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.score_pillars", check.alliance):
        raise PermissionDenied
    checked = _check_scores(scores)
    _save_scores(check, actor, checked)
    journal_append(alliance=check.alliance, actor=actor, kind="PillarsScored", subject=check,
                   payload={"held_on": check.held_on.isoformat(), "scorers": _scorers(check)})
    return check


def _check_lesson(alliance: Alliance, actor: Person, *, title: str, problem: str, cause: str,
                  solution: str, learned_on: dt.date, tags: Sequence[str],
                  bottleneck: Bottleneck | None,
                  decision: Decision | None) -> dict[str, Any]:
    fields = {"title": title.strip(), "problem": problem.strip(), "cause": cause.strip(),
              "solution": solution.strip()}
    required = {"title": _("Give the lesson a title."),
                "problem": _("Say what the problem was."),
                "cause": _("Say what caused it."),
                "solution": _("Say which solution was chosen.")}
    for name, value in fields.items():
        if not value:
            raise DomainError(required[name], field=name)
    if len(fields["title"]) > rules.TITLE_MAX:
        raise DomainError(_("Keep the title under 200 characters."), field="title")
    for name in ("problem", "cause", "solution"):
        if len(fields[name]) > rules.TEXT_MAX:
            raise DomainError(_("Keep this under 4000 characters."), field=name)
    if learned_on > timezone.localdate():
        raise DomainError(_("A lesson is learned today or was learned before."),
                          field="learned_on")
    written = rules.normalise_tags(tags)
    problem_key = rules.tags_problem(written)
    if problem_key == "many":
        raise DomainError(_("Give at most 10 tags."), field="tags")
    if problem_key == "long":
        raise DomainError(_("Keep each tag under 40 characters."), field="tags")
    if bottleneck is not None and not Bottleneck.objects.filter(
            policy.bottlenecks_visible_q(actor, alliance.pk), pk=bottleneck.pk).exists():
        raise DomainError(_("Choose a bottleneck of this alliance."), field="bottleneck")
    if decision is not None and not Decision.objects.filter(
            policy.decisions_readable_q(actor, alliance.pk), alliance=alliance,
            pk=decision.pk).exists():
        raise DomainError(_("Choose a decision of this alliance."), field="decision")
    return {**fields, "learned_on": learned_on, "tags": written, "bottleneck": bottleneck,
            "decision": decision}


def _payload(lesson: Lesson, tags: list[str], **extra: Any) -> dict[str, Any]:
    return {"title": lesson.title, "learned_on": lesson.learned_on.isoformat(), "tags": tags,
            **extra}


@transaction.atomic
def lesson_record(*, actor: Person, alliance: Alliance, title: str, problem: str, cause: str,
                  solution: str, learned_on: dt.date, tags: Sequence[str] = (),
                  bottleneck: Bottleneck | None = None,
                  decision: Decision | None = None) -> Lesson:
    """Record a lesson learned: the problem, its cause and the solution chosen, dated, tagged
    and possibly linked to a bottleneck or decision the actor can see. Any member who may
    write records one. Journaled as LessonRecorded."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.record_lesson", alliance):
        raise PermissionDenied
    data = _check_lesson(alliance, actor, title=title, problem=problem, cause=cause,
                         solution=solution, learned_on=learned_on, tags=tags,
                         bottleneck=bottleneck, decision=decision)
    written = data.pop("tags")
    lesson = Lesson.objects.create(alliance=alliance, author=actor, **data)
    LessonTag.objects.bulk_create([LessonTag(lesson=lesson, name=t) for t in written])
    journal_append(alliance=alliance, actor=actor, kind="LessonRecorded", subject=lesson,
                   payload=_payload(lesson, written))
    return lesson


@transaction.atomic
def lesson_update(*, actor: Person, lesson: Lesson, expected_version: int, title: str,
                  problem: str, cause: str, solution: str, learned_on: dt.date,
                  tags: Sequence[str] = (), bottleneck: Bottleneck | None = None,
                  decision: Decision | None = None) -> Lesson:
    """Change a lesson (its author, or the key alliance manager); ``expected_version`` is the
    version the editor saw (a change in between is refused, 409). Journaled as LessonChanged
    with what changed."""
    alliance_lock(lesson.alliance_id, actor=actor)
    lesson = (Lesson.objects.select_for_update(of=("self",), no_key=True)
              .select_related("alliance").get(pk=lesson.pk))
    if not policy.can(actor, "alliance.view", lesson.alliance):
        raise PermissionDenied
    if not policy.can_edit_lesson(actor, lesson):
        raise PermissionDenied
    if lesson.version != expected_version:
        raise Conflict(_("Someone else changed this lesson in the meantime. Reload and try "
                         "again."), code="stale")
    data = _check_lesson(lesson.alliance, actor, title=title, problem=problem, cause=cause,
                         solution=solution, learned_on=learned_on, tags=tags,
                         bottleneck=bottleneck, decision=decision)
    written = data.pop("tags")
    old_tags = list(lesson.tags.order_by("pk").values_list("name", flat=True))
    before = {"title": lesson.title, "problem": lesson.problem, "cause": lesson.cause,
              "solution": lesson.solution, "learned_on": lesson.learned_on,
              "bottleneck": lesson.bottleneck_id, "decision": lesson.decision_id,
              "tags": old_tags}
    after = {**{k: v for k, v in data.items() if k not in ("bottleneck", "decision")},
             "bottleneck": bottleneck.pk if bottleneck else None,
             "decision": decision.pk if decision else None, "tags": written}
    changed = sorted(k for k in before if before[k] != after[k])
    if not changed:
        raise DomainError(_("Nothing was changed."), field="title")
    for name, value in data.items():
        setattr(lesson, name, value)
    lesson.version += 1
    lesson.save()
    if "tags" in changed:
        lesson.tags.all().delete()
        LessonTag.objects.bulk_create([LessonTag(lesson=lesson, name=t) for t in written])
    journal_append(alliance=lesson.alliance, actor=actor, kind="LessonChanged", subject=lesson,
                   payload=_payload(lesson, written, changed=changed))
    return lesson
