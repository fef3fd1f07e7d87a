from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class ItemKind(models.TextChoices):
    DECISION = "decision", _("decision")
    DISCUSSION = "discussion", _("discussion")
    INFORMATION = "information", _("information")


class ItemStatus(models.TextChoices):
    """Any member proposes an item; the chair or the secretary puts it on the agenda."""

    PROPOSED = "proposed", _("proposed")
    ON_AGENDA = "on_agenda", _("on the agenda")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT_WITH_NOTICE = "absent_with_notice", _("absent with notice")
    ABSENT = "absent", _("absent")
    REPLACED = "replaced", _("replaced")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CIRCULATED = "circulated", _("circulated for corrections")
    APPROVED = "approved", _("approved")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("taken over")
    DECLINED = "declined", _("not taken over")
