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
    """What carries a proposal in the body (counted by concordia.decisions.rules)."""

    CONSENSUS = "consensus", _("consensus (no partner objects)")
    CONSENT = "consent", _("consent (no reasoned objection)")
    UNANIMITY = "unanimity", _("unanimity of partners")
    MAJORITY = "majority", _("simple majority of partners")
    QUALIFIED_MAJORITY = "qualified_majority", _("two-thirds majority of partners")


class VotingUnit(models.TextChoices):
    """Who votes: one vote per partner (cast by any member the partner authorised for the
    body), one per seat, or one per person."""

    PARTNER = "partner", _("one vote per partner")
    SEAT = "seat", _("one vote per seat")
    PERSON = "person", _("one vote per person")


class MajorityBasis(models.TextChoices):
    VOTES = "votes", _("of the votes")
    WEIGHT = "weight", _("of the weight")


class QuorumBasis(models.TextChoices):
    PRESENT = "present", _("partners present")
    VOTING = "voting", _("partners voting")
