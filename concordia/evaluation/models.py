"""The annual evaluation: rounds, the invitations to answer them and the anonymous responses.

A response keeps only what it is counted under (the round, the partner, the level and the role
group) and never anything that could join it to a person: no foreign key to the person or the
invitation, no timestamp, a random primary key (docs/decisions/0012). The invitation proves the
right to answer once; its token is kept as a hash only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Level
from concordia.handbook.catalogue import Dimension

from .choices import RoleGroup, RoundState

DIMENSION_CHOICES = [(d.value, d.value) for d in Dimension]


class AllianceStatement(models.Model):
    """A statement an alliance added to the standard instrument. Its key (``own.<n>``) is
    stable, so the years it was asked compare; its text is never edited (retire it and add a
    new one instead)."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="evaluation_statements")
    key = models.CharField(max_length=40)
    dimension = models.CharField(_("dimension"), max_length=12, choices=DIMENSION_CHOICES)
    text = models.CharField(_("statement"), max_length=300)
    # Pillar keys (handbook.catalogue.Pillar) the statement speaks to.
    pillars = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "key"],
                                    name="evaluation_statement_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Round(models.Model):
    """One year's evaluation of an alliance. The statements asked are fixed when it opens."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="evaluation_rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Who is invited: role and level values and partners; empty means all.
    invited_roles = models.JSONField(default=list, blank=True)
    invited_levels = models.JSONField(default=list, blank=True)
    invited_partners = models.ManyToManyField("alliances.Partner", blank=True,
                                              related_name="+")
    # The statement keys asked, in order (standard keys and the alliance's own), fixed at
    # opening so that a later change to the instrument leaves the round as it was answered.
    statement_keys = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=8, choices=RoundState.choices,
                             default=RoundState.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alliance", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year"],
                                    name="evaluation_one_round_per_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="evaluation_round_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class RoundInvitation(models.Model):
    """A person's right to answer a round once, through a personal link. It says whether it
    was used, never when, and nothing points from it to the response."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="evaluation_invitations")
    # What the response will be counted under, taken from the person's roles at opening.
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    role_group = models.CharField(_("role group"), max_length=12, choices=RoleGroup.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    answered = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"],
                                    name="evaluation_one_invitation_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.person}"


class Response(models.Model):
    """One anonymous answer to a round. Deliberately without person, invitation or time."""

    # Random, so that the order of responses says nothing about the order of answering.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    role_group = models.CharField(_("role group"), max_length=12, choices=RoleGroup.choices)
    # {statement key: 1..5}; a statement left unanswered is absent.
    scores = models.JSONField(default=dict)
    # {dimension: text}; an open question left empty is absent.
    open_answers = models.JSONField(default=dict, blank=True)

    class Meta:
        # Never by insertion: grouped, then by the random key.
        ordering = ["round", "partner", "level", "role_group", "id"]

    def __str__(self) -> str:
        return str(self.id)
