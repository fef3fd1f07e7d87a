"""Reading measurements from an uploaded table (CSV or XLSX), as plain values: the file is read
within its caps (size, rows), every row is checked against the indicators the person may enter
and every problem is reported with its line. No database: the service records the rows, all of
them or none."""

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import rules

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_ERRORS = 100  # more are counted, not listed
COLUMNS = ("indicator", "period", "value", "unit")
OPTIONAL_COLUMNS = ("note",)


class UnreadableFile(ValueError):
    """The file cannot be read as a table: "size" (too large), "rows" (too many rows), "format"
    (not CSV or XLSX), "encoding" (CSV not in UTF-8), "empty"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class IndicatorInfo:
    """What the check needs of an indicator the person may enter values for."""

    pk: int
    name: str
    unit: str
    period_kind: str


@dataclass(frozen=True)
class Row:
    line: int
    indicator: int
    period: str
    value: Decimal
    note: str


@dataclass(frozen=True)
class RowError:
    """A problem on one line (1 is the header) in one column (or "" for the whole row):
    "columns" (the header lacks or repeats a column), "indicator" (unknown, or not yours),
    "period" (not a period of the indicator's kind), "period_range", "value" (not a number),
    "value_range", "unit" (not the indicator's unit), "duplicate" (the same indicator and
    period on an earlier line), "note" (too long)."""

    line: int
    column: str
    code: str
    detail: str = ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # XLSX numbers: the shortest text that reads back the same
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def read_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (a byte-order mark is allowed), separated by commas or
    semicolons (as a Dutch spreadsheet writes them)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile("size")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("encoding") from exc
    if "\x00" in text:
        raise UnreadableFile("format")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + 1:
                raise UnreadableFile("rows")
    except csv.Error as exc:
        raise UnreadableFile("format") from exc
    return rows


def read_xlsx(data: bytes) -> list[list[str]]:
    """The rows of the first sheet of an XLSX workbook, read in read-only mode (streamed, values
    not formulas)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile("size")
    import openpyxl  # noqa: PLC0415 — heavy; only uploads need it
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile("format") from exc
    except Exception as exc:  # openpyxl raises its own errors on a damaged workbook
        raise UnreadableFile("format") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                raise UnreadableFile("rows")
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile("format") from exc
    finally:
        book.close()
    return rows


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The rows of an uploaded file, by its name's ending (.csv or .xlsx)."""
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(data)
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    raise UnreadableFile("format")


def check_rows(rows: Sequence[Sequence[str]],
               indicators: Mapping[str, IndicatorInfo]) -> tuple[list[Row], list[RowError]]:
    """The rows of a table (the first is the header) as measurements, and every problem found
    with its line. ``indicators`` maps a name in lower case to an indicator the person may
    enter. Empty lines are skipped. The rows are good only when the errors are empty."""
    content = [row for row in rows if any(cell.strip() for cell in row)]
    if not content:
        raise UnreadableFile("empty")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    unknown = [c for c in header if c and c not in COLUMNS + OPTIONAL_COLUMNS]
    if missing or repeated or unknown:
        detail = ", ".join(missing + repeated + unknown)
        return [], [RowError(1, "", "columns", detail)]
    at = {name: header.index(name) for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name in header}
    good: list[Row] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: Sequence[str] = row) -> str:
            index = at.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        before = len(errors)
        info = indicators.get(" ".join(cell("indicator").split()).lower())
        if info is None:
            errors.append(RowError(number, "indicator", "indicator", cell("indicator")[:80]))
            continue
        period = value = None
        try:
            period = str(rules.parse_period(cell("period"), info.period_kind))
        except rules.PeriodError as exc:
            errors.append(RowError(number, "period",
                                   "period" if exc.code == "format" else "period_range",
                                   rules.period_example(info.period_kind)))
        try:
            value = rules.parse_value(cell("value"))
        except rules.ValueProblem as exc:
            errors.append(RowError(number, "value",
                                   "value" if exc.code == "number" else "value_range",
                                   cell("value")[:40]))
        if cell("unit") != info.unit:
            errors.append(RowError(number, "unit", "unit", info.unit))
        if len(cell("note")) > rules.NOTE_MAX:
            errors.append(RowError(number, "note", "note"))
        if period is not None:
            earlier = seen.setdefault((info.pk, period), number)
            if earlier != number:
                errors.append(RowError(number, "period", "duplicate", str(earlier)))
        if len(errors) == before and period is not None and value is not None:
            good.append(Row(number, info.pk, period, value, cell("note")))
    return good, errors


def template_rows(indicators: Iterable[IndicatorInfo]) -> list[list[str]]:
    """The template's rows: the header, then one example line per indicator (its name, an
    example period of its kind, no value, its unit)."""
    rows = [[*COLUMNS, "note"]]
    rows.extend([info.name, rules.period_example(info.period_kind), "", info.unit, ""]
                for info in indicators)
    return rows
