"""Laying out an approved report's PDF ahead of time, in the task worker (reports.pdf)."""

from django.tasks import task

from . import pdf


@task()
def prepare_report_pdf(*, report_id: int) -> int:
    """Lay out and keep the report's PDF for its readers in every language."""
    return pdf.report_pdf_prepare(report_id)
