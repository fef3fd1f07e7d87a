"""The answer options of the collaboration-form questionnaire (values are stable API keys)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Intensity(models.TextChoices):
    LIGHT = "light", _("Light — a shared intention, little joint work")
    MODERATE = "moderate", _("Moderate — regular, coordinated work")
    INTENSIVE = "intensive", _("Intensive — working closely together on shared results")


class Scope(models.TextChoices):
    OUTSIDE_CORE = "outside_core", _("Outside the partners' core activities")
    SUPPORTING = "supporting", _("In supporting processes (IT, payroll, purchasing…)")
    PART_OF_CORE = "part_of_core", _("In part of their core activities")
    MOST_OF_CORE = "most_of_core", _("In most of their core activities")


class Duration(models.TextChoices):
    SHORT = "short", _("Short — a project of about a year at most")
    MEDIUM = "medium", _("Medium — a few years")
    LONG = "long", _("Long — open-ended, for many years")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("One way: one party supplies, the other receives")
    JOINT = "joint", _("Jointly: the partners share responsibility towards the end users")
