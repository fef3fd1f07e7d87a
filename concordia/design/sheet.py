"""The one-page design sheet: the same content as a printable page and as a PDF (WeasyPrint)."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from concordia.alliances.models import Alliance
from concordia.journal.selectors import journal_list

from . import selectors
from .choices import RATIONALE_LABELS, StatementKind
from .presentation import DIMENSION_WORDS, STAGE_ORDER

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
    # The sheet shows what is in force; a proposal only as a line beside it.
    objective = selectors.statement_state(user=user, alliance=alliance,
                                          kind=StatementKind.OBJECTIVE)
    values = selectors.statement_state(user=user, alliance=alliance, kind=StatementKind.VALUES)
    profile = selectors.profile_get(user=user, alliance=alliance)
    context: dict[str, Any] = {
        "alliance": alliance, "profile": profile,
        "rationales": [RATIONALE_LABELS[r] for r in profile.rationales if r in RATIONALE_LABELS],
        "objective": objective.in_force, "objective_state": objective,
        "values": values.in_force, "values_state": values,
        "partners": selectors.partner_design_list(user=user, alliance=alliance),
    }
    context.update(_dated_and_versioned(user=user, alliance=alliance))
    context.update(_stage(user=user, alliance=alliance))
    for section in _sections:
        context.update(section(user=user, alliance=alliance))
    return context


def _dated_and_versioned(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    """When the sheet was made and of what: the date, and the journal head (number and the
    start of its hash) that every later change moves on, so two printed sheets can be told
    apart and checked against the journal."""
    head = (journal_list(user=user, alliance_id=alliance.pk)
            .values_list("seq", "hash").first())
    return {"printed_on": timezone.localdate(),
            "journal_seq": head[0] if head else 0,
            "journal_hash": head[1][:12] if head else ""}


def _stage(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    """The stage as every partner rates it (not one person's latest assessment)."""
    overview = selectors.stage_overview(user=user, alliance=alliance)
    stage = overview.stage
    if stage is None:
        return {"stage": None}
    return {"stage": {
        "overall": STAGE_ORDER[stage.overall - 1].label, "newest": stage.newest,
        "stale": overview.stale, "partners": len(stage.partners),
        "dimensions": [(DIMENSION_WORDS[d], STAGE_ORDER[level - 1].label, stage.spread[d])
                       for d, level in stage.dimensions.items()],
        "weakest": DIMENSION_WORDS[stage.weakest],
    }}


PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: readable by screen readers


def _pdf_options() -> dict[str, Any]:
    from weasyprint import CSS  # noqa: PLC0415 — loads Pango; only the PDF needs it

    stylesheet = finders.find(SHEET_CSS)
    return {"stylesheets": [CSS(filename=stylesheet)] if stylesheet else [],
            "pdf_variant": PDF_VARIANT, "pdf_tags": True}


# Laying out a PDF takes seconds for a long one (the evaluation's results), rendering its HTML
# milliseconds: the PDF is kept in the shared cache under the hash of the HTML it comes from,
# so the same page asked again is not laid out again, and any change to what it shows (data,
# language, the day in its footer) is a new key. Whoever gets a cached PDF rendered the same
# HTML first, through their own access check: the key cannot reach another's content.
PDF_CACHE_SECONDS = 24 * 60 * 60
PDF_CACHE_VERSION = "1"  # raise when the stylesheet or the PDF options change


def pdf_cache_key(html: str) -> str:
    digest = hashlib.sha256(html.encode()).hexdigest()
    return f"sheet-pdf:{PDF_CACHE_VERSION}:{digest}"


def cached_sheet_pdf(html: str) -> bytes | None:
    """The PDF of this HTML if one is in the cache, without laying anything out."""
    cached = cache.get(pdf_cache_key(html))
    return cached if isinstance(cached, bytes) else None


def render_sheet_pdf(html: str, *, keep_seconds: int = PDF_CACHE_SECONDS) -> bytes:
    """The sheet as a tagged PDF (PDF/UA-1) with title, language and author from the page's
    head; the stylesheet from the static files, never fetched over HTTP. Cached by the HTML's
    hash (see above) for ``keep_seconds``; a PDF prepared ahead of time (the periodic report's)
    is kept longer, also when it was already in the cache."""
    key = pdf_cache_key(html)
    cached = cache.get(key)
    if isinstance(cached, bytes):
        if keep_seconds != PDF_CACHE_SECONDS:
            cache.touch(key, keep_seconds)
        return cached
    from weasyprint import HTML  # noqa: PLC0415 — loads Pango; only the PDF needs it

    pdf: bytes = HTML(string=html, base_url=None).write_pdf(**_pdf_options())
    cache.set(key, pdf, keep_seconds)
    return pdf


def sheet_pages(html: str) -> Any:
    """The sheet laid out on its pages as the PDF has them (WeasyPrint's Document), for the
    tests of where its pages break."""
    from weasyprint import HTML  # noqa: PLC0415 — loads Pango; only the PDF needs it

    return HTML(string=html, base_url=None).render(**_pdf_options())


def sheet_pdf(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    html = render_to_string("design/sheet_pdf.html", context, request=request)
    pdf = render_sheet_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = "".join(c if c.isalnum() else "-" for c in context["alliance"].name.lower())
    response["Content-Disposition"] = f'inline; filename="design-sheet-{slug}.pdf"'
    return response
