"""The scorecard: a few key performance indicators of the alliance, each owned by a partner
(and a person), with targets that hold from a period on and measurements per period. A
measurement is never changed: a correction is a new version, the earlier one kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Pillar

from . import rules
from .choices import Direction, PeriodKind, Source

PILLAR_CHOICES = [(p.value, p.value) for p in Pillar]


class Indicator(models.Model):
    """A key performance indicator: what is measured, in which unit, per which period, which
    way is better, and who owns it (a partner, and a person of it)."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="indicators")
    name = models.CharField(_("name"), max_length=rules.NAME_MAX)
    definition = models.TextField(_("definition"), max_length=rules.TEXT_MAX)
    unit = models.CharField(_("unit"), max_length=rules.UNIT_MAX)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    tolerance = models.DecimalField(_("tolerance (%)"), max_digits=5, decimal_places=2,
                                    default=rules.DEFAULT_TOLERANCE)
    owner_partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                      related_name="indicators")
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    source = models.CharField(_("source"), max_length=rules.SOURCE_MAX, blank=True)
    pillar = models.CharField(_("pillar"), max_length=20, choices=PILLAR_CHOICES, blank=True)
    objective = models.CharField(_("objective it serves"), max_length=rules.SOURCE_MAX,
                                 blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], condition=Q(
                retired_at__isnull=True), name="indicator_name_once"),
            models.CheckConstraint(condition=Q(tolerance__gte=0) & Q(tolerance__lte=100),
                                   name="indicator_tolerance_0_100"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """The target of an indicator from a period on, until the next target's period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    from_period = models.CharField(_("from period"), max_length=rules.PERIOD_MAX)
    value = models.DecimalField(_("target"), max_digits=rules.MAX_DIGITS,
                                decimal_places=rules.DECIMAL_PLACES)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "from_period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "from_period"],
                                               name="target_once_per_period")]

    def __str__(self) -> str:
        return f"{self.from_period}: {self.value}"


class Measurement(models.Model):
    """One version of an indicator's value for a period: the current one, or an earlier one a
    correction replaced (kept, with who entered it and when)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT,
                                  related_name="measurements")
    period = models.CharField(_("period"), max_length=rules.PERIOD_MAX)
    value = models.DecimalField(_("value"), max_digits=rules.MAX_DIGITS,
                                decimal_places=rules.DECIMAL_PLACES)
    version = models.PositiveIntegerField(default=1)
    current = models.BooleanField(default=True)
    note = models.CharField(_("note"), max_length=rules.NOTE_MAX, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "period", "version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "version"],
                                    name="measurement_version_once"),
            models.UniqueConstraint(fields=["indicator", "period"],
                                    condition=Q(current=True), name="measurement_one_current"),
        ]
        indexes = [models.Index(fields=["indicator", "current", "period"],
                                name="measurement_current")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value} (v{self.version})"
