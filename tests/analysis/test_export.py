"""Downloads a panel member can open in Excel without any cell running as a formula."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from analysis.export import escape_formula, readable, to_csv_bytes, to_xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://x\",\"Catch 22\")", "+44 116 222 2222", "-Catch 22", "@SUM(A1)",
           "\tCatch 22", "\rCatch 22"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Catch 22", "24-7 Locks", "", 573925.0, -1500.0, 6])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert escape_formula(value) == value


@pytest.fixture
def tampered(leicestershire):
    """The framework as uploaded by someone who typed formulas into the provider column."""
    lines = leicestershire.copy()
    lines.loc[lines.index[: len(HOSTILE)], "provider"] = HOSTILE
    return lines


def test_csv_escapes_every_hostile_cell_and_keeps_the_amounts(tampered, published_grand_totals):
    data = to_csv_bytes(readable(tampered))

    assert data.startswith("\ufeff".encode())
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    providers = [record["Provider"] for record in records]
    assert providers[: len(HOSTILE)] == ["'" + text for text in HOSTILE]
    assert not any(p.startswith(("=", "+", "-", "@", "\t", "\r")) for p in providers)
    total_2020 = sum(float(r["Amount (£)"]) for r in records if r["Financial year"] == "2020/21")
    assert total_2020 == published_grand_totals["2020/21"]
    assert [r["Source row"] for r in records[:2]] == [str(v) for v in tampered["source_row"][:2]]


def test_xlsx_has_no_formula_cells_and_pound_amounts(tampered, published_grand_totals):
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(readable(tampered), notes=["=cmd|' /C calc'!A0"])))
    sheet = workbook["Spend lines"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]

    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # XML keeps no bare carriage return: it reads back as a line feed.
    assert [r["Provider"] for r in rows[: len(HOSTILE)]] == ["'" + text.replace("\r", "\n") for text in HOSTILE]
    assert sum(r["Amount (£)"] for r in rows if r["Financial year"] == "2020/21") == published_grand_totals["2020/21"]
    amount_column = header.index("Amount (£)") + 1
    assert sheet.cell(row=2, column=amount_column).number_format == '"£"#,##0.00'
    assert workbook["About"]["A1"].value.startswith("'=")


def test_readable_keeps_the_trace_to_file_sheet_and_row(leicestershire):
    table = readable(leicestershire)

    assert {"Source file", "Source sheet", "Source row", "Amount (£)"} <= set(table.columns)
    assert table["Source file"].eq("leicestershire_commissioning_framework_2018-21.xlsx").all()
    assert list(readable(leicestershire, ["source_row", "service"]).columns) == ["Service", "Source row"]
