"""The access matrix's set-up, shared by its modules."""


import pytest

from concordia.access import policy
from concordia.accounts import services as account_services
from concordia.advisor import rules as advisor_rules
from concordia.advisor import services as advisor_services
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Membership
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    World,
    give_role,
)
from concordia.tests.access.support import Ctx


@pytest.fixture
def ctx(world: World) -> Ctx:
    w = world
    newcomer = PersonFactory(organisation=None, full_name="Newcomer")
    pending = alliance_services.partner_invite(
        actor=w.founder, alliance=w.alliance, organisation=w.stranger.organisation,
        partner_type=PartnerType.ECOSYSTEM)
    _invitation, raw = alliance_services.invitation_create(
        actor=w.founder, partner=w.partner_a, email=w.professional_a.email,
        role=Role.BOARD_MEMBER, level=Level.STRATEGIC, notify=False)
    org_invitation, org_raw = alliance_services.organisation_invite(
        actor=w.founder, alliance=w.alliance, organisation_name="Invited Org",
        email=newcomer.email, partner_type=PartnerType.CORE)
    token, _raw = account_services.api_token_create(actor=w.founder, name="report", days=30)
    # coordinator_b is also partner B's board member: the one who endorses on its behalf.
    give_role(w.partner_b, w.coordinator_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    policy.forget_cached_access(w.coordinator_b)
    objective = design_services.statement_draft(
        actor=w.founder, alliance=w.alliance, kind=StatementKind.OBJECTIVE,
        text="Serve citizens once.", based_on=0)
    values = design_services.statement_draft(
        actor=w.founder, alliance=w.alliance, kind=StatementKind.VALUES,
        text="We share what we know.", based_on=0)
    term = design_services.glossary_term_add(actor=w.founder, alliance=w.alliance,
                                             term="Citizen")
    alliance_advice = advisor_services.advice_save(
        actor=w.founder, answers=advisor_rules.WAGE_TAX_CASE, alliance=w.alliance)
    organisation_advice = advisor_services.advice_save(
        actor=w.founder, answers=advisor_rules.WAGE_TAX_CASE,
        organisation=w.founder.organisation)
    return Ctx(
        world=w, newcomer=newcomer, fresh_organisation=OrganisationFactory(name="Fresh Org"),
        pending_partner=pending, invitation_token=raw, founder_token=token,
        organisation_invitation=org_invitation, organisation_invitation_token=org_raw,
        observer_membership=Membership.objects.get(person=w.observer_b, alliance=w.alliance),
        objective=objective, values=values, term=term,
        alliance_advice=alliance_advice, organisation_advice=organisation_advice,
    )
