from django.db import models
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Rationale, Resistance


class Origin(models.TextChoices):
    IMPOSED = "imposed", _("imposed (e.g. politically)")
    OPPORTUNITY = "opportunity", _("grew from an opportunity")
    PROBLEM = "problem", _("grew from a shared problem")


class Degree(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class StatementKind(models.TextChoices):
    OBJECTIVE = "objective", _("objective")
    VALUES = "values", _("values statement")
    # The agreed definition of one glossary term (StatementVersion.term says which).
    DEFINITION = "definition", _("agreed definition")


class RemarkKind(models.TextChoices):
    """What a partner says about a proposal besides endorsing it."""
    OBJECTION = "objection", _("objection")
    COMMENT = "comment", _("comment")


class StageChoice(models.TextChoices):
    OPPORTUNISTIC = "opportunistic", _("opportunistic")
    PROCEDURAL = "procedural", _("procedural")
    CULTURAL = "cultural", _("cultural")


RATIONALE_LABELS = {
    Rationale.SERVICE_DELIVERY: _("customer service delivery (one-stop shop)"),
    Rationale.BURDEN_REDUCTION: _("less administrative burden (ask once, use many times)"),
    Rationale.ERROR_REDUCTION: _("fewer errors (one source, one definition)"),
    Rationale.EFFICIENCY: _("efficiency"),
    Rationale.INNOVATION: _("innovation"),
}
RESISTANCE_LABELS = {
    Resistance.AUTONOMY_LOSS: _("fear of losing power and autonomy"),
    Resistance.IMPOSED: _("collaboration imposed rather than chosen"),
    Resistance.UNREACHABLE_OBJECTIVE: _("the objective looks unreachable"),
    Resistance.UNEVEN_COSTS_BENEFITS: _("costs and benefits fall unevenly"),
}
