"""Reading an upload: CSV and XLSX within their caps, every line checked (wrong columns, an
unknown indicator, a wrong unit, a period twice, a non-number), each problem with its line.
No database."""

import io
from decimal import Decimal

import openpyxl
import pytest

from concordia.scorecard import importing
from concordia.scorecard.importing import IndicatorInfo, RowError

INDICATORS = {"reports on time": IndicatorInfo(1, "Reports on time", "%", "quarter"),
              "days to resolve": IndicatorInfo(2, "Days to resolve", "days", "year")}
HEADER = ["indicator", "period", "value", "unit"]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_good_lines_become_rows():
    rows, errors = importing.check_rows([
        [*HEADER, "note"], ["Reports on time", "2024-q1", "80,5", "%", "first"], ["", "", ""],
        ["days to  RESOLVE", "2024", "12", "days", ""]], INDICATORS)
    assert errors == []
    assert rows == [importing.Row(2, 1, "2024-Q1", Decimal("80.5"), "first"),
                    importing.Row(4, 2, "2024", Decimal(12), "")]


def test_every_problem_is_reported_with_its_line():
    rows, errors = importing.check_rows([
        ["Indicator", "Period", "Value", "Unit"],
        ["Reports on time", "2024-Q1", "80", "%"],
        ["Unknown one", "2024-Q1", "80", "%"],
        ["Reports on time", "2024", "eighty", "percent"],
        ["Reports on time", "2024-Q1", "81", "%"],
        ["Days to resolve", "1900", "1e3", "days"],
    ], INDICATORS)
    assert errors == [
        RowError(3, "indicator", "indicator", "Unknown one"),
        RowError(4, "period", "period", "2024-Q2"),
        RowError(4, "value", "value", "eighty"),
        RowError(4, "unit", "unit", "%"),
        RowError(5, "period", "duplicate", "2"),
        RowError(6, "period", "period_range", "2024"),
        RowError(6, "value", "value", "1e3"),
    ]
    assert [r.line for r in rows] == [2]


@pytest.mark.parametrize("header", [["indicator", "period", "value"],
                                    ["indicator", "period", "value", "unit", "unit"],
                                    ["indicator", "period", "value", "unit", "colour"]])
def test_wrong_columns_are_one_error_on_the_header(header):
    rows, errors = importing.check_rows([header, ["Reports on time", "2024-Q1", "1", "%"]],
                                        INDICATORS)
    assert rows == []
    assert [(e.line, e.code) for e in errors] == [(1, "columns")]


def test_csv_with_semicolons_and_a_byte_order_mark():
    data = "\ufeffindicator;period;value;unit\nReports on time;2024-Q1;80,5;%\n".encode()
    assert importing.read_table(data, "values.CSV") == [HEADER,
                                                        ["Reports on time", "2024-Q1", "80,5",
                                                         "%"]]


def test_xlsx_is_read_with_numbers_as_their_shortest_text():
    data = xlsx([HEADER, ["Reports on time", "2024-Q1", 80.5, "%"], ["Days to resolve", 2024,
                                                                     12, "days"]])
    rows = importing.read_table(data, "values.xlsx")
    assert rows == [HEADER, ["Reports on time", "2024-Q1", "80.5", "%"],
                    ["Days to resolve", "2024", "12", "days"]]
    good, errors = importing.check_rows(rows, INDICATORS)
    assert errors == []
    assert [r.value for r in good] == [Decimal("80.5"), Decimal(12)]


@pytest.mark.parametrize(("data", "name", "code"), [
    (b"x" * (importing.MAX_BYTES + 1), "big.csv", "size"),
    (b"x" * (importing.MAX_BYTES + 1), "big.xlsx", "size"),
    (b"indicator\n" + b"a\n" * (importing.MAX_ROWS + 1), "long.csv", "rows"),
    (b"\xff\xfe not utf-8", "latin.csv", "encoding"),
    (b"not a workbook", "fake.xlsx", "format"),
    (b"indicator,period", "values.txt", "format"),
])
def test_files_beyond_the_caps_or_unreadable_are_refused(data, name, code):
    with pytest.raises(importing.UnreadableFile) as caught:
        importing.read_table(data, name)
    assert caught.value.code == code


def test_a_workbook_with_too_many_rows_is_refused_while_streaming():
    data = xlsx([HEADER] + [["Reports on time", "2024-Q1", 1, "%"]] * (importing.MAX_ROWS + 1))
    with pytest.raises(importing.UnreadableFile) as caught:
        importing.read_table(data, "long.xlsx")
    assert caught.value.code == "rows"


def test_the_template_has_a_line_per_indicator():
    assert importing.template_rows(INDICATORS.values()) == [
        ["indicator", "period", "value", "unit", "note"],
        ["Reports on time", "2024-Q2", "", "%", ""], ["Days to resolve", "2024", "", "days", ""]]
