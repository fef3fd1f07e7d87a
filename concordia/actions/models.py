"""Action items: what someone (a person, or a partner as a whole) will do by when. Most come
out of an agenda item; improvement actions come out of an evaluation or a review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Block, Pillar

from .choices import ActionStatus

BLOCK_CHOICES = [(b.value, b.value) for b in Block]
PILLAR_CHOICES = [(p.value, p.value) for p in Pillar]


class ActionItem(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="actions")
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="actions", verbose_name=_("body"))
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="actions",
                                    verbose_name=_("agenda item"))
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="actions",
                                     verbose_name=_("owner (person)"))
    owner_partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="actions",
                                      verbose_name=_("owner (partner)"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    block = models.CharField(_("building block"), max_length=40, choices=BLOCK_CHOICES,
                             blank=True)
    pillar = models.CharField(_("pillar"), max_length=20, choices=PILLAR_CHOICES, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["alliance", "status", "due_on"],
                                name="action_open_by_due")]
        constraints = [
            models.CheckConstraint(condition=Q(owner_person__isnull=True)
                                   | Q(owner_partner__isnull=True),
                                   name="action_owner_person_or_partner"),
        ]

    def __str__(self) -> str:
        return self.title
