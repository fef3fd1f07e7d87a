"""Pages of the alliance's learning: pillar health checks (the history, a new check, one check
with its radar, everyone's scores and the pillars' open improvement actions; an improvement
action out of a pillar) and lessons learned (searched, recorded, read, changed)."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.actions import views as action_views
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Kind
from concordia.handbook.texts import item as catalogue_item

from . import presentation, rules, selectors, services
from .forms import (
    HealthCheckForm,
    LessonEditForm,
    LessonForm,
    LessonSearchForm,
    ScoresForm,
)
from .models import HealthCheck, Lesson, PillarScore

CHECKS_ON_RADAR = 3
LESSONS_PER_PAGE = 20


@dataclass
class ScorerRow:
    """One core-team member's scores of a check, per pillar."""

    name: str
    scores: dict[str, PillarScore] = field(default_factory=dict)


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


@login_required
def health_check_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every health check of the alliance, newest first, with the mean per pillar; the last
    few overlaid on one radar."""
    alliance = _alliance(request, pk)
    checks = list(selectors.health_check_list(user=request.user, alliance=alliance))
    rows = [(check, selectors.results_of(check)) for check in checks]
    chart = (presentation.check_radar(rows[:CHECKS_ON_RADAR], chart_id="health-history")
             if rows else None)
    return render(request, "learning/health_check_list.html", {
        "alliance": alliance, "rows": [
            {"check": check, "scorers": len({s.scorer_id for s in check.scores.all()}),
             "results": results} for check, results in rows],
        "pillars": presentation.pillar_items(), "chart": chart,
        "may_score": policy.can(request.user, "alliance.score_pillars", alliance),
    })


@login_required
def health_check_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Hold a new check: its date and your own scores of the eight pillars."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.score_pillars", alliance):
        raise PermissionDenied
    context = {"alliance": alliance}
    if request.method != "POST":
        form = HealthCheckForm(initial={"held_on": timezone.localdate()})
        return render_form_page(request, "learning/health_check_create.html", context, form)
    form = HealthCheckForm(request.POST)
    if form.is_valid():
        check = run_service(form, lambda: services.health_check_hold(
            actor=request.user, alliance=alliance, held_on=form.cleaned_data["held_on"],
            scores=form.scores()))
        if check is not None:
            messages.success(request, _("The health check is recorded."))
            return redirect("health_check_detail", pk=alliance.pk, check_pk=check.pk)
    return render_form_page(request, "learning/health_check_create.html", context, form)


def _own_scores(request: AuthenticatedHttpRequest, check: HealthCheck) -> dict[str, str]:
    initial: dict[str, str] = {}
    for score in check.scores.all():
        if score.scorer_id == request.user.pk:
            initial[f"score_{score.pillar}"] = str(score.score)
            initial[f"remark_{score.pillar}"] = score.remark
    return initial


@login_required
def health_check_detail(request: AuthenticatedHttpRequest, pk: int,
                        check_pk: int) -> HttpResponse:
    """One check: the radar (with the check before it), the result per pillar, each scorer's
    scores and remarks, the pillars' open improvement actions; the core team adds or changes
    their own scores here."""
    alliance = _alliance(request, pk)
    check = selectors.health_check_get(user=request.user, alliance=alliance, pk=check_pk)
    may_score = policy.can(request.user, "alliance.score_pillars", alliance)
    own = _own_scores(request, check)
    form = ScoresForm(initial=own)
    status = 200
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied
        form = ScoresForm(request.POST)
        if form.is_valid() and run_service(form, lambda: services.health_check_score(
                actor=request.user, health_check=check, scores=form.scores())) is not None:
            messages.success(request, _("Your scores are saved."))
            return redirect("health_check_detail", pk=alliance.pk, check_pk=check.pk)
        status = 422
    results = selectors.results_of(check)
    earlier = (selectors.health_check_list(user=request.user, alliance=alliance)
               .filter(held_on__lt=check.held_on).first())
    shown = [(check, results)]
    if earlier is not None:
        shown.append((earlier, selectors.results_of(earlier)))
    scorers: dict[int, ScorerRow] = {}
    for score in check.scores.all():
        scorers.setdefault(score.scorer_id, ScorerRow(str(score.scorer))).scores[
            score.pillar] = score
    actions = selectors.improvement_actions(user=request.user, alliance=alliance)
    pillar_rows = presentation.pillar_rows(results)
    return render(request, "learning/health_check_detail.html", {
        "alliance": alliance, "check": check, "earlier": earlier,
        "chart": presentation.check_radar(shown, chart_id="health-check"),
        "rows": [{"row": row, "actions": actions.get(row.item.key, [])}
                 for row in pillar_rows],
        "scorers": [{"name": s.name, "scores": [s.scores.get(i.key)
                                                for i in presentation.pillar_items()]}
                    for s in scorers.values()],
        "pillars": presentation.pillar_items(), "form": form if may_score else None,
        "rescoring": bool(own),
        "may_act": policy.can_create_action(request.user, alliance, None),
    }, status=status)


@login_required
def improvement_action_create(request: AuthenticatedHttpRequest, pk: int, check_pk: int,
                              pillar: str) -> HttpResponse:
    """Make an improvement action out of a pillar of a check: an action of the alliance as a
    whole that strengthens the pillar (the actions app gives it, its owner hears of it)."""
    alliance = _alliance(request, pk)
    check = selectors.health_check_get(user=request.user, alliance=alliance, pk=check_pk)
    if pillar not in rules.PILLARS:
        raise Http404
    pillar_item = catalogue_item(Kind.PILLAR, pillar)
    return action_views.improvement_action_page(
        request, alliance=alliance, pillar=pillar,
        template="learning/improvement_action_create.html",
        context={"alliance": alliance, "check": check, "pillar": pillar_item},
        initial={"title": _("Strengthen %(pillar)s") % {"pillar": pillar_item.title}},
        done_url=reverse("health_check_detail", kwargs={
            "pk": alliance.pk, "check_pk": check.pk}) + f"#pillar-{pillar}")


@login_required
def lesson_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's lessons learned, newest first, searched by words and a tag."""
    alliance = _alliance(request, pk)
    tags = selectors.tag_options(user=request.user, alliance=alliance)
    form = LessonSearchForm(request.GET or None, tags=tags)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    lessons = selectors.lesson_list(user=request.user, alliance=alliance,
                                    q=data.get("q") or "", tag=data.get("tag") or "")
    page = Paginator(lessons, LESSONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "learning/lesson_list.html", {
        "alliance": alliance, "form": form, "page": page, "searched": bool(data.get("q")
                                                                          or data.get("tag")),
        "may_record": policy.can(request.user, "alliance.record_lesson", alliance),
    })


def _lesson_form(request: AuthenticatedHttpRequest, alliance: Alliance, cls: type[LessonForm],
                 initial: dict[str, Any]) -> LessonForm:
    bottlenecks = selectors.bottleneck_options(user=request.user, alliance=alliance)
    decisions = selectors.decision_options(user=request.user, alliance=alliance)
    data = request.POST if request.method == "POST" else None
    return cls(data, bottlenecks=bottlenecks, decisions=decisions, initial=initial)


@login_required
def lesson_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a lesson learned."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.record_lesson", alliance):
        raise PermissionDenied
    form = _lesson_form(request, alliance, LessonForm,
                        initial={"learned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        bottleneck, decision = form.links()
        lesson = run_service(form, lambda: services.lesson_record(
            actor=request.user, alliance=alliance, title=form.cleaned_data["title"],
            problem=form.cleaned_data["problem"], cause=form.cleaned_data["cause"],
            solution=form.cleaned_data["solution"],
            learned_on=form.cleaned_data["learned_on"], tags=form.tag_list(),
            bottleneck=bottleneck, decision=decision))
        if lesson is not None:
            messages.success(request, _("The lesson is recorded."))
            return redirect("lesson_detail", pk=alliance.pk, lesson_pk=lesson.pk)
    return render_form_page(request, "learning/lesson_form.html",
                            {"alliance": alliance, "lesson": None}, form)


@login_required
def lesson_detail(request: AuthenticatedHttpRequest, pk: int, lesson_pk: int) -> HttpResponse:
    """One lesson learned, with the bottleneck and decision it links to (where the reader may
    see them)."""
    alliance = _alliance(request, pk)
    lesson = selectors.lesson_get(user=request.user, alliance=alliance, pk=lesson_pk)
    bottleneck, decision = selectors.readable_links(user=request.user, alliance=alliance,
                                                    lesson=lesson)
    return render(request, "learning/lesson_detail.html", {
        "alliance": alliance, "lesson": lesson, "bottleneck": bottleneck,
        "decision": decision, "may_edit": policy.can_edit_lesson(request.user, lesson),
    })


def _initial(lesson: Lesson) -> dict[str, Any]:
    return {"title": lesson.title, "problem": lesson.problem, "cause": lesson.cause,
            "solution": lesson.solution, "learned_on": lesson.learned_on,
            "tags": ", ".join(selectors.tag_names(lesson)),
            "bottleneck": str(lesson.bottleneck_id or ""),
            "decision": str(lesson.decision_id or ""), "version": lesson.version}


@login_required
def lesson_edit(request: AuthenticatedHttpRequest, pk: int, lesson_pk: int) -> HttpResponse:
    """Change a lesson learned: its author, or the key alliance manager."""
    alliance = _alliance(request, pk)
    lesson = selectors.lesson_get(user=request.user, alliance=alliance, pk=lesson_pk)
    if not policy.can_edit_lesson(request.user, lesson):
        raise PermissionDenied
    form = _lesson_form(request, alliance, LessonEditForm, initial=_initial(lesson))
    if request.method == "POST" and form.is_valid():
        bottleneck, decision = form.links()
        changed = run_service(form, lambda: services.lesson_update(
            actor=request.user, lesson=lesson, expected_version=form.cleaned_data["version"],
            title=form.cleaned_data["title"], problem=form.cleaned_data["problem"],
            cause=form.cleaned_data["cause"], solution=form.cleaned_data["solution"],
            learned_on=form.cleaned_data["learned_on"], tags=form.tag_list(),
            bottleneck=bottleneck, decision=decision))
        if changed is not None:
            messages.success(request, _("The lesson is saved."))
            return redirect("lesson_detail", pk=alliance.pk, lesson_pk=lesson.pk)
    return render_form_page(request, "learning/lesson_form.html",
                            {"alliance": alliance, "lesson": lesson}, form)
