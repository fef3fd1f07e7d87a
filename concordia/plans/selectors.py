"""Every read of the annual plan, scoped by the policy: everyone with a role in the alliance
reads every plan, version, deployment, confirmation and actual; another alliance's are 404.
The plan page's data is gathered in a fixed number of queries whatever the number of
objectives, activities and partners."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Membership, Partner

from . import rules
from .choices import VersionStatus
from .models import (
    Actual,
    AnnualPlan,
    Deployment,
    DeploymentConfirmation,
    PlanActivity,
    PlanEndorsement,
    PlanObjective,
    PlanVersion,
)
from .services import active_partner_ids, strategic_body, version_state


def _reader(user: Any, alliance: Alliance) -> None:
    policy.alliance_or_404(user, alliance.pk)
    if not policy.can(user, "alliance.view_plan", alliance):
        raise Http404


def plan_list(*, user: Any, alliance: Alliance) -> list[AnnualPlan]:
    """The alliance's plans, newest year first."""
    _reader(user, alliance)
    return list(AnnualPlan.objects.filter(alliance=alliance).order_by("-year"))


def plan_queryset(*, user: Any, alliance: Alliance) -> QuerySet[AnnualPlan]:
    """The alliance's plans as a queryset (for paging), newest year first."""
    _reader(user, alliance)
    return AnnualPlan.objects.filter(alliance=alliance).order_by("-year")


def plan_get(*, user: Any, alliance: Alliance, year: int) -> AnnualPlan:
    _reader(user, alliance)
    plan = AnnualPlan.objects.filter(alliance=alliance, year=year).select_related(
        "alliance").first()
    if plan is None:
        raise Http404
    return plan


@dataclass(frozen=True)
class VersionRow:
    version: PlanVersion
    status: VersionStatus

    def get_status_display(self) -> str:
        return str(self.status.label)


def version_list(*, user: Any, plan: AnnualPlan) -> list[VersionRow]:
    """Every version of a year's plan, newest first, with its status and reason."""
    _reader(user, plan.alliance)
    versions = list(PlanVersion.objects.filter(plan=plan)
                    .select_related("decision", "created_by").order_by("-number"))
    statuses = rules.version_statuses([version_state(v) for v in versions])
    return [VersionRow(v, statuses[v.number]) for v in versions]


def version_get(*, user: Any, plan: AnnualPlan, number: int) -> VersionRow:
    for row in version_list(user=user, plan=plan):
        if row.version.number == number:
            return row
    raise Http404


def objective_get(*, user: Any, alliance: Alliance, pk: int) -> PlanObjective:
    _reader(user, alliance)
    objective = (PlanObjective.objects.filter(version__plan__alliance=alliance, pk=pk)
                 .select_related("version__plan__alliance").first())
    if objective is None:
        raise Http404
    return objective


def activity_get(*, user: Any, alliance: Alliance, pk: int) -> PlanActivity:
    _reader(user, alliance)
    activity = (PlanActivity.objects.filter(objective__version__plan__alliance=alliance, pk=pk)
                .select_related("objective__version__plan__alliance", "owner_partner",
                                "owner_person").first())
    if activity is None:
        raise Http404
    return activity


def partner_get(*, user: Any, alliance: Alliance, pk: int) -> Partner:
    _reader(user, alliance)
    partner = (Partner.objects.filter(alliance=alliance, pk=pk)
               .select_related("organisation").first())
    if partner is None:
        raise Http404
    return partner


def active_partners(*, user: Any, alliance: Alliance) -> list[Partner]:
    _reader(user, alliance)
    return list(Partner.objects.filter(alliance=alliance, status="active")
                .select_related("organisation").order_by("organisation__name", "pk"))


def people_options(*, user: Any, alliance: Alliance) -> list[Person]:
    """The people with a live role in the alliance: who may own an activity."""
    _reader(user, alliance)
    live = Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
    return list(Person.objects.filter(pk__in=live.values("person_id"))
                .order_by("full_name", "pk"))


def deployments_of(*, user: Any, activity: PlanActivity, partner: Partner) -> dict[str,
                                                                                    Deployment]:
    _reader(user, activity.objective.version.plan.alliance)
    return {d.level: d for d in Deployment.objects.filter(activity=activity, partner=partner)}


def actual_of(*, user: Any, plan: AnnualPlan, activity_key: uuid.UUID,
              partner: Partner) -> Actual | None:
    _reader(user, plan.alliance)
    return Actual.objects.filter(plan=plan, activity_key=activity_key, partner=partner).first()


@dataclass
class ActivityView:
    activity: PlanActivity
    deployments: list[Deployment]
    comparison: rules.ActivityComparison
    partner_rows: list[tuple[Partner, rules.Comparison]]


@dataclass
class ObjectiveView:
    objective: PlanObjective
    activities: list[ActivityView] = field(default_factory=list)


@dataclass
class PartnerTotal:
    partner: Partner
    comparison: rules.Comparison
    confirmation: DeploymentConfirmation | None
    endorsement: PlanEndorsement | None


@dataclass
class PlanPage:
    plan: AnnualPlan
    row: VersionRow
    objectives: list[ObjectiveView]
    partners: list[PartnerTotal]
    overall: rules.Comparison
    has_board: bool

    @property
    def version(self) -> PlanVersion:
        return self.row.version

    @property
    def all_confirmed(self) -> bool:
        return all(p.confirmation is not None for p in self.partners)

    @property
    def endorsed(self) -> int:
        return sum(1 for p in self.partners if p.endorsement is not None)


def _effort(row: Deployment | Actual) -> rules.Effort:
    return rules.Effort(row.people, row.hours, row.fte_hundredths, row.money_cents)


def plan_page(*, user: Any, plan: AnnualPlan, row: VersionRow) -> PlanPage:
    """A version with its objectives, activities, every partner's deployment per level, the
    confirmations and endorsements, and plan vs actual per activity and per partner (actuals
    of the year's plan, by activity key)."""
    alliance = plan.alliance
    _reader(user, alliance)
    version = row.version
    objectives = list(PlanObjective.objects.filter(version=version)
                      .select_related("statement").order_by("position", "pk"))
    activities = list(PlanActivity.objects.filter(objective__version=version)
                      .select_related("owner_partner__organisation", "owner_person")
                      .order_by("starts_on", "pk"))
    deployments = list(Deployment.objects.filter(activity__objective__version=version)
                       .select_related("partner__organisation")
                       .order_by("partner__organisation__name", "partner_id", "level"))
    actuals = list(Actual.objects.filter(plan=plan))
    partner_ids = active_partner_ids(alliance.pk)
    partners = {p.pk: p for p in Partner.objects.filter(
        pk__in={*partner_ids, *(d.partner_id for d in deployments),
                *(a.partner_id for a in actuals)}).select_related("organisation")}
    confirmations = {c.partner_id: c for c in DeploymentConfirmation.objects.filter(
        version=version, dropped_at__isnull=True).select_related("confirmed_by")}
    endorsements = {e.partner_id: e for e in PlanEndorsement.objects.filter(
        version=version).select_related("endorsed_by")}
    keys = {a.pk: str(a.key) for a in activities}
    planned: dict[tuple[rules.Key, rules.Key], list[rules.Effort]] = {}
    by_activity: dict[int, list[Deployment]] = {}
    for d in deployments:
        planned.setdefault((keys[d.activity_id], d.partner_id), []).append(_effort(d))
        by_activity.setdefault(d.activity_id, []).append(d)
    in_plan = set(keys.values())
    actual: dict[tuple[rules.Key, rules.Key], rules.Effort] = {
        (str(a.activity_key), a.partner_id): _effort(a) for a in actuals
        if str(a.activity_key) in in_plan}
    progress: dict[tuple[rules.Key, rules.Key], int] = {
        (str(a.activity_key), a.partner_id): a.progress for a in actuals
        if str(a.activity_key) in in_plan}
    comparisons = {c.activity: c for c in rules.plan_vs_actual(
        planned, actual, progress, [keys[a.pk] for a in activities])}
    views = {o.pk: ObjectiveView(o) for o in objectives}
    for activity in activities:
        comparison = comparisons[keys[activity.pk]]
        views[activity.objective_id].activities.append(ActivityView(
            activity, by_activity.get(activity.pk, []), comparison,
            [(partners[int(p)], c) for p, c in comparison.per_partner.items()]))
    totals = []
    for pk in sorted(partners, key=lambda p: (str(partners[p].organisation), p)):
        if pk not in partner_ids and not any(pk in c.per_partner
                                             for c in comparisons.values()):
            continue
        per = [c.per_partner[pk] for c in comparisons.values() if pk in c.per_partner]
        totals.append(PartnerTotal(partners[pk], rules.Comparison(
            rules.total(c.planned for c in per), rules.total(c.actual for c in per)),
            confirmations.get(pk), endorsements.get(pk)))
    overall = rules.Comparison(rules.total(c.overall.planned for c in comparisons.values()),
                               rules.total(c.overall.actual for c in comparisons.values()))
    return PlanPage(plan, row, [views[o.pk] for o in objectives], totals, overall,
                    strategic_body(alliance.pk) is not None)
