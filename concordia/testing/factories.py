"""factory-boy factories and a small two-alliance world shared by the tests of every app.

Factories build rows directly (test set-up); tests of behaviour go through the services.
"""

import datetime as dt
from dataclasses import dataclass

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.organisations.models import Organisation, OrganisationKind

PASSWORD = "a-long-test-password"  # noqa: S105


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.PUBLIC_BODY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    language = "en"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_alliance(founder: Person, name: str = "Alliance") -> Alliance:
    return alliance_services.alliance_create(actor=founder, name=name, purpose="Shared goal",
                                             started_on=dt.date(2020, 1, 1))


def join(alliance: Alliance, founder: Person, admin: Person,
         partner_type: str = PartnerType.CORE) -> Partner:
    """Invite the admin's organisation and accept: the admin becomes its coordinator."""
    partner = alliance_services.partner_invite(actor=founder, alliance=alliance,
                                               organisation=admin.organisation,
                                               partner_type=partner_type)
    return alliance_services.partner_respond(actor=admin, partner=partner, accept=True)


def give_role(partner: Partner, person: Person, role: str, level: str = Level.OPERATIONAL,
              ends_on: dt.date | None = None) -> Membership:
    return Membership.objects.create(alliance_id=partner.alliance_id, partner=partner,
                                     person=person, role=role, level=level, ends_on=ends_on)


@dataclass
class World:
    """Two alliances. In alliance A: founder (key alliance manager, org A), coordinator_b
    (org B), professional_a (org A), observer_b, reviewer (org B, end date ahead),
    expired_reviewer (end date passed), deactivated (org A, is_active False), removed (org C,
    whose partner left). Alliance Z belongs to outsider (org Z). stranger has an organisation
    and no alliance."""

    alliance: Alliance
    other_alliance: Alliance
    partner_a: Partner
    partner_b: Partner
    founder: Person
    coordinator_b: Person
    professional_a: Person
    observer_b: Person
    reviewer: Person
    expired_reviewer: Person
    deactivated: Person
    removed: Person
    outsider: Person
    stranger: Person


def build_world() -> World:
    founder = PersonFactory(is_organisation_admin=True, full_name="Founder")
    org_a = founder.organisation
    alliance = make_alliance(founder, "Alliance A")
    partner_a = Partner.objects.get(alliance=alliance, organisation=org_a)
    coordinator_b = PersonFactory(is_organisation_admin=True, full_name="Coordinator B")
    partner_b = join(alliance, founder, coordinator_b)
    professional_a = PersonFactory(organisation=org_a, full_name="Professional A")
    give_role(partner_a, professional_a, Role.PROFESSIONAL)
    observer_b = PersonFactory(organisation=coordinator_b.organisation, full_name="Observer B")
    give_role(partner_b, observer_b, Role.OBSERVER)
    reviewer = PersonFactory(organisation=coordinator_b.organisation, full_name="Reviewer")
    give_role(partner_b, reviewer, Role.EXTERNAL_REVIEWER, Level.STRATEGIC,
              ends_on=timezone.localdate() + dt.timedelta(days=30))
    expired_reviewer = PersonFactory(organisation=coordinator_b.organisation)
    give_role(partner_b, expired_reviewer, Role.EXTERNAL_REVIEWER, Level.STRATEGIC,
              ends_on=timezone.localdate() - dt.timedelta(days=1))
    deactivated = PersonFactory(organisation=org_a, is_active=False)
    give_role(partner_a, deactivated, Role.LINE_MANAGER, Level.TACTICAL)
    removed = PersonFactory(is_organisation_admin=True, full_name="Removed C")
    partner_c = join(alliance, founder, removed)
    alliance_services.partner_leave(actor=removed, partner=partner_c)
    outsider = PersonFactory(is_organisation_admin=True, full_name="Outsider")
    other_alliance = make_alliance(outsider, "Alliance Z")
    stranger = PersonFactory(is_organisation_admin=True, full_name="Stranger")
    return World(alliance, other_alliance, partner_a, partner_b, founder, coordinator_b,
                 professional_a, observer_b, reviewer, expired_reviewer, deactivated, removed,
                 outsider, stranger)
