from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    """Where a version of an annual plan stands (derived by rules.version_statuses)."""

    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed for adoption")
    IN_FORCE = "in_force", _("in force")
    SUPERSEDED = "superseded", _("superseded")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class AdoptionRoute(models.TextChoices):
    """How a version is adopted: by a decision of the alliance's board, or (where the alliance
    has no board yet) by an endorsement of every partner."""

    BOARD = "board", _("a decision of the board")
    ENDORSEMENT = "endorsement", _("an endorsement of every partner")
