"""The alliance's bodies (board, tactical table, working groups, agency) and their seats: one
or more per partner, each with a holder and a substitute from that partner's people."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Level

from .choices import BodyKind, ChairRule, DecisionRule


class Body(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    mandate = models.TextField(_("mandate"), blank=True, max_length=4000)
    # Board and tactical table: not by default — being there in person is a sign of commitment.
    substitutes_may_attend = models.BooleanField(_("substitutes may attend"), default=False)
    chair_rule = models.CharField(_("chair"), max_length=10, choices=ChairRule.choices,
                                  default=ChairRule.ROTATING)
    chair_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("fixed chair"))
    # The partners' ids in the order the chair rotates (rotating chair only).
    rotation = models.JSONField(_("rotation order"), default=list, blank=True)
    decision_rule = models.CharField(_("decision rule"), max_length=20,
                                     choices=DecisionRule.choices,
                                     default=DecisionRule.CONSENSUS)
    # Drafts the minutes and orders the agenda with the chair (usually the alliance agency).
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("secretary"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alliance", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="body_name_per_alliance"),
            models.CheckConstraint(condition=Q(chair_rule="rotating") | Q(
                chair_person__isnull=False) | Q(archived_at__isnull=False),
                name="fixed_chair_has_person"),
        ]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A partner's seat in a body. A seat without a holder is a vacancy."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="seats", verbose_name=_("partner"))
    position = models.PositiveSmallIntegerField(default=1)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="held_seats",
                               verbose_name=_("holder"))
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="substitute_seats",
                                   verbose_name=_("substitute"))
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body", "partner__organisation__name", "position"]
        constraints = [
            models.UniqueConstraint(fields=["body", "partner", "position"],
                                    condition=Q(removed_at__isnull=True),
                                    name="seat_position_per_partner"),
            models.CheckConstraint(condition=Q(holder__isnull=True) | Q(substitute__isnull=True)
                                   | ~Q(holder=models.F("substitute")),
                                   name="seat_holder_is_not_substitute"),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.partner}"
