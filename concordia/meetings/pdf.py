"""Printable files of a meeting: the agenda and the approved minutes, as tagged PDF/UA
(WeasyPrint), with the document's language and title set. What a reader may see is decided by
the selectors: a reader outside the body gets the version for the wider circle, without the
confidential items."""

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from concordia.accounts.models import Person

from . import calendar_selectors as selectors
from .models import Meeting

PDF_CSS = "concordia/sheet.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: readable by screen readers


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML page: tagged (PDF/UA-1), the stylesheet from the static files, never
    fetched over HTTP."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 — loads Pango; only the PDF needs it

    stylesheet = finders.find(PDF_CSS)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else [],
        pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf


def agenda_context(*, user: Person, meeting: Meeting) -> dict[str, Any]:
    items = selectors.agenda_items_visible(user=user, meeting=meeting)
    return {"meeting": meeting, "body": meeting.body, "items": items,
            "wider_circle": not selectors.reads_confidential(user=user, meeting=meeting)}


def minutes_context(*, user: Person, meeting: Meeting) -> dict[str, Any]:
    """The latest version of the approved minutes; the notes of visible items only."""
    version = selectors.approved_minutes_version(meeting=meeting)
    items = selectors.agenda_items_visible(user=user, meeting=meeting)
    notes = version.notes if isinstance(version.notes, dict) else {}
    return {"meeting": meeting, "body": meeting.body, "minutes": version.minutes,
            "version": version,
            "items": [(item, str(notes.get(str(item.pk), ""))) for item in items],
            "attendance": selectors.attendance_list(meeting=meeting),
            "wider_circle": not selectors.reads_confidential(user=user, meeting=meeting)}


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], *,
                 filename: str) -> HttpResponse:
    html = render_to_string(template, {**context, "printed_at": timezone.now()},
                            request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
