from django.db import models
from django.utils.translation import gettext_lazy as _


class SettlementKind(models.TextChoices):
    """How the costs of a category are shared between the partners (building block 10)."""

    OWN = "own", _("each bears its own costs")
    EQUAL = "equal", _("equal shares")
    USAGE = "usage", _("by usage")
    SIZE = "size", _("by size")
    FIXED = "fixed", _("fixed shares")


class BookingKind(models.TextChoices):
    COST = "cost", _("shared cost")
    IN_KIND = "in_kind", _("contribution in kind")
