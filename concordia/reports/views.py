"""Pages of the periodic report: the reports of the alliance and opening one, the compiled
report (printable, with its PDF and the figures as XLSX), a partner's section, its
submission and its withdrawal, the overall part, reminders to the partners still missing, and
the board's approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core import xlsx
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import exports, pdf, selectors, services
from .forms import OverallForm, ReportOpenForm, SectionForm
from .models import Report

REPORTS_PER_PAGE = 20


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _report(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> Report:
    return selectors.report_get(user=request.user, alliance=_alliance(request, pk),
                                pk=report_pk)


def _open_form(data: object = None) -> ReportOpenForm:
    today = timezone.localdate()
    return ReportOpenForm(data, initial={"kind": "quarter", "year": today.year,  # type: ignore[arg-type]  # QueryDict or None
                                         "number": (today.month - 1) // 3 + 1})


@login_required
def report_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's reports, newest first, each with whether it is approved."""
    alliance = _alliance(request, pk)
    reports = selectors.report_queryset(user=request.user, alliance=alliance)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    may_run = policy.can(request.user, "alliance.run_report", alliance)
    return render(request, "reports/list.html", {
        "alliance": alliance, "page": page, "may_run": may_run,
        "form": _open_form() if may_run else None})


@login_required
def report_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open the report for a period (the one already open for it, if any)."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.run_report", alliance):
        raise PermissionDenied
    context = {"alliance": alliance}
    form = _open_form(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render_form_page(request, "reports/open_form.html", context, form)
    if form.is_valid():
        data = form.cleaned_data
        result = run_service(form, lambda: services.report_open(
            actor=request.user, alliance=alliance, kind=data["kind"], year=data["year"],
            number=data["number"]))
        if result is not None:
            report, created = result
            messages.success(request, _("The report is open: every partner writes its "
                                        "section.") if created
                             else _("This period's report was open already."))
            return redirect("report_detail", pk=alliance.pk, report_pk=report.pk)
    return render_form_page(request, "reports/open_form.html", context, form)


def _page_context(request: AuthenticatedHttpRequest, report: Report) -> dict[str, object]:
    page = selectors.report_page(user=request.user, report=report)
    alliance = report.alliance
    mine = policy.acting_partner(request.user, alliance.pk, "partner.write_section")
    own_row = next((r for r in page.rows if mine is not None and r.partner.pk == mine.pk),
                   None)
    return {"alliance": alliance, "report": report, "page": page, "mine": mine,
            "own_row": own_row,
            "may_run": policy.can(request.user, "alliance.run_report", alliance),
            "may_approve": policy.can(request.user, "alliance.approve_report", alliance)}


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """The report as compiled now: who is still missing, the scorecard, plan vs actual,
    decisions and escalations of the period, every submitted section and the overall part.
    Printable as it is (print stylesheet)."""
    report = _report(request, pk, report_pk)
    return render(request, "reports/report.html", _page_context(request, report))


@login_required
def report_pdf(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """The report as a tagged PDF (the same fragment as the page), laid out by WeasyPrint
    through design.sheet as the evaluation's results are: prepared ahead of time once the
    report is approved, laid out on request otherwise."""
    report = _report(request, pk, report_pk)
    # Prepared ahead of time once approved, else laid out now (reports.pdf).
    response = HttpResponse(pdf.report_pdf_bytes(user=request.user, report=report),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{report.label}.pdf"'
    return response


@login_required
def report_xlsx(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """The report's figures (scorecard, plan vs actual, sections' state) as XLSX."""
    report = _report(request, pk, report_pk)
    page = selectors.report_page(user=request.user, report=report)
    response = HttpResponse(exports.report_xlsx(page), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="report-{report.label}.xlsx"'
    return response


@login_required
def report_section_edit(request: AuthenticatedHttpRequest, pk: int, report_pk: int,
                        partner_pk: int) -> HttpResponse:
    """Write one's own partner's section (prefilled with its open actions, bottlenecks and
    indicator values of the period)."""
    report = _report(request, pk, report_pk)
    partner = selectors.partner_get(user=request.user, alliance=report.alliance, pk=partner_pk)
    if not policy.can(request.user, "partner.write_section", partner):
        raise PermissionDenied
    draft = selectors.section_draft(user=request.user, report=report, partner=partner)
    context = {"alliance": report.alliance, "report": report, "partner": partner,
               "draft": draft}
    form = SectionForm(request.POST if request.method == "POST" else None,
                       initial={**draft.texts, "version": draft.version})
    if request.method != "POST":
        return render_form_page(request, "reports/section_form.html", context, form)
    if form.is_valid():
        data = form.cleaned_data
        section = run_service(form, lambda: services.section_update(
            actor=request.user, report=report, partner=partner,
            expected_version=data["version"], progress=data["progress"],
            bottlenecks=data["bottlenecks"], coordination=data["coordination"],
            news=data["news"]))
        if section is not None:
            messages.success(request, _("The section is saved. Submit it when it is ready."))
            return redirect("report_detail", pk=report.alliance_id, report_pk=report.pk)
    return render_form_page(request, "reports/section_form.html", context, form)


def _post_service(request: AuthenticatedHttpRequest, report: Report, call: object,
                  success: str) -> HttpResponse:
    try:
        call()  # type: ignore[operator]  # a callable
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("report_detail", pk=report.alliance_id, report_pk=report.pk)


@login_required
@require_POST
def report_section_submit(request: AuthenticatedHttpRequest, pk: int, report_pk: int,
                          partner_pk: int) -> HttpResponse:
    """Submit one's own partner's section as read (its version)."""
    report = _report(request, pk, report_pk)
    partner = selectors.partner_get(user=request.user, alliance=report.alliance, pk=partner_pk)
    if not policy.can(request.user, "partner.write_section", partner):
        raise PermissionDenied
    return _post_service(request, report, lambda: services.section_submit(
        actor=request.user, report=report, partner=partner,
        expected_version=_version(request)),
        _("The section is submitted: every partner reads it now."))


def _version(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
@require_POST
def report_section_withdraw(request: AuthenticatedHttpRequest, pk: int, report_pk: int,
                            partner_pk: int) -> HttpResponse:
    """Withdraw one's own partner's submitted section as read (its version), while the report
    is not approved: it is a draft again."""
    report = _report(request, pk, report_pk)
    partner = selectors.partner_get(user=request.user, alliance=report.alliance, pk=partner_pk)
    if not policy.can(request.user, "partner.write_section", partner):
        raise PermissionDenied
    version = _version(request)
    if version is None:
        messages.error(request, _("The section changed since you read it. Read it again "
                                  "before you withdraw it."))
        return redirect("report_detail", pk=report.alliance_id, report_pk=report.pk)
    return _post_service(request, report, lambda: services.section_withdraw(
        actor=request.user, report=report, partner=partner, expected_version=version),
        _("The section is withdrawn: it is a draft again, read only by your own "
          "organisation, until you submit it."))


@login_required
def report_overall_edit(request: AuthenticatedHttpRequest, pk: int,
                        report_pk: int) -> HttpResponse:
    """Write the report's overall part (the key alliance manager)."""
    report = _report(request, pk, report_pk)
    if not policy.can(request.user, "alliance.run_report", report.alliance):
        raise PermissionDenied
    context = {"alliance": report.alliance, "report": report}
    form = OverallForm(request.POST if request.method == "POST" else None,
                       initial={"overall": report.overall, "version": report.version})
    if request.method != "POST":
        return render_form_page(request, "reports/overall_form.html", context, form)
    if form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: services.report_overall_write(
            actor=request.user, report=report, expected_version=data["version"],
            text=data["overall"]))
        if saved is not None:
            messages.success(request, _("The overall part is saved."))
            return redirect("report_detail", pk=report.alliance_id, report_pk=report.pk)
    return render_form_page(request, "reports/overall_form.html", context, form)


@login_required
@require_POST
def report_remind(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """Remind the partners that have not submitted (at most once a day each)."""
    report = _report(request, pk, report_pk)
    if not policy.can(request.user, "alliance.run_report", report.alliance):
        raise PermissionDenied
    try:
        reminded = services.report_remind(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if reminded:
            messages.success(request, _("Reminded: %(partners)s.") % {
                "partners": ", ".join(str(p.organisation) for p in reminded)})
        else:
            messages.info(request, _("Nobody to remind: every partner still missing was "
                                     "reminded today already."))
    return redirect("report_detail", pk=report.alliance_id, report_pk=report.pk)


@login_required
@require_POST
def report_approve(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """The board approves the report (a board member or the key alliance manager)."""
    report = _report(request, pk, report_pk)
    if not policy.can(request.user, "alliance.approve_report", report.alliance):
        raise PermissionDenied
    return _post_service(request, report, lambda: services.report_approve(
        actor=request.user, report=report), _("The report is approved."))


