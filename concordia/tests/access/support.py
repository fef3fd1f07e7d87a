"""The access matrix's machinery: route discovery, the actors, the set-up (Ctx), the state
snapshot, how a route is described (Route, Check, Outcome) and what each actor should get."""

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from concordia.access import policy
from concordia.accounts import services as account_services
from concordia.accounts.models import ApiToken, Person
from concordia.actions.models import ActionItem
from concordia.advisor import rules as advisor_rules
from concordia.advisor import services as advisor_services
from concordia.advisor.models import SavedAdvice
from concordia.agreements.models import Agreement, AgreementVersion, MatrixRow, Signature
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import (
    Alliance,
    Document,
    Invitation,
    Membership,
    OrganisationInvitation,
    Partner,
)
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.bodies.models import Body, Seat
from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.decisions.models import Decision, Delegate, Vote
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
    VersionRemark,
)
from concordia.escalations.models import Bottleneck, BottleneckEvent, LadderSettings
from concordia.evaluation.models import AllianceStatement, Response, Round, RoundInvitation
from concordia.journal.models import JournalEntry
from concordia.learning.models import HealthCheck, Lesson, LessonTag, PillarScore
from concordia.meetings.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Correction,
    Meeting,
    Minutes,
    MinutesVersion,
)
from concordia.notifications.models import Notification, NotificationPreference
from concordia.organisations.models import Organisation
from concordia.plans.models import (
    Actual,
    AnnualPlan,
    Deployment,
    DeploymentConfirmation,
    PlanActivity,
    PlanEndorsement,
    PlanObjective,
    PlanVersion,
)
from concordia.reports.models import Reminder, Report, Section
from concordia.scorecard.models import Indicator, Measurement, Target
from concordia.settlement.models import Booking, Confirmation, SettlementModel
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
    "outside_reviewer", "expired_reviewer", "deactivated", "removed", "outsider", "stranger",
    "newcomer",
)
ANONYMOUS_LIKE = frozenset({"anonymous", "deactivated"})  # an inactive person's session is void
PEOPLE = frozenset(ACTORS) - ANONYMOUS_LIKE  # active, logged in
WITH_ORGANISATION = PEOPLE - {"newcomer"}
# outside_reviewer: an external reviewer of no partner (their own organisation is in no
# alliance), whose role ends in a month: gets exactly what the read-only roles get.
MEMBERS = frozenset({"founder", "coordinator_b", "professional_a", "observer_b", "reviewer",
                     "outside_reviewer"})
STEERING = frozenset({"founder", "coordinator_b"})  # key alliance manager, coordinator
WRITERS = frozenset({"founder", "coordinator_b", "professional_a"})
READ_ONLY = frozenset({"observer_b", "reviewer", "outside_reviewer"})


@dataclass
class Ctx:
    """The world plus the objects some routes act on."""

    world: World
    newcomer: Person  # logged in, no organisation yet
    fresh_organisation: Organisation  # registered, in no alliance: can be invited
    pending_partner: Partner  # the stranger's organisation, invited into alliance A
    invitation_token: str  # professional_a invited as board member of partner A
    founder_token: ApiToken
    # "Invited Org", not registered, invited into alliance A; the newcomer is its contact.
    organisation_invitation: OrganisationInvitation
    organisation_invitation_token: str
    observer_membership: Membership
    outside_reviewer: Person  # external reviewer of alliance A for no partner
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
        if actor == "outside_reviewer":
            return self.outside_reviewer
        return getattr(self.world, actor)


def build_ctx(w: World) -> Ctx:
    """The world plus what the matrix's routes act on (the `ctx` fixture)."""
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
    outside_reviewer = PersonFactory(organisation=OrganisationFactory(name="Review Bureau"),
                                     full_name="Outside Reviewer")
    Membership.objects.create(alliance=w.alliance, partner=None, person=outside_reviewer,
                              role=Role.EXTERNAL_REVIEWER, level=Level.STRATEGIC,
                              ends_on=timezone.localdate() + dt.timedelta(days=30))
    return Ctx(
        world=w, newcomer=newcomer, outside_reviewer=outside_reviewer,
        fresh_organisation=OrganisationFactory(name="Fresh Org"),
        pending_partner=pending, invitation_token=raw, founder_token=token,
        organisation_invitation=org_invitation, organisation_invitation_token=org_raw,
        observer_membership=Membership.objects.get(person=w.observer_b, alliance=w.alliance),
        objective=objective, values=values, term=term,
        alliance_advice=alliance_advice, organisation_advice=organisation_advice,
    )


def _snapshot_querysets() -> dict[str, QuerySet[Any]]:
    """Everything a request could change that the matrix cares about."""
    return {
        "alliances": (Alliance.objects.order_by("pk").values_list("pk", "name", "purpose")),
        "organisations": (Organisation.objects.order_by("pk").values_list(
            "pk", "name", "kind", "kvk_number", "oin", "website")),
        "people": (Person.objects.order_by("pk").values_list(
            "pk", "is_active", "organisation_id", "is_organisation_admin", "language")),
        "partners": (Partner.objects.order_by("pk").values_list(
            "pk", "status", "partner_type", "joined_at", "left_at")),
        "memberships": (Membership.objects.order_by("pk").values_list(
            "pk", "role", "revoked_at")),
        "invitations": (Invitation.objects.order_by("pk").values_list(
            "pk", "accepted_at", "withdrawn_at")),
        "organisation_invitations": (OrganisationInvitation.objects.order_by("pk").values_list(
            "pk", "token_hash", "withdrawn_at", "partner_id", "times_sent")),
        "documents": (Document.objects.order_by("pk").values_list("pk", "title")),
        "journal": (JournalEntry.objects.order_by("pk").values_list("pk", "hash")),
        "tokens": (ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        "profiles": (AllianceProfile.objects.order_by("pk").values_list(
            "pk", "version", "origin", "rationales")),
        "interests": (PartnerInterest.objects.order_by("pk").values_list(
            "pk", "own_interest", "shared_interest")),
        "resistances": (ExpectedResistance.objects.order_by("pk").values_list(
            "pk", "source", "note", "mitigation")),
        "statements": (StatementVersion.objects.order_by("pk").values_list(
            "pk", "text", "in_force_since", "withdrawn_at")),
        "remarks": (VersionRemark.objects.order_by("pk").values_list("pk", "text")),
        "endorsements": (Endorsement.objects.order_by("pk").values_list(
            "pk", "withdrawn_at")),
        "terms": (GlossaryTerm.objects.order_by("pk").values_list(
            "pk", "term", "agreed_definition", "version")),
        "definitions": (PartnerDefinition.objects.order_by("pk").values_list(
            "pk", "definition")),
        "stages": (StageAssessment.objects.order_by("pk").values_list("pk")),
        "blocks": (BlockSetting.objects.order_by("pk").values_list(
            "pk", "status", "version", "owner_partner_id", "owner_person_id")),
        "contributions": (ContributionAdjustment.objects.order_by("pk").values_list(
            "pk", "block", "pillar", "strength")),
        "advice": (SavedAdvice.objects.order_by("pk").values_list(
            "pk", "title", "alliance_id", "organisation_id")),
        "bodies": (Body.objects.order_by("pk").values_list(
            "pk", "name", "version", "archived_at", "secretary_id", "chair_person_id")),
        "seats": (Seat.objects.order_by("pk").values_list(
            "pk", "holder_id", "substitute_id", "removed_at")),
        "meetings": (Meeting.objects.order_by("pk").values_list(
            "pk", "starts_at", "status", "sequence", "version", "agenda_published_at")),
        "agenda_items": (AgendaItem.objects.order_by("pk").values_list(
            "pk", "title", "status", "position", "confidential")),
        "attendance": (Attendance.objects.order_by("pk").values_list(
            "pk", "status", "replaced_by_id")),
        "minutes": (Minutes.objects.order_by("pk").values_list(
            "pk", "status", "version", "approved_at")),
        "minutes_versions": (MinutesVersion.objects.order_by("pk").values_list(
            "pk", "summary", "notes")),
        "corrections": (Correction.objects.order_by("pk").values_list("pk", "status")),
        "calendar_feeds": (CalendarFeed.objects.order_by("pk").values_list(
            "pk", "revoked_at")),
        "actions": (ActionItem.objects.order_by("pk").values_list(
            "pk", "title", "status", "version", "due_on")),
        "decisions": (Decision.objects.order_by("pk").values_list(
            "pk", "title", "status", "outcome", "version")),
        "decision_follow_ups": (Decision.follow_up_actions.through.objects.order_by(
            "pk").values_list("pk", "decision_id", "actionitem_id")),
        "votes": (Vote.objects.order_by("pk").values_list("pk", "unit", "choice",
                                                              "current")),
        "delegates": (Delegate.objects.order_by("pk").values_list("pk", "removed_at")),
        "bottlenecks": (Bottleneck.objects.order_by("pk").values_list(
            "pk", "status", "rung", "version", "owner_id", "awaiting_response")),
        "bottleneck_events": (BottleneckEvent.objects.order_by("pk").values_list("pk")),
        "ladders": (LadderSettings.objects.order_by("pk").values_list(
            "pk", "version", "top_rung_enabled", "top_rung_name")),
        "notifications": (Notification.objects.order_by("pk").values_list(
            "pk", "read_at")),
        "preferences": (NotificationPreference.objects.order_by("pk").values_list(
            "pk", "kind", "delivery")),
        "agreements": (Agreement.objects.order_by("pk").values_list(
            "pk", "title", "version", "visibility", "review_on")),
        "agreement_versions": (AgreementVersion.objects.order_by("pk").values_list(
            "pk", "number", "in_force_at")),
        "agreement_signatures": (Signature.objects.order_by("pk").values_list(
            "pk", "withdrawn_at")),
        "matrix_rows": (MatrixRow.objects.order_by("pk").values_list("pk", "task")),
        "health_checks": (HealthCheck.objects.order_by("pk").values_list("pk", "held_on")),
        "pillar_scores": (PillarScore.objects.order_by("pk").values_list(
            "pk", "scorer_id", "pillar", "score", "remark")),
        "lessons": (Lesson.objects.order_by("pk").values_list(
            "pk", "title", "cause", "version", "bottleneck_id", "decision_id")),
        "lesson_tags": (LessonTag.objects.order_by("pk").values_list("pk", "name")),
        "evaluation_statements": (AllianceStatement.objects.order_by("pk").values_list(
            "pk", "key", "retired_at")),
        "evaluation_rounds": (Round.objects.order_by("pk").values_list(
            "pk", "year", "state", "closed_at")),
        "evaluation_invitations": (RoundInvitation.objects.order_by("pk").values_list(
            "pk", "token_hash", "answered", "reminders_sent")),
        "indicators": (Indicator.objects.order_by("pk").values_list(
            "pk", "name", "version", "retired_at")),
        "targets": (Target.objects.order_by("pk").values_list("pk", "from_period", "value")),
        "measurements": (Measurement.objects.order_by("pk").values_list(
            "pk", "period", "value", "version", "current")),
        "settlement_models": (SettlementModel.objects.order_by("pk").values_list(
            "pk", "kind", "starts_on")),
        "bookings": (Booking.objects.order_by("pk").values_list("pk", "amount_cents")),
        "settlement_confirmations": (Confirmation.objects.order_by("pk").values_list(
            "pk", "fingerprint")),
        "annual_plans": AnnualPlan.objects.order_by("pk").values_list("pk", "year"),
        "plan_versions": PlanVersion.objects.order_by("pk").values_list(
            "pk", "revision", "proposed_at", "endorsed_at"),
        "plan_objectives": PlanObjective.objects.order_by("pk").values_list("pk", "title"),
        "plan_activities": PlanActivity.objects.order_by("pk").values_list("pk", "title"),
        "deployments": Deployment.objects.order_by("pk").values_list(
            "pk", "people", "hours", "fte_hundredths", "money_cents"),
        "deployment_confirmations": DeploymentConfirmation.objects.order_by("pk").values_list(
            "pk", "dropped_at"),
        "plan_endorsements": PlanEndorsement.objects.order_by("pk").values_list("pk"),
        "plan_actuals": Actual.objects.order_by("pk").values_list("pk", "hours", "progress"),
        "evaluation_responses": Response.objects.order_by("pk").values_list("pk"),
        "reports": Report.objects.order_by("pk").values_list(
            "pk", "version", "overall", "approved_at"),
        "report_sections": Section.objects.order_by("pk").values_list(
            "pk", "version", "progress", "submitted_at"),
        "report_reminders": Reminder.objects.order_by("pk").values_list("pk"),
    }


@functools.cache
def _snapshot_sql() -> dict[str, tuple[str, tuple[Any, ...]]]:
    """The snapshot's queries, compiled once per process: the matrix takes two snapshots per
    request, and compiling some forty querysets each time cost as much as the request."""
    return {name: queryset.query.sql_with_params()
            for name, queryset in _snapshot_querysets().items()}


def rows_written() -> int:
    """How many rows this database connection has inserted, updated or deleted so far, in any
    table (rolled-back writes included). The matrix compares it before and after a request: a
    refused request or a read writes no row at all, a rightful write at least one. It is one
    cheap query, and it misses no table, unlike comparing the contents of chosen tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Counts of the current transaction, its open savepoints included.
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                           " FROM pg_stat_xact_user_tables")
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def snapshot() -> dict[str, Any]:
    """The rows of `_snapshot_querysets`, as the database returns them."""
    with connection.cursor() as cursor:
        rows = {}
        for name, (sql, params) in _snapshot_sql().items():
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    return rows


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

    method: str  # "get", "post", "put", "patch" or "delete"
    ok: frozenset[str]
    ok_status: int = 200
    writes: bool = False
    forbidden: frozenset[str] = frozenset()  # see the object, may not act: 403
    body: Callable[[Ctx], dict[str, Any]] | None = None
    ok_location: Location | None = None
    special: Mapping[str, Outcome] = field(default_factory=dict)  # per-actor exceptions
    label: str = ""  # tells apart two checks with one method (two forms on one page)
    content_type: str = "application/json; charset=utf-8"  # of an API answer that succeeds

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
        send = {"put": client.put, "patch": client.patch}.get(method, client.post)
        return send(url, data=json.dumps(body or {}), content_type="application/json",
                    headers=headers)
    return client.post(url, data=body or {}, headers=headers)


def assert_api_response(response: Any, status: int,
                        content_type: str = "application/json; charset=utf-8") -> None:
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
        assert response["Content-Type"] == content_type


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}
