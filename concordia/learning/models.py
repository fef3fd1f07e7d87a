"""The alliance's learning: pillar health checks (the core team scores the eight pillars 1–5,
any time of the year) and lessons learned (problem, cause, solution: the alliance's memory,
kept when the people who wrote it move on)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Pillar

from . import rules

PILLAR_CHOICES = [(p.value, p.value) for p in Pillar]


class HealthCheck(models.Model):
    """A pillar health check of the alliance on a date; each core-team member's scores are
    kept (PillarScore), the result is computed from them."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="health_checks")
    held_on = models.DateField(_("date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["alliance", "held_on"],
                                               name="health_check_one_per_day")]

    def __str__(self) -> str:
        return f"{self.alliance_id}: {self.held_on.isoformat()}"


class PillarScore(models.Model):
    """One core-team member's score (1–5) of one pillar in a check, with an optional remark."""

    health_check = models.ForeignKey(HealthCheck, on_delete=models.PROTECT,
                                     related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    pillar = models.CharField(_("pillar"), max_length=20, choices=PILLAR_CHOICES)
    score = models.PositiveSmallIntegerField(_("score"))
    remark = models.TextField(_("remark"), blank=True, max_length=rules.REMARK_MAX)
    scored_at = models.DateTimeField()

    class Meta:
        ordering = ["health_check", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["health_check", "scorer", "pillar"],
                                    name="pillar_score_once_per_scorer"),
            models.CheckConstraint(condition=Q(score__gte=rules.SCORE_MIN)
                                   & Q(score__lte=rules.SCORE_MAX),
                                   name="pillar_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.pillar}: {self.score}"


class Lesson(models.Model):
    """A lesson learned: the problem met, its cause and the solution chosen, dated and tagged,
    possibly linked to the bottleneck or decision it came from. The author stays named after
    leaving the alliance; the lesson stays with the alliance."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="lessons")
    title = models.CharField(_("title"), max_length=rules.TITLE_MAX)
    problem = models.TextField(_("problem"), max_length=rules.TEXT_MAX)
    cause = models.TextField(_("cause"), max_length=rules.TEXT_MAX)
    solution = models.TextField(_("solution chosen"), max_length=rules.TEXT_MAX)
    learned_on = models.DateField(_("date"))
    bottleneck = models.ForeignKey("escalations.Bottleneck", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="lessons")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="lessons")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-learned_on", "-pk"]
        indexes = [models.Index(fields=["alliance", "learned_on"], name="lesson_by_date")]

    def __str__(self) -> str:
        return self.title


class LessonTag(models.Model):
    """A tag of a lesson (normalised: lower case, single spaces), to find lessons by."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=rules.TAG_MAX)

    class Meta:
        ordering = ["lesson", "pk"]
        constraints = [models.UniqueConstraint(fields=["lesson", "name"],
                                               name="lesson_tag_once")]
        indexes = [models.Index(fields=["name"], name="lesson_tag_name")]

    def __str__(self) -> str:
        return self.name
