"""The alliance's design: profile, interests, resistance, objective and values with
endorsements, glossary and development-stage assessments. The building blocks live in
``concordia.blocks``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Dimension

from .choices import (
    RESISTANCE_LABELS,
    Degree,
    Origin,
    RemarkKind,
    StageChoice,
    StatementKind,
)

RESISTANCE_CHOICES = [(r.value, label) for r, label in RESISTANCE_LABELS.items()]
DIMENSION_CHOICES = [(d.value, d.value) for d in Dimension]


class AllianceProfile(models.Model):
    """Why the alliance exists and how complex it is; drives the contingency advice."""

    alliance = models.OneToOneField("alliances.Alliance", on_delete=models.PROTECT,
                                    related_name="profile")
    rationales = models.JSONField(_("rationales"), default=list, blank=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices,
                              default=Origin.PROBLEM)
    joint_activities = models.PositiveSmallIntegerField(_("number of joint activities"), default=1)
    centralisation = models.CharField(_("degree of centralisation needed"), max_length=6,
                                      choices=Degree.choices, default=Degree.MEDIUM)
    joint_work_weight = models.CharField(_("weight and complexity of the joint work"),
                                         max_length=6, choices=Degree.choices,
                                         default=Degree.MEDIUM)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.alliance}"


class PartnerInterest(models.Model):
    """A partner's own interest next to the shared interest, and the resistance expected."""

    partner = models.OneToOneField("alliances.Partner", on_delete=models.PROTECT,
                                   related_name="interest")
    own_interest = models.TextField(_("own interest"), blank=True, max_length=2000)
    shared_interest = models.TextField(_("contribution to the shared interest"), blank=True,
                                       max_length=2000)
    # Set when the key alliance manager drafted these words for a partner that had written
    # nothing yet; cleared as soon as one of the partner's own people edits them.
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"interest of {self.partner}"


class ExpectedResistance(models.Model):
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="expected_resistance")
    source = models.CharField(_("source"), max_length=30, choices=RESISTANCE_CHOICES)
    note = models.TextField(_("what we expect"), blank=True, max_length=2000)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=2000)
    # Set when the key alliance manager drafted these words for a partner that had written
    # nothing yet; cleared as soon as one of the partner's own people edits them.
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "source"],
                                               name="resistance_once_per_partner_source")]

    def __str__(self) -> str:
        return f"{self.partner}: {self.source}"


class StatementVersion(models.Model):
    """One version of the alliance objective (vision, mission, objective), of its values
    statement, or of the agreed definition of a glossary term. Every partner endorses a
    version; a new version starts with none.

    A version is *in force* from the moment the last required partner endorsed it
    (``in_force_since``) until a later version enters into force; the version in force is the
    newest one that ever did. A later version that has not (yet) entered into force and was not
    withdrawn is the *proposal*; there is at most one
    (docs/decisions/0011-in-force-and-proposals.md)."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="statement_versions")
    kind = models.CharField(max_length=10, choices=StatementKind.choices)
    term = models.ForeignKey("GlossaryTerm", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="definition_versions")
    number = models.PositiveIntegerField()
    vision = models.TextField(_("vision"), blank=True, max_length=4000)
    mission = models.TextField(_("mission"), blank=True, max_length=4000)
    text = models.TextField(_("text"), max_length=8000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    in_force_since = models.DateTimeField(null=True, blank=True)
    # A proposal the key alliance manager withdrew, or one a newer proposal replaced.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["alliance", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "number"],
                                    condition=Q(term__isnull=True),
                                    name="statement_version_number"),
            models.UniqueConstraint(fields=["term", "number"], condition=Q(term__isnull=False),
                                    name="definition_version_number"),
            models.CheckConstraint(
                condition=Q(kind=StatementKind.DEFINITION, term__isnull=False)
                | (~Q(kind=StatementKind.DEFINITION) & Q(term__isnull=True)),
                name="definition_version_has_term"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.number}"


class Endorsement(models.Model):
    """A partner's endorsement of one statement version, given by its authorised
    representative (a board member of that partner). Withdrawal keeps the row."""

    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT,
                                related_name="endorsements")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="endorsements")
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    endorsed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["version", "partner"], condition=Q(withdrawn_at__isnull=True),
            name="one_live_endorsement_per_partner")]

    def __str__(self) -> str:
        return f"{self.partner} endorses {self.version}"


class VersionRemark(models.Model):
    """What a partner says about a proposal besides endorsing: an objection (with its reason;
    it does not endorse) or a comment. Given by the partner's authorised representative."""

    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT,
                                related_name="remarks")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    kind = models.CharField(max_length=10, choices=RemarkKind.choices)
    text = models.TextField(_("text"), max_length=2000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.partner} on {self.version}"


class GlossaryTerm(models.Model):
    """A term of the alliance: each partner's own definition and the agreed one.
    ``agreed_definition`` is the text of the definition version in force (kept here so that
    lists read it without the history)."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="glossary_terms")
    term = models.CharField(_("term"), max_length=120)
    agreed_definition = models.TextField(_("agreed definition"), blank=True, max_length=4000)
    agreed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint("alliance", Lower("term"),
                                               name="term_once_per_alliance")]

    def __str__(self) -> str:
        return self.term


class PartnerDefinition(models.Model):
    term = models.ForeignKey(GlossaryTerm, on_delete=models.PROTECT, related_name="definitions")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    definition = models.TextField(_("definition"), max_length=4000)
    # Set when the key alliance manager drafted these words for a partner that had written
    # nothing yet; cleared as soon as one of the partner's own people edits them.
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "partner"],
                                               name="definition_once_per_partner")]

    def __str__(self) -> str:
        return f"{self.term} ({self.partner})"


class StageAssessment(models.Model):
    """A dated placement of the alliance at a development stage, per dimension and overall."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="stage_assessments")
    # The partner the person rated for (their own); empty for an assessment recorded before the
    # stage was rated per partner, which stood for the whole alliance.
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    answers = models.JSONField(default=dict)
    dimension_stages = models.JSONField(default=dict)
    overall = models.CharField(_("overall stage"), max_length=14, choices=StageChoice.choices)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alliance", "assessed_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.alliance}: {self.overall} on {self.assessed_on}"


class StageRaters(models.Model):
    """Which of the partners' people rate the development stage, by role or by level (the
    level at which a person holds their role), as the key alliance manager chose: a person
    rates when a role or a level of theirs is chosen (access.rules.may_rate_stage). Without a
    row: every role that is not read-only."""

    alliance = models.OneToOneField("alliances.Alliance", on_delete=models.PROTECT,
                                    related_name="stage_raters")
    roles = models.JSONField(default=list)
    levels = models.JSONField(default=list)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"stage raters of {self.alliance}"
