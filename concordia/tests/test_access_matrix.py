"""The access matrix, generated from the URL configuration and the API routes.

Every named URL of Concordia's own apps (HTML pages and API operations) has an entry in
``ROUTES``: how to call it, with which body, and who may. Each entry is called by every actor
of the test world (plus a newcomer without an organisation and an anonymous visitor):

- the rightful actors succeed (and, for writes, rows are written);
- anonymous visitors and deactivated people are sent to the log-in (pages) or get 401 (API);
- people who can see the object but whose role does not allow the action get 403;
- everybody else gets 404: the object is out of their reach;
- every refusal and every read writes no row to the database (``rows_written()``).

A route that is added without an entry here (or listed as exempt) fails
``test_every_route_has_a_matrix_entry``.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.core.middleware import API_VERSION
from concordia.design import services as design_services
from concordia.design.models import (
    GlossaryTerm,
)
from concordia.design.stage_rules import QUESTIONS
from concordia.journal import services as journal_services
from concordia.tests.access.routes_actions import ACTIONS_API_ROUTES, ACTIONS_PAGE_ROUTES
from concordia.tests.access.routes_advisor import ADVISOR_API_ROUTES, ADVISOR_PAGE_ROUTES
from concordia.tests.access.routes_agreements import (
    AGREEMENTS_API_ROUTES,
    AGREEMENTS_PAGE_ROUTES,
)
from concordia.tests.access.routes_blocks import BLOCK_API_ROUTES, BLOCK_PAGE_ROUTES
from concordia.tests.access.routes_bodies import BODIES_API_ROUTES, BODIES_PAGE_ROUTES
from concordia.tests.access.routes_calendar import CALENDAR_API_ROUTES, CALENDAR_PAGE_ROUTES
from concordia.tests.access.routes_decisions import DECISIONS_API_ROUTES, DECISIONS_PAGE_ROUTES
from concordia.tests.access.routes_escalations import (
    ESCALATIONS_API_ROUTES,
    ESCALATIONS_PAGE_ROUTES,
)
from concordia.tests.access.routes_evaluation import (
    EVALUATION_API_ROUTES,
    EVALUATION_PAGE_ROUTES,
)
from concordia.tests.access.routes_evaluation_feed import (
    EVALUATION_FEED_API_ROUTES,
    EVALUATION_FEED_PAGE_ROUTES,
)
from concordia.tests.access.routes_evaluation_results import (
    EVALUATION_RESULTS_API_ROUTES,
    EVALUATION_RESULTS_PAGE_ROUTES,
)
from concordia.tests.access.routes_handbook import MODEL_API_ROUTES, MODEL_PAGE_ROUTES
from concordia.tests.access.routes_learning import LEARNING_API_ROUTES, LEARNING_PAGE_ROUTES
from concordia.tests.access.routes_meetings import MEETINGS_API_ROUTES, MEETINGS_PAGE_ROUTES
from concordia.tests.access.routes_minutes import MINUTES_API_ROUTES, MINUTES_PAGE_ROUTES
from concordia.tests.access.routes_notifications import (
    NOTIFICATIONS_API_ROUTES,
    NOTIFICATIONS_PAGE_ROUTES,
)
from concordia.tests.access.routes_plans import PLANS_API_ROUTES, PLANS_PAGE_ROUTES
from concordia.tests.access.routes_reports import REPORTS_API_ROUTES, REPORTS_PAGE_ROUTES
from concordia.tests.access.routes_reviews import REVIEW_API_ROUTES, REVIEW_PAGE_ROUTES
from concordia.tests.access.routes_scorecard import (
    SCORECARD_API_ROUTES,
    SCORECARD_PAGE_ROUTES,
)
from concordia.tests.access.routes_settlement import (
    SETTLEMENT_API_ROUTES,
    SETTLEMENT_PAGE_ROUTES,
)
from concordia.tests.access.support import (
    ACTORS,
    ANONYMOUS_LIKE,
    EXEMPT,
    MEMBERS,
    ORG_A,
    PEOPLE,
    READ_ONLY,
    STEERING,
    WITH_ORGANISATION,
    WRITERS,
    A,
    Check,
    Ctx,
    Outcome,
    Route,
    alliance_a,
    api_alliance_a,
    assert_api_response,
    call,
    discover_routes,
    expected,
    invitation_form,
    is_api,
    newest_alliance,
    no_kwargs,
    organisation_form,
    own_organisation,
    refused_for,
    rows_written,
    to,
)


def pending_partner(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "partner_pk": ctx.pending_partner.pk}


def api_pending_partner(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "partner_id": ctx.pending_partner.pk}


def org_invitation(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "invitation_pk": ctx.organisation_invitation.pk}


def api_org_invitation(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "invitation_id": ctx.organisation_invitation.pk}


def objective_1(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "slug": "objective", "number": ctx.objective.number}


def objective_page(ctx: Ctx, person: Any) -> str:
    return reverse("statement_page", kwargs={"pk": ctx.world.alliance.pk, "slug": "objective"})


def term_version_1(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk, "number": 1}


def term_page(ctx: Ctx, person: Any) -> str:
    return reverse("glossary_term", kwargs={"pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk})


def definition_proposed(ctx: Ctx) -> Any:
    """Set-up: the key alliance manager proposed version 1 of the term's agreed definition."""
    return design_services.glossary_definition_propose(actor=ctx.world.founder, term=ctx.term,
                                                       definition="Shared")


PAGE_ROUTES: dict[str, Route] = {
    # For load balancers: public, holds no data (test_health.py).
    "health": Route(no_kwargs, (Check("get", ok=frozenset(ACTORS)),)),
    "home": Route(no_kwargs, (
        # A visitor gets the front door (what Concordia is, links to the public model and
        # form advisor); a person their start page.
        Check("get", ok=WITH_ORGANISATION | ANONYMOUS_LIKE,
              special={"newcomer": Outcome(302, location=to("organisation_register"))}),
    )),
    "language_set": Route(no_kwargs, (
        # Public: anyone may switch; only a logged-in person's choice is stored.
        Check("post", ok=PEOPLE, ok_status=302, writes=True, ok_location=lambda c, p: "/",
              body=lambda ctx: {"language": "nl", "next": "/"},
              special={a: Outcome(302, location=lambda c, p: "/") for a in ANONYMOUS_LIKE}),
    )),
    "api_token_list": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=PEOPLE, writes=True, body=lambda ctx: {"name": "script", "days": 30}),
    )),
    "api_token_revoke": Route(lambda ctx: {"pk": ctx.founder_token.pk}, (
        Check("post", ok=frozenset({"founder"}), ok_status=302, writes=True,
              ok_location=to("api_token_list")),
    )),
    "organisation_list": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "organisation_detail": Route(lambda ctx: {"pk": ctx.world.founder.organisation_id}, (
        Check("get", ok=PEOPLE),
    )),
    "organisation_register": Route(no_kwargs, (
        # Someone who already belongs to an organisation is sent to it; nothing is created.
        Check("get", ok=frozenset({"newcomer"}),
              special={a: Outcome(302, location=own_organisation) for a in WITH_ORGANISATION}),
        Check("post", ok=frozenset({"newcomer"}), ok_status=302, writes=True,
              ok_location=to("home"),
              body=lambda ctx: {"name": "Newco", "kind": "company", "kvk_number": "",
                                "oin": "", "website": ""},
              special={a: Outcome(302, location=own_organisation) for a in WITH_ORGANISATION}),
    )),
    # The directory shows every organisation to everyone logged in: editing it is 403 for all
    # but its administrators. Its people are within reach of their colleagues only.
    "organisation_edit": Route(lambda ctx: {"pk": ctx.world.founder.organisation_id}, (
        Check("get", ok=frozenset({"founder"}), forbidden=PEOPLE - {"founder"}),
        Check("post", ok=frozenset({"founder"}), ok_status=302, writes=True,
              forbidden=PEOPLE - {"founder"},
              body=organisation_form, ok_location=to("organisation_detail", pk=ORG_A)),
    )),
    "person_deactivate": Route(
        lambda ctx: {"pk": ctx.world.founder.organisation_id,
                     "person_pk": ctx.world.professional_a.pk},
        (Check("post", ok=frozenset({"founder"}), ok_status=302, writes=True,
               forbidden=frozenset({"professional_a"}),
               ok_location=to("organisation_detail", pk=ORG_A)),),
    ),
    "alliance_create": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=WITH_ORGANISATION, ok_status=302, writes=True,
              ok_location=newest_alliance,
              body=lambda ctx: {"name": "New alliance", "purpose": "Together",
                                "started_on": "2024-01-01"},
              # A person without an organisation gets the form back with the reason.
              special={"newcomer": Outcome(422)}),
    )),
    "alliance_dashboard": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "partner_invite": Route(alliance_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"organisation_name": ctx.fresh_organisation.name,
                                "email": "", "partner_type": PartnerType.CORE},
              ok_location=to("alliance_dashboard", pk=A)),
        # An organisation that is not registered: its contact gets the link.
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              label="unregistered",
              body=lambda ctx: {"organisation_name": "Not Registered Yet",
                                "email": "contact@not-registered.example",
                                "partner_type": PartnerType.CORE},
              ok_location=to("partner_list", pk=A)),
    )),
    "organisation_invitation_resend": Route(org_invitation, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("partner_list", pk=A)),
    )),
    "organisation_invitation_withdraw": Route(org_invitation, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("partner_list", pk=A)),
    )),
    "partner_invitation_resend": Route(pending_partner, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("partner_list", pk=A)),
    )),
    "partner_invitation_withdraw": Route(pending_partner, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("partner_list", pk=A)),
    )),
    "organisation_invitation_open": Route(
        lambda ctx: {"token": ctx.organisation_invitation_token}, (
            # The link is the key: whoever holds it sees what it is for; only its contact
            # (the newcomer, who has no organisation yet) registers the organisation.
            Check("get", ok=frozenset(ACTORS)),
            Check("post", ok=frozenset({"newcomer"}), ok_status=302, writes=True,
                  body=lambda ctx: {"name": "Invited Org", "kind": "company"},
                  ok_location=lambda ctx, person: reverse(
                      "organisation_invitation_open",
                      kwargs={"token": ctx.organisation_invitation_token}),
                  special={**refused_for(PEOPLE - {"newcomer"}, 422),  # sent to another
                           **refused_for(ANONYMOUS_LIKE, 200)}),  # asked to log in first
        )),
    "partner_leave": Route(lambda ctx: {"pk": ctx.world.alliance.pk,
                                        "partner_pk": ctx.world.partner_b.pk}, (
        Check("get", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"}),
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True, ok_location=to("home")),
    )),
    "membership_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "partner_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "invitation_create": Route(alliance_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        # A professional of partner B is B's to invite: the key alliance manager is offered
        # only the roles it appoints for B, so the form comes back with the refusal.
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - STEERING,
              ok_status=302, writes=True, body=invitation_form,
              ok_location=to("membership_list", pk=A), special={"founder": Outcome(422)}),
    )),
    "membership_revoke": Route(lambda ctx: {"pk": ctx.world.alliance.pk,
                                            "membership_pk": ctx.observer_membership.pk}, (
        # Partner B's observer is revoked by B's coordinator, not by the key alliance manager.
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True, ok_location=to("membership_list", pk=A)),
    )),
    "key_alliance_manager_transfer": Route(alliance_a, (
        Check("get", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}),
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=302, writes=True,
              body=lambda ctx: {"person": ctx.world.professional_a.pk},
              ok_location=to("membership_list", pk=A)),
    )),
    "coordinator_hand_over": Route(alliance_a, (
        Check("get", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"}),
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True, body=lambda ctx: {"person": ctx.world.observer_b.pk},
              ok_location=to("membership_list", pk=A)),
    )),
    "journal_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    # Any person with a live role may take a checkpoint home (a JSON file).
    "journal_checkpoint": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "document_list": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=lambda ctx: {"title": "Plan", "url": "", "summary": "",
                                "visibility": "alliance"},
              ok_location=to("document_list", pk=A)),
    )),
    # What an alliance publishes is for anyone, logged in or not (nothing else is shown there).
    "published_documents": Route(alliance_a, (Check("get", ok=frozenset(ACTORS)),),
                                 setup=lambda ctx: alliance_services.document_add(
                                     actor=ctx.world.founder, alliance=ctx.world.alliance,
                                     title="Annual report", visibility="public")),
    "invitation_accept": Route(lambda ctx: {"token": ctx.invitation_token}, (
        # The link is the key: whoever holds it sees what it is for and is asked to log in.
        Check("get", ok=frozenset(ACTORS)),
        Check("post", ok=frozenset({"professional_a"}), ok_status=302, writes=True,
              ok_location=to("alliance_dashboard", pk=A),
              special={**refused_for(PEOPLE - {"professional_a"}, 422),  # sent to another
                       **refused_for(ANONYMOUS_LIKE, 200)}),  # asked to log in first
    )),
    "partner_answer": Route(lambda ctx: {"partner_pk": ctx.pending_partner.pk}, (
        Check("post", ok=frozenset({"stranger"}), ok_status=302, writes=True,
              body=lambda ctx: {"answer": "accept"},
              ok_location=to("alliance_dashboard", pk=A)),
    )),
    # --- design -------------------------------------------------------------------------------
    "design_overview": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "profile_edit": Route(alliance_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"rationales": ["efficiency"], "origin": "problem",
                                "joint_activities": 3, "centralisation": "medium",
                                "joint_work_weight": "high", "version": 0},
              ok_location=to("design_overview", pk=A)),
    )),
    "partner_design_edit": Route(lambda ctx: {"pk": ctx.world.alliance.pk,
                                              "partner_pk": ctx.world.partner_b.pk}, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"save_interest": "1", "interest-own_interest": "Less work",
                                "interest-shared_interest": "One register"},
              ok_location=lambda ctx, person: reverse(
                  "partner_design_edit", kwargs={"pk": ctx.world.alliance.pk,
                                                 "partner_pk": ctx.world.partner_b.pk})),
    )),
    "statement_page": Route(lambda ctx: {"pk": ctx.world.alliance.pk, "slug": "objective"}, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"text": "Serve citizens once, together.", "vision": "",
                                "mission": "", "based_on": 1},
              ok_location=lambda ctx, person: reverse(
                  "statement_page", kwargs={"pk": ctx.world.alliance.pk, "slug": "objective"})),
    )),
    "design_sheet": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "design_sheet_pdf": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    # Each partner's people rate for their own partner (by default every role that is not
    # read-only); the key alliance manager chooses the roles that rate.
    "stage_page": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=lambda ctx: {"assessed_on": "2024-06-01", "note": "",
                                **{f"q_{q.key}": 2 for q in QUESTIONS}},
              ok_location=to("stage_page", pk=A)),
    )),
    "stage_raters": Route(alliance_a, (
        Check("get", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}),
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=302, writes=True,
              body=lambda ctx: {"roles": ["alliance_coordinator", "board_member"],
                                "levels": ["strategic"]},
              ok_location=to("stage_page", pk=A)),
    )),
    "glossary_page": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"term": "Register"},
              ok_location=lambda ctx, person: reverse("glossary_term", kwargs={
                  "pk": ctx.world.alliance.pk, "term_pk": GlossaryTerm.objects.latest("pk").pk})),
    )),
    "glossary_term": Route(lambda ctx: {"pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk}, (
        Check("get", ok=MEMBERS),
        # Each partner's people (not read-only roles) give their partner's own definition.
        Check("post", label="own_definition", ok=WRITERS, forbidden=READ_ONLY, ok_status=302,
              writes=True, body=lambda ctx: {"save_definition": "1", "own-definition": "Ours"},
              ok_location=lambda ctx, person: reverse("glossary_term", kwargs={
                  "pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk})),
        # The steering roles propose the definition the partners are to agree on.
        Check("post", label="agreed", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302,
              writes=True,
              body=lambda ctx: {"save_agreed": "1", "agreed-agreed_definition": "Shared",
                                "agreed-based_on": 0},
              ok_location=lambda ctx, person: reverse("glossary_term", kwargs={
                  "pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk})),
    )),
    "glossary_version": Route(term_version_1, (Check("get", ok=MEMBERS),),
                              setup=definition_proposed),
    # A board member endorses, objects or comments for their own partner.
    "glossary_endorse": Route(term_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True, body=lambda ctx: {"action": "endorse"},
              ok_location=term_page),
    ), setup=definition_proposed),
    "glossary_remark": Route(term_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True,
              body=lambda ctx: {"remark-kind": "objection", "remark-text": "Too narrow"},
              ok_location=term_page),
    ), setup=definition_proposed),
    # The key alliance manager withdraws a proposal.
    "glossary_proposal_withdraw": Route(term_version_1, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=302, writes=True, ok_location=term_page),
    ), setup=definition_proposed),
    "statement_version": Route(objective_1, (Check("get", ok=MEMBERS),)),
    "statement_remark": Route(objective_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True,
              body=lambda ctx: {"remark-kind": "comment",
                                "remark-text": "Say how it is measured"},
              ok_location=objective_page),
    )),
    "statement_proposal_withdraw": Route(objective_1, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=302, writes=True, ok_location=objective_page),
    )),
    "statement_endorse": Route(lambda ctx: {"pk": ctx.world.alliance.pk, "slug": "objective",
                                            "number": ctx.objective.number}, (
        # Only a board member endorses, for their own partner.
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=302, writes=True, body=lambda ctx: {"action": "endorse"},
              ok_location=lambda ctx, person: reverse(
                  "statement_page", kwargs={"pk": ctx.world.alliance.pk, "slug": "objective"})),
    )),
}

API_ROUTES: dict[str, Route] = {
    "api:list_organisations": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "api:register_organisation": Route(no_kwargs, (
        Check("post", ok=frozenset({"newcomer"}), ok_status=201, writes=True,
              body=lambda ctx: {"name": "Newco", "kind": "company"},
              special=refused_for(WITH_ORGANISATION, 409)),  # already in an organisation
    )),
    "api:get_organisation": Route(
        lambda ctx: {"organisation_id": ctx.world.founder.organisation_id},
        (Check("get", ok=PEOPLE),)),
    "api:list_alliances": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "api:create_alliance": Route(no_kwargs, (
        Check("post", ok=WITH_ORGANISATION, ok_status=201, writes=True,
              body=lambda ctx: {"name": "New alliance", "purpose": "Together",
                                "started_on": "2024-01-01"},
              special={"newcomer": Outcome(422)}),  # register an organisation first
    )),
    "api:get_alliance": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:list_partners": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:invite_partner": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"organisation_id": ctx.fresh_organisation.pk,
                                "partner_type": PartnerType.CORE}),
    )),
    "api:list_organisation_invitations": Route(api_alliance_a, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
    )),
    "api:invite_organisation": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"organisation_name": "Not Registered Yet",
                                "email": "contact@not-registered.example",
                                "partner_type": PartnerType.CORE}),
    )),
    "api:resend_partner_invitation": Route(api_pending_partner, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True),
    )),
    "api:withdraw_partner_invitation": Route(api_pending_partner, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True),
    )),
    "api:resend_organisation_invitation": Route(api_org_invitation, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True),
    )),
    "api:withdraw_organisation_invitation": Route(api_org_invitation, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True),
    )),
    "api:leave_alliance": Route(lambda ctx: {"alliance_id": ctx.world.alliance.pk,
                                             "partner_id": ctx.world.partner_b.pk}, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              writes=True),
    )),
    "api:list_memberships": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:revoke_membership": Route(lambda ctx: {"alliance_id": ctx.world.alliance.pk,
                                                "membership_id": ctx.observer_membership.pk}, (
        Check("delete", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=204, writes=True),
    )),
    "api:transfer_key_alliance_manager": Route(api_alliance_a, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=201, writes=True,
              body=lambda ctx: {"person_id": ctx.world.professional_a.pk}),
    )),
    "api:hand_over_coordinator": Route(api_alliance_a, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True,
              body=lambda ctx: {"person_id": ctx.world.observer_b.pk}),
    )),
    "api:list_invitations": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:create_invitation": Route(api_alliance_a, (
        # A professional of partner B is B's coordinator's to invite (docs/access.md).
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True,
              body=lambda ctx: {"partner_id": ctx.world.partner_b.pk,
                                "email": "new.person@example.org", "role": Role.PROFESSIONAL,
                                "level": Level.OPERATIONAL}),
    )),
    "api:list_documents": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:add_document": Route(api_alliance_a, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=lambda ctx: {"title": "Plan", "visibility": "alliance"}),
    )),
    "api:list_journal_entries": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:verify_journal": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_journal_checkpoint": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    # Checking a kept checkpoint reads only: it changes nothing.
    "api:verify_journal_checkpoint": Route(api_alliance_a, (
        Check("post", ok=MEMBERS, body=lambda ctx: journal_services.journal_checkpoint(
            alliance_id=ctx.world.alliance.pk).as_dict()),
    )),
    "api:list_partner_invitations": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "api:answer_partner_invitation": Route(lambda ctx: {"partner_id": ctx.pending_partner.pk}, (
        Check("post", ok=frozenset({"stranger"}), writes=True, body=lambda ctx: {"accept": True}),
    )),
    "api:register_invited_organisation": Route(no_kwargs, (
        Check("post", ok=frozenset({"newcomer"}), ok_status=201, writes=True,
              body=lambda ctx: {"token": ctx.organisation_invitation_token,
                                "name": "Invited Org", "kind": "company"},
              special=refused_for(PEOPLE - {"newcomer"}, 422)),  # sent to another
    )),
    "api:accept_invitation": Route(no_kwargs, (
        Check("post", ok=frozenset({"professional_a"}), ok_status=201, writes=True,
              body=lambda ctx: {"token": ctx.invitation_token},
              special=refused_for(PEOPLE - {"professional_a"}, 422)),  # sent to another
    )),
}


def api_partner_b(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "partner_id": ctx.world.partner_b.pk}


def api_version_1(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "number": 1}


def api_endorsement_b(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "number": 1,
            "partner_id": ctx.world.partner_b.pk}


def api_term(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "term_id": ctx.term.pk}


def api_term_version_1(ctx: Ctx) -> dict[str, Any]:
    return {**api_term(ctx), "number": 1}


def endorsed_by_b(version: str) -> Callable[[Ctx], Any]:
    """Set-up: partner B's board member has endorsed version 1 (so it can be withdrawn)."""
    return lambda ctx: design_services.statement_endorse(actor=ctx.world.coordinator_b,
                                                         version=getattr(ctx, version))


def withdraw_endorsement(version: str) -> Route:
    # Partner B's people may see the endorsement; only its board member withdraws it. Everyone
    # else in the alliance — partner B's read-only people and people of another partner — is
    # refused with 403.
    return Route(api_endorsement_b, (
        Check("delete", ok=frozenset({"coordinator_b"}),
              forbidden=READ_ONLY | frozenset({"founder", "professional_a"}), ok_status=204,
              writes=True),
    ), setup=endorsed_by_b(version))


DESIGN_API_ROUTES: dict[str, Route] = {
    "api:get_profile": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:put_profile": Route(api_alliance_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"rationales": ["efficiency"], "origin": "problem",
                                "joint_activities": 3, "centralisation": "medium",
                                "joint_work_weight": "high", "version": 0}),
    )),
    "api:list_partner_designs": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:put_interest": Route(api_partner_b, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"own_interest": "Less work", "shared_interest": "One register"}),
    )),
    "api:put_resistance": Route(api_partner_b, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"source": "autonomy_loss", "note": "Fear",
                                "mitigation": "Talk"}),
    )),
    "api:get_objective_progress": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_values_progress": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:list_objective_versions": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:list_values_versions": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:create_objective_version": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"text": "Serve citizens once, together.", "based_on": 1}),
    )),
    "api:create_values_version": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"text": "We keep our word.", "based_on": 1}),
    )),
    # Only a board member endorses, for their own partner.
    "api:endorse_objective": Route(api_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True),
    )),
    "api:endorse_values": Route(api_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True),
    )),
    "api:withdraw_objective_endorsement": withdraw_endorsement("objective"),
    "api:withdraw_values_endorsement": withdraw_endorsement("values"),
    "api:list_stage_questions": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:list_stage_assessments": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_alliance_stage": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_stage_raters": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:put_stage_raters": Route(api_alliance_a, (
        Check("put", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}, writes=True,
              body=lambda ctx: {"roles": ["alliance_coordinator"], "levels": ["tactical"]}),
    )),
    "api:create_stage_assessment": Route(api_alliance_a, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=lambda ctx: {"assessed_on": "2024-06-01", "note": "",
                                "answers": {q.key: 2 for q in QUESTIONS}}),
    )),
    "api:list_glossary_terms": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:create_glossary_term": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"term": "Register"}),
    )),
    "api:get_glossary_term": Route(api_term, (Check("get", ok=MEMBERS),)),
    "api:put_own_definition": Route(api_term, (
        Check("put", ok=WRITERS, forbidden=READ_ONLY, writes=True,
              body=lambda ctx: {"definition": "Ours"}),
    )),
    # A partner's definition: its own people who may write, or the key alliance manager
    # drafting it while partner B has given none.
    "api:put_partner_definition": Route(
        lambda ctx: {**api_term(ctx), "partner_id": ctx.world.partner_b.pk}, (
            Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
                  body=lambda ctx: {"definition": "Theirs"}),
        )),
    "api:list_definition_versions": Route(api_term, (Check("get", ok=MEMBERS),)),
    "api:get_definition_version": Route(api_term_version_1, (Check("get", ok=MEMBERS),),
                                        setup=definition_proposed),
    "api:create_definition_version": Route(api_term, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"definition": "Shared", "based_on": 0}),
    )),
    "api:endorse_definition": Route(api_term_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True),
    ), setup=definition_proposed),
    "api:withdraw_definition_endorsement": Route(
        lambda ctx: {**api_term_version_1(ctx), "partner_id": ctx.world.partner_b.pk}, (
            Check("delete", ok=frozenset({"coordinator_b"}),
                  forbidden=READ_ONLY | frozenset({"founder", "professional_a"}),
                  ok_status=204, writes=True),
        ), setup=lambda ctx: design_services.statement_endorse(
            actor=ctx.world.coordinator_b, version=definition_proposed(ctx))),
    "api:remark_definition": Route(api_term_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True, body=lambda ctx: {"kind": "comment", "text": "Ok"}),
    ), setup=definition_proposed),
    "api:withdraw_definition_proposal": Route(api_term_version_1, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}, writes=True),
    ), setup=definition_proposed),
    "api:get_objective_version": Route(api_version_1, (Check("get", ok=MEMBERS),)),
    "api:get_values_version": Route(api_version_1, (Check("get", ok=MEMBERS),)),
    # A board member objects or comments for their own partner.
    "api:remark_objective": Route(api_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True,
              body=lambda ctx: {"kind": "objection", "text": "Too fast"}),
    )),
    "api:remark_values": Route(api_version_1, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=201, writes=True, body=lambda ctx: {"kind": "comment", "text": "Ok"}),
    )),
    # The key alliance manager withdraws a proposal; the version in force stays.
    "api:withdraw_objective_proposal": Route(api_version_1, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}, writes=True),
    )),
    "api:withdraw_values_proposal": Route(api_version_1, (
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"}, writes=True),
    )),
}

# The management model (handbook): reference data, readable by every logged-in person.
ROUTES: dict[str, Route] = {**PAGE_ROUTES, **API_ROUTES, **DESIGN_API_ROUTES,
                           **BLOCK_PAGE_ROUTES, **BLOCK_API_ROUTES,
                           **MODEL_PAGE_ROUTES, **MODEL_API_ROUTES,
                           **ADVISOR_PAGE_ROUTES, **ADVISOR_API_ROUTES,
                           **BODIES_PAGE_ROUTES, **BODIES_API_ROUTES,
                           **MEETINGS_PAGE_ROUTES, **MEETINGS_API_ROUTES,
                           **MINUTES_PAGE_ROUTES, **MINUTES_API_ROUTES,
                           **CALENDAR_PAGE_ROUTES, **CALENDAR_API_ROUTES,
                           **ACTIONS_PAGE_ROUTES, **ACTIONS_API_ROUTES,
                           **NOTIFICATIONS_PAGE_ROUTES, **NOTIFICATIONS_API_ROUTES,
                           **DECISIONS_PAGE_ROUTES, **DECISIONS_API_ROUTES,

                           **ESCALATIONS_PAGE_ROUTES, **ESCALATIONS_API_ROUTES,

                           **AGREEMENTS_PAGE_ROUTES, **AGREEMENTS_API_ROUTES,
                           **EVALUATION_RESULTS_PAGE_ROUTES, **EVALUATION_RESULTS_API_ROUTES,
                           **LEARNING_PAGE_ROUTES, **LEARNING_API_ROUTES,
                           **SCORECARD_PAGE_ROUTES, **SCORECARD_API_ROUTES,
                           **EVALUATION_PAGE_ROUTES, **EVALUATION_API_ROUTES,
                           **SETTLEMENT_PAGE_ROUTES, **SETTLEMENT_API_ROUTES,
                           **PLANS_PAGE_ROUTES, **PLANS_API_ROUTES,
                           **REPORTS_PAGE_ROUTES, **REPORTS_API_ROUTES,
                           **REVIEW_PAGE_ROUTES, **REVIEW_API_ROUTES,
                           **EVALUATION_FEED_PAGE_ROUTES, **EVALUATION_FEED_API_ROUTES}


MATRIX = [
    pytest.param(name, check.key, actor, id=f"{name}[{check.key}]-{actor}")
    for name, route in ROUTES.items()
    for check in route.checks
    for actor in ACTORS
]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_every_route_has_a_matrix_entry() -> None:
    discovered, unnamed, duplicates = discover_routes()
    assert unnamed == [], f"name these URL patterns so the matrix can cover them: {unnamed}"
    # A name shared by two paths hides one of them from reverse() (and from this matrix).
    # (django-ninja names two methods on one path alike; that is one route, not a duplicate.)
    assert duplicates == {}, f"give these routes distinct names (url_name=...): {duplicates}"
    assert set(ROUTES).isdisjoint(EXEMPT)
    missing = discovered - set(ROUTES) - set(EXEMPT)
    stale = (set(ROUTES) | set(EXEMPT)) - discovered
    assert missing == set(), f"routes without an access-matrix entry: {sorted(missing)}"
    assert stale == set(), f"matrix entries for routes that no longer exist: {sorted(stale)}"
    assert discovered == set(ROUTES) | set(EXEMPT)


def test_matrix_size() -> None:
    """Every check of every route is called by every actor, once."""
    checks = [(name, check.key) for name, route in ROUTES.items() for check in route.checks]
    assert len(set(checks)) == len(checks)  # two checks of one route need distinct labels
    assert all(route.checks for route in ROUTES.values())
    called = {(p.values[0], p.values[1], p.values[2]) for p in MATRIX}
    assert called == {(name, key, actor) for name, key in checks for actor in ACTORS}
    assert len(MATRIX) == len(checks) * len(ACTORS)
    for name, route in ROUTES.items():
        for check in route.checks:
            assert check.ok, f"{name}: nobody may {check.key}?"
            assert not (check.ok & check.forbidden), name
            assert check.method in ("get", "post", "put", "patch", "delete"), name


@pytest.fixture
def cache_in_memory(settings: Any) -> None:
    """The matrix's requests cache in memory: the database cache would count as rows written
    by reads that cache what they compute (the dashboard, the PDFs, the health probe)."""
    # The other caches (the header's per-process "local" one) stay as the test settings have them.
    settings.CACHES = {**settings.CACHES,
                       "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "access-matrix"}}
    caches["default"].clear()


@pytest.mark.parametrize(("name", "key", "actor"), MATRIX)
@pytest.mark.usefixtures("cache_in_memory")
def test_access_matrix(client: Client, ctx: Ctx, name: str, key: str, actor: str) -> None:
    route = ROUTES[name]
    check = route.check(key)
    method = check.method
    if route.setup is not None:
        route.setup(ctx)
    url = reverse(name, kwargs=route.kwargs(ctx))
    person = ctx.person(actor)
    if person is not None:
        client.force_login(person)
    outcome = expected(name, check, actor, url)
    body = check.body(ctx) if check.body else None

    before = rows_written()
    response = call(client, name, method, url, body)
    after = rows_written()

    detail = response.content[:600]
    assert response.status_code == outcome.status, detail
    if outcome.status == 302:
        assert outcome.location is not None
        assert response["Location"] == outcome.location(ctx, person)
    if is_api(name):
        assert_api_response(response, outcome.status, check.content_type)
    if outcome.changes:
        assert after > before, "the rightful actor's write wrote nothing"
    else:
        assert after == before, "a refused request (or a read) wrote to the database"


def test_exempt_routes_hold_no_data(client: Client, ctx: Ctx) -> None:
    """The exempt routes are public descriptions of the API, or a fixed 404."""
    world = ctx.world
    docs = client.get(reverse("api_docs"))
    assert docs.status_code == 200
    schema = client.get(reverse("api:openapi-json"))
    assert schema.status_code == 200
    assert schema["API-Version"] == API_VERSION
    for response in (docs, schema):
        text = response.content.decode()
        for secret in ("Alliance A", "Alliance Z", world.founder.email, world.founder.full_name):
            assert secret not in text
    root = client.get(reverse("api:api-root"))
    assert_api_response(root, 404)
    assert root.status_code == 404
