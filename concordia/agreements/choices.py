from django.db import models
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Visibility


class AgreementKind(models.TextChoices):
    COVENANT = "covenant", _("covenant")
    SERVICE_LEVEL = "service_level", _("service-level agreement")
    RESPONSIBILITY_MATRIX = "responsibility_matrix", _("responsibility matrix")
    OTHER = "other", _("other agreement")


class AgreementStatus(models.TextChoices):
    """Where an agreement stands today (rules.agreement_status)."""

    IN_FORCE = "in_force", _("in force")
    AWAITING = "awaiting", _("awaiting signatures")
    EXPIRED = "expired", _("expired")


class VersionState(models.TextChoices):
    """Where one version stands (rules.version_state)."""

    IN_FORCE = "in_force", _("in force")
    AWAITING = "awaiting", _("awaiting signatures")
    SUPERSEDED = "superseded", _("superseded")
    # A proposal that never came into force: a newer proposal took its place first.
    REPLACED = "replaced", _("replaced before it came into force")


class Raci(models.TextChoices):
    """A partner's part in one row of a responsibility matrix. The accountable partner may also
    do the work itself (A and R in one cell)."""

    RESPONSIBLE = "R", _("responsible")
    ACCOUNTABLE = "A", _("accountable")
    ACCOUNTABLE_RESPONSIBLE = "AR", _("accountable and responsible")
    CONSULTED = "C", _("consulted")
    INFORMED = "I", _("informed")


# Who reads an agreement: like a document, for everyone in the alliance, for the partners
# concerned (the parties), or for named people. Not public: the alliance's public page shows
# documents only.
AGREEMENT_VISIBILITIES = (Visibility.ALLIANCE, Visibility.PARTNER, Visibility.CONFIDENTIAL)
