"""Downloads a panel member can open in Excel without any cell running as a formula."""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.export import READABLE_COLUMNS, escape_formula, escaped, readable, to_csv_bytes, to_xlsx_bytes
from analysis.selection import mark_counted
from analysis.text_columns import plain_text

HOSTILE = ["=HYPERLINK(\"http://x\",\"Catch 22\")", "+44 116 222 2222", "-Catch 22", "@SUM(A1)",
           "\tCatch 22", "\rCatch 22"]
# What spreadsheets also run: a formula after spaces, a line feed, a zero-width space or a BOM,
# the full-width signs, and a DDE call.
HIDDEN_TRIGGERS = ["\n=1+1", " =1+1", "\u200b=1+1", "\ufeff=1+1", "＝HYPERLINK(\"http://x\")", "＋1", "－1",
                   "＠SUM(A1)", "\u00a0 @SUM(A1)", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", HOSTILE + HIDDEN_TRIGGERS)
def test_text_a_spreadsheet_would_run_is_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Catch 22", "24-7 Locks", "", " Catch 22", "C₂ARA", 573925.0, -1500.0, 6])
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


@pytest.fixture(scope="module")
def store_like(bundled):
    """The bundled lines as the dashboard holds them (text as categoricals, marked), filtered, with blanks and formulas."""
    lines = bundled.copy()
    lines.loc[lines.index[: len(HOSTILE)], "provider"] = HOSTILE
    lines.loc[lines.index[len(HOSTILE): len(HOSTILE) + 3], "provision"] = None
    lines["dataset_name"], lines["dataset_kind"], lines["dataset_id"] = "Bundled", "framework", 1
    datasets = pd.DataFrame({"id": [1], "kind": ["framework"], "pcc_area": ["Leicestershire"],
                             "financial_years": [""], "uploaded_at": [pd.Timestamp("2024-01-01")]})
    text = [c for c in lines.columns if not pd.api.types.is_numeric_dtype(lines[c])]
    marked = mark_counted(lines.astype(dict.fromkeys(text, "category")), datasets)
    # A filtered view, as the page gets it: unused categories, a gappy index.
    return marked.drop(marked.index[12::2])


def reference_readable(rows):
    """readable() as first written: plain_text() over the chosen columns, line by line."""
    chosen = [c for c in READABLE_COLUMNS if c in rows.columns]
    frame = plain_text(rows[chosen]).rename(columns=READABLE_COLUMNS)
    if "Counts toward totals" in frame:
        frame["Counts toward totals"] = frame["Counts toward totals"].map({True: "Yes", False: "No"})
    return frame.reset_index(drop=True)


def reference_escaped(frame):
    """escaped() as first written: escape_formula called on every cell."""
    safe = frame.copy()
    safe.columns = [escape_formula(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(escape_formula).astype("object")
    return safe


def test_readable_and_escaped_match_the_cell_by_cell_reference(store_like):
    table = readable(store_like)
    pd.testing.assert_frame_equal(table, reference_readable(store_like))
    assert table["Provision"].isna().sum() == 3 and len(table) == len(store_like)

    safe = escaped(table)
    pd.testing.assert_frame_equal(safe, reference_escaped(table))
    assert list(safe["Provider"][: len(HOSTILE)]) == ["'" + text for text in HOSTILE]
    # Object columns too, with numbers, None and NaN among the text, and a column of nothing.
    mixed = pd.DataFrame({"Note": pd.Series(["=1+1", 6, None, np.nan, "-2", "ok", "=1+1"], dtype=object),
                          "Blank": pd.Series([None] * 7, dtype=object), "=Sum": range(7)})
    pd.testing.assert_frame_equal(escaped(mixed), reference_escaped(mixed))
