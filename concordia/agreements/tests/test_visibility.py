"""The rule and the queries that do its work agree: `access.rules.may_read_agreement` (with
`may_see_record` deciding the circle) is what `policy.agreements_visible_to` returns and what
`policy.can_read_agreement` answers, over generated agreements and readers."""

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordia.access import policy, rules
from concordia.accounts.models import Person
from concordia.agreements.models import Agreement
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db
EXAMPLES = settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
_serial = itertools.count()


def _partner(alliance: Alliance) -> Partner:
    organisation = Organisation.objects.create(name=f"Organisation {next(_serial)}",
                                               kind=OrganisationKind.PUBLIC_BODY)
    return Partner.objects.create(alliance=alliance, organisation=organisation,
                                  partner_type=PartnerType.CORE, status="active")


agreements = st.lists(
    st.fixed_dictionaries({
        "visibility": st.sampled_from(["alliance", "partner", "confidential"]),
        "own_party": st.booleans(),  # the viewer's partner is a party, or only the other one
        "viewer_named": st.booleans(),
    }),
    min_size=1, max_size=6,
)


@EXAMPLES
@given(specs=agreements, role=st.sampled_from(Role.values), live=st.booleans())
def test_may_read_agreement_is_what_the_policy_returns(specs, role, live):
    with transaction.atomic():
        # given a viewer of partner "mine" in some role (live or revoked), and agreements of
        # every visibility, of which "mine" is or is not a party
        alliance = Alliance.objects.create(name="Alliance", purpose="Shared goal",
                                           started_on=dt.date(2020, 1, 1))
        mine, other = _partner(alliance), _partner(alliance)
        viewer = Person.objects.create(email=f"v{next(_serial)}@example.org", full_name="Viewer",
                                       organisation=mine.organisation)
        Membership.objects.create(alliance=alliance, partner=mine, person=viewer, role=role,
                                  level=Level.TACTICAL,
                                  ends_on=(timezone.localdate() + dt.timedelta(days=30)
                                           if role == Role.EXTERNAL_REVIEWER else None),
                                  revoked_at=None if live else timezone.now())
        author = Person.objects.create(email=f"a{next(_serial)}@example.org", full_name="Author",
                                       organisation=other.organisation)
        judged = {}
        for spec in specs:
            agreement = Agreement.objects.create(alliance=alliance, kind="other", title="A",
                                                 visibility=spec["visibility"],
                                                 created_by=author)
            agreement.parties.add(other, *([mine] if spec["own_party"] else []))
            if spec["viewer_named"]:
                agreement.audience.add(viewer)
            in_circle = rules.may_see_record(
                visibility=spec["visibility"], is_alliance_member=live,
                same_partner=spec["own_party"], in_audience=spec["viewer_named"])
            judged[agreement.pk] = rules.may_read_agreement(
                {role} if live else set(), in_circle=in_circle, own_party=spec["own_party"])

        # when the viewer's agreements are read, and each is asked about
        seen = set(policy.agreements_visible_to(viewer, alliance).values_list("pk", flat=True))
        answered = {a.pk for a in Agreement.objects.filter(alliance=alliance)
                    if policy.can_read_agreement(viewer, a)}

        # then both are exactly those the rule lets the viewer read
        expected = {pk for pk, readable in judged.items() if readable}
        assert seen == expected
        assert answered == expected
        transaction.set_rollback(True)
