"""The annual alliance plan (building block 16): a plan per year in versions; each version holds
objectives derived from the objective in force, activities per objective with an owner, a
period and the building block they develop, and per activity the deployment each partner
commits at each level. A partner confirms its own deployment of a version; the version is
adopted by the board's decision (or, where the alliance has no board yet, by an endorsement of
every partner) and is then in force until the next version is adopted. Actuals are recorded per
activity (its key, shared by its copies in later versions) and partner
(docs/decisions/0020-annual-plan-versions-and-deployment.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Level
from concordia.handbook.catalogue import Block

from . import rules

BLOCK_CHOICES = [(b.value, b.value) for b in Block]


class AnnualPlan(models.Model):
    """The alliance's plan for one year; what it says is in its versions."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["alliance", "year"],
                                               name="annual_plan_once_per_year")]

    def __str__(self) -> str:
        return f"plan {self.year}"


class PlanVersion(models.Model):
    """One version of a year's plan. Version 1 is the first draft; a later version copies the
    version in force and says why (an adjustment during the year). A version is in force from
    its adoption (``adopted_at``: the board's decision carried, or the last partner endorsed)
    until a later version is adopted."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.TextField(_("reason"), blank=True, max_length=rules.TEXT_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    route = models.CharField(max_length=12, blank=True)
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    # Set when the last partner endorsed (the route without a board); under the board's route
    # the moment is the decision's closing.
    endorsed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change of the version's content: an edit made on an older reading is
    # refused (409), never silently applied.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plan_version_number")]

    def __str__(self) -> str:
        return f"plan {self.plan_id} v{self.number}"


class PlanObjective(models.Model):
    """An objective of the year, derived from the alliance's objective in force (the statement
    version it was derived from is kept)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE,
                                related_name="objectives")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("objective"), max_length=rules.TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=rules.TEXT_MAX)
    statement = models.ForeignKey("design.StatementVersion", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("derived from"))

    class Meta:
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanActivity(models.Model):
    """An activity serving an objective: its owner (a partner and/or a person), its period
    within the year and the building block it develops. ``key`` is the same in every version
    the activity is copied into, so actuals follow it across adjustments."""

    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE,
                                  related_name="activities")
    key = models.UUIDField(default=uuid.uuid4)
    title = models.CharField(_("activity"), max_length=rules.TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=rules.TEXT_MAX)
    owner_partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("owner (partner)"))
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("owner (person)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    block = models.CharField(_("building block"), max_length=40, choices=BLOCK_CHOICES)

    class Meta:
        ordering = ["objective", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="plan_activity_period_in_order"),
            models.CheckConstraint(condition=Q(owner_partner__isnull=False)
                                   | Q(owner_person__isnull=False),
                                   name="plan_activity_has_owner"),
        ]

    def __str__(self) -> str:
        return self.title


class Deployment(models.Model):
    """What a partner commits to an activity at one level: people, hours or FTE (in hundredths),
    money in cents and a free description."""

    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE,
                                 related_name="deployments")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    people = models.PositiveIntegerField(_("people"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    fte_hundredths = models.PositiveIntegerField(_("FTE"), default=0)
    money_cents = models.BigIntegerField(_("money"), default=0)
    description = models.TextField(_("description"), blank=True, max_length=rules.TEXT_MAX)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "partner", "level"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "partner", "level"],
                                    name="deployment_once_per_level"),
            models.CheckConstraint(condition=Q(money_cents__gte=0),
                                   name="deployment_money_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.level}"


class DeploymentConfirmation(models.Model):
    """A partner's confirmation of its own deployment in a version. A change to that deployment
    afterwards drops it (``dropped_at``): the partner confirms again."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE,
                                related_name="confirmations")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    dropped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "confirmed_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["version", "partner"], condition=Q(dropped_at__isnull=True),
            name="deployment_confirmed_once")]

    def __str__(self) -> str:
        return f"{self.partner_id} confirms v{self.version_id}"


class PlanEndorsement(models.Model):
    """A partner's endorsement of a proposed version, where the alliance has no board yet."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE,
                                related_name="endorsements")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    endorsed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "endorsed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "partner"],
                                               name="plan_endorsed_once")]

    def __str__(self) -> str:
        return f"{self.partner_id} endorses v{self.version_id}"


class Actual(models.Model):
    """What a partner actually deployed on an activity so far (by the activity's key, so it
    follows the activity across versions), and the activity's progress as that partner sees
    it. Recording again replaces the figures; the journal keeps every recording."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.PROTECT, related_name="actuals")
    activity_key = models.UUIDField()
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    people = models.PositiveIntegerField(_("people"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    fte_hundredths = models.PositiveIntegerField(_("FTE"), default=0)
    money_cents = models.BigIntegerField(_("money"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=rules.TEXT_MAX)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "activity_key", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity_key", "partner"],
                                    name="actual_once_per_partner"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="actual_progress_100"),
            models.CheckConstraint(condition=Q(money_cents__gte=0),
                                   name="actual_money_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} on {self.activity_key}"
