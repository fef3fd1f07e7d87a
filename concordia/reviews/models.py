"""External review (building block 18): a review the key alliance manager opens with a question
and dates, the invitations of its outside reviewers (a personal link each; accepting gives an
external reviewer's role for no partner until the review's end date, docs/decisions/0015), the
findings and recommendations the reviewers record per pillar, and the board's answer to each
recommendation (an accepted one becomes an improvement action)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import Pillar

from .choices import Answer, FindingKind, ReviewState

TITLE_MAX = 200
SCOPE_MAX = 4000
TEXT_MAX = 4000
REASON_MAX = 2000
PILLAR_CHOICES = [(p.value, p.value) for p in Pillar]


class Review(models.Model):
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="reviews")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    scope = models.TextField(_("question or scope"), max_length=SCOPE_MAX)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    state = models.CharField(_("state"), max_length=10, choices=ReviewState.choices,
                             default=ReviewState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="review_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class ReviewInvitation(models.Model):
    """A reviewer's personal link (only its SHA-256 hash is stored; re-sending replaces it, so
    the earlier link stops working). The link answers once."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    times_sent = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None


class Finding(models.Model):
    """A finding or a recommendation of a reviewer about one pillar; a recommendation gets the
    board's answer (with its reason) and, when accepted, the improvement action made of it."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="findings")
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    pillar = models.CharField(_("pillar"), max_length=20, choices=PILLAR_CHOICES)
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices,
                              default=Answer.PENDING)
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    action = models.OneToOneField("actions.ActionItem", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="recommendation")

    class Meta:
        ordering = ["pillar", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="recommendation") | Q(answer="pending"),
                                   name="finding_answered_only_as_recommendation"),
            models.CheckConstraint(condition=Q(action__isnull=True) | Q(answer="accepted"),
                                   name="finding_action_only_when_accepted"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
