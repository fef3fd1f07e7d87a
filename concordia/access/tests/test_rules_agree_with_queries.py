"""The pure rules and the queries that do their work in production agree.

`membership_is_live` is what `live_membership_q` filters; `may_see_record` is what
`documents_visible_to` returns. Both sides run over the same generated rows: a difference is a
hole in the access policy (or a rule nobody enforces)."""

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordia.access import policy, rules
from concordia.accounts.models import Person
from concordia.alliances.choices import Level, PartnerStatus, PartnerType, Role, Visibility
from concordia.alliances.models import Alliance, Document, Membership, Partner
from concordia.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db
EXAMPLES = settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
_serial = itertools.count()


def _organisation() -> Organisation:
    return Organisation.objects.create(name=f"Organisation {next(_serial)}",
                                       kind=OrganisationKind.PUBLIC_BODY)


def _person(organisation: Organisation, *, active: bool = True) -> Person:
    return Person.objects.create(email=f"p{next(_serial)}@example.org", full_name="Someone",
                                 organisation=organisation, is_active=active)


def _partner(alliance: Alliance, status: str = PartnerStatus.ACTIVE) -> Partner:
    return Partner.objects.create(alliance=alliance, organisation=_organisation(),
                                  partner_type=PartnerType.CORE, status=status)


def _alliance() -> Alliance:
    return Alliance.objects.create(name="Alliance", purpose="Shared goal",
                                   started_on=dt.date(2020, 1, 1))


memberships = st.lists(
    st.fixed_dictionaries({
        "revoked": st.booleans(),
        "ends_in_days": st.none() | st.integers(min_value=-3, max_value=3),
        # None: an outside reviewer's role, held for no partner
        "partner_status": st.none() | st.sampled_from(list(PartnerStatus.values)),
        "person_active": st.booleans(),
    }),
    min_size=1, max_size=5,
)


@EXAMPLES
@given(specs=memberships)
def test_membership_is_live_is_what_live_membership_q_selects(specs):
    today = timezone.localdate()
    with transaction.atomic():
        # given memberships in every combination of what can end one
        alliance = _alliance()
        judged = {}
        for spec in specs:
            outside = spec["partner_status"] is None
            partner = None if outside else _partner(alliance, spec["partner_status"])
            person = _person(_organisation() if outside else partner.organisation,
                             active=spec["person_active"])
            ends_on = (None if spec["ends_in_days"] is None
                       else today + dt.timedelta(days=spec["ends_in_days"]))
            if outside and ends_on is None:  # an external reviewer's role always ends
                ends_on = today
            membership = Membership.objects.create(
                alliance=alliance, partner=partner, person=person,
                role=Role.EXTERNAL_REVIEWER if outside else Role.PROFESSIONAL,
                level=Level.OPERATIONAL, ends_on=ends_on,
                revoked_at=timezone.now() if spec["revoked"] else None)
            judged[membership.pk] = rules.membership_is_live(
                revoked=spec["revoked"], ends_on=ends_on, partner_status=spec["partner_status"],
                person_active=spec["person_active"], today=today)

        # when the database is asked for the live ones
        selected = set(Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
                       .values_list("pk", flat=True))

        # then it selects exactly those the rule calls live
        assert selected == {pk for pk, live in judged.items() if live}
        transaction.set_rollback(True)


documents = st.lists(
    st.fixed_dictionaries({
        "visibility": st.sampled_from(list(Visibility.values)),
        "own_partner": st.booleans(),  # owned by the viewer's partner, or by the other one
        "viewer_named": st.booleans(),  # the viewer is in the audience
    }),
    min_size=1, max_size=6,
)


@EXAMPLES
@given(docs=documents, viewer_is_member=st.booleans(), viewer_outside=st.booleans())
def test_may_see_record_is_what_documents_visible_to_returns(docs, viewer_is_member,
                                                              viewer_outside):
    with transaction.atomic():
        # given two partners, a viewer of the first (with a live role, or a revoked one) — or
        # an outside reviewer, of no partner — and documents of every visibility owned by
        # either partner
        alliance = _alliance()
        mine, other = _partner(alliance), _partner(alliance)
        viewer = _person(_organisation() if viewer_outside else mine.organisation)
        Membership.objects.create(
            alliance=alliance, partner=None if viewer_outside else mine, person=viewer,
            role=Role.EXTERNAL_REVIEWER if viewer_outside else Role.PROFESSIONAL,
            level=Level.OPERATIONAL,
            ends_on=timezone.localdate() + dt.timedelta(days=5) if viewer_outside else None,
            revoked_at=None if viewer_is_member else timezone.now())
        author = _person(other.organisation)
        judged = {}
        for spec in docs:
            owner = mine if spec["own_partner"] else other
            document = Document.objects.create(alliance=alliance, title="A record",
                                               visibility=spec["visibility"],
                                               owner_partner=owner, created_by=author)
            if spec["viewer_named"]:
                document.audience.add(viewer)
            judged[document.pk] = rules.may_see_record(
                visibility=spec["visibility"], is_alliance_member=viewer_is_member,
                same_partner=spec["own_partner"] and not viewer_outside,
                in_audience=spec["viewer_named"])

        # when the viewer's documents are read
        seen = set(policy.documents_visible_to(viewer, alliance).values_list("pk", flat=True))

        # then they are exactly those the rule lets the viewer see
        assert seen == {pk for pk, visible in judged.items() if visible}
        transaction.set_rollback(True)
