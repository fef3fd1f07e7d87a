"""Proposals put to a body, the votes cast on them and the decision each ends in.

A proposal and its decision are one row (Decision): open while votes come in, closed with the
outcome, the tally and the rule it was counted under. Votes are kept as cast; for each voting
unit (a partner, a seat or a person, by the body's rule) one is current, and a database
constraint keeps it one however many members vote at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Block

from .choices import Choice, DecisionStatus, Outcome, Procedure

BLOCK_CHOICES = [(b.value, b.value) for b in Block]


class Delegate(models.Model):
    """A person a partner authorised to cast its vote in a body, beside its seat holders and
    substitutes (one vote per partner only)."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="delegates")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="delegates", verbose_name=_("partner"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="delegations", verbose_name=_("delegate"))
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body", "partner", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "partner", "person"],
                                    condition=Q(removed_at__isnull=True),
                                    name="one_live_delegation_per_person"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Decision(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="decisions")
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="decisions",
                             verbose_name=_("body"))
    # Per alliance, in the order proposals were made: the register's reference.
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    proposal = models.TextField(_("proposal"), max_length=8000)
    procedure = models.CharField(_("procedure"), max_length=8, choices=Procedure.choices)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="decisions",
                                verbose_name=_("meeting"))
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="decisions",
                                    verbose_name=_("agenda item"))
    # Votes cast after the deadline are refused; a written procedure always has one.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    secret = models.BooleanField(_("secret ballot"), default=False)
    # A closed decision is reopened only by a new proposal that refers to it.
    refers_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="followed_by", verbose_name=_("refers to"))
    block = models.CharField(_("building block"), max_length=40, choices=BLOCK_CHOICES,
                             blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.OPEN)
    # The body's decision rule as it stood when the proposal was put (rules.Rule as a dict),
    # and the body's version it came from: the rule the votes are counted under.
    rule = models.JSONField()
    rule_version = models.PositiveIntegerField()
    # A proposal to change the body's own decision rule: the whole rule it would give the body
    # (bodies.services.DECISION_RULE_FIELDS), adopted when the decision carries; else null.
    rule_change = models.JSONField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               blank=True)
    # rules.Tally as a dict, stored at closing.
    tally = models.JSONField(null=True, blank=True)
    follow_up_actions = models.ManyToManyField("actions.ActionItem", blank=True,
                                               related_name="decisions",
                                               verbose_name=_("follow-up actions"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        indexes = [models.Index(fields=["alliance", "status", "-number"],
                                name="decision_register")]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"],
                                    name="decision_number_per_alliance"),
            models.CheckConstraint(condition=~Q(procedure="written") | Q(deadline__isnull=False),
                                   name="written_procedure_has_deadline"),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""),
                                   name="closed_decision_has_outcome"),
        ]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """One vote as cast. ``unit`` is who the vote is for under the rule: "partner:<id>",
    "seat:<id>" or "person:<id>". The latest cast for a unit before the deadline is current;
    a split vote (a partner weighing more than 1) spreads its weight in ``shares``."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="votes")
    unit = models.CharField(max_length=24)
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+", null=True, blank=True)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="votes_cast")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices, blank=True)
    # {choice: weight}, summing to the unit's weight; {} unless the vote is split.
    shares = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=4000)
    cast_at = models.DateTimeField()
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["decision", "cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "unit"], condition=Q(current=True),
                                    name="one_current_vote_per_unit"),
            models.CheckConstraint(condition=~Q(choice="") | ~Q(shares={}),
                                   name="vote_has_choice_or_shares"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.choice or self.shares}"
