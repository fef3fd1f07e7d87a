"""Cost settlement between partners with open books (building block 10): the settlement model
chosen per cost category from a start date (recorded by a decision), the costs and
contributions in kind each partner booked, and each partner's confirmation of a quarter's
settlement. Bookings are never edited: a correction is a new booking referring to the one it
corrects. The settlement itself is computed from the bookings (rules.settle), never stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import BookingKind, SettlementKind


class CostCategory(models.Model):
    """A kind of shared cost the alliance settles under one model at a time (e.g. "the joint
    helpdesk")."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="cost_categories")
    name = models.CharField(_("cost category"), max_length=rules.CATEGORY_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["alliance", "name"],
                                               name="cost_category_once")]

    def __str__(self) -> str:
        return self.name


class SettlementModel(models.Model):
    """The model a category is settled under from ``starts_on``, as a carried decision of the
    alliance decided; a later choice supersedes it from its own start date."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="settlement_models")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="models")
    kind = models.CharField(_("settlement model"), max_length=8, choices=SettlementKind.choices)
    starts_on = models.DateField(_("start date"))
    measure = models.CharField(_("measure"), max_length=rules.MEASURE_MAX, blank=True)
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                 related_name="settlement_models", verbose_name=_("decision"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__name", "-starts_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["category", "starts_on"],
                                               name="settlement_model_one_per_start")]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.kind} from {self.starts_on.isoformat()}"


class ModelWeight(models.Model):
    """A partner's weight under a model: 1 under equal shares, its usage or size under those
    models, its agreed share in hundredths of a percent under fixed shares."""

    model = models.ForeignKey(SettlementModel, on_delete=models.CASCADE, related_name="weights")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    weight = models.BigIntegerField(_("weight"))

    class Meta:
        ordering = ["model", "partner__organisation__name", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "partner"], name="model_weight_once"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="model_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.weight}"


class UsageFigure(models.Model):
    """A partner's usage in one quarter under a usage model: the quarter's costs of the
    category are split by these figures (rules.weights_for; a quarter without figures uses the
    latest earlier quarter's, or the figures given with the choice). Recording a quarter's
    figures again replaces them; the journal keeps the earlier ones."""

    model = models.ForeignKey(SettlementModel, on_delete=models.PROTECT,
                              related_name="usage_figures")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    usage = models.BigIntegerField(_("usage"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["model", "year", "quarter", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "partner", "year", "quarter"],
                                    name="usage_figure_once_per_quarter"),
            models.CheckConstraint(condition=Q(usage__gte=0), name="usage_figure_not_negative"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                                   name="usage_figure_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter} {self.partner_id}: {self.usage}"


class Booking(models.Model):
    """A shared cost or a contribution in kind a partner made, in cents, dated (its quarter is
    the period it is settled in), with a document as evidence. Never edited: a correction is a
    new booking that refers to the one it corrects, and only a correction may be negative."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="bookings")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="bookings", verbose_name=_("partner"))
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT,
                                 related_name="bookings", verbose_name=_("cost category"))
    kind = models.CharField(_("kind"), max_length=8, choices=BookingKind.choices)
    incurred_on = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    amount_cents = models.BigIntegerField(_("amount"))
    description = models.CharField(_("description"), max_length=rules.DESCRIPTION_MAX)
    document = models.ForeignKey("alliances.Document", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("evidence"))
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrects"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time token: the same submission sent twice books once.
    submission = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["incurred_on", "pk"]
        indexes = [models.Index(fields=["alliance", "year", "quarter"], name="booking_period")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_cents=0), name="booking_not_zero"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0) | Q(corrects__isnull=False),
                                   name="booking_negative_only_as_correction"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                                   name="booking_quarter_1_to_4"),
            models.UniqueConstraint(fields=["booked_by", "submission"],
                                    condition=~Q(submission=""), name="booking_submitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {rules.format_cents(self.amount_cents)}"


class Confirmation(models.Model):
    """A partner's confirmation of a quarter's settlement as it was computed then (its
    fingerprint): a booking added to the quarter later changes the fingerprint, and the
    confirmation no longer counts until the partner confirms again."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="settlement_confirmations")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    fingerprint = models.CharField(max_length=64)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["alliance", "year", "quarter", "partner", "fingerprint"],
            name="confirmation_once_per_computation")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter} {self.partner_id}"
