"""A quarter's settlement as files: an XLSX workbook (openpyxl; amounts as numbers in euros,
text always stored as text — never a formula a spreadsheet would run) and a tagged PDF
(WeasyPrint through meetings.pdf, the same as the agenda and the minutes)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from concordia.core.xlsx import CONTENT_TYPE, workbook_of

from .selectors import PeriodSettlement

__all__ = ["CONTENT_TYPE", "settlement_xlsx"]


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def settlement_xlsx(period: PeriodSettlement) -> bytes:
    """Three sheets: the settlement per partner, the transfers, and every booking."""
    return workbook_of([
        (_("Settlement"), [
            [_("Partner"), _("Share"), _("Paid"), _("Balance"), _("Confirmed")],
            *([str(r.partner.organisation), _euros(r.line.share), _euros(r.line.paid),
               _euros(r.line.balance), _("yes") if r.confirmation else _("no")]
              for r in period.rows),
            [_("Total"), _euros(period.computed.settlement.total),
             _euros(period.computed.settlement.total), None, None],
        ]),
        (_("Transfers"), [
            [_("Pays"), _("To"), _("Amount")],
            *([str(payer.organisation), str(payee.organisation), _euros(amount)]
              for payer, payee, amount in period.transfers),
        ]),
        (_("Bookings"), [
            ["#", _("Date"), _("Partner"), _("Cost category"), _("What"), _("Description"),
             _("Amount"), _("Corrects"), _("Evidence"), _("Booked by")],
            *([b.pk, b.incurred_on.isoformat(), str(b.partner.organisation), b.category.name,
               str(b.get_kind_display()), b.description, _euros(b.amount_cents),
               b.corrects_id, b.document.title if b.document else None, str(b.booked_by)]
              for b in period.computed.bookings),
        ]),
    ])
