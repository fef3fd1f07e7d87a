"""Visibility of alliance records: who among an alliance's people may read a record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    ALLIANCE = "alliance", _("alliance (all partners)")
    PARTNER = "partner", _("partner-internal")
    CONFIDENTIAL = "confidential", _("confidential (named people)")
    PUBLIC = "public", _("public")
