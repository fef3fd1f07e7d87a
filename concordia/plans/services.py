"""Every write of the annual plan: start a year's plan, add objectives and activities to its
draft, write and confirm a partner's deployment, propose a version for adoption (a decision of
the board, or an endorsement per partner where there is no board), endorse it, adjust the plan
in force by a new version with a reason, and record what a partner actually deployed.

Each takes the alliance lock first, checks the policy and journals in the same transaction.
Confirmations, endorsements and adoption are commitments."""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Level
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Partner
from concordia.bodies.choices import BodyKind
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.decisions import services as decision_services
from concordia.decisions.choices import DecisionStatus, Outcome, Procedure
from concordia.design.choices import StatementKind
from concordia.design.models import StatementVersion
from concordia.handbook.catalogue import Block
from concordia.journal.services import journal_append

from . import rules
from .choices import AdoptionRoute, VersionStatus
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


@dataclass(frozen=True)
class EffortInput:
    """What a form or the API gives for one level (or for an actual): whole people and hours,
    FTE in hundredths, money in cents, a free description."""

    people: int = 0
    hours: int = 0
    fte_hundredths: int = 0
    money_cents: int = 0
    description: str = ""

    @property
    def empty(self) -> bool:
        return not (self.people or self.hours or self.fte_hundredths or self.money_cents
                    or self.description.strip())


def _require(actor: Person, action: str, obj: Alliance | Partner, alliance: Alliance) -> None:
    if not policy.can(actor, "alliance.view_plan", alliance):
        raise PermissionDenied
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def _text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    text = value.strip()
    if required and not text:
        raise DomainError(_("Fill this in."), field=field)
    if len(text) > limit:
        raise DomainError(_("Keep this under %(n)s characters.") % {"n": limit}, field=field)
    return text


def active_partner_ids(alliance_id: int) -> list[int]:
    return list(Partner.objects.filter(alliance_id=alliance_id, status="active")
                .order_by("organisation__name", "pk").values_list("pk", flat=True))


def strategic_body(alliance_id: int) -> Body | None:
    """The alliance's board (its strategic body), or None where it has none yet."""
    return (Body.objects.filter(alliance_id=alliance_id, kind=BodyKind.BOARD,
                                archived_at__isnull=True).order_by("pk").first())


def objective_in_force(alliance_id: int) -> StatementVersion | None:
    """The alliance's objective in force: the version that entered into force last."""
    return (StatementVersion.objects.filter(alliance_id=alliance_id,
                                            kind=StatementKind.OBJECTIVE,
                                            in_force_since__isnull=False)
            .order_by("-in_force_since", "-number").first())


def version_state(version: PlanVersion) -> rules.VersionState:
    """A version as the rules see it: its adoption is the board's decision carrying (at its
    closing) or the last partner's endorsement."""
    adopted_at = version.endorsed_at
    rejected = False
    decision = version.decision
    if decision is not None:
        if decision.status == DecisionStatus.CLOSED and decision.outcome == Outcome.CARRIED:
            adopted_at = decision.closed_at
        elif decision.status != DecisionStatus.OPEN:
            rejected = True
    return rules.VersionState(version.number, version.proposed_at is not None, adopted_at,
                              rejected)


def statuses(plan: AnnualPlan) -> dict[int, VersionStatus]:
    versions = PlanVersion.objects.filter(plan=plan).select_related("decision")
    return rules.version_statuses([version_state(v) for v in versions])


def _locked_version(version: PlanVersion) -> PlanVersion:
    return (PlanVersion.objects.select_for_update(of=("self",), no_key=True)
            .select_related("plan__alliance", "decision").get(pk=version.pk))


def _require_draft(version: PlanVersion) -> None:
    status = statuses(version.plan)[version.number]
    if status != VersionStatus.DRAFT:
        raise Conflict(_("This version is no longer a draft: adjust the plan by a new "
                         "version."), code="not_draft")


def _touch(version: PlanVersion) -> None:
    version.revision += 1
    version.save(update_fields=["revision"])


def _payload(version: PlanVersion, **extra: object) -> dict[str, object]:
    return {"year": version.plan.year, "version": version.number, **extra}


@transaction.atomic
def plan_start(*, actor: Person, alliance: Alliance, year: int) -> PlanVersion:
    """Start the plan for a year: its first version, a draft. Journaled as PlanStarted."""
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    if not rules.YEAR_MIN <= year <= rules.YEAR_MAX:
        raise DomainError(_("Choose a year between 2000 and 2100."), field="year")
    if AnnualPlan.objects.filter(alliance=alliance, year=year).exists():
        raise Conflict(_("This year has a plan already."), field="year", code="duplicate")
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(alliance=alliance, year=year, created_by=actor)
    except IntegrityError as exc:  # the unique constraint, on SQLite without row locks
        raise Conflict(_("This year has a plan already."), field="year",
                       code="duplicate") from exc
    version = PlanVersion.objects.create(plan=plan, number=1, created_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="PlanStarted", subject=version,
                   payload=_payload(version))
    return version


@transaction.atomic
def objective_add(*, actor: Person, version: PlanVersion, title: str,
                  description: str = "") -> PlanObjective:
    """Add an objective of the year to a draft, derived from (and linked to) the alliance's
    objective in force. Journaled as PlanObjectiveAdded."""
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    version = _locked_version(version)
    _require_draft(version)
    title = _text(title, rules.TITLE_MAX, "title", required=True)
    description = _text(description, rules.TEXT_MAX, "description")
    statement = objective_in_force(alliance.pk)
    if statement is None:
        raise DomainError(_("The alliance has no objective in force yet: the year's objectives "
                            "are derived from it."), field="title")
    position = (version.objectives.aggregate(n=Max("position"))["n"] or 0) + 1
    objective = PlanObjective.objects.create(version=version, position=position, title=title,
                                             description=description, statement=statement)
    _touch(version)
    journal_append(alliance=alliance, actor=actor, kind="PlanObjectiveAdded",
                   subject=objective,
                   payload=_payload(version, objective=title, statement=statement.number))
    return objective


@transaction.atomic
def activity_add(*, actor: Person, objective: PlanObjective, title: str, starts_on: dt.date,
                 ends_on: dt.date, block: str, owner_partner: Partner | None = None,
                 owner_person: Person | None = None, description: str = "") -> PlanActivity:
    """Add an activity to an objective of a draft: its owner (a partner of the alliance and/or
    one of its people), its period within the year and the building block it develops.
    Journaled as PlanActivityAdded."""
    version = objective.version
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    version = _locked_version(version)
    _require_draft(version)
    title, description = _check_activity(version, alliance, title, description, starts_on,
                                         ends_on, block, owner_partner, owner_person)
    activity = PlanActivity.objects.create(
        objective=objective, title=title, description=description,
        owner_partner=owner_partner, owner_person=owner_person, starts_on=starts_on,
        ends_on=ends_on, block=block)
    _touch(version)
    journal_append(alliance=alliance, actor=actor, kind="PlanActivityAdded", subject=activity,
                   payload=_payload(version, objective=objective.title, activity=title,
                                    starts_on=starts_on.isoformat(),
                                    ends_on=ends_on.isoformat(), block=block,
                                    owner=str(owner_partner or owner_person)))
    return activity


def _check_activity(version: PlanVersion, alliance: Alliance, title: str, description: str,
                    starts_on: dt.date, ends_on: dt.date, block: str,
                    owner_partner: Partner | None,
                    owner_person: Person | None) -> tuple[str, str]:
    title = _text(title, rules.TITLE_MAX, "title", required=True)
    description = _text(description, rules.TEXT_MAX, "description")
    if block not in {b.value for b in Block}:
        raise DomainError(_("Choose the building block the activity develops."), field="block")
    problem = rules.period_problem(version.plan.year, starts_on, ends_on)
    if problem == "order":
        raise DomainError(_("The activity ends on or after the day it starts."),
                          field="ends_on")
    if problem == "year":
        raise DomainError(_("The period lies within %(year)s.") % {"year": version.plan.year},
                          field="starts_on")
    if owner_partner is None and owner_person is None:
        raise DomainError(_("Name the owner: a partner, a person or both."),
                          field="owner_partner")
    if owner_partner is not None and (owner_partner.alliance_id != alliance.pk
                                      or owner_partner.status != "active"):
        raise DomainError(_("Choose an active partner of this alliance."),
                          field="owner_partner")
    if owner_person is not None and not policy.roles_in(owner_person, alliance.pk):
        raise DomainError(_("Choose a person with a role in this alliance."),
                          field="owner_person")
    return title, description


@transaction.atomic
def objective_edit(*, actor: Person, objective: PlanObjective, title: str,
                   description: str = "") -> PlanObjective:
    """Change an objective of a draft (its title and description; it stays derived from the
    same objective version). Journaled as PlanObjectiveChanged."""
    version = objective.version
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    version = _locked_version(version)
    _require_draft(version)
    title = _text(title, rules.TITLE_MAX, "title", required=True)
    description = _text(description, rules.TEXT_MAX, "description")
    if (title, description) == (objective.title, objective.description):
        return objective
    objective.title, objective.description = title, description
    objective.save(update_fields=["title", "description"])
    _touch(version)
    journal_append(alliance=alliance, actor=actor, kind="PlanObjectiveChanged",
                   subject=objective, payload=_payload(version, objective=title))
    return objective


@transaction.atomic
def activity_edit(*, actor: Person, activity: PlanActivity, title: str, starts_on: dt.date,
                  ends_on: dt.date, block: str, owner_partner: Partner | None = None,
                  owner_person: Person | None = None, description: str = "") -> PlanActivity:
    """Change an activity of a draft: its title, description, owner, period or building block
    (the partners' deployment on it stays). Journaled as PlanActivityChanged."""
    version = activity.objective.version
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    version = _locked_version(version)
    _require_draft(version)
    title, description = _check_activity(version, alliance, title, description, starts_on,
                                         ends_on, block, owner_partner, owner_person)
    activity.title, activity.description, activity.block = title, description, block
    activity.starts_on, activity.ends_on = starts_on, ends_on
    activity.owner_partner, activity.owner_person = owner_partner, owner_person
    activity.save(update_fields=["title", "description", "block", "starts_on", "ends_on",
                                 "owner_partner", "owner_person"])
    _touch(version)
    journal_append(alliance=alliance, actor=actor, kind="PlanActivityChanged", subject=activity,
                   payload=_payload(version, activity=title, starts_on=starts_on.isoformat(),
                                    ends_on=ends_on.isoformat(), block=block,
                                    owner=str(owner_partner or owner_person)))
    return activity


def _check_effort(effort: EffortInput, field: str) -> None:
    if not (0 <= effort.people <= rules.PEOPLE_MAX and 0 <= effort.hours <= rules.HOURS_MAX
            and 0 <= effort.fte_hundredths <= rules.FTE_MAX_HUNDREDTHS
            and 0 <= effort.money_cents <= rules.MONEY_MAX_CENTS):
        raise DomainError(_("Give numbers of zero or more, within reason (at most 100,000 "
                            "people, 1,000,000 hours, 10,000 FTE, 100,000,000 euros)."),
                          field=field)
    if len(effort.description) > rules.TEXT_MAX:
        raise DomainError(_("Keep this under %(n)s characters.") % {"n": rules.TEXT_MAX},
                          field=field)


def _drop_confirmation(version: PlanVersion, partner: Partner) -> bool:
    return bool(DeploymentConfirmation.objects.filter(
        version=version, partner=partner, dropped_at__isnull=True)
        .update(dropped_at=timezone.now()))


@transaction.atomic
def deployment_set(*, actor: Person, activity: PlanActivity, partner: Partner,
                   levels: Mapping[str, EffortInput]) -> list[Deployment]:
    """Write what the actor's own partner commits to an activity of a draft, per level
    (strategic, tactical, operational; a level left empty commits nothing). A change after the
    partner confirmed drops its confirmation. Journaled as DeploymentSet."""
    version = activity.objective.version
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "partner.write_deployment", partner, alliance)
    version = _locked_version(version)
    if partner.alliance_id != alliance.pk:
        raise PermissionDenied
    _require_draft(version)
    if set(levels) - set(Level.values):
        raise DomainError(_("Choose strategic, tactical or operational."), field="level")
    for level, effort in levels.items():
        _check_effort(effort, level)
    before = {d.level: d for d in Deployment.objects.filter(activity=activity, partner=partner)}
    changed = False
    result = []
    for level in Level.values:
        effort = levels.get(level, EffortInput())
        existing = before.get(level)
        text = effort.description.strip()
        values = (effort.people, effort.hours, effort.fte_hundredths, effort.money_cents, text)
        if effort.empty:
            if existing is not None:
                existing.delete()
                changed = True
            continue
        if existing is not None and values == (existing.people, existing.hours,
                                               existing.fte_hundredths, existing.money_cents,
                                               existing.description):
            result.append(existing)
            continue
        deployment, _created = Deployment.objects.update_or_create(
            activity=activity, partner=partner, level=level,
            defaults={"people": effort.people, "hours": effort.hours,
                      "fte_hundredths": effort.fte_hundredths,
                      "money_cents": effort.money_cents, "description": text,
                      "updated_by": actor})
        result.append(deployment)
        changed = True
    if not changed:
        return result
    dropped = _drop_confirmation(version, partner)
    _touch(version)
    journal_append(alliance=alliance, actor=actor, kind="DeploymentSet", subject=activity,
                   payload=_payload(version, activity=activity.title,
                                    partner=str(partner.organisation),
                                    levels={d.level: {"people": d.people, "hours": d.hours,
                                                      "fte": rules.format_hundredths(
                                                          d.fte_hundredths),
                                                      "money": rules.format_hundredths(
                                                          d.money_cents)}
                                            for d in result},
                                    confirmation_dropped=dropped))
    return result


@transaction.atomic
def deployment_confirm(*, actor: Person, version: PlanVersion,
                       partner: Partner) -> DeploymentConfirmation:
    """Confirm, for the actor's own partner, its deployment in a draft as it stands (what it
    commits to every activity; nothing at all is a deployment too). Confirming again changes
    nothing. Journaled as DeploymentConfirmed."""
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "partner.confirm_deployment", partner, alliance)
    version = _locked_version(version)
    if partner.alliance_id != alliance.pk or partner.status != "active":
        raise PermissionDenied
    _require_draft(version)
    existing = DeploymentConfirmation.objects.filter(version=version, partner=partner,
                                                     dropped_at__isnull=True).first()
    if existing is not None:
        return existing
    confirmation = DeploymentConfirmation.objects.create(version=version, partner=partner,
                                                         confirmed_by=actor)
    deployments = Deployment.objects.filter(activity__objective__version=version,
                                            partner=partner)
    confirmed = set(DeploymentConfirmation.objects.filter(
        version=version, dropped_at__isnull=True).values_list("partner_id", flat=True))
    journal_append(alliance=alliance, actor=actor, kind="DeploymentConfirmed",
                   subject=confirmation,
                   payload=_payload(version, partner=str(partner.organisation),
                                    deployments=deployments.count(),
                                    confirmed=len(confirmed),
                                    partners=len(active_partner_ids(alliance.pk))))
    return confirmation


def _proposal_text(version: PlanVersion) -> str:
    lines = [_("The annual plan %(year)s, version %(number)s, as every partner confirmed its "
               "deployment.") % {"year": version.plan.year, "number": version.number}]
    if version.reason:
        lines.append(_("Reason for this version: %(reason)s") % {"reason": version.reason})
    for objective in version.objectives.prefetch_related("activities"):
        lines.append(f"- {objective.title}")
        lines.extend(f"  - {a.title} ({a.starts_on.isoformat()} – {a.ends_on.isoformat()})"
                     for a in objective.activities.all())
    return "\n".join(lines)[:decision_services.PROPOSAL_MAX]


@transaction.atomic
def plan_propose(*, actor: Person, version: PlanVersion,
                 deadline: dt.datetime | None = None) -> PlanVersion:
    """Propose a draft for adoption once every partner confirmed its deployment: as a decision
    of the board (a written procedure until ``deadline``) when the alliance has one, else for
    an endorsement of every partner. Journaled as PlanProposed (and the decision as
    DecisionProposed)."""
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    version = _locked_version(version)
    _require_draft(version)
    if not version.objectives.filter(activities__isnull=False).exists():
        raise DomainError(_("The plan has no activity yet."), field="deadline")
    partners = active_partner_ids(alliance.pk)
    confirmed = DeploymentConfirmation.objects.filter(
        version=version, dropped_at__isnull=True).values_list("partner_id", flat=True)
    missing = rules.missing_confirmations(partners, confirmed)
    if missing:
        names = ", ".join(str(p.organisation) for p in Partner.objects.filter(pk__in=missing)
                          .select_related("organisation").order_by("organisation__name"))
        raise Conflict(_("Every partner confirms its deployment first; still to confirm: "
                         "%(names)s.") % {"names": names}, code="unconfirmed")
    board = strategic_body(alliance.pk)
    if board is not None:
        if deadline is None:
            raise DomainError(_("Give the board a deadline to decide by."), field="deadline")
        decision = decision_services.decision_propose(
            actor=actor, body=board,
            title=_("Adopt the annual plan %(year)s (version %(number)s)")
            % {"year": version.plan.year, "number": version.number},
            proposal=_proposal_text(version), procedure=Procedure.WRITTEN, deadline=deadline,
            block=Block.ANNUAL_PLAN.value)
        version.route, version.decision = AdoptionRoute.BOARD, decision
    else:
        version.route = AdoptionRoute.ENDORSEMENT
    version.proposed_at, version.proposed_by = timezone.now(), actor
    version.save(update_fields=["route", "decision", "proposed_at", "proposed_by"])
    journal_append(alliance=alliance, actor=actor, kind="PlanProposed", subject=version,
                   payload=_payload(version, route=version.route,
                                    decision=version.decision.number
                                    if version.decision else None))
    return version


@transaction.atomic
def plan_endorse(*, actor: Person, version: PlanVersion, partner: Partner) -> PlanEndorsement:
    """Endorse a proposed version for the actor's own partner (where the alliance has no
    board); the last partner's endorsement adopts it: it is in force from that moment.
    Journaled as PlanEndorsed, and PlanAdopted on the last."""
    alliance = version.plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "partner.endorse_plan", partner, alliance)
    version = _locked_version(version)
    if statuses(version.plan)[version.number] != VersionStatus.PROPOSED \
            or version.route != AdoptionRoute.ENDORSEMENT:
        raise Conflict(_("This version is not up for endorsement."), code="not_proposed")
    existing = PlanEndorsement.objects.filter(version=version, partner=partner).first()
    if existing is not None:
        return existing
    endorsement = PlanEndorsement.objects.create(version=version, partner=partner,
                                                 endorsed_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="PlanEndorsed", subject=endorsement,
                   payload=_payload(version, partner=str(partner.organisation)))
    partners = active_partner_ids(alliance.pk)
    endorsed = PlanEndorsement.objects.filter(version=version).values_list("partner_id",
                                                                          flat=True)
    if rules.adopted_by_endorsement(partners, endorsed):
        version.endorsed_at = timezone.now()
        version.save(update_fields=["endorsed_at"])
        journal_append(alliance=alliance, actor=actor, kind="PlanAdopted", subject=version,
                       payload=_payload(version, route=AdoptionRoute.ENDORSEMENT,
                                        partners=len(partners)))
    return endorsement


@transaction.atomic
def plan_adjust(*, actor: Person, plan: AnnualPlan, reason: str) -> PlanVersion:
    """Adjust the plan during the year: a new draft version that copies the version in force
    (objectives, activities with their keys, deployments) and says why. The version in force
    stays in force until the new one is adopted. Journaled as PlanAdjusted."""
    alliance = plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.draft_plan", alliance, alliance)
    reason = _text(reason, rules.TEXT_MAX, "reason", required=True)
    states = [version_state(v) for v in plan.versions.select_related("decision")]
    if rules.open_version(states) is not None:
        raise Conflict(_("A version is being worked on already: finish it first."),
                       field="reason", code="open_version")
    in_force = rules.version_in_force(states)
    if in_force is None:
        raise Conflict(_("No version is in force yet: work on the draft instead."),
                       field="reason", code="nothing_in_force")
    source = plan.versions.get(number=in_force)
    number = max(s.number for s in states) + 1
    version = PlanVersion.objects.create(plan=plan, number=number, reason=reason,
                                         created_by=actor)
    for objective in source.objectives.prefetch_related("activities__deployments"):
        copy = PlanObjective.objects.create(
            version=version, position=objective.position, title=objective.title,
            description=objective.description, statement=objective.statement)
        for activity in objective.activities.all():
            new = PlanActivity.objects.create(
                objective=copy, key=activity.key, title=activity.title,
                description=activity.description, owner_partner=activity.owner_partner,
                owner_person=activity.owner_person, starts_on=activity.starts_on,
                ends_on=activity.ends_on, block=activity.block)
            Deployment.objects.bulk_create([Deployment(
                activity=new, partner_id=d.partner_id, level=d.level, people=d.people,
                hours=d.hours, fte_hundredths=d.fte_hundredths, money_cents=d.money_cents,
                description=d.description, updated_by=d.updated_by)
                for d in activity.deployments.all()])
    journal_append(alliance=alliance, actor=actor, kind="PlanAdjusted", subject=version,
                   payload=_payload(version, reason=reason, copies=in_force))
    return version


@transaction.atomic
def actual_record(*, actor: Person, plan: AnnualPlan, activity_key: uuid.UUID,
                  partner: Partner, effort: EffortInput, progress: int) -> Actual:
    """Record what the actor's own partner actually deployed on an activity of the plan so far,
    and the activity's progress (0–100%) as it sees it; recording again replaces the figures
    (the journal keeps each). Journaled as ActualRecorded."""
    alliance = plan.alliance
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "partner.record_actual", partner, alliance)
    if partner.alliance_id != alliance.pk:
        raise PermissionDenied
    if not PlanActivity.objects.filter(objective__version__plan=plan,
                                       key=activity_key).exists():
        raise DomainError(_("Choose an activity of this plan."), field="activity")
    _check_effort(effort, "hours")
    if not 0 <= progress <= 100:
        raise DomainError(_("Progress is a percentage from 0 to 100."), field="progress")
    actual, _created = Actual.objects.update_or_create(
        plan=plan, activity_key=activity_key, partner=partner,
        defaults={"people": effort.people, "hours": effort.hours,
                  "fte_hundredths": effort.fte_hundredths, "money_cents": effort.money_cents,
                  "progress": progress, "note": effort.description.strip(),
                  "recorded_by": actor})
    journal_append(alliance=alliance, actor=actor, kind="ActualRecorded", subject=actual,
                   payload={"year": plan.year, "activity": str(activity_key),
                            "partner": str(partner.organisation), "people": effort.people,
                            "hours": effort.hours,
                            "fte": rules.format_hundredths(effort.fte_hundredths),
                            "money": rules.format_hundredths(effort.money_cents),
                            "progress": progress})
    return actual
