"""The periodic report as a PDF, laid out ahead of time once it is approved (docs/decisions/0021).

Laying out the yearly report of 30 partners takes WeasyPrint seconds (its text is shaped line by
line by Pango), compiling its HTML milliseconds. So when a report is approved, a task lays out
its PDF for every reader and language and keeps it in the shared cache under the hash of the
HTML it comes from (``design.sheet``), and notes the day it did so. Only a long report: a short
one is laid out on request quickly enough. The view compiles the
reader's HTML as that day's and serves the prepared PDF when the hash matches: the PDF then shows
exactly what the reader may see now, dated the day it was made. Anything that changed since
(a figure of the period, the reader's access, the language) is another hash: the view lays the
PDF out there and then, as before, and asks for a new preparation.

Prepared PDFs are a cache, never the record: losing them costs time, not content, so filling
the cache is not journaled."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.models import Membership
from concordia.design import sheet

from . import selectors
from .models import Report

logger = logging.getLogger(__name__)

# A prepared PDF is read over the year after its period; the cache may still drop it earlier.
PREPARED_SECONDS = 400 * 24 * 60 * 60
# One preparation asked at a time per report: readers who miss in the meantime lay out alone.
PREPARING_SECONDS = 10 * 60
# Only a long report is prepared: the layout grows with the text (about 11 µs a character of
# HTML on two busy cores, 2.4 s for the yearly report of 30 partners), and a page shorter than
# this is laid out on request in well under a second; preparing it would only cost the worker.
PREPARE_FROM_CHARS = 40_000


def prepared_key(report_id: int, language: str) -> str:
    return f"report-pdf-prepared:{sheet.PDF_CACHE_VERSION}:{report_id}:{language}"


def report_pdf_html(*, user: Any, report: Report, printed_on: dt.date) -> str:
    """The report's PDF page as ``user`` reads it, dated ``printed_on``, in the active language.
    The view and the preparation render it alike, so the same reading gives the same hash."""
    page = selectors.report_page(user=user, report=report)
    return render_to_string("reports/pdf_report.html",
                            {"alliance": report.alliance, "report": report, "page": page,
                             "printed_on": printed_on})


def report_pdf_bytes(*, user: Any, report: Report) -> bytes:
    """The PDF for this reader: the prepared one when it still shows what they read now,
    otherwise laid out now (and, for an approved report, a new preparation asked for)."""
    today = timezone.localdate()
    prepared_on = cache.get(prepared_key(report.pk, translation.get_language()))
    if isinstance(prepared_on, str) and prepared_on != today.isoformat():
        html = report_pdf_html(user=user, report=report,
                               printed_on=dt.date.fromisoformat(prepared_on))
        pdf = sheet.cached_sheet_pdf(html)
        if pdf is not None:
            return pdf
    html = report_pdf_html(user=user, report=report, printed_on=today)
    pdf = sheet.render_sheet_pdf(html)
    if (report.approved and prepared_on != today.isoformat()
            and len(html) >= PREPARE_FROM_CHARS):
        ask_preparation(report.pk)
    return pdf


def ask_preparation(report_id: int) -> None:
    """Queue the preparation unless one was asked for lately. Never fails the caller."""
    if not cache.add(f"report-pdf-preparing:{report_id}", 1, PREPARING_SECONDS):
        return
    from .tasks import prepare_report_pdf  # noqa: PLC0415 — the task module imports this one

    try:
        prepare_report_pdf.enqueue(report_id=report_id)
    except Exception:  # the queue is down: the PDF is laid out on request, as before
        logger.exception("report PDF preparation could not be queued",
                         extra={"report": report_id})


def report_readers(report: Report) -> list[Person]:
    """Everyone with a live role in the report's alliance who reads its reports."""
    ids = (Membership.objects.filter(policy.live_membership_q(), alliance_id=report.alliance_id)
           .values_list("person_id", flat=True).distinct())
    people = Person.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return [p for p in people if policy.can(p, "alliance.view_reports", report.alliance)]


def report_pdf_prepare(report_id: int) -> int:
    """Lay out the approved, long report's PDF for every reader and language (each distinct
    page once) and keep it. Returns how many PDFs were laid out or kept (0: not approved, or
    short enough to lay out on request)."""
    report = Report.objects.select_related("alliance").filter(pk=report_id).first()
    if report is None or not report.approved:
        return 0
    today = timezone.localdate()
    readers = report_readers(report)
    prepared = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pages: set[str] = set()
            for reader in readers:
                try:
                    html = report_pdf_html(user=reader, report=report, printed_on=today)
                except (Http404, PermissionDenied):
                    continue
                # The sections make the length, and every reader reads them all: the first
                # page says whether the report is long.
                if len(html) < PREPARE_FROM_CHARS:
                    return prepared
                pages.add(html)
            for html in pages:
                sheet.render_sheet_pdf(html, keep_seconds=PREPARED_SECONDS)
            prepared += len(pages)
        cache.set(prepared_key(report.pk, language), today.isoformat(), PREPARED_SECONDS)
    return prepared
