from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import FORM_CONTINUUM

from .rules import FORM_LABELS

FORM_CHOICES = [(form.value, FORM_LABELS[form]) for form in FORM_CONTINUUM]


class SavedAdvice(models.Model):
    """Form advice kept for later, with an alliance or with an organisation (never both).

    Keeping advice commits nobody to anything, so it is not journaled. ``answers`` can be
    advised again at any time; ``snapshot`` is the advice exactly as it read when saved.
    """

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.PROTECT, null=True, blank=True,
        related_name="saved_advice", verbose_name=_("alliance"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="saved_advice", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"))
    result_form = models.CharField(_("advised form"), max_length=30, choices=FORM_CHOICES)
    snapshot = models.JSONField(_("advice as saved"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("saved by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saved form advice")
        verbose_name_plural = _("saved form advice")
        constraints = [
            models.CheckConstraint(
                condition=(Q(alliance__isnull=False, organisation__isnull=True)
                           | Q(alliance__isnull=True, organisation__isnull=False)),
                name="advice_for_alliance_xor_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_result_form_display())
