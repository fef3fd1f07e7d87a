"""Reads of external reviews, each through the access policy: another alliance's review, or an
alliance out of reach, is 404."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from concordia.access import policy
from concordia.alliances.models import Alliance

from .choices import FindingKind
from .models import Finding, Review, ReviewInvitation


def _readable(user: Any, alliance: Alliance) -> None:
    policy.alliance_or_404(user, alliance.pk)
    policy.require(user, "alliance.read_reviews", alliance)


def review_list(*, user: Any, alliance: Alliance) -> QuerySet[Review]:
    """The alliance's reviews, newest first, with their counts of findings and
    recommendations."""
    _readable(user, alliance)
    return Review.objects.filter(alliance=alliance).annotate(
        finding_count=Count("findings", filter=Q(findings__kind=FindingKind.FINDING)),
        recommendation_count=Count("findings",
                                   filter=Q(findings__kind=FindingKind.RECOMMENDATION)))


def review_get(*, user: Any, alliance: Alliance, pk: int) -> Review:
    _readable(user, alliance)
    return get_object_or_404(Review.objects.select_related("alliance"), alliance=alliance,
                             pk=pk)


def finding_list(*, user: Any, review: Review) -> QuerySet[Finding]:
    """The review's findings and recommendations (with their author, who answered and the
    action made), by pillar."""
    _readable(user, review.alliance)
    return (Finding.objects.filter(review=review)
            .select_related("author", "answered_by", "action"))


def finding_get(*, user: Any, review: Review, pk: int) -> Finding:
    return get_object_or_404(finding_list(user=user, review=review), pk=pk)


def invitation_list(*, user: Any, review: Review) -> QuerySet[ReviewInvitation]:
    """The review's invitations, for those who run reviews (nobody else: empty)."""
    _readable(user, review.alliance)
    if not policy.can(user, "alliance.run_review", review.alliance):
        return ReviewInvitation.objects.none()
    return ReviewInvitation.objects.filter(review=review).select_related("accepted_by")


def invitation_get(*, user: Any, review: Review, pk: int) -> ReviewInvitation:
    return get_object_or_404(invitation_list(user=user, review=review), pk=pk)
