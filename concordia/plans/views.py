"""Pages of the annual plan, read by everyone in the alliance: the plans per year, a year's plan
(the version in force, or a chosen version) with deployment and plan vs actual per activity and
partner, the versions with their reasons; the key alliance manager's forms (start, objective,
activity, propose, adjust), a partner's deployment and its confirmation, its endorsement where
there is no board, and its actuals."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import rules, selectors, services
from .choices import VersionStatus
from .forms import (
    ActivityForm,
    ActualForm,
    AdjustForm,
    DeploymentForm,
    ObjectiveForm,
    PlanStartForm,
    ProposeForm,
)


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _may_draft(request: AuthenticatedHttpRequest, alliance: Alliance) -> bool:
    return policy.can(request.user, "alliance.draft_plan", alliance)


def _require_draft_right(request: AuthenticatedHttpRequest, alliance: Alliance) -> None:
    if not _may_draft(request, alliance):
        raise PermissionDenied


def _to_plan(alliance: Alliance, year: int, number: int | None = None) -> HttpResponse:
    if number is None:
        return redirect("plan_detail", pk=alliance.pk, year=year)
    return redirect("plan_version", pk=alliance.pk, year=year, number=number)


def _refused(request: AuthenticatedHttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required
def plan_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's annual plans, and (for the key alliance manager) starting one."""
    alliance = _alliance(request, pk)
    may_draft = _may_draft(request, alliance)
    form = PlanStartForm(initial={"year": timezone.localdate().year}) if may_draft else None
    return render(request, "plans/list.html", {
        "alliance": alliance, "plans": selectors.plan_list(user=request.user,
                                                           alliance=alliance),
        "form": form, "may_draft": may_draft})


@login_required
def plan_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    form = PlanStartForm(request.POST if request.method == "POST" else None,
                         initial={"year": timezone.localdate().year})
    context = {"alliance": alliance, "plans": selectors.plan_list(user=request.user,
                                                                  alliance=alliance),
               "may_draft": True}
    if request.method == "POST" and form.is_valid():
        version = run_service(form, lambda: services.plan_start(
            actor=request.user, alliance=alliance, year=form.cleaned_data["year"]))
        if version is not None:
            messages.success(request, _("The plan is started: add its objectives."))
            return _to_plan(alliance, version.plan.year, version.number)
    return render_form_page(request, "plans/list.html", context, form)


def _page_context(request: AuthenticatedHttpRequest, alliance: Alliance,
                  page: selectors.PlanPage) -> dict[str, object]:
    mine = policy.own_partner(request.user, alliance.pk)
    draft = page.row.status == VersionStatus.DRAFT
    proposed = page.row.status == VersionStatus.PROPOSED
    own_total = next((p for p in page.partners if mine and p.partner.pk == mine.pk), None)
    return {
        "alliance": alliance, "page": page, "plan": page.plan, "mine": mine,
        "own_total": own_total,
        "draft": draft, "proposed": proposed,
        "may_draft": _may_draft(request, alliance) and draft,
        "may_adjust": (_may_draft(request, alliance)
                       and page.row.status == VersionStatus.IN_FORCE),
        "may_deploy": draft and mine is not None and policy.can(
            request.user, "partner.write_deployment", mine),
        "may_confirm": draft and mine is not None and policy.can(
            request.user, "partner.confirm_deployment", mine),
        "may_endorse": (proposed and not page.has_board and mine is not None
                        and policy.can(request.user, "partner.endorse_plan", mine)),
        "may_record": (page.row.status == VersionStatus.IN_FORCE and mine is not None
                       and policy.can(request.user, "partner.record_actual", mine)),
    }


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    """A year's plan: the version in force (or, before any is, the version worked on)."""
    alliance = _alliance(request, pk)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    rows = selectors.version_list(user=request.user, plan=plan)
    row = next((r for r in rows if r.status == VersionStatus.IN_FORCE), rows[0])
    open_row = next((r for r in rows if r.status in (VersionStatus.DRAFT,
                                                      VersionStatus.PROPOSED)), None)
    page = selectors.plan_page(user=request.user, plan=plan, row=row)
    return render(request, "plans/plan.html", {
        **_page_context(request, alliance, page), "open_row": open_row, "rows": rows})


@login_required
def plan_version(request: AuthenticatedHttpRequest, pk: int, year: int,
                 number: int) -> HttpResponse:
    """One version of a year's plan, as it stands."""
    alliance = _alliance(request, pk)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    rows = selectors.version_list(user=request.user, plan=plan)
    row = next((r for r in rows if r.version.number == number), None)
    if row is None:
        raise Http404
    page = selectors.plan_page(user=request.user, plan=plan, row=row)
    return render(request, "plans/plan.html", {
        **_page_context(request, alliance, page), "open_row": None, "rows": rows,
        "one_version": True})


@login_required
def plan_versions(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    """Every version of a year's plan with its status and the reason for it."""
    alliance = _alliance(request, pk)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    return render(request, "plans/versions.html", {
        "alliance": alliance, "plan": plan,
        "rows": selectors.version_list(user=request.user, plan=plan),
        "may_adjust": _may_draft(request, alliance)})


@login_required
def objective_create(request: AuthenticatedHttpRequest, pk: int, year: int,
                     number: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    form = ObjectiveForm(request.POST if request.method == "POST" else None)
    context = {"alliance": alliance, "plan": plan, "version": row.version,
               "statement": services.objective_in_force(alliance.pk)}
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.objective_add(
            actor=request.user, version=row.version, title=form.cleaned_data["title"],
            description=form.cleaned_data["description"]))
        if done is not None:
            messages.success(request, _("The objective is added."))
            return _to_plan(alliance, year, number)
    return render_form_page(request, "plans/objective_form.html", context, form)


@login_required
def activity_create(request: AuthenticatedHttpRequest, pk: int,
                    objective_pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    objective = selectors.objective_get(user=request.user, alliance=alliance, pk=objective_pk)
    plan = objective.version.plan
    form = ActivityForm(request.POST if request.method == "POST" else None,
                        partners=selectors.active_partners(user=request.user,
                                                           alliance=alliance),
                        people=selectors.people_options(user=request.user, alliance=alliance))
    context = {"alliance": alliance, "plan": plan, "objective": objective}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(form, lambda: services.activity_add(
            actor=request.user, objective=objective, title=data["title"],
            description=data["description"], starts_on=data["starts_on"],
            ends_on=data["ends_on"], block=data["block"], **form.owners()))
        if done is not None:
            messages.success(request, _("The activity is added."))
            return _to_plan(alliance, plan.year, objective.version.number)
    return render_form_page(request, "plans/activity_form.html", context, form)


def _own(request: AuthenticatedHttpRequest, alliance: Alliance, action: str) -> Partner:
    partner = policy.acting_partner(request.user, alliance.pk, action)
    if partner is None:
        raise PermissionDenied
    return partner


@login_required
def deployment_edit(request: AuthenticatedHttpRequest, pk: int,
                    activity_pk: int) -> HttpResponse:
    """What the person's own partner commits to an activity, per level."""
    alliance = _alliance(request, pk)
    activity = selectors.activity_get(user=request.user, alliance=alliance, pk=activity_pk)
    partner = _own(request, alliance, "partner.write_deployment")
    version = activity.objective.version
    existing = selectors.deployments_of(user=request.user, activity=activity, partner=partner)
    form = DeploymentForm(request.POST if request.method == "POST" else None,
                          initial=DeploymentForm.initial_from(existing))
    context = {"alliance": alliance, "plan": version.plan, "activity": activity,
               "partner": partner}
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.deployment_set(
            actor=request.user, activity=activity, partner=partner, levels=form.levels()))
        if done is not None:
            messages.success(request, _("The deployment is saved. Confirm it on the plan "
                                        "once it is complete."))
            return _to_plan(alliance, version.plan.year, version.number)
    return render_form_page(request, "plans/deployment_form.html", context, form)


@login_required
@require_POST
def deployment_confirm(request: AuthenticatedHttpRequest, pk: int, year: int, number: int,
                       partner_pk: int) -> HttpResponse:
    """Confirm a partner's own deployment in a draft version."""
    return _partner_act(request, pk, year, number, partner_pk, services.deployment_confirm,
                        _("Your organisation's deployment is confirmed."))


@login_required
def plan_propose(request: AuthenticatedHttpRequest, pk: int, year: int,
                 number: int) -> HttpResponse:
    """Propose a version for adoption: to the board, or to every partner for endorsement."""
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    has_board = services.strategic_body(alliance.pk) is not None
    form = ProposeForm(request.POST if request.method == "POST" else None,
                       has_board=has_board)
    context = {"alliance": alliance, "plan": plan, "version": row.version,
               "has_board": has_board}
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.plan_propose(
            actor=request.user, version=row.version, deadline=form.deadline_at()))
        if done is not None:
            messages.success(request, _("The plan is proposed for adoption."))
            return _to_plan(alliance, year, number)
    return render_form_page(request, "plans/propose_form.html", context, form)


@login_required
@require_POST
def plan_endorse(request: AuthenticatedHttpRequest, pk: int, year: int, number: int,
                 partner_pk: int) -> HttpResponse:
    """Endorse a proposed version for one's own partner (no board yet)."""
    return _partner_act(request, pk, year, number, partner_pk, services.plan_endorse,
                        _("Your organisation endorses the plan."))


def _partner_act(request: AuthenticatedHttpRequest, pk: int, year: int, number: int,
                 partner_pk: int, act: Callable[..., Any], done: str) -> HttpResponse:
    """A partner's own act on a version (confirm its deployment, endorse the plan): the
    service refuses whoever may not act for that partner; back to the version either way."""
    alliance = _alliance(request, pk)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    row = selectors.version_get(user=request.user, plan=plan, number=number)
    partner = selectors.partner_get(user=request.user, alliance=alliance, pk=partner_pk)
    try:
        act(actor=request.user, version=row.version, partner=partner)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return _to_plan(alliance, year, number)


@login_required
def plan_adjust(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    """Adjust the plan in force: a new version copying it, with the reason."""
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    plan = selectors.plan_get(user=request.user, alliance=alliance, year=year)
    form = AdjustForm(request.POST if request.method == "POST" else None)
    context = {"alliance": alliance, "plan": plan}
    if request.method == "POST" and form.is_valid():
        version = run_service(form, lambda: services.plan_adjust(
            actor=request.user, plan=plan, reason=form.cleaned_data["reason"]))
        if version is not None:
            messages.success(request, _("A new version is drafted; the version in force "
                                        "stays in force until it is adopted."))
            return _to_plan(alliance, year, version.number)
    return render_form_page(request, "plans/adjust_form.html", context, form)


@login_required
def actual_record(request: AuthenticatedHttpRequest, pk: int,
                  activity_pk: int) -> HttpResponse:
    """What the person's partner actually deployed on an activity so far, and its progress."""
    alliance = _alliance(request, pk)
    activity = selectors.activity_get(user=request.user, alliance=alliance, pk=activity_pk)
    partner = _own(request, alliance, "partner.record_actual")
    plan = activity.objective.version.plan
    existing = selectors.actual_of(user=request.user, plan=plan, activity_key=activity.key,
                                   partner=partner)
    initial = ({"people": existing.people, "hours": existing.hours,
                "fte": rules.format_hundredths(existing.fte_hundredths),
                "money": rules.format_hundredths(existing.money_cents),
                "progress": existing.progress, "note": existing.note}
               if existing else {"progress": 0})
    form = ActualForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"alliance": alliance, "plan": plan, "activity": activity, "partner": partner}
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.actual_record(
            actor=request.user, plan=plan, activity_key=activity.key, partner=partner,
            effort=form.effort(), progress=form.cleaned_data["progress"]))
        if done is not None:
            messages.success(request, _("The actual deployment is recorded."))
            return _to_plan(alliance, plan.year)
    return render_form_page(request, "plans/actual_form.html", context, form)


@login_required
def objective_edit(request: AuthenticatedHttpRequest, pk: int,
                   objective_pk: int) -> HttpResponse:
    """Change an objective of a draft."""
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    objective = selectors.objective_get(user=request.user, alliance=alliance, pk=objective_pk)
    plan = objective.version.plan
    form = ObjectiveForm(request.POST if request.method == "POST" else None,
                         initial={"title": objective.title,
                                  "description": objective.description})
    context = {"alliance": alliance, "plan": plan, "version": objective.version,
               "statement": objective.statement, "editing": True}
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.objective_edit(
            actor=request.user, objective=objective, title=form.cleaned_data["title"],
            description=form.cleaned_data["description"]))
        if done is not None:
            messages.success(request, _("The objective is changed."))
            return _to_plan(alliance, plan.year, objective.version.number)
    return render_form_page(request, "plans/objective_form.html", context, form)


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """Change an activity of a draft."""
    alliance = _alliance(request, pk)
    _require_draft_right(request, alliance)
    activity = selectors.activity_get(user=request.user, alliance=alliance, pk=activity_pk)
    objective = activity.objective
    plan = objective.version.plan
    form = ActivityForm(request.POST if request.method == "POST" else None,
                        initial={"title": activity.title, "description": activity.description,
                                 "owner_partner": activity.owner_partner_id or "",
                                 "owner_person": activity.owner_person_id or "",
                                 "starts_on": activity.starts_on, "ends_on": activity.ends_on,
                                 "block": activity.block},
                        partners=selectors.active_partners(user=request.user,
                                                           alliance=alliance),
                        people=selectors.people_options(user=request.user, alliance=alliance))
    context = {"alliance": alliance, "plan": plan, "objective": objective, "editing": True}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(form, lambda: services.activity_edit(
            actor=request.user, activity=activity, title=data["title"],
            description=data["description"], starts_on=data["starts_on"],
            ends_on=data["ends_on"], block=data["block"], **form.owners()))
        if done is not None:
            messages.success(request, _("The activity is changed."))
            return _to_plan(alliance, plan.year, objective.version.number)
    return render_form_page(request, "plans/activity_form.html", context, form)
