from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted")


class FindingKind(models.TextChoices):
    FINDING = "finding", _("finding")
    RECOMMENDATION = "recommendation", _("recommendation")


class Answer(models.TextChoices):
    """The board's answer to a recommendation."""

    PENDING = "pending", _("awaiting the board")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
