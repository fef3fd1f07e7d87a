"""Every read of the alliance's learning, scoped by the policy: health checks and their scores
(everyone with a role reads them), the open improvement actions per pillar, lessons learned
(searched by text and tag) and what a lesson may link to."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.actions import selectors as action_selectors
from concordia.actions.models import ActionItem
from concordia.alliances.models import Alliance
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck

from . import rules
from .models import HealthCheck, Lesson, LessonTag, PillarScore

OPTIONS_LIMIT = 200


def _scores() -> Prefetch[Any]:
    return Prefetch("scores", queryset=PillarScore.objects.select_related("scorer")
                    .order_by("scorer__full_name", "scorer_id", "pk"))


def health_check_list(*, user: Any, alliance: Alliance) -> QuerySet[HealthCheck]:
    """The alliance's health checks, newest first, each with its scores and their scorers."""
    policy.alliance_or_404(user, alliance.pk)
    return (HealthCheck.objects.filter(alliance=alliance).select_related("created_by")
            .prefetch_related(_scores()).order_by("-held_on", "-pk"))


def health_check_get(*, user: Any, alliance: Alliance, pk: int) -> HealthCheck:
    check = health_check_list(user=user, alliance=alliance).filter(pk=pk).first()
    if check is None:
        raise Http404
    return check


def results_of(check: HealthCheck) -> list[rules.PillarResult]:
    """The check's result per pillar, from its prefetched scores."""
    return rules.pillar_results((s.pillar, s.score) for s in check.scores.all())


def improvement_actions(*, user: Any, alliance: Alliance) -> dict[str, list[ActionItem]]:
    """The open actions the person sees that strengthen a pillar, per pillar (one query)."""
    by_pillar: dict[str, list[ActionItem]] = {p: [] for p in rules.PILLARS}
    for action in action_selectors.action_list(user=user, alliance=alliance).exclude(pillar=""):
        by_pillar.setdefault(action.pillar, []).append(action)
    return by_pillar


def _tags() -> Prefetch[Any]:
    return Prefetch("tags", queryset=LessonTag.objects.order_by("pk"))


def lesson_list(*, user: Any, alliance: Alliance, q: str = "",
                tag: str = "") -> QuerySet[Lesson]:
    """The alliance's lessons learned, newest first: those whose title, problem, cause or
    solution holds every word of ``q``, and that carry ``tag`` when one is given."""
    policy.alliance_or_404(user, alliance.pk)
    lessons = Lesson.objects.filter(alliance=alliance)
    for word in q.split()[:10]:
        lessons = lessons.filter(Q(title__icontains=word) | Q(problem__icontains=word)
                                 | Q(cause__icontains=word) | Q(solution__icontains=word))
    written = rules.normalise_tags([tag])
    if written:
        lessons = lessons.filter(pk__in=LessonTag.objects.filter(
            name=written[0], lesson__alliance=alliance).values("lesson_id"))
    return (lessons.select_related("author").prefetch_related(_tags())
            .order_by("-learned_on", "-pk"))


def lesson_get(*, user: Any, alliance: Alliance, pk: int) -> Lesson:
    lesson = (lesson_list(user=user, alliance=alliance).filter(pk=pk)
              .select_related("bottleneck", "decision").first())
    if lesson is None:
        raise Http404
    return lesson


def tag_options(*, user: Any, alliance: Alliance) -> list[str]:
    """Every tag the alliance's lessons carry, in alphabetical order."""
    policy.alliance_or_404(user, alliance.pk)
    return list(LessonTag.objects.filter(lesson__alliance=alliance).order_by("name")
                .values_list("name", flat=True).distinct()[:OPTIONS_LIMIT])


def bottleneck_options(*, user: Any, alliance: Alliance) -> list[Bottleneck]:
    """The bottlenecks the person sees, newest first, to link a lesson to."""
    policy.alliance_or_404(user, alliance.pk)
    return list(Bottleneck.objects.filter(policy.bottlenecks_visible_q(user, alliance.pk))
                .order_by("-pk")[:OPTIONS_LIMIT])


def decision_options(*, user: Any, alliance: Alliance) -> list[Decision]:
    """The decisions the person reads, newest first, to link a lesson to."""
    policy.alliance_or_404(user, alliance.pk)
    return list(Decision.objects.filter(policy.decisions_readable_q(user, alliance.pk),
                                        alliance=alliance).order_by("-number")[:OPTIONS_LIMIT])


def bottleneck_get(*, user: Any, alliance: Alliance, pk: int) -> Bottleneck | None:
    """A bottleneck of the alliance the person sees, or None (a field error)."""
    policy.alliance_or_404(user, alliance.pk)
    return Bottleneck.objects.filter(policy.bottlenecks_visible_q(user, alliance.pk),
                                     pk=pk).first()


def decision_get(*, user: Any, alliance: Alliance, pk: int) -> Decision | None:
    """A decision of the alliance the person reads, or None (a field error)."""
    policy.alliance_or_404(user, alliance.pk)
    return Decision.objects.filter(policy.decisions_readable_q(user, alliance.pk),
                                   alliance=alliance, pk=pk).first()


def readable_links(*, user: Any, alliance: Alliance,
                   lesson: Lesson) -> tuple[Bottleneck | None, Decision | None]:
    """The lesson's bottleneck and decision, each only if the person may see it (a lesson is
    read by the whole alliance; what it links to keeps its own circle)."""
    bottleneck = decision = None
    if lesson.bottleneck_id is not None:
        bottleneck = bottleneck_get(user=user, alliance=alliance,
                                    pk=lesson.bottleneck_id)
    if lesson.decision_id is not None:
        decision = decision_get(user=user, alliance=alliance, pk=lesson.decision_id)
    return bottleneck, decision


def tag_names(lesson: Lesson) -> Sequence[str]:
    return [t.name for t in lesson.tags.all()]
