"""The building blocks as the alliance uses them, and its own reading of the contribution
matrix. The tables were created by the design app and keep their names (``db_table``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BLOCK_CHOICES, PILLAR_CHOICES, BlockStatus, StrengthChoice


class BlockSetting(models.Model):
    """How the alliance uses one of the eighteen building blocks."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="block_settings")
    block = models.CharField(max_length=40, choices=BLOCK_CHOICES)
    status = models.CharField(_("status"), max_length=12, choices=BlockStatus.choices,
                              default=BlockStatus.UNDECIDED)
    owner_partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("owner partner"))
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("owner person"))
    description = models.TextField(_("how it is done here"), blank=True, max_length=4000)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "design_blocksetting"
        ordering = ["alliance", "block"]
        constraints = [models.UniqueConstraint(fields=["alliance", "block"],
                                               name="block_once_per_alliance")]

    def __str__(self) -> str:
        return f"{self.alliance}: {self.block} ({self.status})"


class ContributionAdjustment(models.Model):
    """The alliance's own reading of how strongly a block carries a pillar (overrides the
    default matrix); each change is journaled."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="contribution_adjustments")
    block = models.CharField(max_length=40, choices=BLOCK_CHOICES)
    pillar = models.CharField(max_length=20, choices=PILLAR_CHOICES)
    strength = models.CharField(max_length=10, choices=StrengthChoice.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "design_contributionadjustment"
        constraints = [models.UniqueConstraint(fields=["alliance", "block", "pillar"],
                                               name="adjustment_once_per_cell")]

    def __str__(self) -> str:
        return f"{self.block}→{self.pillar}: {self.strength}"
