"""The agreements register: agreements between partners (the covenant, service-level
agreements, the responsibility matrix), their versions, the signature of each party on a
version, and the rows of a responsibility matrix.

A version is never edited: a change is a new version, which comes into force once every one of
its parties has signed it; until then the version in force stays in force.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Visibility

from .choices import AgreementKind, Raci


class Agreement(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="agreements")
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices,
                                  default=Visibility.ALLIANCE)
    audience = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                      verbose_name=_("named people"))
    # Every partner that is (or was) a party to one of its versions: the "partners concerned"
    # who read an agreement of partner visibility. Only ever grows, so a partner keeps reading
    # what it once signed. Who must sign a version is the version's own list.
    parties = models.ManyToManyField("alliances.Partner", related_name="agreements",
                                     verbose_name=_("parties"))
    documents = models.ManyToManyField("alliances.Document", blank=True,
                                       related_name="agreements", verbose_name=_("documents"))
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="agreements", verbose_name=_("body"))
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="agreements",
                                 verbose_name=_("decision"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change and every new version: a stale edit is refused (409).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["alliance", "kind", "title", "pk"]
        indexes = [models.Index(fields=["alliance", "kind"], name="agreement_by_kind"),
                   models.Index(fields=["alliance", "review_on"], name="agreement_by_review")]

    def __str__(self) -> str:
        return self.title


class AgreementVersion(models.Model):
    """The text and terms of an agreement as its parties sign them. Never edited."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("text and terms"), max_length=20000)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    parties = models.ManyToManyField("alliances.Partner", related_name="+",
                                     verbose_name=_("parties"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    # Set when the last of its parties signed: from then on it is the version in force, until
    # a later version comes into force.
    in_force_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"],
                                               name="agreement_version_number")]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class Signature(models.Model):
    """A party's signature on a version, given by someone its partner authorises. Withdrawing it
    (before the version is in force) keeps the row."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT,
                                related_name="signatures")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["version", "signed_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["version", "partner"], condition=Q(withdrawn_at__isnull=True),
            name="one_live_signature_per_party")]

    def __str__(self) -> str:
        return f"{self.partner} signs {self.version}"


class MatrixRow(models.Model):
    """One task or chain link of a responsibility matrix, in one version."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT,
                                related_name="matrix_rows")
    position = models.PositiveSmallIntegerField()
    task = models.CharField(_("task or chain link"), max_length=200)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"],
                                               name="matrix_row_position")]

    def __str__(self) -> str:
        return self.task


class MatrixCell(models.Model):
    """A partner's part (R, A, A and R, C or I) in one row; no cell: no part."""

    row = models.ForeignKey(MatrixRow, on_delete=models.PROTECT, related_name="cells")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=2, choices=Raci.choices)

    class Meta:
        ordering = ["row", "partner"]
        constraints = [models.UniqueConstraint(fields=["row", "partner"],
                                               name="matrix_cell_once_per_partner")]

    def __str__(self) -> str:
        return f"{self.row}: {self.partner} {self.code}"
