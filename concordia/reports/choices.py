"""The periodic report's enumerations, with their words."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportPeriod(models.TextChoices):
    """What a report covers: a quarter (1–4), a half-year (1–2) or a year (1)."""

    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half-year")
    YEAR = "year", _("year")


class SectionState(models.TextChoices):
    """Where a partner's section stands (derived, never stored)."""

    MISSING = "missing", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
