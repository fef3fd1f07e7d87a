"""The one-page design sheet: the same content as a printable page and as a PDF (WeasyPrint)."""

from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from concordia.alliances.models import Alliance

from . import selectors
from .choices import RATIONALE_LABELS, StatementKind

SHEET_CSS = "concordia/sheet.css"

# A section another app adds to the sheet: called with ``user`` and ``alliance``, it returns
# more context for the sheet's template (the building blocks add the pillar coverage). Apps
# that build on the design register here, from their AppConfig.ready(), so that design never
# imports them.
SheetSection = Callable[..., dict[str, Any]]
_sections: list[SheetSection] = []


def register_section(section: SheetSection) -> None:
    if section not in _sections:
        _sections.append(section)


def sheet_context(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    """Everything on the sheet, read through the selectors (so through the access policy)."""
    objective, objective_progress = selectors.endorsement_progress(
        user=user, alliance=alliance, kind=StatementKind.OBJECTIVE)
    values, values_progress = selectors.endorsement_progress(
        user=user, alliance=alliance, kind=StatementKind.VALUES)
    profile = selectors.profile_get(user=user, alliance=alliance)
    history = list(selectors.stage_assessment_list(user=user, alliance=alliance))
    context: dict[str, Any] = {
        "alliance": alliance, "profile": profile,
        "rationales": [RATIONALE_LABELS[r] for r in profile.rationales if r in RATIONALE_LABELS],
        "objective": objective, "objective_progress": objective_progress,
        "values": values, "values_progress": values_progress,
        "partners": selectors.partner_design_list(user=user, alliance=alliance),
        "stage": history[-1] if history else None,
    }
    for section in _sections:
        context.update(section(user=user, alliance=alliance))
    return context


def sheet_pdf(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    from weasyprint import CSS, HTML  # noqa: PLC0415 — loads Pango; only the PDF needs it

    html = render_to_string("design/sheet_pdf.html", context, request=request)
    stylesheet = finders.find(SHEET_CSS)
    pdf = HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else [])
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = "".join(c if c.isalnum() else "-" for c in context["alliance"].name.lower())
    response["Content-Disposition"] = f'inline; filename="design-sheet-{slug}.pdf"'
    return response
