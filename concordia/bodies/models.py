"""The alliance's bodies (board, tactical table, working groups, agency) and their seats: one
or more per partner, each with a holder and a substitute from that partner's people."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Level

from .choices import BodyKind, ChairRule, DecisionRule, MajorityBasis, QuorumBasis, VotingUnit


class Body(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    mandate = models.TextField(_("mandate"), blank=True, max_length=4000)
    # Board and tactical table: not by default — being there in person is a sign of commitment.
    substitutes_may_attend = models.BooleanField(_("substitutes may attend"), default=False)
    chair_rule = models.CharField(_("chair"), max_length=10, choices=ChairRule.choices,
                                  default=ChairRule.ROTATING)
    chair_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("fixed chair"))
    # The partners' ids in the order the chair rotates (rotating chair only).
    rotation = models.JSONField(_("rotation order"), default=list, blank=True)
    decision_rule = models.CharField(_("decision rule"), max_length=20,
                                     choices=DecisionRule.choices,
                                     default=DecisionRule.CONSENSUS)
    # The rest of the decision rule (concordia.decisions.rules reads it as one Rule).
    voting_unit = models.CharField(_("who votes"), max_length=8, choices=VotingUnit.choices,
                                   default=VotingUnit.PARTNER)
    majority_basis = models.CharField(_("majority"), max_length=8,
                                      choices=MajorityBasis.choices,
                                      default=MajorityBasis.VOTES)
    # A qualified majority: at least numerator/denominator of the votes (or weight) for and
    # against; two thirds unless the body says otherwise.
    qualified_numerator = models.PositiveSmallIntegerField(_("qualified majority: at least"),
                                                           default=2)
    qualified_denominator = models.PositiveSmallIntegerField(_("out of"), default=3)
    # Quorum: at least this share (per cent) of the voting units present or voting; 0 = none.
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (per cent)"), default=0)
    quorum_basis = models.CharField(_("quorum counts"), max_length=8,
                                    choices=QuorumBasis.choices, default=QuorumBasis.VOTING)
    # Weight per partner ({"<partner id>": weight}); a partner not named weighs 1. A partner
    # weighing more than 1 may split its vote.
    weights = models.JSONField(_("weights per partner"), default=dict, blank=True)
    secret_ballot = models.BooleanField(_("secret ballots by default"), default=False)
    # Drafts the minutes and orders the agenda with the chair (usually the alliance agency).
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("secretary"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alliance", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="body_name_per_alliance"),
            models.CheckConstraint(condition=Q(chair_rule="rotating") | Q(
                chair_person__isnull=False) | Q(archived_at__isnull=False),
                name="fixed_chair_has_person"),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100),
                                   name="body_quorum_is_a_share"),
            models.CheckConstraint(condition=Q(qualified_denominator__gte=1)
                                   & Q(qualified_numerator__lte=models.F("qualified_denominator"))
                                   & Q(qualified_numerator__gte=1),
                                   name="body_qualified_majority_is_a_share"),
        ]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A partner's seat in a body. A seat without a holder is a vacancy."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="seats", verbose_name=_("partner"))
    position = models.PositiveSmallIntegerField(default=1)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="held_seats",
                               verbose_name=_("holder"))
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="substitute_seats",
                                   verbose_name=_("substitute"))
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body", "partner__organisation__name", "position"]
        constraints = [
            models.UniqueConstraint(fields=["body", "partner", "position"],
                                    condition=Q(removed_at__isnull=True),
                                    name="seat_position_per_partner"),
            models.CheckConstraint(condition=Q(holder__isnull=True) | Q(substitute__isnull=True)
                                   | ~Q(holder=models.F("substitute")),
                                   name="seat_holder_is_not_substitute"),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.partner}"
