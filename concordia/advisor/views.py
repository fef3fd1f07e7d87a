from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.core.http import HtmxHttpRequest
from concordia.core.views import render_form_page, run_service

from . import presentation, rules, selectors, services
from .forms import AnswersForm, SaveForm, answers_as_form_data, answers_display
from .models import SavedAdvice

TEMPLATE = "advisor/advisor.html"


def _save_form(request: AuthenticatedHttpRequest, data: Any = None) -> SaveForm:
    return SaveForm(data, alliances=selectors.advice_destinations(user=request.user),
                    organisation=request.user.organisation)


def _save_form_for(request: HttpRequest) -> SaveForm | None:
    """Where a person may keep the advice; None for a visitor, who is asked to log in."""
    if not request.user.is_authenticated:
        return None
    return _save_form(cast(AuthenticatedHttpRequest, request))


def _advice_context(answers: rules.Answers | None) -> dict[str, Any]:
    if answers is None:
        return {"advice": None}
    advice = rules.advise(answers)
    return {"advice": advice, "chart": presentation.ranking_chart(advice.ranking),
            "hidden_answers": answers_as_form_data(answers)}


def _detail_url(saved: SavedAdvice) -> str:
    if saved.alliance_id is not None:
        return reverse("alliance_advice_detail", args=[saved.alliance_id, saved.pk])
    return reverse("organisation_advice_detail", args=[saved.organisation_id, saved.pk])


def advisor(request: HtmxHttpRequest) -> HttpResponse:
    """The questionnaire; a POST shows the advice on the same page (htmx: only that part).

    Public, like the model's pages: someone only considering a collaboration needs no account
    to get advice. Saving it does (advice_save).
    """
    if request.method == "POST":
        form = AnswersForm(request.POST)
    else:  # answers in the query string (from a saved advice) fill the questionnaire in
        form = AnswersForm(initial=request.GET.dict())
    answers = form.answers() if form.is_bound and form.is_valid() else None
    context = {**_advice_context(answers), "save_form": _save_form_for(request)}
    if answers is not None and context["save_form"] is None:
        # After logging in, the visitor is back at the questionnaire with these answers.
        back = f"{reverse('advisor')}?{urlencode(answers_as_form_data(answers))}"
        context["log_in_url"] = f"{reverse('account_login')}?{urlencode({'next': back})}"
    if request.htmx and request.method == "POST":
        if answers is None:
            # htmx swaps no 4xx answer, so the corrected questionnaire comes back as 200.
            response = render(request, f"{TEMPLATE}#questionnaire", {**context, "form": form})
            return retarget(reswap(response, "outerHTML"), "#questionnaire")
        return render(request, f"{TEMPLATE}#advice", {**context, "form": form})
    return render_form_page(request, TEMPLATE, context, form)


@login_required
@require_POST
def advice_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep the advice with one of the person's alliances or with their organisation."""
    form = AnswersForm(request.POST)
    save_form = _save_form(request, request.POST)
    if form.is_valid() and save_form.is_valid():
        kind, _sep, raw_pk = save_form.cleaned_data["destination"].partition("-")
        target: dict[str, Any] = {}
        if kind == "alliance":
            target["alliance"] = alliance_selectors.alliance_get(user=request.user,
                                                                 pk=int(raw_pk))
        else:
            target["organisation"] = selectors.own_organisation_get(user=request.user,
                                                                    pk=int(raw_pk))
        answers = form.answers()
        saved = run_service(save_form, lambda: services.advice_save(
            actor=request.user, answers=answers, title=save_form.cleaned_data["title"],
            **target))
        if saved is not None:
            messages.success(request, _("Advice saved."))
            return redirect(_detail_url(saved))
    shown = form.answers() if form.is_valid() else None
    return render(request, TEMPLATE, {**_advice_context(shown), "form": form,
                                      "save_form": save_form}, status=422)


def _list(request: HttpRequest, context: dict[str, Any], items: Any) -> HttpResponse:
    return render(request, "advisor/advice_list.html", {**context, "items": items[:200]})


def _detail(request: HttpRequest, saved: SavedAdvice, context: dict[str, Any]) -> HttpResponse:
    try:
        answers = rules.Answers.from_dict(saved.answers)
    except rules.InvalidAnswers:  # answers from rules that no longer exist: snapshot only
        answers = None
    extra: dict[str, Any] = {"answers_rows": [], "answers_query": "", "changed": True}
    if answers is not None:
        extra = {
            "answers_rows": answers_display(answers),
            "answers_query": urlencode(answers_as_form_data(answers)),
            "changed": presentation.snapshot_changed(
                saved.snapshot, rules.advise(answers)),
        }
    return render(request, "advisor/advice_detail.html", {
        **context, **_advice_context(answers), **extra, "saved": saved,
        "snapshot": saved.snapshot,
        "snapshot_ranking": presentation.snapshot_ranking(saved.snapshot),
    })


@login_required
def alliance_advice_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return _list(request, {
        "alliance": alliance, "owner_name": alliance.name,
        "may_write": policy.can(request.user, "alliance.write", alliance),
    }, selectors.advice_list(user=request.user, alliance=alliance))


@login_required
def alliance_advice_detail(request: AuthenticatedHttpRequest, pk: int,
                           advice_pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    saved = get_object_or_404(selectors.advice_list(user=request.user, alliance=alliance),
                              pk=advice_pk)
    return _detail(request, saved, {"alliance": alliance, "owner_name": alliance.name})


@login_required
def organisation_advice_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.own_organisation_get(user=request.user, pk=pk)
    return _list(request, {"organisation": organisation, "owner_name": organisation.name,
                           "may_write": True},
                 selectors.advice_list(user=request.user, organisation=organisation))


@login_required
def organisation_advice_detail(request: AuthenticatedHttpRequest, pk: int,
                               advice_pk: int) -> HttpResponse:
    organisation = selectors.own_organisation_get(user=request.user, pk=pk)
    saved = get_object_or_404(
        selectors.advice_list(user=request.user, organisation=organisation), pk=advice_pk)
    return _detail(request, saved, {"organisation": organisation,
                                    "owner_name": organisation.name})
