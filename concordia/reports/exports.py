"""A report's figures as an XLSX workbook (through core.xlsx, as the evaluation's results and
the settlement): the scorecard in the period, plan vs actual per partner, and every partner's
section state. The sections' text stays in the page and the PDF."""

from django.utils.translation import gettext as _

from concordia.core.xlsx import workbook_of

from .selectors import ReportPage


def report_xlsx(page: ReportPage) -> bytes:
    """Three sheets: the scorecard, plan vs actual per partner, the sections."""
    plan_rows: list[list[object]] = []
    if page.plan is not None:
        plan_rows = [[str(row.partner.organisation), row.comparison.planned.hours,
                      row.comparison.actual.hours, row.comparison.planned.fte_hundredths / 100,
                      row.comparison.actual.fte_hundredths / 100,
                      row.comparison.planned.money_cents / 100,
                      row.comparison.actual.money_cents / 100]
                     for row in page.plan.partners]
    return workbook_of([
        (_("Scorecard"), [
            [_("Indicator"), _("Unit"), _("Owner"), _("Period"), _("Value"), _("Target"),
             _("Status")],
            *([row.indicator.name, row.indicator.unit,
               str(row.indicator.owner_partner.organisation), row.period, row.value,
               row.target, row.status_label] for row in page.indicators),
        ]),
        (_("Plan vs actual"), [
            [_("Partner"), _("Hours planned"), _("Hours actual"), _("FTE planned"),
             _("FTE actual"), _("Money planned"), _("Money actual")],
            *plan_rows,
        ]),
        (_("Sections"), [
            [_("Partner"), _("Submitted"), _("Submitted by")],
            *([str(row.partner.organisation),
               row.section.submitted_at.date().isoformat()
               if row.submitted and row.section and row.section.submitted_at else None,
               str(row.section.submitted_by)
               if row.submitted and row.section and row.section.submitted_by else None]
              for row in page.rows),
        ]),
    ])
