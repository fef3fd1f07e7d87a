"""The access matrix, generated from the URL configuration and the API routes.

Every named URL of Concordia's own apps (HTML pages and API operations) has an entry in
``ROUTES``: how to call it, with which body, and who may. Each entry is called by every actor
of the test world (plus a newcomer without an organisation and an anonymous visitor):

- the rightful actors succeed (and, for writes, the state changes);
- anonymous visitors and deactivated people are sent to the log-in (pages) or get 401 (API);
- people who can see the object but whose role does not allow the action get 403;
- everybody else gets 404: the object is out of their reach;
- every refusal leaves the state (``snapshot()``) exactly as it was.

A route that is added without an entry here (or listed as exempt) fails
``test_every_route_has_a_matrix_entry``.
"""

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from concordia.access import policy
from concordia.accounts import services as account_services
from concordia.accounts.models import ApiToken, Person
from concordia.advisor import rules as advisor_rules
from concordia.advisor import services as advisor_services
from concordia.advisor.forms import answers_as_form_data
from concordia.advisor.models import SavedAdvice
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerStatus, PartnerType, Role
from concordia.alliances.models import Alliance, Document, Invitation, Membership, Partner
from concordia.blocks import services as blocks_services
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StatementVersion,
)
from concordia.design.stage_rules import QUESTIONS
from concordia.journal.models import JournalEntry
from concordia.organisations.models import Organisation
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    World,
    give_role,
)

# --------------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------------

# Routes deliberately outside the matrix, each with its reason.
EXEMPT: dict[str, str] = {
    "api_docs": "public read of the API description; holds no alliance data "
                "(test_exempt_routes_hold_no_data)",
    "api:openapi-json": "public read of the OpenAPI document; holds no alliance data "
                        "(test_exempt_routes_hold_no_data)",
    "api:api-root": "django-ninja's root marker; always answers 404 "
                    "(test_exempt_routes_hold_no_data)",
}
if settings.BENCH_FLOOR:  # only exists when the benchmark switches it on
    EXEMPT["bench_floor"] = "benchmark floor: one public read of a single alliance name"


def _is_allauth(resolver: URLResolver) -> bool:
    """allauth's own URLs (log-in, sign-up, MFA...) are tested by allauth."""
    module = resolver.urlconf_module
    return getattr(module, "__name__", "").startswith("allauth")


def discover_routes() -> tuple[set[str], list[str], dict[str, list[str]]]:
    """Every named URL pattern of Concordia's apps, as reverse() names; any unnamed ones; and
    names given to more than one route (reverse() reaches only one of those)."""
    names: set[str] = set()
    unnamed: list[str] = []
    routes_by_name: dict[str, list[str]] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if _is_allauth(pattern):
                    continue
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, route, ns)
            else:
                assert isinstance(pattern, URLPattern)
                if pattern.name is None:
                    unnamed.append(route)
                else:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    names.add(name)
                    routes_by_name.setdefault(name, []).append(route)

    walk(get_resolver(), "", "")
    duplicates = {name: routes for name, routes in routes_by_name.items()
                  if len(set(routes)) > 1}
    return names, unnamed, duplicates


# --------------------------------------------------------------------------------------------
# The world of actors
# --------------------------------------------------------------------------------------------

ACTORS = (
    "anonymous", "founder", "coordinator_b", "professional_a", "observer_b", "reviewer",
    "expired_reviewer", "deactivated", "removed", "outsider", "stranger", "newcomer",
)
ANONYMOUS_LIKE = frozenset({"anonymous", "deactivated"})  # an inactive person's session is void
PEOPLE = frozenset(ACTORS) - ANONYMOUS_LIKE  # active, logged in
WITH_ORGANISATION = PEOPLE - {"newcomer"}
MEMBERS = frozenset({"founder", "coordinator_b", "professional_a", "observer_b", "reviewer"})
STEERING = frozenset({"founder", "coordinator_b"})  # key alliance manager, coordinator
WRITERS = frozenset({"founder", "coordinator_b", "professional_a"})
READ_ONLY = frozenset({"observer_b", "reviewer"})


@dataclass
class Ctx:
    """The world plus the objects some routes act on."""

    world: World
    newcomer: Person  # logged in, no organisation yet
    fresh_organisation: Organisation  # registered, in no alliance: can be invited
    pending_partner: Partner  # the stranger's organisation, invited into alliance A
    invitation_token: str  # professional_a invited as board member of partner A
    founder_token: ApiToken
    observer_membership: Membership
    objective: StatementVersion  # version 1 of alliance A's objective
    values: StatementVersion  # version 1 of alliance A's values statement
    term: GlossaryTerm  # a term in alliance A's glossary, no definitions yet
    alliance_advice: SavedAdvice  # form advice kept with alliance A
    organisation_advice: SavedAdvice  # form advice kept with organisation A

    def person(self, actor: str) -> Person | None:
        if actor == "anonymous":
            return None
        if actor == "newcomer":
            return self.newcomer
        return getattr(self.world, actor)


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
        observer_membership=Membership.objects.get(person=w.observer_b, alliance=w.alliance),
        objective=objective, values=values, term=term,
        alliance_advice=alliance_advice, organisation_advice=organisation_advice,
    )


def snapshot() -> dict[str, Any]:
    """Everything a request could change that the matrix cares about."""
    return {
        "alliances": list(Alliance.objects.order_by("pk").values_list("pk", "name", "purpose")),
        "organisations": list(Organisation.objects.order_by("pk").values_list(
            "pk", "name", "kind", "kvk_number", "oin", "website")),
        "people": list(Person.objects.order_by("pk").values_list(
            "pk", "is_active", "organisation_id", "is_organisation_admin", "language")),
        "partners": list(Partner.objects.order_by("pk").values_list(
            "pk", "status", "partner_type", "joined_at", "left_at")),
        "memberships": list(Membership.objects.order_by("pk").values_list(
            "pk", "role", "revoked_at")),
        "invitations": list(Invitation.objects.order_by("pk").values_list(
            "pk", "accepted_at", "withdrawn_at")),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "title")),
        "journal": list(JournalEntry.objects.order_by("pk").values_list("pk", "hash")),
        "tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        "profiles": list(AllianceProfile.objects.order_by("pk").values_list(
            "pk", "version", "origin", "rationales")),
        "interests": list(PartnerInterest.objects.order_by("pk").values_list(
            "pk", "own_interest", "shared_interest")),
        "resistances": list(ExpectedResistance.objects.order_by("pk").values_list(
            "pk", "source", "note", "mitigation")),
        "statements": list(StatementVersion.objects.order_by("pk").values_list("pk", "text")),
        "endorsements": list(Endorsement.objects.order_by("pk").values_list(
            "pk", "withdrawn_at")),
        "terms": list(GlossaryTerm.objects.order_by("pk").values_list(
            "pk", "term", "agreed_definition", "version")),
        "definitions": list(PartnerDefinition.objects.order_by("pk").values_list(
            "pk", "definition")),
        "stages": list(StageAssessment.objects.order_by("pk").values_list("pk")),
        "blocks": list(BlockSetting.objects.order_by("pk").values_list(
            "pk", "status", "version", "owner_partner_id", "owner_person_id")),
        "contributions": list(ContributionAdjustment.objects.order_by("pk").values_list(
            "pk", "block", "pillar", "strength")),
        "advice": list(SavedAdvice.objects.order_by("pk").values_list(
            "pk", "title", "alliance_id", "organisation_id")),
    }


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------

Location = Callable[[Ctx, Person | None], str]


@dataclass(frozen=True)
class Outcome:
    status: int
    changes: bool = False  # whether the state snapshot must differ afterwards
    location: Location | None = None  # exact redirect target, when status is 302


@dataclass(frozen=True)
class Check:
    """One way to call a route, and who may."""

    method: str  # "get", "post", "put" or "delete"
    ok: frozenset[str]
    ok_status: int = 200
    writes: bool = False
    forbidden: frozenset[str] = frozenset()  # see the object, may not act: 403
    body: Callable[[Ctx], dict[str, Any]] | None = None
    ok_location: Location | None = None
    special: Mapping[str, Outcome] = field(default_factory=dict)  # per-actor exceptions
    label: str = ""  # tells apart two checks with one method (two forms on one page)

    @property
    def key(self) -> str:
        return f"{self.method}:{self.label}" if self.label else self.method


@dataclass(frozen=True)
class Route:
    kwargs: Callable[[Ctx], dict[str, Any]]
    checks: tuple[Check, ...]
    setup: Callable[[Ctx], Any] | None = None  # prepares the object the route acts on

    def check(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)


def no_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {}


def alliance_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk}


def api_alliance_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk}


def to(name: str, **kwargs: Callable[[Ctx], Any]) -> Location:
    """A redirect target: reverse(name) with kwargs computed from the context."""
    return lambda ctx, person: reverse(name, kwargs={k: f(ctx) for k, f in kwargs.items()})


def own_organisation(ctx: Ctx, person: Person | None) -> str:
    assert person is not None
    return reverse("organisation_detail", kwargs={"pk": person.organisation_id})


def newest_alliance(ctx: Ctx, person: Person | None) -> str:
    return reverse("alliance_dashboard", kwargs={"pk": Alliance.objects.latest("pk").pk})


A = lambda ctx: ctx.world.alliance.pk  # noqa: E731
ORG_A = lambda ctx: ctx.world.founder.organisation_id  # noqa: E731


def organisation_form(ctx: Ctx) -> dict[str, Any]:
    return {"name": "Renamed Org A", "kind": "company", "kvk_number": "12345678", "oin": "",
            "website": "https://a.example.org"}


def invitation_form(ctx: Ctx) -> dict[str, Any]:
    return {"partner": ctx.world.partner_b.pk, "email": "new.person@example.org",
            "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL, "ends_on": ""}


def refused_for(actors: frozenset[str], status: int) -> dict[str, Outcome]:
    return {actor: Outcome(status) for actor in actors}


PAGE_ROUTES: dict[str, Route] = {
    # For load balancers: public, holds no data (test_health.py).
    "health": Route(no_kwargs, (Check("get", ok=frozenset(ACTORS)),)),
    "home": Route(no_kwargs, (
        Check("get", ok=WITH_ORGANISATION,
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
              body=lambda ctx: {"organisation": ctx.fresh_organisation.pk,
                                "partner_type": PartnerType.CORE},
              ok_location=to("alliance_dashboard", pk=A)),
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
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=invitation_form, ok_location=to("membership_list", pk=A)),
    )),
    "membership_revoke": Route(lambda ctx: {"pk": ctx.world.alliance.pk,
                                            "membership_pk": ctx.observer_membership.pk}, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              ok_location=to("membership_list", pk=A)),
    )),
    "journal_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
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
    "stage_page": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"assessed_on": "2024-06-01", "note": "",
                                **{f"q_{q.key}": 2 for q in QUESTIONS}},
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
        # The steering roles record the definition everybody agreed on.
        Check("post", label="agreed", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302,
              writes=True,
              body=lambda ctx: {"save_agreed": "1", "agreed-agreed_definition": "Shared",
                                "agreed-version": ctx.term.version},
              ok_location=lambda ctx, person: reverse("glossary_term", kwargs={
                  "pk": ctx.world.alliance.pk, "term_pk": ctx.term.pk})),
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
    "api:leave_alliance": Route(lambda ctx: {"alliance_id": ctx.world.alliance.pk,
                                             "partner_id": ctx.world.partner_b.pk}, (
        Check("post", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              writes=True),
    )),
    "api:list_memberships": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:revoke_membership": Route(lambda ctx: {"alliance_id": ctx.world.alliance.pk,
                                                "membership_id": ctx.observer_membership.pk}, (
        Check("delete", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=204, writes=True),
    )),
    "api:list_invitations": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:create_invitation": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
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
    "api:list_partner_invitations": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "api:answer_partner_invitation": Route(lambda ctx: {"partner_id": ctx.pending_partner.pk}, (
        Check("post", ok=frozenset({"stranger"}), writes=True, body=lambda ctx: {"accept": True}),
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
    "api:create_stage_assessment": Route(api_alliance_a, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
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
    "api:put_agreed_definition": Route(api_term, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"agreed_definition": "Shared", "version": ctx.term.version}),
    )),
}

# The management model (handbook): reference data, readable by every logged-in person.
MODEL_PAGE_ROUTES: dict[str, Route] = {
    "handbook_index": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "handbook_kind": Route(lambda ctx: {"kind": "pillars"}, (Check("get", ok=PEOPLE),)),
    "handbook_pillar": Route(lambda ctx: {"key": "trust"}, (Check("get", ok=PEOPLE),)),
    "handbook_building_block": Route(lambda ctx: {"key": "board"}, (Check("get", ok=PEOPLE),)),
    "handbook_dimension": Route(lambda ctx: {"key": "cultural"}, (Check("get", ok=PEOPLE),)),
}
MODEL_API_ROUTES: dict[str, Route] = {
    **{f"api:{name}": Route(no_kwargs, (Check("get", ok=PEOPLE),)) for name in (
        "get_model", "list_model_pillars", "list_model_building_blocks", "list_model_dimensions",
        "list_model_collaboration_forms", "list_model_stages", "list_model_escalation_rungs",
        "list_model_rationales", "list_model_resistances", "list_model_features",
        "list_model_concepts")},
    "api:get_model_pillar": Route(lambda ctx: {"key": "trust"}, (Check("get", ok=PEOPLE),)),
    "api:get_model_building_block": Route(lambda ctx: {"key": "board"},
                                          (Check("get", ok=PEOPLE),)),
}

# The collaboration-form advisor: advice for anyone logged in; saved advice with an alliance
# (live roles read, writers save) or with an organisation (its own people only).
ORG_A_PEOPLE = frozenset({"founder", "professional_a"})  # deactivated is anonymous-like


def advisor_form(ctx: Ctx) -> dict[str, Any]:
    return answers_as_form_data(advisor_rules.WAGE_TAX_CASE)


def newest_advice(ctx: Ctx, person: Person | None) -> str:
    return reverse("alliance_advice_detail",
                   kwargs={"pk": ctx.world.alliance.pk,
                           "advice_pk": SavedAdvice.objects.latest("pk").pk})


def api_organisation_a(ctx: Ctx) -> dict[str, Any]:
    return {"organisation_id": ctx.world.founder.organisation_id}


ADVISOR_PAGE_ROUTES: dict[str, Route] = {
    "advisor": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=PEOPLE, body=advisor_form),  # shows advice, saves nothing
    )),
    "advice_save": Route(no_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=lambda ctx: {**advisor_form(ctx), "title": "Matrix",
                                "destination": f"alliance-{ctx.world.alliance.pk}"},
              ok_location=newest_advice),
    )),
    "alliance_advice_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "alliance_advice_detail": Route(
        lambda ctx: {"pk": ctx.world.alliance.pk, "advice_pk": ctx.alliance_advice.pk},
        (Check("get", ok=MEMBERS),)),
    "organisation_advice_list": Route(lambda ctx: {"pk": ctx.world.founder.organisation_id},
                                      (Check("get", ok=ORG_A_PEOPLE),)),
    "organisation_advice_detail": Route(
        lambda ctx: {"pk": ctx.world.founder.organisation_id,
                     "advice_pk": ctx.organisation_advice.pk},
        (Check("get", ok=ORG_A_PEOPLE),)),
}
ADVISOR_API_ROUTES: dict[str, Route] = {
    "api:advise_collaboration_form": Route(no_kwargs, (
        Check("post", ok=PEOPLE, body=lambda ctx: advisor_rules.WAGE_TAX_CASE.as_dict()),
    )),
    "api:list_alliance_form_advice": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:save_alliance_form_advice": Route(api_alliance_a, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=lambda ctx: {"answers": advisor_rules.WAGE_TAX_CASE.as_dict()}),
    )),
    "api:get_alliance_form_advice": Route(
        lambda ctx: {"alliance_id": ctx.world.alliance.pk, "advice_id": ctx.alliance_advice.pk},
        (Check("get", ok=MEMBERS),)),
    "api:list_organisation_form_advice": Route(api_organisation_a,
                                               (Check("get", ok=ORG_A_PEOPLE),)),
    "api:save_organisation_form_advice": Route(api_organisation_a, (
        Check("post", ok=ORG_A_PEOPLE, ok_status=201, writes=True,
              body=lambda ctx: {"answers": advisor_rules.WAGE_TAX_CASE.as_dict()}),
    )),
    "api:get_organisation_form_advice": Route(
        lambda ctx: {"organisation_id": ctx.world.founder.organisation_id,
                     "advice_id": ctx.organisation_advice.pk},
        (Check("get", ok=ORG_A_PEOPLE),)),
}

# The building-block designer: every member reads; the steering roles decide.
BLOCK, PILLAR = "board", "trust"  # by default the board does not carry trust


def block_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "block": BLOCK}


def api_block_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "block": BLOCK}


def api_cell_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "block": BLOCK, "pillar": PILLAR}


def cell_adjusted(ctx: Ctx) -> Any:
    """Set-up: the founder has adjusted the cell (so it can be reset)."""
    return blocks_services.contribution_adjust(
        actor=ctx.world.founder, alliance=ctx.world.alliance, block=BLOCK, pillar=PILLAR,
        strength="dominant", reason="Set-up")


BLOCK_PAGE_ROUTES: dict[str, Route] = {
    "block_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "block_edit": Route(block_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"status": "in_place", "owner": "", "description": "",
                                "evidence_url": "", "version": 0},
              ok_location=lambda ctx, person: reverse(
                  "block_list", kwargs={"pk": ctx.world.alliance.pk}) + f"#block-{BLOCK}"),
    )),
    "block_coverage": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "block_matrix": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"action": "adjust", "block": BLOCK, "pillar": PILLAR,
                                "strength": "dominant", "reason": "We rely on it",
                                "expected_strength": ""},
              ok_location=to("block_matrix", pk=A)),
    )),
}
BLOCK_API_ROUTES: dict[str, Route] = {
    "api:list_building_blocks": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_building_block": Route(api_block_a, (Check("get", ok=MEMBERS),)),
    "api:put_building_block": Route(api_block_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"status": "in_place", "version": 0}),
    )),
    "api:list_contributions": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:adjust_contribution": Route(api_cell_a, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"strength": "dominant", "reason": "We rely on it"}),
    )),
    "api:reset_contribution": Route(api_cell_a, (
        Check("delete", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=204, writes=True),
    ), setup=cell_adjusted),
    "api:get_coverage": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:get_contingency_advice": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
}

ROUTES: dict[str, Route] = {**PAGE_ROUTES, **API_ROUTES, **DESIGN_API_ROUTES,
                           **BLOCK_PAGE_ROUTES, **BLOCK_API_ROUTES,
                           **MODEL_PAGE_ROUTES, **MODEL_API_ROUTES,
                           **ADVISOR_PAGE_ROUTES, **ADVISOR_API_ROUTES}


def is_api(name: str) -> bool:
    return name.startswith("api:")


def expected(name: str, check: Check, actor: str, url: str) -> Outcome:
    if actor in check.special:
        return check.special[actor]
    if actor in check.ok:
        return Outcome(check.ok_status, changes=check.writes, location=check.ok_location)
    if actor in ANONYMOUS_LIKE:
        if is_api(name):
            return Outcome(401)
        return Outcome(302, location=lambda ctx, person: redirect_to_login(url)["Location"])
    if actor in check.forbidden:
        return Outcome(403)
    return Outcome(404)


MATRIX = [
    pytest.param(name, check.key, actor, id=f"{name}[{check.key}]-{actor}")
    for name, route in ROUTES.items()
    for check in route.checks
    for actor in ACTORS
]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def call(client: Client, name: str, method: str, url: str, body: dict[str, Any] | None,
         **headers: str) -> Any:
    if method == "get":
        return client.get(url, headers=headers)
    if method == "delete":
        return client.delete(url, headers=headers)
    if is_api(name):
        send = client.put if method == "put" else client.post
        return send(url, data=json.dumps(body or {}), content_type="application/json",
                    headers=headers)
    return client.post(url, data=body or {}, headers=headers)


def assert_api_response(response: Any, status: int) -> None:
    assert response["API-Version"] == API_VERSION
    if status >= 400:
        assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
        problem = response.json()
        if status == 400:  # invalid input names the offending parameters
            assert set(problem) == PROBLEM_KEYS | {"invalidParams"}, problem
            assert problem["invalidParams"]
        else:
            assert set(problem) == PROBLEM_KEYS, problem
        assert problem["status"] == status
        assert isinstance(problem["title"], str)
        assert problem["title"]
        assert isinstance(problem["detail"], str)
        assert problem["detail"]
        if status == 401:
            assert response["WWW-Authenticate"] == 'Bearer realm="concordia"'
    elif status != 204:
        assert response["Content-Type"] == "application/json; charset=utf-8"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


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
            assert check.method in ("get", "post", "put", "delete"), name


@pytest.mark.parametrize(("name", "key", "actor"), MATRIX)
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

    before = snapshot()
    response = call(client, name, method, url, body)
    after = snapshot()

    detail = response.content[:600]
    assert response.status_code == outcome.status, detail
    if outcome.status == 302:
        assert outcome.location is not None
        assert response["Location"] == outcome.location(ctx, person)
    if is_api(name):
        assert_api_response(response, outcome.status)
    if outcome.changes:
        assert after != before, "the rightful actor's write changed nothing"
    else:
        assert after == before, "a refused request (or a read) changed the state"


def test_exempt_routes_hold_no_data(client: Client, world: World) -> None:
    """The exempt routes are public descriptions of the API, or a fixed 404."""
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


# --- personal bearer tokens -----------------------------------------------------------------


def test_bearer_token_reads_and_writes_without_session_or_csrf(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.founder, name="script", days=7)
    client = Client(enforce_csrf_checks=True)  # a script has no session and no CSRF cookie

    listed = client.get(reverse("api:list_alliances"), headers=bearer(raw))
    assert listed.status_code == 200
    assert_api_response(listed, 200)
    assert [a["name"] for a in listed.json()["results"]] == ["Alliance A"]

    documents_before = Document.objects.count()
    created = call(client, "api:add_document", "post",
                   reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                   {"title": "Scripted", "visibility": "alliance"}, **bearer(raw))
    assert created.status_code == 201, created.content
    assert_api_response(created, 201)
    assert Document.objects.count() == documents_before + 1
    document = Document.objects.get(pk=created.json()["id"])
    assert (document.title, document.created_by_id, document.owner_partner_id) == (
        "Scripted", world.founder.pk, world.partner_a.pk)


def test_bearer_token_of_another_alliance_gets_404(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.outsider, name="script", days=7)
    client = Client()
    before = snapshot()
    for name in ("api:get_alliance", "api:list_documents", "api:list_journal_entries"):
        response = client.get(reverse(name, kwargs={"alliance_id": world.alliance.pk}),
                              headers=bearer(raw))
        assert response.status_code == 404
        assert_api_response(response, 404)
    response = call(client, "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Intrusion"}, **bearer(raw))
    assert response.status_code == 404
    assert_api_response(response, 404)
    assert snapshot() == before


def test_bearer_token_of_read_only_role_gets_403(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.observer_b, name="s", days=7)
    before = snapshot()
    response = call(Client(), "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Not mine to write"}, **bearer(raw))
    assert response.status_code == 403
    assert_api_response(response, 403)
    assert snapshot() == before


@pytest.mark.parametrize("how", ["revoked", "expired", "person_deactivated", "unknown", "empty"])
def test_unusable_bearer_token_gets_401(world: World, how: str) -> None:
    token, raw = account_services.api_token_create(actor=world.founder, name="script", days=7)
    if how == "revoked":
        account_services.api_token_revoke(actor=world.founder, token=token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif how == "person_deactivated":
        Person.objects.filter(pk=world.founder.pk).update(is_active=False)
    elif how == "unknown":
        raw = raw[:-4] + "abcd" if not raw.endswith("abcd") else raw[:-4] + "wxyz"
    else:
        raw = ""
    client = Client()
    before = snapshot()
    read = client.get(reverse("api:list_alliances"), headers=bearer(raw))
    write = call(client, "api:add_document", "post",
                 reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                 {"title": "With a dead token"}, **bearer(raw))
    for response in (read, write):
        assert response.status_code == 401
        assert_api_response(response, 401)
    assert snapshot() == before
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None


def test_session_write_without_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.founder)
    before = snapshot()
    response = call(client, "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Forged"})
    assert response.status_code == 403
    assert_api_response(response, 403)
    assert snapshot() == before


def test_unknown_api_path_and_wrong_method_are_problems(client: Client, world: World) -> None:
    client.force_login(world.founder)
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert_api_response(missing, 404)
    wrong = client.put(reverse("api:list_alliances"), data="{}", content_type="application/json")
    assert wrong.status_code == 405
    assert_api_response(wrong, 405)


def test_partner_left_loses_access_to_alliance_also_by_token(world: World) -> None:
    """The removed partner's former coordinator keeps an API token but not the alliance."""
    assert Partner.objects.get(alliance=world.alliance,
                               organisation=world.removed.organisation).status == PartnerStatus.LEFT
    _token, raw = account_services.api_token_create(actor=world.removed, name="s", days=7)
    response = Client().get(reverse("api:get_alliance", kwargs={"alliance_id": world.alliance.pk}),
                            headers=bearer(raw))
    assert response.status_code == 404
    assert_api_response(response, 404)
