"""The demo alliance for data and tax on wages (fictional people), built through the services.

Loading twice changes nothing: every step looks for what it would create first.

The demo speaks the active language: `manage.py demo_load` activates the site's
(LANGUAGE_CODE), so a Dutch site gets Dutch organisations and texts and an English one English.
Texts kept in module constants are marked with `_` (gettext_noop, for makemessages) and
translated where they are used, with `gettext`; the English text stays the key by which the
demo's modules refer to an organisation, a body or an agreement.
"""

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.access import rules as access_rules
from concordia.accounts.models import Person
from concordia.advisor import rules as advisor_rules
from concordia.advisor import services as advisor_services
from concordia.advisor.models import SavedAdvice
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Membership, OrganisationInvitation, Partner
from concordia.organisations.models import Organisation, OrganisationKind

DEMO_PASSWORD = "concordia-demo"  # noqa: S105 - printed on purpose: demo log-ins only
ALLIANCE_NAME = _("Alliance for data and tax on wages")


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    partner_type: str
    oin: str = ""
    kvk: str = ""


ORGANISATIONS = [
    DemoOrganisation("tax", _("Tax Authority"), OrganisationKind.PUBLIC_BODY,
                     PartnerType.OWNER, oin="00000001003214345000"),
    DemoOrganisation("ssa", _("Social Security Agency"), OrganisationKind.PUBLIC_BODY,
                     PartnerType.CORE, oin="00000001800470011000"),
    DemoOrganisation("stat", _("Statistics Office"), OrganisationKind.PUBLIC_BODY,
                     PartnerType.CORE, oin="00000001003221115000"),
    DemoOrganisation("soft", _("Payroll Software Vendors' Association"),
                     OrganisationKind.NON_PROFIT, PartnerType.ECOSYSTEM, kvk="40123456"),
    DemoOrganisation("admin", _("Payroll Administrators' Association"),
                     OrganisationKind.NON_PROFIT, PartnerType.ECOSYSTEM, kvk="40234567"),
    DemoOrganisation("pension", _("Pension Provider"), OrganisationKind.COMPANY,
                     PartnerType.ECOSYSTEM, kvk="41345678"),
]

# (org key, e-mail local part, full name, role, level); the first person of each organisation is
# its administrator and answers the partner invitation (and so becomes its coordinator).
PEOPLE = [
    ("tax", "kim", "Kim de Vries", Role.KEY_ALLIANCE_MANAGER, Level.TACTICAL),
    ("tax", "lisa", "Lisa van den Berg", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
    ("tax", "anna", "Anna Jansen", Role.BOARD_MEMBER, Level.STRATEGIC),
    ("tax", "ruud", "Ruud Bakker", Role.LINE_MANAGER, Level.TACTICAL),
    ("tax", "sara", "Sara Visser", Role.PROFESSIONAL, Level.OPERATIONAL),
    ("tax", "tom", "Tom Smit", Role.AGENCY_STAFF, Level.OPERATIONAL),
    ("ssa", "mila", "Mila Mulder", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
    ("ssa", "henk", "Henk de Boer", Role.BOARD_MEMBER, Level.STRATEGIC),
    ("ssa", "lotte", "Lotte Meijer", Role.LINE_MANAGER, Level.TACTICAL),
    ("ssa", "daan", "Daan de Groot", Role.PROFESSIONAL, Level.OPERATIONAL),
    ("stat", "noor", "Noor Bos", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
    ("stat", "pieter", "Pieter Vos", Role.BOARD_MEMBER, Level.STRATEGIC),
    ("stat", "eva", "Eva Peters", Role.PROFESSIONAL, Level.OPERATIONAL),
    ("soft", "bram", "Bram Hendriks", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
    ("soft", "iris", "Iris van Dijk", Role.OBSERVER, Level.OPERATIONAL),
    ("admin", "joost", "Joost van Leeuwen", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
    ("pension", "fleur", "Fleur Dekker", Role.ALLIANCE_COORDINATOR, Level.TACTICAL),
]
# The outside reviewer: of a review bureau that is no partner. Their external reviewer's role
# comes from accepting the demo review's invitation (concordia/demo/reviews.py), for no
# partner, until the review's end (docs/decisions/0015).
REVIEW_BUREAU = _("Gateway Review Bureau")
REVIEWER = ("reviewer", "Rob Brouwer")


def demo_email(local: str) -> str:
    return f"{local}@demo.concordia.test"


def _person(org: Organisation, local: str, name: str, *, admin: bool) -> Person:
    email = demo_email(local)
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create_user(email, DEMO_PASSWORD, full_name=name,
                                            organisation=org, is_organisation_admin=admin,
                                            language="en" if local == "kim" else "nl")
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _inviter(kim: Person, partner: Partner, role: str) -> Person:
    """Who may grant the role (docs/access.md): the key alliance manager appoints agency staff
    and reviewers and fills its own partner's roles; a vacant coordinator's place is filled by
    the partner's board member; every other partner's coordinator invites its own people."""
    if role in access_rules.ALLIANCE_APPOINTED_ROLES or (
            role != Role.ALLIANCE_COORDINATOR and partner.partner_type == PartnerType.OWNER):
        return kim
    holder = Role.BOARD_MEMBER if role == Role.ALLIANCE_COORDINATOR else Role.ALLIANCE_COORDINATOR
    return Membership.objects.filter(partner=partner, role=holder,
                                     revoked_at__isnull=True).get().person


@transaction.atomic
def demo_load() -> tuple[Alliance, list[tuple[str, str, str]]]:
    """Create the demo alliance and return it with (e-mail, organisation, role) log-ins."""
    orgs: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        orgs[spec.key], _ = Organisation.objects.get_or_create(
            name=gettext(spec.name), defaults={"kind": spec.kind, "oin": spec.oin,
                                      "kvk_number": spec.kvk})
    people: dict[str, Person] = {}
    admins_seen: set[str] = set()
    for org_key, local, name, _role, _level in PEOPLE:
        people[local] = _person(orgs[org_key], local, name, admin=org_key not in admins_seen)
        admins_seen.add(org_key)

    bureau, _ = Organisation.objects.get_or_create(
        name=gettext(REVIEW_BUREAU), defaults={"kind": OrganisationKind.COMPANY,
                                               "kvk_number": "42456789"})
    _person(bureau, *REVIEWER, admin=True)

    kim = people["kim"]
    alliance = Alliance.objects.filter(name=gettext(ALLIANCE_NAME)).first()
    if alliance is None:
        alliance = alliance_services.alliance_create(
            actor=kim, name=gettext(ALLIANCE_NAME), started_on=dt.date(2006, 1, 1),
            purpose=gettext("Employers report wages and contributions once; the tax authority, "
                            "the social security agency and the statistics office reuse the "
                            "data."))
    first_of: dict[str, Person] = {}
    for org_key, local, *_rest in PEOPLE:
        first_of.setdefault(org_key, people[local])
    for spec in ORGANISATIONS[1:]:
        partner = Partner.objects.filter(alliance=alliance, organisation=orgs[spec.key]).first()
        if partner is None:
            partner = alliance_services.partner_invite(
                actor=kim, alliance=alliance, organisation=orgs[spec.key],
                partner_type=spec.partner_type)
            alliance_services.partner_respond(actor=first_of[spec.key], partner=partner,
                                              accept=True)
    # Coordinators last: a vacant coordinator's place is filled by the partner's board member.
    for org_key, local, _name, role, level in sorted(
            PEOPLE, key=lambda row: row[3] == Role.ALLIANCE_COORDINATOR):
        person = people[local]
        if Membership.objects.filter(alliance=alliance, person=person, role=role).exists():
            continue
        partner = Partner.objects.get(alliance=alliance, organisation=orgs[org_key])
        ends_on = timezone.localdate() + dt.timedelta(days=180) if role == Role.EXTERNAL_REVIEWER \
            else None
        _invitation, raw = alliance_services.invitation_create(
            actor=_inviter(kim, partner, role), partner=partner, email=person.email, role=role,
            level=level, ends_on=ends_on, notify=False)
        alliance_services.invitation_accept(actor=person, raw_token=raw)
    # An organisation that is not registered yet, invited by name: its contact has the link to
    # register it (the partners page shows the invitation waiting, to resend or withdraw).
    if not OrganisationInvitation.objects.filter(alliance=alliance).exists():
        alliance_services.organisation_invite(
            actor=kim, alliance=alliance, organisation_name=gettext("Chamber of Commerce"),
            email=demo_email("contact.kvk"), partner_type=PartnerType.ECOSYSTEM,
            notify=False)
    if not SavedAdvice.objects.filter(alliance=alliance).exists():
        advisor_services.advice_save(actor=kim, answers=advisor_rules.WAGE_TAX_CASE,
                                     alliance=alliance,
                                     title=gettext("Is an alliance still our form?"))
    logins = [(demo_email(local), orgs[org_key].name, str(Role(role).label))
              for org_key, local, _n, role, _l in PEOPLE]
    logins.append((demo_email(REVIEWER[0]), bureau.name, str(Role.EXTERNAL_REVIEWER.label)))
    return alliance, logins


def demo_partners(alliance: Alliance) -> dict[str, Partner]:
    """The alliance's partners by their demo organisation's English name (the key the demo's
    modules use), whatever language the organisations were loaded in."""
    by_name = {p.organisation.name: p for p in
               Partner.objects.filter(alliance=alliance).select_related("organisation")}
    return {spec.name: by_name[gettext(spec.name)] for spec in ORGANISATIONS
            if gettext(spec.name) in by_name}


def demo_organisation_key(name: str) -> str:
    """The English name (the demo's key) of an organisation loaded in the active language."""
    return {gettext(spec.name): spec.name for spec in ORGANISATIONS}.get(name, name)
