"""Pages of the scorecard: the scorecard (status against target and trend per indicator, the
rule written out), one indicator (its chart with the data table beside it, the history of every
value), defining an indicator, setting a target, entering a value, uploading values and the
upload's template."""

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Kind
from concordia.handbook.texts import item as catalogue_item

from . import importing, presentation, rules, selectors, services
from .choices import Source
from .forms import (
    IndicatorEditForm,
    IndicatorForm,
    MeasurementForm,
    RetireForm,
    TargetForm,
    UploadForm,
)
from .models import Indicator


def _error_text(code: str, detail: str) -> str:
    texts = {
        "columns": _("The header must name the columns indicator, period, value and unit (and "
                     "optionally note), each once. Check: %(detail)s"),
        "indicator": _("No indicator of yours has this name: %(detail)s"),
        "period": _("Write the period like %(detail)s."),
        "period_range": _("The year lies outside 1990–2100 (write it like %(detail)s)."),
        "value": _("Not a number: %(detail)s"),
        "value_range": _("The number is too large: %(detail)s"),
        "unit": _("The unit must be the indicator's: %(detail)s"),
        "duplicate": _("The same indicator and period are on line %(detail)s already."),
        "note": _("Keep the note under 500 characters."),
    }
    return texts[code] % {"detail": detail}


def _unreadable_text(code: str) -> str:
    return {
        "size": _("The file is larger than 2 MB."),
        "rows": _("The file has more than 5,000 lines."),
        "format": _("The file cannot be read as CSV or XLSX."),
        "encoding": _("Save the CSV file in UTF-8."),
        "empty": _("The file holds no lines."),
    }[code]


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _row(indicator: Indicator) -> dict[str, Any]:
    standing = selectors.standing(indicator)
    latest = standing.latest
    return {"indicator": indicator, "latest": latest,
            "value": rules.value_text(latest.value) if latest else "",
            "target": (rules.value_text(latest.target) if latest and latest.target is not None
                       else ""),
            "status": latest.status if latest else rules.Status.NONE,
            "status_label": presentation.status_label(latest.status if latest
                                                      else rules.Status.NONE),
            "trend": standing.trend, "trend_label": presentation.trend_label(standing.trend),
            "rule": presentation.bounds_text(latest.target if latest else
                                             selectors.current_target(indicator),
                                             indicator.direction, indicator.tolerance)}


@login_required
def scorecard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The scorecard: every live indicator with its latest value, target, status and trend;
    with ``?retired=1`` also the retired indicators (their values and history kept)."""
    alliance = _alliance(request, pk)
    indicators = list(selectors.indicator_list(user=request.user, alliance=alliance))
    show_retired = request.GET.get("retired") == "1"
    retired = (list(selectors.indicator_list(user=request.user, alliance=alliance,
                                             retired=True)) if show_retired else [])
    return render(request, "scorecard/scorecard.html", {
        "alliance": alliance, "rows": [_row(i) for i in indicators],
        "show_retired": show_retired, "retired_rows": [_row(i) for i in retired],
        "too_many": rules.too_many(len(indicators)), "focus_limit": rules.FOCUS_LIMIT,
        "may_define": policy.can(request.user, "alliance.define_indicator", alliance),
        "may_upload": policy.measuring_partner(request.user, alliance.pk) is not None,
    })


@login_required
def indicator_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Define a key performance indicator (the core team)."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.define_indicator", alliance):
        raise PermissionDenied
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    count = selectors.indicator_list(user=request.user, alliance=alliance).count()
    context = {"alliance": alliance, "count": count, "focus_limit": rules.FOCUS_LIMIT,
               "too_many": rules.too_many(count + 1)}
    if request.method != "POST":
        form = IndicatorForm(partners=partners, people=people)
        return render_form_page(request, "scorecard/indicator_form.html", context, form)
    form = IndicatorForm(request.POST, partners=partners, people=people)
    if form.is_valid():
        partner, person = form.owner_objects()
        data = form.cleaned_data
        indicator = run_service(form, lambda: services.indicator_define(
            actor=request.user, alliance=alliance, name=data["name"],
            definition=data["definition"], unit=data["unit"], direction=data["direction"],
            period_kind=data["period_kind"], owner_partner=partner, owner_person=person,
            source=data["source"], pillar=data["pillar"], objective=data["objective"],
            tolerance=data["tolerance"], target=data["target"],
            target_from=data["target_from"]))
        if indicator is not None:
            messages.success(request, _("The indicator is on the scorecard."))
            return redirect("indicator_detail", pk=alliance.pk, indicator_pk=indicator.pk)
    return render_form_page(request, "scorecard/indicator_form.html", context, form)


@login_required
def indicator_detail(request: AuthenticatedHttpRequest, pk: int,
                     indicator_pk: int) -> HttpResponse:
    """One indicator: its definition, the trend chart with its data table, and every value
    ever entered (corrections kept)."""
    alliance = _alliance(request, pk)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_pk)
    standing = selectors.standing(indicator)
    points = [{"period": p.period, "value": rules.value_text(p.value),
               "target": rules.value_text(p.target) if p.target is not None else "—",
               "status": p.status, "status_label": presentation.status_label(p.status)}
              for p in standing.points]
    history = [{"m": m, "value": rules.value_text(m.value)}
               for m in selectors.history_of(indicator)]
    targets = [{"from_period": t.from_period, "value": rules.value_text(t.value)}
               for t in selectors.targets_of(indicator)]
    return render(request, "scorecard/indicator_detail.html", {
        "alliance": alliance, "indicator": indicator, "row": _row(indicator),
        "chart": (presentation.trend_chart(indicator, standing.points, chart_id="trend")
                  if standing.points else None),
        "points": points, "history": history, "targets": targets,
        "may_define": (indicator.retired_at is None
                       and policy.can(request.user, "alliance.define_indicator", alliance)),
        "may_enter": (indicator.retired_at is None
                      and selectors.may_enter(request.user, indicator)),
        "pillar": catalogue_item(Kind.PILLAR, indicator.pillar) if indicator.pillar else None,
    })


def _steering_on_live(request: AuthenticatedHttpRequest, pk: int,
                     indicator_pk: int) -> tuple[Alliance, Indicator]:
    alliance = _alliance(request, pk)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_pk)
    if not policy.can(request.user, "alliance.define_indicator", alliance):
        raise PermissionDenied
    if indicator.retired_at is not None:
        raise Http404  # a retired indicator is no longer changed
    return alliance, indicator


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, pk: int,
                   indicator_pk: int) -> HttpResponse:
    """Change an indicator's definition (the core team); a stale edit is refused."""
    alliance, indicator = _steering_on_live(request, pk, indicator_pk)
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    context = {"alliance": alliance, "indicator": indicator}
    if request.method != "POST":
        form = IndicatorEditForm(partners=partners, people=people, initial={
            "name": indicator.name, "definition": indicator.definition, "unit": indicator.unit,
            "direction": indicator.direction, "owner_partner": str(indicator.owner_partner_id),
            "owner_person": str(indicator.owner_person_id or ""), "source": indicator.source,
            "pillar": indicator.pillar, "objective": indicator.objective,
            "version": indicator.version})
        return render_form_page(request, "scorecard/indicator_edit.html", context, form)
    form = IndicatorEditForm(request.POST, partners=partners, people=people)
    if form.is_valid():
        partner, person = form.owner_objects()
        data = form.cleaned_data
        changed = run_service(form, lambda: services.indicator_update(
            actor=request.user, indicator=indicator, expected_version=data["version"],
            name=data["name"], definition=data["definition"], unit=data["unit"],
            direction=data["direction"], owner_partner=partner, owner_person=person,
            source=data["source"], pillar=data["pillar"], objective=data["objective"]))
        if changed is not None:
            messages.success(request, _("The indicator is changed."))
            return redirect("indicator_detail", pk=alliance.pk, indicator_pk=indicator.pk)
    return render_form_page(request, "scorecard/indicator_edit.html", context, form)


@login_required
def indicator_retire(request: AuthenticatedHttpRequest, pk: int,
                     indicator_pk: int) -> HttpResponse:
    """Retire an indicator (the core team): it leaves the scorecard, its history stays."""
    alliance, indicator = _steering_on_live(request, pk, indicator_pk)
    context = {"alliance": alliance, "indicator": indicator}
    form = RetireForm(request.POST if request.method == "POST" else None,
                      initial={"version": indicator.version})
    if request.method == "POST" and form.is_valid():
        retired = run_service(form, lambda: services.indicator_retire(
            actor=request.user, indicator=indicator,
            expected_version=form.cleaned_data["version"]))
        if retired is not None:
            messages.success(request, _("The indicator is retired: it has left the "
                                        "scorecard, its values stay readable."))
            return redirect("scorecard", pk=alliance.pk)
    return render_form_page(request, "scorecard/indicator_retire.html", context, form)


@login_required
def target_set(request: AuthenticatedHttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Set the indicator's target from a period on (the core team)."""
    alliance = _alliance(request, pk)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_pk)
    if not policy.can(request.user, "alliance.define_indicator", alliance):
        raise PermissionDenied
    context = {"alliance": alliance, "indicator": indicator,
               "example": rules.period_example(indicator.period_kind)}
    form = TargetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        target = run_service(form, lambda: services.target_set(
            actor=request.user, indicator=indicator,
            from_period=form.cleaned_data["from_period"], value=form.cleaned_data["value"]))
        if target is not None:
            messages.success(request, _("The target is set."))
            return redirect("indicator_detail", pk=alliance.pk, indicator_pk=indicator.pk)
    return render_form_page(request, "scorecard/target_form.html", context, form)


@login_required
def measurement_create(request: AuthenticatedHttpRequest, pk: int,
                       indicator_pk: int) -> HttpResponse:
    """Enter a value of the indicator for a period, or correct one (its owning partner)."""
    alliance = _alliance(request, pk)
    indicator = selectors.indicator_get(user=request.user, alliance=alliance, pk=indicator_pk)
    if not selectors.may_enter(request.user, indicator):
        raise PermissionDenied
    context = {"alliance": alliance, "indicator": indicator,
               "example": rules.period_example(indicator.period_kind)}
    form = MeasurementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        measurement = run_service(form, lambda: services.measurement_record(
            actor=request.user, indicator=indicator, period=form.cleaned_data["period"],
            value=form.cleaned_data["value"], note=form.cleaned_data["note"],
            source=Source.FORM))
        if measurement is not None:
            messages.success(request, _("The value is recorded."))
            return redirect("indicator_detail", pk=alliance.pk, indicator_pk=indicator.pk)
    return render_form_page(request, "scorecard/measurement_form.html", context, form)


@login_required
def measurement_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload many values at once from a CSV or XLSX file: all lines or none; every problem
    listed with its line."""
    alliance = _alliance(request, pk)
    if policy.measuring_partner(request.user, alliance.pk) is None:
        raise PermissionDenied
    indicators = list(selectors.enterable(user=request.user, alliance=alliance))
    context: dict[str, Any] = {"alliance": alliance, "indicators": indicators, "errors": [],
                               "more_errors": 0}
    form = UploadForm(request.POST if request.method == "POST" else None,
                      request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = importing.read_table(upload.read(importing.MAX_BYTES + 1), upload.name)
            recorded = services.measurements_import(actor=request.user, alliance=alliance,
                                                    table=table, source=Source.UPLOAD)
        except importing.UnreadableFile as exc:
            form.add_error("file", _unreadable_text(exc.code))
        except services.ImportRefused as exc:
            form.add_error("file", _("Nothing was imported: correct the lines listed below "
                                     "and upload the file again."))
            context["errors"] = [{"line": e.line, "column": e.column,
                                  "text": _error_text(e.code, e.detail)}
                                 for e in exc.errors[:importing.MAX_ERRORS]]
            context["more_errors"] = max(0, len(exc.errors) - importing.MAX_ERRORS)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("%(count)d values recorded (lines equal to the "
                                        "current value change nothing).")
                             % {"count": len(recorded)})
            return redirect("scorecard", pk=alliance.pk)
    return render_form_page(request, "scorecard/upload.html", context, form)


@login_required
def measurement_template(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The upload's template: a header and a line per indicator the person may enter, as CSV or
    XLSX."""
    alliance = _alliance(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if policy.measuring_partner(request.user, alliance.pk) is None:
        raise PermissionDenied
    rows = importing.template_rows(
        importing.IndicatorInfo(i.pk, i.name, i.unit, i.period_kind)
        for i in selectors.enterable(user=request.user, alliance=alliance))
    filename = f"scorecard-{alliance.pk}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        import openpyxl  # noqa: PLC0415 — heavy; only the template needs it
        book = openpyxl.Workbook()
        sheet = book.worksheets[0]
        for row in rows:
            sheet.append(row)
        for cell in sheet["B"]:
            cell.number_format = "@"  # periods stay text ("2024" is not a number here)
        data = io.BytesIO()
        book.save(data)
        response = HttpResponse(data.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
