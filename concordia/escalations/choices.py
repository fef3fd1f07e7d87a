from django.db import models
from django.utils.translation import gettext_lazy as _


class Rung(models.TextChoices):
    """The rungs of the ladder, from the bottom (the order is rules.LADDER)."""

    HORIZONTAL = "horizontal", _("horizontal attempt")
    COORDINATOR = "coordinator", _("alliance coordinators")
    KEY_ALLIANCE_MANAGER = "key_alliance_manager", _("key alliance manager")
    BOARD = "board", _("alliance board")
    TOP = "top", _("top rung")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    ALARM = "alarm", _("alarm")


class BottleneckStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")
    WITHDRAWN = "withdrawn", _("withdrawn")


class BoardRoute(models.TextChoices):
    """How the board takes up a bottleneck: at its next meeting, or in writing."""

    MEETING = "meeting", _("as a decision item of the board's next meeting")
    WRITTEN = "written", _("in a written procedure")


class StepOutcome(models.TextChoices):
    """How a rung was left."""

    ESCALATED = "escalated", _("escalated")
    RESOLVED = "resolved", _("resolved")
    WITHDRAWN = "withdrawn", _("withdrawn")


class EventKind(models.TextChoices):
    RAISED = "raised", _("raised")
    ATTEMPT = "attempt", _("horizontal attempt")
    ESCALATED = "escalated", _("escalated")
    RESPONSE = "response", _("response")
    RESOLVED = "resolved", _("resolved")
    WITHDRAWN = "withdrawn", _("withdrawn")
