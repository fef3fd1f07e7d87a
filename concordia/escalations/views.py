"""Pages of the escalation ladder: the overview (open bottlenecks by rung and age, overdue ones
marked, and the escalation health), raising a bottleneck, one bottleneck with its trail and the
forms for its next step, and the alliance's own top rung."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS

from . import presentation, rules, selectors, services
from .choices import BoardRoute, BottleneckStatus, Rung, Urgency
from .forms import (
    AttemptForm,
    EscalateForm,
    FilterForm,
    LadderForm,
    RaiseForm,
    ResolveForm,
    RespondForm,
    WithdrawForm,
)
from .models import Bottleneck


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


@login_required
def bottleneck_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The bottlenecks the person sees, by rung, with how long each has stood there; overdue
    ones first and marked in words; and the alliance's escalation health."""
    alliance = _alliance(request, pk)
    ladder = selectors.ladder_get(user=request.user, alliance=alliance)
    top_name = ladder.top_rung_name
    ladder_rungs = rules.rungs(top_enabled=ladder.top_rung_enabled)
    form = FilterForm(request.GET or None, rungs=[
        (r.value, presentation.rung_label(r, top_name)) for r in ladder_rungs])
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = data.get("status") or BottleneckStatus.OPEN
    today = timezone.localdate()
    bottlenecks = list(selectors.bottleneck_list(
        user=request.user, alliance=alliance, rung=data.get("rung") or "",
        status="" if status == "all" else status, overdue_only=bool(data.get("overdue")),
        today=today))
    groups = presentation.overview(bottlenecks, top_name=top_name,
                                   ladder=ladder_rungs if not data else (), today=today)
    health = selectors.health_get(user=request.user, alliance=alliance)
    return render(request, "escalations/list.html", {
        "alliance": alliance, "form": form, "groups": groups, "count": len(bottlenecks),
        "overdue": sum(g.overdue for g in groups), "status": status,
        "health": health, "health_rows": presentation.health_rows(health, top_name),
        "may_raise": policy.can(request.user, "alliance.raise_bottleneck", alliance),
        "may_set_up": policy.can(request.user, "alliance.set_up_ladder", alliance),
        "ladder": ladder,
    })


@login_required
def bottleneck_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Raise a bottleneck; it starts with the horizontal attempt."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.raise_bottleneck", alliance):
        raise PermissionDenied
    options: dict[str, Any] = {
        "partners": selectors.partner_options(user=request.user, alliance=alliance),
        "owners": selectors.owner_options(user=request.user, alliance=alliance,
                                          rung=Rung.HORIZONTAL),
        "meetings": selectors.meeting_options(user=request.user, alliance=alliance),
        "decisions": selectors.decision_options(user=request.user, alliance=alliance),
        "agreements": selectors.agreement_options(user=request.user, alliance=alliance),
    }
    context = {"alliance": alliance}
    if request.method != "POST":
        own = policy.own_partner(request.user, alliance.pk)
        form = RaiseForm(initial={"partners": [str(own.pk)] if own else []}, **options)
        return render_form_page(request, "escalations/create.html", context, form)
    form = RaiseForm(request.POST, **options)
    if form.is_valid():
        data = form.cleaned_data
        bottleneck = run_service(form, lambda: services.bottleneck_raise(
            actor=request.user, alliance=alliance, title=data["title"],
            description=data["description"], partners=form.partner_objects(),
            urgency=data["urgency"], alliance_wide=data["alliance_wide"],
            meeting=form.picked("meeting"), decision=form.picked("decision"),
            agreement=form.picked("agreement"), block=data["block"],
            owner=form.picked("owner")))
        if bottleneck is not None:
            messages.success(request, _("The bottleneck is raised. First step: the horizontal "
                                        "attempt."))
            return redirect("bottleneck_detail", pk=alliance.pk, bottleneck_pk=bottleneck.pk)
    return render_form_page(request, "escalations/create.html", context, form)


def _forms(request: AuthenticatedHttpRequest, alliance: Alliance, bottleneck: Bottleneck,
           data: Any = None, op: str = "") -> dict[str, Any]:
    """The forms of the next steps the person may take now (bound for the one posted)."""
    user = request.user
    is_open = bottleneck.status == BottleneckStatus.OPEN
    version = {"version": bottleneck.version}

    def bound(name: str) -> Any:
        return data if op == name else None

    found: dict[str, Any] = {}
    may_move = is_open and policy.can_on_bottleneck(user, "bottleneck.move", bottleneck)
    if (is_open and bottleneck.rung == Rung.HORIZONTAL
            and policy.can_on_bottleneck(user, "bottleneck.record_attempt", bottleneck)):
        found["attempt"] = AttemptForm(bound("attempt"), prefix="attempt",
                                       initial={**version, "op": "attempt"})
    ladder = selectors.ladder_get(user=user, alliance=alliance)
    to = rules.next_rung(bottleneck.rung, top_enabled=ladder.top_rung_enabled)
    if may_move and to is not None:
        attempted = any(e.kind == "attempt" for e in bottleneck.events.all())
        owners = selectors.owner_options(user=user, alliance=alliance, rung=to)
        found["escalate"] = EscalateForm(
            bound("escalate"), prefix="escalate", initial={**version, "op": "escalate"},
            owners=owners, skipping=rules.skips_horizontal(bottleneck.rung, attempted),
            to_board=to == Rung.BOARD,
            default_owner=services.default_owner(bottleneck, to, user))
        found["escalate_to"] = presentation.rung_label(to, ladder.top_rung_name)
        if to == Rung.BOARD:
            found["board_meeting"] = services.next_board_meeting(
                services.board_of(alliance.pk))
    if may_move:
        found["respond"] = RespondForm(bound("respond"), prefix="respond",
                                       initial={**version, "op": "respond"})
        found["resolve"] = ResolveForm(
            bound("resolve"), prefix="resolve", initial={**version, "op": "resolve"},
            decisions=selectors.decision_options(user=user, alliance=alliance),
            actions=selectors.action_options(user=user, alliance=alliance))
    if is_open and policy.can_on_bottleneck(user, "bottleneck.withdraw", bottleneck):
        found["withdraw"] = WithdrawForm(bound("withdraw"), prefix="withdraw",
                                         initial={**version, "op": "withdraw"})
    return found


def _run(request: AuthenticatedHttpRequest, op: str, form: Any,
         bottleneck: Bottleneck) -> Any:
    """Call the service of the form posted; None when the form now carries the refusal."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    common = {"actor": request.user, "bottleneck": bottleneck,
              "expected_version": data["version"]}
    if op == "attempt":
        return run_service(form, lambda: services.bottleneck_attempt(
            **common, resolved=data["result"] == "resolved", text=data["text"]))
    if op == "escalate":
        return run_service(form, lambda: services.bottleneck_escalate(
            **common, reason=data["reason"], skip_reason=data.get("skip_reason") or "",
            owner=form.picked("owner"), route=data.get("route") or BoardRoute.MEETING))
    if op == "respond":
        return run_service(form, lambda: services.bottleneck_respond(**common,
                                                                     text=data["text"]))
    if op == "resolve":
        return run_service(form, lambda: services.bottleneck_resolve(
            **common, resolution=data["resolution"], decision=form.picked("decision"),
            action=form.picked("action")))
    return run_service(form, lambda: services.bottleneck_withdraw(**common,
                                                                  reason=data["reason"]))


OPS = ("attempt", "escalate", "respond", "resolve", "withdraw")


def _done(op: str) -> str:
    return {
        "attempt": _("The horizontal attempt is recorded."),
        "escalate": _("The bottleneck went up a rung."),
        "respond": _("Your response is recorded."),
        "resolve": _("The bottleneck is resolved."),
        "withdraw": _("The bottleneck is withdrawn."),
    }[op]


@login_required
def bottleneck_detail(request: AuthenticatedHttpRequest, pk: int,
                      bottleneck_pk: int) -> HttpResponse:
    """One bottleneck: what it is about, its whole trail (each rung, its owner, when, the
    responses, how long it took) and the forms for its next step."""
    alliance = _alliance(request, pk)
    bottleneck = selectors.bottleneck_get(user=request.user, alliance=alliance, pk=bottleneck_pk)
    status = 200
    op = ""
    if request.method == "POST":
        op = next((name for name in OPS if request.POST.get(f"{name}-op") == name), "")
        forms = _forms(request, alliance, bottleneck, request.POST, op)
        if op not in forms:
            raise PermissionDenied
        if _run(request, op, forms[op], bottleneck) is not None:
            messages.success(request, _done(op))
            return redirect("bottleneck_detail", pk=alliance.pk, bottleneck_pk=bottleneck.pk)
        status = 422
    else:
        forms = _forms(request, alliance, bottleneck)
    ladder = selectors.ladder_get(user=request.user, alliance=alliance)
    today = timezone.localdate()
    return render(request, "escalations/detail.html", {
        "alliance": alliance, "bottleneck": bottleneck, "forms": forms, "posted": op,
        "rung": presentation.rung_label(bottleneck.rung, ladder.top_rung_name),
        "partners": presentation.partner_names(bottleneck),
        "overdue": selectors.is_overdue(bottleneck, today),
        "trail": presentation.trail(bottleneck, top_name=ladder.top_rung_name, today=today),
        "block": BUILDING_BLOCKS[Block(bottleneck.block)].title if bottleneck.block else "",
        "agreement": selectors.readable_agreement(user=request.user, bottleneck=bottleneck),
    }, status=status)


@login_required
def ladder_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's ladder: its rungs and their default deadlines, and its own top rung
    (the steering roles set it)."""
    alliance = _alliance(request, pk)
    ladder = selectors.ladder_get(user=request.user, alliance=alliance)
    may_set_up = policy.can(request.user, "alliance.set_up_ladder", alliance)
    form = LadderForm(initial={"top_rung_enabled": ladder.top_rung_enabled,
                               "top_rung_name": ladder.top_rung_name,
                               "version": ladder.version})
    if request.method == "POST":
        if not may_set_up:
            raise PermissionDenied
        form = LadderForm(request.POST)
        if form.is_valid() and run_service(form, lambda: services.ladder_set_up(
                actor=request.user, alliance=alliance,
                top_rung_enabled=form.cleaned_data["top_rung_enabled"],
                top_rung_name=form.cleaned_data["top_rung_name"],
                expected_version=form.cleaned_data["version"])) is not None:
            messages.success(request, _("The ladder is saved."))
            return redirect("ladder_settings", pk=alliance.pk)
    deadlines = [(presentation.rung_label(r, ladder.top_rung_name),
                  [rules.DEADLINE_DAYS[r][u] for u in Urgency])
                 for r in rules.rungs(top_enabled=True)]
    context = {"alliance": alliance, "ladder": ladder, "may_set_up": may_set_up,
               "deadlines": deadlines, "urgencies": [u.label for u in Urgency]}
    return render_form_page(request, "escalations/ladder.html", context, form)
