"""XLSX workbooks from rows of plain values (openpyxl, write-only), for every export (the
evaluation's results, a quarter's settlement, a periodic report's figures): numbers stay
numbers (an int, a float or a Decimal), and text stays text — a value that starts like a
formula ("=", "+", "-", "@") is stored as a string, never as a formula a spreadsheet would
run."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
_FORBIDDEN_IN_NAME = set('[]:*?/\\')

Rows = Iterable[Sequence[object]]


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    return str(get_column_letter(index + 1))


def sheet_name(name: str) -> str:
    clean = "".join(c for c in name if c not in _FORBIDDEN_IN_NAME).strip("'")
    return clean[:SHEET_NAME_MAX] or "Sheet1"


def _cell(sheet: WriteOnlyWorksheet, value: object) -> Cell | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = str(value).lower()
    if isinstance(value, int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes a Decimal as a number; its stubs leave it out
    # XML 1.0 refuses most control characters: drop them.
    text = "".join(c for c in str(value) if c in "\t\n\r" or ord(c) >= 0x20)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, even when it starts like a formula
    return cell


def workbook_of(sheets: Iterable[tuple[str, Rows]]) -> bytes:
    """The workbook's bytes: a sheet per (name, rows), in order (each sheet's first row is its
    head)."""
    book = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(sheet_name(name))
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(name: str, rows: Rows) -> bytes:
    """The workbook's bytes: one sheet called ``name`` with ``rows`` (the first is the head)."""
    return workbook_of([(name, rows)])
