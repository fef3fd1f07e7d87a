"""The demo alliance's external review: an outside reviewer of a review bureau (no partner),
through the invitation flow, four findings and two recommendations, one accepted by a board
member into an improvement action; loading twice changes nothing."""

import pytest

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.demo.reviews import demo_reviews
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.reviews.choices import Answer, ReviewState
from concordia.reviews.models import Finding, Review

pytestmark = pytest.mark.django_db


def test_demo_reviews() -> None:
    alliance, logins = demo_load()
    demo_reviews(alliance)
    counts = (JournalEntry.objects.filter(alliance=alliance).count(), Finding.objects.count())
    demo_reviews(alliance)
    assert (JournalEntry.objects.filter(alliance=alliance).count(),
            Finding.objects.count()) == counts
    assert journal_verify(alliance_id=alliance.pk).intact

    reviewer = Person.objects.get(email__startswith="reviewer@")
    assert reviewer.organisation is not None
    assert reviewer.organisation.name == "Gateway Review Bureau"
    assert ("reviewer@demo.concordia.test", "Gateway Review Bureau", "external reviewer") in logins
    membership = reviewer.memberships.get(alliance=alliance)
    review = Review.objects.get(alliance=alliance)
    assert (membership.role, membership.partner, membership.ends_on) == (
        Role.EXTERNAL_REVIEWER, None, review.ends_on)
    assert policy.own_partner(reviewer, alliance.pk) is None
    assert review.state == ReviewState.OPEN
    answers = sorted(Finding.objects.filter(kind="recommendation").values_list("answer",
                                                                              flat=True))
    assert answers == [Answer.ACCEPTED, Answer.PENDING]
    action = ActionItem.objects.get(recommendation__isnull=False)
    assert (action.pillar, action.owner_person.email) == ("dialogue",
                                                          "lisa@demo.concordia.test")
    assert JournalEntry.objects.filter(alliance=alliance, kind="ReviewerJoined").count() == 1
