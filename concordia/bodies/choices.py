from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """The bodies the model names at each level, and any other the alliance sets up."""

    BOARD = "board", _("alliance board")
    TACTICAL_TABLE = "tactical_table", _("tactical table")
    WORKING_GROUP = "working_group", _("working group")
    AGENCY = "agency", _("alliance agency")
    OTHER = "other", _("other body")


class ChairRule(models.TextChoices):
    FIXED = "fixed", _("a fixed chair")
    ROTATING = "rotating", _("rotating between partners")


class DecisionRule(models.TextChoices):
    """How the body decides: one vote per partner in each case (the decisions capability
    counts the votes)."""

    CONSENSUS = "consensus", _("consensus (no partner objects)")
    CONSENT = "consent", _("consent (no reasoned objection)")
    UNANIMITY = "unanimity", _("unanimity of partners")
    MAJORITY = "majority", _("simple majority of partners")
    QUALIFIED_MAJORITY = "qualified_majority", _("two-thirds majority of partners")
