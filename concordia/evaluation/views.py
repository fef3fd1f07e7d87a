"""Pages of the annual evaluation: the rounds, opening one, a round with its response rates
(counts only), the alliance's statements, and the answer page reached by a personal link
without log-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import rules, selectors, services
from .choices import RoundState
from .forms import AnswerForm, RoundClosingForm, RoundOpenForm, StatementAddForm


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


@login_required
def round_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's evaluation rounds, newest first, with how many answered."""
    alliance = _alliance(request, pk)
    rounds = list(selectors.round_list(user=request.user, alliance=alliance))
    return render(request, "evaluation/round_list.html", {
        "alliance": alliance, "rounds": rounds,
        "may_run": policy.can(request.user, "alliance.run_evaluation", alliance)})


@login_required
def round_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open the year's round (the key alliance manager)."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.run_evaluation", alliance):
        raise PermissionDenied
    keys = set(services.available_statement_keys(alliance))
    statements = [s for s in selectors.instrument(user=request.user, alliance=alliance)
                  if s.key in keys]
    partners = alliance.partners.filter(status=PartnerStatus.ACTIVE).select_related(
        "organisation").order_by("organisation__name")
    context = {"alliance": alliance}
    if request.method != "POST":
        form = RoundOpenForm(statements=statements, partners=partners)
        return render_form_page(request, "evaluation/round_open.html", context, form)
    form = RoundOpenForm(request.POST, statements=statements, partners=partners)
    if form.is_valid():
        data = form.cleaned_data
        opened = run_service(form, lambda: services.round_open(
            actor=request.user, alliance=alliance, year=data["year"],
            opens_on=data["opens_on"], closes_on=data["closes_on"],
            statement_keys=data["statements"], roles=data["roles"], levels=data["levels"],
            partners=list(data["partners"]), site_url=request.build_absolute_uri("/")))
        if opened is not None:
            messages.success(request, _("The round is open; everyone invited gets their "
                                        "personal link by mail."))
            return redirect("evaluation_round", pk=alliance.pk, round_pk=opened.pk)
    return render_form_page(request, "evaluation/round_open.html", context, form)


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """A round: its dates, statements and how many answered, in all, per partner and per
    level; for the key alliance manager, remind and close."""
    alliance = _alliance(request, pk)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_pk)
    may_run = policy.can(request.user, "alliance.run_evaluation", alliance)
    status, refusal = 200, ""
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        op = request.POST.get("op", "")
        try:
            if op == "remind":
                count = services.round_remind(actor=request.user,
                                              evaluation_round=evaluation_round,
                                              site_url=request.build_absolute_uri("/"))
                messages.success(request, _("%(count)s people were sent a new link.")
                                 % {"count": count})
            elif op == "close":
                services.round_close(actor=request.user, evaluation_round=evaluation_round)
                messages.success(request, _("The round is closed."))
            elif op == "newcomers":
                count = services.round_invite_newcomers(
                    actor=request.user, evaluation_round=evaluation_round,
                    site_url=request.build_absolute_uri("/"))
                messages.success(request, _("%(count)s people were sent their link.")
                                 % {"count": count})
            else:
                raise DomainError(_("Choose what to do."))
            return redirect("evaluation_round", pk=alliance.pk, round_pk=evaluation_round.pk)
        except DomainError as exc:
            status, refusal = exc.status if exc.status == 409 else 422, exc.message
    statements = selectors.round_statements(evaluation_round)
    is_open = evaluation_round.state == RoundState.OPEN
    return render(request, "evaluation/round_detail.html", {
        "alliance": alliance, "round": evaluation_round, "may_run": may_run,
        "is_open": is_open, "rates": selectors.response_rates(evaluation_round),
        "dimensions": selectors.by_dimension(statements), "refusal": refusal,
        "past_closing": is_open and evaluation_round.closes_on < timezone.localdate(),
        "newcomers": (len(selectors.round_newcomers(evaluation_round))
                      if may_run and is_open else 0),
    }, status=status)


@login_required
def round_closing(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """Move an open round's closing date (the key alliance manager)."""
    alliance = _alliance(request, pk)
    evaluation_round = selectors.round_get(user=request.user, alliance=alliance, pk=round_pk)
    if not policy.can(request.user, "alliance.run_evaluation", alliance):
        raise PermissionDenied
    context = {"alliance": alliance, "round": evaluation_round}
    if request.method != "POST":
        form = RoundClosingForm(initial={"closes_on": evaluation_round.closes_on})
        return render_form_page(request, "evaluation/round_closing.html", context, form)
    form = RoundClosingForm(request.POST)
    if form.is_valid():
        changed = run_service(form, lambda: services.round_change_closing(
            actor=request.user, evaluation_round=evaluation_round,
            closes_on=form.cleaned_data["closes_on"]))
        if changed is not None:
            messages.success(request, _("The round now closes on %(date)s.") % {
                "date": date_format(changed.closes_on, "DATE_FORMAT")})
            return redirect("evaluation_round", pk=alliance.pk, round_pk=evaluation_round.pk)
    return render_form_page(request, "evaluation/round_closing.html", context, form)


@login_required
def statement_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's instrument: the standard statements and its own; the key alliance manager
    adds and retires its own."""
    alliance = _alliance(request, pk)
    may_run = policy.can(request.user, "alliance.run_evaluation", alliance)
    form = StatementAddForm()
    status = 200
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        if request.POST.get("op") == "retire":
            value = request.POST.get("statement", "")
            statement = selectors.own_statement_get(
                user=request.user, alliance=alliance,
                pk=int(value) if value.isdigit() and len(value) < 19 else 0)
            try:
                services.statement_retire(actor=request.user, statement=statement)
                messages.success(request, _("The statement is no longer asked in new rounds."))
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect("evaluation_statements", pk=alliance.pk)
        form = StatementAddForm(request.POST)
        if form.is_valid():
            added = run_service(form, lambda: services.statement_add(
                actor=request.user, alliance=alliance,
                dimension=form.cleaned_data["dimension"], text=form.cleaned_data["text"],
                pillars=form.cleaned_data["pillars"]))
            if added is not None:
                messages.success(request, _("The statement is added as %(key)s.")
                                 % {"key": added.key})
                return redirect("evaluation_statements", pk=alliance.pk)
        status = 422
    statements = selectors.instrument(user=request.user, alliance=alliance)
    return render(request, "evaluation/statement_list.html", {
        "alliance": alliance, "dimensions": selectors.by_dimension(statements),
        "may_run": may_run, "form": form}, status=status)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The answer page, reached by the personal link; no log-in. A link that cannot answer
    (unknown, replaced, used, closed, not yet open) gets a plain page saying so."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "evaluation/link.html", {"state": services.UNKNOWN},
                      status=404)
    evaluation_round = invitation.round
    state = rules.link_state(round_open=evaluation_round.state == RoundState.OPEN,
                             opens_on=evaluation_round.opens_on,
                             closes_on=evaluation_round.closes_on,
                             today=timezone.localdate(), answered=invitation.answered)
    if state != rules.LinkState.ANSWERABLE:
        return render(request, "evaluation/link.html", {"state": state,
                                                        "round": evaluation_round},
                      status=200 if state == rules.LinkState.NOT_YET else 410)
    dimensions = selectors.by_dimension(selectors.round_statements(evaluation_round))
    form = AnswerForm(request.POST or None, dimensions=dimensions)
    context = {"round": evaluation_round}
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(token=token, scores=form.scores(),
                                     open_answers=form.open_answers())
        except services.LinkUnusable as exc:
            return render(request, "evaluation/link.html", {"state": exc.state,
                                                            "round": evaluation_round},
                          status=404 if exc.state == services.UNKNOWN else 410)
        except DomainError as exc:
            form.add_error(form.field_for(exc.field or ""), exc.message)
        else:
            return redirect("evaluation_thanks")
    return render_form_page(request, "evaluation/answer.html", context, form)


def thanks(request: HttpRequest) -> HttpResponse:
    """After answering: thanks, and what happens next. Says nothing of the round answered."""
    return render(request, "evaluation/thanks.html")
