from django.db import models
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Block, Pillar

BLOCK_CHOICES = [(b.value, b.value) for b in Block]
PILLAR_CHOICES = [(p.value, p.value) for p in Pillar]


class BlockStatus(models.TextChoices):
    IN_PLACE = "in_place", _("in place")
    BEING_BUILT = "being_built", _("being built")
    PLANNED = "planned", _("planned")
    NOT_USED = "not_used", _("deliberately not used")
    UNDECIDED = "undecided", _("not yet decided")


class StrengthChoice(models.TextChoices):
    DOMINANT = "dominant", _("dominant")
    SECONDARY = "secondary", _("secondary")
    NONE = "none", _("none")
