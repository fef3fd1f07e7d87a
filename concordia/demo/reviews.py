"""The demo alliance's external review (building block 18): a peer review of the chain by Rob
Brouwer of the Gateway Review Bureau, a reviewer from outside the partners.

- The key alliance manager opened the review a month ago (it runs two more months) and invited
  the reviewer; he accepted through his personal link, so his role is an external reviewer's for
  no partner, until the review's end date (docs/decisions/0015).
- He recorded four findings and two recommendations on the pillars.
- The Tax Authority's board member accepted the recommendation on dialogue: it is an
  improvement action now, owned by the Tax Authority's coordinator. The other recommendation
  waits for the board; the review is still open.

Through the services (so the journal holds every step); texts in the language active while the
demo loads. Idempotent: an alliance with a review is left as it is.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance
from concordia.reviews import services
from concordia.reviews.choices import FindingKind
from concordia.reviews.models import Review

from .services import REVIEWER, demo_email

TITLE = _("Peer review of the wage data chain")
SCOPE = _("Does the alliance deliver what it promised employers (report once, reuse by all), "
          "and is it ready for the pension providers to join?")
# (pillar, kind, text)
FINDINGS = [
    ("trust", FindingKind.FINDING,
     _("The partners trust each other's figures since the 2008 data agreement; the "
       "Statistics Office still checks every delivery twice.")),
    ("dialogue", FindingKind.FINDING,
     _("Strategic and tactical tables meet, but software vendors hear of changes late.")),
    ("structure", FindingKind.FINDING,
     _("Every building block has an owner; two owners left and were not replaced.")),
    ("knowledge", FindingKind.FINDING,
     _("Lessons from the 2007 crisis are known to the people who were there, and written "
       "nowhere.")),
    ("dialogue", FindingKind.RECOMMENDATION,
     _("Invite the software vendors to the tactical table every quarter.")),
    ("knowledge", FindingKind.RECOMMENDATION,
     _("Record the lessons of the 2007 crisis before the people who lived it move on.")),
]


@transaction.atomic
def demo_reviews(alliance: Alliance) -> None:
    if Review.objects.filter(alliance=alliance).exists():
        return
    kim = Person.objects.get(email=demo_email("kim"))
    anna = Person.objects.get(email=demo_email("anna"))
    lisa = Person.objects.get(email=demo_email("lisa"))
    reviewer = Person.objects.get(email=demo_email(REVIEWER[0]))
    today = timezone.localdate()
    review = services.review_open(actor=kim, alliance=alliance, title=gettext(TITLE),
                                  scope=gettext(SCOPE),
                                  starts_on=today - dt.timedelta(days=30),
                                  ends_on=today + dt.timedelta(days=60))
    _invitation, token = services.reviewer_invite(actor=kim, review=review,
                                                  email=reviewer.email)
    services.review_invitation_accept(actor=reviewer, raw_token=token)
    recorded = [services.finding_record(actor=reviewer, review=review, kind=kind,
                                        pillar=pillar, text=gettext(text))
                for pillar, kind, text in FINDINGS]
    services.recommendation_accept(
        actor=anna, finding=recorded[4],
        reason=gettext("The vendors carry every change to the employers: they belong at the "
                       "table."),
        owner_person=lisa, due_on=today + dt.timedelta(days=90))
