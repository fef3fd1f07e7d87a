"""Pages of cost settlement, open books for everyone in the alliance: the books (every booking,
filtered by quarter, partner and category), booking a cost, the models per category and
choosing one, a quarter's settlement (share, paid, balance, transfers, confirmations) with its
confirmation per partner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
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
from concordia.meetings import pdf

from . import exports, rules, selectors, services
from .forms import BookingForm, BooksFilterForm, ModelChoiceForm, UsageForm

BOOKINGS_PER_PAGE = 50


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _bookable_partner(request: AuthenticatedHttpRequest, alliance: Alliance) -> Partner | None:
    partner = policy.own_partner(request.user, alliance.pk)
    if partner is None or not policy.can(request.user, "partner.book_cost", partner):
        return None
    return partner


@login_required
def settlement_books(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every booking of the alliance (open books), filtered by quarter, partner and category,
    with the quarters' settlements."""
    alliance = _alliance(request, pk)
    periods = selectors.periods(user=request.user, alliance=alliance)
    form = BooksFilterForm(request.GET or None, periods=periods,
                           partners=selectors.partner_list(user=request.user, alliance=alliance),
                           categories=selectors.category_list(user=request.user,
                                                              alliance=alliance))
    bookings = selectors.booking_list(user=request.user, alliance=alliance, **form.values())
    page = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "settlement/books.html", {
        "alliance": alliance, "form": form, "page": page, "periods": periods,
        "may_book": _bookable_partner(request, alliance) is not None,
        "may_choose": policy.can(request.user, "alliance.choose_settlement_model", alliance),
        "filtered": any(v is not None for v in form.values().values()),
    })


@login_required
def booking_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Book a cost or a contribution in kind of one's own partner (or correct one of its
    bookings by a new one)."""
    alliance = _alliance(request, pk)
    partner = _bookable_partner(request, alliance)
    if partner is None:
        raise PermissionDenied
    context = {"alliance": alliance, "partner": partner}
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        initial={"incurred_on": timezone.localdate(), "kind": "cost"},
        categories=selectors.booking_options(user=request.user, alliance=alliance),
        documents=selectors.evidence_options(user=request.user, alliance=alliance),
        own_bookings=selectors.own_bookings(user=request.user, alliance=alliance,
                                            partner=partner))
    if request.method != "POST":
        return render_form_page(request, "settlement/booking_form.html", context, form)
    if form.is_valid():
        data = form.cleaned_data
        booking = run_service(form, lambda: services.booking_record(
            actor=request.user, partner=partner, kind=data["kind"],
            incurred_on=data["incurred_on"], amount_cents=data["amount"],
            description=data["description"], submission=data["submission"], **form.objects()))
        if booking is not None:
            messages.success(request, _("The booking is recorded."))
            return redirect("settlement_period", pk=alliance.pk, year=booking.year,
                            quarter=booking.quarter)
    return render_form_page(request, "settlement/booking_form.html", context, form)


@login_required
def settlement_models(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The settlement model of every cost category, with the ones they superseded."""
    alliance = _alliance(request, pk)
    return render(request, "settlement/models.html", {
        "alliance": alliance,
        "models": selectors.model_list(user=request.user, alliance=alliance),
        "may_choose": policy.can(request.user, "alliance.choose_settlement_model", alliance),
    })


@login_required
def settlement_model_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the model a carried decision chose for a cost category."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.choose_settlement_model", alliance):
        raise PermissionDenied
    context = {"alliance": alliance}
    form = ModelChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"starts_on": timezone.localdate()},
        partners=selectors.active_partners(user=request.user, alliance=alliance),
        decisions=selectors.decision_options(user=request.user, alliance=alliance))
    if request.method != "POST":
        return render_form_page(request, "settlement/model_form.html", context, form)
    if form.is_valid():
        data = form.cleaned_data
        model = run_service(form, lambda: services.settlement_model_choose(
            actor=request.user, alliance=alliance, category=data["category"],
            kind=data["kind"], starts_on=data["starts_on"], decision=form.chosen_decision(),
            measure=data["measure"], weights=form.weights()))
        if model is not None:
            messages.success(request, _("The settlement model is recorded."))
            return redirect("settlement_models", pk=alliance.pk)
    return render_form_page(request, "settlement/model_form.html", context, form)


@login_required
def usage_create(request: AuthenticatedHttpRequest, pk: int, model_pk: int) -> HttpResponse:
    """Record a quarter's usage figures under a usage model (who chooses models)."""
    alliance = _alliance(request, pk)
    model = selectors.usage_model_get(user=request.user, alliance=alliance, pk=model_pk)
    if not policy.can(request.user, "alliance.choose_settlement_model", alliance):
        raise PermissionDenied
    year, quarter = rules.quarter_of(timezone.localdate())
    context = {"alliance": alliance, "model": model}
    form = UsageForm(request.POST if request.method == "POST" else None,
                     initial={"year": year, "quarter": quarter},
                     partners=selectors.active_partners(user=request.user, alliance=alliance),
                     measure=model.measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = run_service(form, lambda: services.usage_record(
            actor=request.user, model=model, year=data["year"], quarter=data["quarter"],
            figures=form.figures()))
        if recorded is not None:
            messages.success(request, _("The usage figures are recorded."))
            return redirect("settlement_models", pk=alliance.pk)
    return render_form_page(request, "settlement/usage_form.html", context, form)


@login_required
def settlement_period(request: AuthenticatedHttpRequest, pk: int, year: int,
                      quarter: int) -> HttpResponse:
    """A quarter's settlement: every partner's share, what it paid and its balance, the
    transfers that settle them, the confirmations and every booking of the quarter."""
    alliance = _alliance(request, pk)
    period = selectors.settlement_get(user=request.user, alliance=alliance, year=year,
                                      quarter=quarter)
    mine = policy.own_partner(request.user, alliance.pk)
    may_confirm = (mine is not None and mine.pk in period.computed.partners
                   and rules.confirm_problem(mine.status) is None
                   and policy.can(request.user, "partner.confirm_settlement", mine))
    ended = rules.quarter_bounds(year, quarter)[1] < timezone.localdate()
    return render(request, "settlement/period.html", {
        "alliance": alliance, "period": period, "mine": mine,
        "may_confirm": may_confirm and ended and bool(period.computed.bookings),
        "ended": ended,
        "own_row": next((r for r in period.rows if mine and r.partner.pk == mine.pk), None),
        "any_left": any(r.left for r in period.rows),
    })


@login_required
@require_POST
def settlement_confirm(request: AuthenticatedHttpRequest, pk: int, year: int, quarter: int,
                       partner_pk: int) -> HttpResponse:
    """Confirm the quarter's settlement for a partner, as the page showed it (its
    fingerprint)."""
    alliance = _alliance(request, pk)
    if quarter not in rules.QUARTERS or not rules.YEAR_MIN <= year <= rules.YEAR_MAX:
        raise Http404
    partner = alliance_selectors.partner_get(user=request.user, alliance=alliance,
                                             pk=partner_pk)
    if rules.confirm_problem(partner.status) is not None:
        messages.error(request, _("%(partner)s has left the alliance: a partner that has left "
                                  "no longer confirms settlements.") % {"partner": partner})
        return redirect("settlement_period", pk=alliance.pk, year=year, quarter=quarter)
    if not policy.can(request.user, "partner.confirm_settlement", partner):
        raise PermissionDenied
    fingerprint = request.POST.get("fingerprint", "")[:64]
    try:
        services.settlement_confirm(actor=request.user, partner=partner, year=year,
                                    quarter=quarter, fingerprint=fingerprint)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your organisation's confirmation is recorded."))
    return redirect("settlement_period", pk=alliance.pk, year=year, quarter=quarter)


@login_required
def settlement_xlsx(request: AuthenticatedHttpRequest, pk: int, year: int,
                    quarter: int) -> HttpResponse:
    """The quarter's settlement, transfers and bookings as an XLSX workbook."""
    alliance = _alliance(request, pk)
    period = selectors.settlement_get(user=request.user, alliance=alliance, year=year,
                                      quarter=quarter)
    response = HttpResponse(exports.settlement_xlsx(period), content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="settlement-{period.label}'
                                       '.xlsx"')
    return response


@login_required
def settlement_pdf(request: AuthenticatedHttpRequest, pk: int, year: int,
                   quarter: int) -> HttpResponse:
    """The quarter's settlement as a tagged PDF."""
    alliance = _alliance(request, pk)
    period = selectors.settlement_get(user=request.user, alliance=alliance, year=year,
                                      quarter=quarter)
    return pdf.pdf_response(request, "settlement/pdf_settlement.html",
                            {"alliance": alliance, "period": period},
                            filename=f"settlement-{period.label}.pdf")
