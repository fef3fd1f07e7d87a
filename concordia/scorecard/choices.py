"""The scorecard's enumerations, with their words."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Source(models.TextChoices):
    """How a measurement came in."""

    FORM = "form", _("form")
    UPLOAD = "upload", _("upload")
    API = "api", _("API")
