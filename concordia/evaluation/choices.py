from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class RoleGroup(models.TextChoices):
    """The coarse group a response is counted in: a role alone could single a person out
    (there is one key alliance manager), a group of roles rarely does."""

    DIRECTION = "direction", _("board and key alliance manager")
    MANAGEMENT = "management", _("line managers and coordinators")
    STAFF = "staff", _("professionals and agency staff")
    OTHER = "other", _("observers and reviewers")
