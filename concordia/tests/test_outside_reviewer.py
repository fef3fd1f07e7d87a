"""An outside reviewer: an external reviewer's role held for no partner (docs/decisions/0015).

They read what the read-only roles read until their end date, speak for no partner, see no
partner's own records, count in no partner's numbers and answer no partner's evaluation."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from concordia.access import policy
from concordia.alliances import selectors, services
from concordia.alliances.choices import Level, Role, Visibility
from concordia.alliances.models import Document, Membership
from concordia.core.errors import DomainError
from concordia.evaluation import services as evaluation_services
from concordia.evaluation.models import RoundInvitation
from concordia.journal.models import JournalEntry
from concordia.testing.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _outside(world, *, days: int = 30, role: str = Role.EXTERNAL_REVIEWER) -> Membership:
    person = PersonFactory(organisation=OrganisationFactory(name="Review Bureau"),
                           full_name="Outside Reviewer")
    return Membership.objects.create(alliance=world.alliance, partner=None, person=person,
                                     role=role, level=Level.STRATEGIC,
                                     ends_on=timezone.localdate() + dt.timedelta(days=days))


def test_only_an_external_reviewer_may_hold_a_role_for_no_partner(world):
    # given a person of no partner; when they would be an observer of no partner: refused
    with transaction.atomic(), pytest.raises(IntegrityError):
        _outside(world, role=Role.OBSERVER)
    assert not Membership.objects.filter(partner__isnull=True).exists()


def test_an_outside_reviewer_role_needs_an_end_date(world):
    person = PersonFactory(organisation=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Membership.objects.create(alliance=world.alliance, partner=None, person=person,
                                  role=Role.EXTERNAL_REVIEWER, level=Level.STRATEGIC)
    assert not Membership.objects.filter(person=person).exists()


def test_an_outside_reviewer_reads_the_alliance_until_the_end_date_and_acts_for_no_partner(world):
    membership = _outside(world, days=3)
    reviewer = membership.person
    assert policy.alliance_or_404(reviewer, world.alliance.pk) == world.alliance
    assert list(policy.alliances_visible_to(reviewer)) == [world.alliance]
    assert policy.roles_in(reviewer, world.alliance.pk) == {Role.EXTERNAL_REVIEWER}
    assert policy.own_partner(reviewer, world.alliance.pk) is None
    assert policy.read_only_status(reviewer, world.alliance.pk) == (
        [str(Role.EXTERNAL_REVIEWER.label)], timezone.localdate() + dt.timedelta(days=3))
    assert not policy.can(reviewer, "alliance.write", world.alliance)
    assert not policy.can(reviewer, "partner.endorse", world.partner_b)
    assert not policy.can(reviewer, "partner.speak_for", world.partner_a)
    assert policy.resistance_readable_q(reviewer, world.alliance.pk) == policy.Q(
        pk__isnull=True)


def test_an_expired_outside_reviewer_sees_nothing(world):
    reviewer = _outside(world, days=-1).person
    assert policy.live_memberships(reviewer, world.alliance.pk) == []
    assert not policy.alliances_visible_to(reviewer).exists()
    assert policy.read_only_status(reviewer, world.alliance.pk) is None


def test_an_outside_reviewer_reads_alliance_wide_documents_and_no_partners_own(world):
    reviewer = _outside(world).person
    made = {visibility: Document.objects.create(
        alliance=world.alliance, title=visibility, visibility=visibility,
        owner_partner=world.partner_b, created_by=world.coordinator_b)
        for visibility in Visibility.values}
    named = Document.objects.create(alliance=world.alliance, title="named",
                                    visibility=Visibility.CONFIDENTIAL,
                                    owner_partner=world.partner_a, created_by=world.founder)
    named.audience.add(reviewer)
    seen = set(policy.documents_visible_to(reviewer, world.alliance))
    assert seen == {made["public"], made["alliance"], named}


def test_the_key_alliance_manager_ends_an_outside_reviewers_role_journaled(world):
    membership = _outside(world)
    services.membership_revoke(actor=world.founder, membership=membership)
    membership.refresh_from_db()
    assert membership.revoked_at is not None
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert (entry.kind, entry.payload) == ("RoleRevoked", {
        "person": membership.person.email, "partner": None, "role": Role.EXTERNAL_REVIEWER})
    assert not policy.alliances_visible_to(membership.person).exists()


def test_the_key_alliance_manager_role_never_goes_to_an_outside_reviewer(world):
    reviewer = _outside(world).person
    assert reviewer not in selectors.key_alliance_manager_candidates(user=world.founder,
                                                                     alliance=world.alliance)
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError):
        services.key_alliance_manager_transfer(actor=world.founder, alliance=world.alliance,
                                               to_person=reviewer)
    assert JournalEntry.objects.count() == before
    assert policy.roles_in(world.founder, world.alliance.pk) == {Role.KEY_ALLIANCE_MANAGER}


def test_the_people_page_lists_an_outside_reviewer_outside_the_partners(world, client):
    reviewer = _outside(world).person
    client.force_login(world.founder)
    page = client.get(f"/alliances/{world.alliance.pk}/people/")
    assert page.status_code == 200
    row = next(line for line in page.content.decode().splitlines()
               if reviewer.full_name in line)
    assert "outside the partners" in row


def test_an_outside_reviewer_answers_no_partner_evaluation(world):
    reviewer = _outside(world).person
    today = timezone.localdate()
    evaluation_services.round_open(actor=world.founder, alliance=world.alliance,
                                   year=today.year, opens_on=today,
                                   closes_on=today + dt.timedelta(days=14))
    invited = set(RoundInvitation.objects.values_list("person_id", flat=True))
    assert reviewer.pk not in invited
    assert world.founder.pk in invited
