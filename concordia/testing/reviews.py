"""External reviews in alliance A of the shared world, for tests (through the services, so the
journal is real).

- ``review``: open from five days ago for 30 days, by the founder (the key alliance manager),
  with a finding (``finding``) and a recommendation (``recommendation``) on trust by the
  reviewer (an external reviewer of partner B), and an open invitation (``invitation``,
  raw token ``invitation_token``) to invitee@example.org.
- ``submitted``: submitted, with a pending recommendation on dialogue (``pending``).
- ``foreign_review``: alliance Z's, by the outsider.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.accounts.models import Person
from concordia.reviews import services
from concordia.reviews.models import Finding, Review, ReviewInvitation

from .factories import World


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@dataclass
class ReviewsWorld:
    review: Review
    finding: Finding
    recommendation: Finding
    invitation: ReviewInvitation
    invitation_token: str
    submitted: Review
    pending: Finding
    foreign_review: Review


def open_review(actor: Person, alliance: Any, title: str = "Peer review 2026") -> Review:
    today = timezone.localdate()
    return services.review_open(actor=fresh(actor), alliance=alliance, title=title,
                                scope="Does the alliance deliver on its objective?",
                                starts_on=today - dt.timedelta(days=5),
                                ends_on=today + dt.timedelta(days=30))


def build_reviews(world: World) -> ReviewsWorld:
    review = open_review(world.founder, world.alliance)
    finding = services.finding_record(actor=fresh(world.reviewer), review=review,
                                      kind="finding", pillar="trust",
                                      text="Partners trust each other's figures.")
    recommendation = services.finding_record(
        actor=fresh(world.reviewer), review=review, kind="recommendation", pillar="trust",
        text="Share the monthly figures with every partner.")
    invitation, token = services.reviewer_invite(actor=fresh(world.founder), review=review,
                                                 email="invitee@example.org")
    submitted = open_review(world.founder, world.alliance, "Peer review 2025")
    pending = services.finding_record(actor=fresh(world.reviewer), review=submitted,
                                      kind="recommendation", pillar="dialogue",
                                      text="Hold a yearly conference of all partners.")
    submitted = services.review_submit(actor=fresh(world.founder), review=submitted)
    foreign = open_review(world.outsider, world.other_alliance, "Z's review")
    return ReviewsWorld(review, finding, recommendation, invitation, token, submitted,
                        pending, foreign)


def reviews_of(ctx: Any) -> ReviewsWorld:
    """The reviews world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: ReviewsWorld | None = ctx.__dict__.get("_reviews_world")
    if cached is None:
        cached = build_reviews(ctx.world)
        ctx.__dict__["_reviews_world"] = cached
    return cached
