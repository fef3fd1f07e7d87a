from django.db import models
from django.utils.translation import gettext_lazy as _


class Procedure(models.TextChoices):
    MEETING = "meeting", _("in a meeting")
    WRITTEN = "written", _("written procedure")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("open for votes")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Outcome(models.TextChoices):
    CARRIED = "carried", _("carried")
    REJECTED = "rejected", _("rejected")
    NO_QUORUM = "no_quorum", _("no quorum")


class Choice(models.TextChoices):
    """A vote. An objection exists only under consent and consensus, and always has a reason."""

    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")
    OBJECTION = "objection", _("objection")
