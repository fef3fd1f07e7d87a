"""The results of a closed evaluation round: the page (printable), its PDF and the aggregates as
CSV and XLSX. Figures only from the aggregation rules: never a response, never a group below the
minimum size (``EVALUATION_MIN_GROUP``)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core import xlsx
from concordia.design.sheet import render_sheet_pdf

from . import feed_selectors
from .feed_presentation import pillar_label, why_not_shown
from .results_presentation import Row, figure, results_context, rows
from .results_selectors import RoundResultsData, round_results

EXPORT_HEAD = ("year", "family", "group", "group_name", "covers", "respondents", "kind", "key",
               "text", "answers", "mean", "sd")


def _data(request: AuthenticatedHttpRequest, pk: int, year: int) -> RoundResultsData:
    return round_results(user=request.user, alliance_id=pk, year=year)


def _closed(data: RoundResultsData) -> RoundResultsData:
    """Files exist only for a closed round (the page says why there is nothing yet)."""
    if not data.closed:
        raise Http404
    return data


def _filename(data: RoundResultsData, extension: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in data.alliance.name.lower())
    return f"evaluation-{data.round.year}-{slug}.{extension}"


def _export_rows(data: RoundResultsData) -> list[tuple[object, ...]]:
    def line(row: Row) -> tuple[object, ...]:
        return (data.round.year, row.family, row.group, row.label, row.members, row.respondents,
                row.kind, row.key, row.text, row.n, row.mean, row.sd)
    return [line(row) for row in rows(data)]


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@login_required
def evaluation_results(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    data = _data(request, pk, year)
    context = results_context(data)
    if data.closed:
        # Per pillar, what an improvement action would strengthen (the evaluation feeding the
        # design); only on the page, not in the PDF.
        rows = feed_selectors.round_pillar_rows(round_=data.round)
        k = data.results.k if data.results else 0
        context.update({"pillar_rows": [
            {"key": r.pillar, "label": pillar_label(r.pillar),
             "mean": figure(r.stat.mean) if r.stat else "—",
             "sd": figure(r.stat.sd) if r.stat else "—",
             "n": r.stat.n if r.stat else None,
             "note": "" if r.stat else why_not_shown(r, k)}
            for r in rows],
            "may_act": policy.can_create_action(request.user, data.alliance, None)})
    return render(request, "evaluation/results.html", context)


@login_required
def evaluation_results_pdf(request: AuthenticatedHttpRequest, pk: int,
                           year: int) -> HttpResponse:
    data = _closed(_data(request, pk, year))
    context = {**results_context(data), "printed_on": timezone.localdate()}
    html = render_to_string("evaluation/results_pdf.html", context, request=request)
    response = HttpResponse(render_sheet_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(data, "pdf")}"'
    return response


@login_required
def evaluation_results_csv(request: AuthenticatedHttpRequest, pk: int,
                           year: int) -> HttpResponse:
    data = _closed(_data(request, pk, year))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEAD)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in _export_rows(data))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "csv")}"'
    return response


@login_required
def evaluation_results_xlsx(request: AuthenticatedHttpRequest, pk: int,
                            year: int) -> HttpResponse:
    data = _closed(_data(request, pk, year))
    workbook = xlsx.workbook(_("Results %(year)s") % {"year": data.round.year},
                             [EXPORT_HEAD, *_export_rows(data)])
    response = HttpResponse(workbook, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response
