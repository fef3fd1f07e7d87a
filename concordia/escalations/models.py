"""Bottlenecks and the ladder they climb.

A bottleneck stands on one rung at a time (``rung``), with that rung's owner and response
deadline kept on the bottleneck for the overview; every rung it entered is a ``RungStep`` (who
owned it, when it was entered and left, how), and every recorded word — the horizontal attempt
and its result, a response, the reason for going up, the resolution — is a ``BottleneckEvent``
of its step. Together they are the trail, which is never rewritten.

(No import of the handbook here: the access policy decides on these models and stays clear of
the catalogue; the building block is checked against it by the services.)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import BottleneckStatus, EventKind, Rung, StepOutcome, Urgency


class LadderSettings(models.Model):
    """What an alliance adds to the ladder: an optional top rung of its own naming above the
    board (off by default), for example the responsible ministers via the administrative core
    team."""

    alliance = models.OneToOneField("alliances.Alliance", on_delete=models.PROTECT,
                                    related_name="ladder")
    top_rung_enabled = models.BooleanField(_("use a top rung above the board"), default=False)
    top_rung_name = models.CharField(_("name of the top rung"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(top_rung_enabled=False) | ~Q(top_rung_name=""),
                                   name="top_rung_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.top_rung_name or "—"


class Bottleneck(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="bottlenecks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    partners = models.ManyToManyField("alliances.Partner", related_name="bottlenecks",
                                      verbose_name=_("partners concerned"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    # Visible to everyone with a role in the alliance; otherwise to the partners concerned,
    # the steering roles, those involved and (once it reaches the board) the board's members.
    alliance_wide = models.BooleanField(_("alliance-wide"), default=False)
    # What it is about (each optional).
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("meeting"))
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("decision"))
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("agreement"))
    block = models.CharField(_("building block"), max_length=40, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    raised_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=BottleneckStatus.choices,
                              default=BottleneckStatus.OPEN)
    # The rung it stands on now, with its owner and deadline (copied from the current step).
    rung = models.CharField(_("rung"), max_length=24, choices=Rung.choices,
                            default=Rung.HORIZONTAL)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("owner"))
    rung_entered_at = models.DateTimeField()
    due_on = models.DateField(_("respond by"))
    # The owner of the current rung has not responded yet (overdue once due_on has passed).
    awaiting_response = models.BooleanField(default=True)
    # Went up without a horizontal attempt, with the reason (a real alarm only).
    skipped_horizontal = models.BooleanField(default=False)
    skip_reason = models.TextField(_("reason to skip the horizontal attempt"), blank=True,
                                   max_length=4000)
    resolution = models.TextField(_("resolution"), blank=True, max_length=4000)
    resolution_decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                            null=True, blank=True, related_name="+",
                                            verbose_name=_("resolved by decision"))
    resolution_action = models.ForeignKey("actions.ActionItem", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("followed up by action"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "status", "rung"],
                                name="bottleneck_by_rung"),
                   models.Index(fields=["status", "due_on"], name="bottleneck_due")]
        constraints = [
            models.CheckConstraint(condition=Q(skipped_horizontal=False) | ~Q(skip_reason=""),
                                   name="skipped_horizontal_has_reason"),
            models.CheckConstraint(condition=Q(status="open") | Q(closed_at__isnull=False),
                                   name="closed_bottleneck_has_date"),
        ]

    def __str__(self) -> str:
        return self.title


class RungStep(models.Model):
    """One rung the bottleneck entered: its owner, when it came and went, and how it went."""

    bottleneck = models.ForeignKey(Bottleneck, on_delete=models.PROTECT, related_name="steps")
    rung = models.CharField(_("rung"), max_length=24, choices=Rung.choices)
    # The name the alliance gave its top rung, as it stood when the rung was entered.
    rung_name = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="bottleneck_steps", verbose_name=_("owner"))
    entered_at = models.DateTimeField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    due_on = models.DateField(_("respond by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=StepOutcome.choices, blank=True)
    # Entered by skipping the horizontal attempt (the coordinators' rung only).
    skipped_horizontal = models.BooleanField(default=False)
    # The board's rung: the agenda item of its meeting, or the written procedure.
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")

    class Meta:
        ordering = ["bottleneck", "entered_at", "pk"]
        indexes = [models.Index(fields=["left_at"], name="rung_step_left")]
        constraints = [
            models.UniqueConstraint(fields=["bottleneck"], condition=Q(left_at__isnull=True),
                                    name="one_current_rung_per_bottleneck"),
            models.UniqueConstraint(fields=["bottleneck", "rung"],
                                    name="each_rung_entered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.bottleneck_id}: {self.rung}"


class BottleneckEvent(models.Model):
    """A line of the trail: what someone did or wrote on a rung."""

    bottleneck = models.ForeignKey(Bottleneck, on_delete=models.PROTECT, related_name="events")
    step = models.ForeignKey(RungStep, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    text = models.TextField(blank=True, max_length=4000)
    # A horizontal attempt: whether it resolved the bottleneck.
    resolved = models.BooleanField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["bottleneck", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.bottleneck_id}: {self.kind}"
