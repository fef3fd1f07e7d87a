"""A quarter's settlement as files: an XLSX workbook (openpyxl; amounts as numbers in euros,
text always stored as text — never a formula a spreadsheet would run) and a tagged PDF
(WeasyPrint through meetings.pdf, the same as the agenda and the minutes)."""

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .selectors import PeriodSettlement

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet: WriteOnlyWorksheet, value: object) -> Cell | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | Decimal):
        return WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes a Decimal as a number; its stubs leave it out
    text = "".join(c for c in str(value) if c in "\t\n\r" or ord(c) >= 0x20)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, even when it starts like a formula ("=", "+", "-", "@")
    return cell


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _sheet(book: Workbook, name: str, rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(name[:31])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def settlement_xlsx(period: PeriodSettlement) -> bytes:
    """Three sheets: the settlement per partner, the transfers, and every booking."""
    book = Workbook(write_only=True)
    _sheet(book, _("Settlement"), [
        [_("Partner"), _("Share"), _("Paid"), _("Balance"), _("Confirmed")],
        *([str(r.partner.organisation), _euros(r.line.share), _euros(r.line.paid),
           _euros(r.line.balance), _("yes") if r.confirmation else _("no")]
          for r in period.rows),
        [_("Total"), _euros(period.computed.settlement.total),
         _euros(period.computed.settlement.total), None, None],
    ])
    _sheet(book, _("Transfers"), [
        [_("Pays"), _("To"), _("Amount")],
        *([str(payer.organisation), str(payee.organisation), _euros(amount)]
          for payer, payee, amount in period.transfers),
    ])
    _sheet(book, _("Bookings"), [
        ["#", _("Date"), _("Partner"), _("Cost category"), _("What"), _("Description"),
         _("Amount"), _("Corrects"), _("Evidence"), _("Booked by")],
        *([b.pk, b.incurred_on.isoformat(), str(b.partner.organisation), b.category.name,
           str(b.get_kind_display()), b.description, _euros(b.amount_cents),
           b.corrects_id, b.document.title if b.document else None, str(b.booked_by)]
          for b in period.computed.bookings),
    ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
