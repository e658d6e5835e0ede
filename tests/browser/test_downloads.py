"""The Data page's downloads, clicked in a real browser: each holds exactly the filtered lines shown.

The files are built only when a button is clicked (a deferred download), so
the click is the test: Playwright catches the file the browser saves.
"""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from loaders import load_file
from uploads.bundled import DATA_DIR

SHARED_VIEW = "/data?area=Leicestershire&provider=Turning+Point"


@pytest.fixture(scope="module")
def turning_point():
    lines = load_file(DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return lines.loc[lines["provider"].eq("Turning Point")]


def downloaded(page, label: str, folder) -> bytes:
    with page.expect_download(timeout=60_000) as waiting:
        page.get_by_role("button", name=label).click()
    path = folder / waiting.value.suggested_filename
    waiting.value.save_as(path)
    return path.read_bytes()


def test_the_csv_and_excel_downloads_hold_the_lines_of_the_table(open_page, turning_point, tmp_path):
    page = open_page(SHARED_VIEW)

    records = list(csv.DictReader(io.StringIO(downloaded(page, "Download CSV", tmp_path).decode("utf-8-sig"),
                                              newline="")))
    assert len(records) == len(turning_point)
    assert sum(float(record["Amount (£)"]) for record in records) == turning_point["amount_gbp"].sum()
    assert {record["Source row"] for record in records} == {str(row) for row in turning_point["source_row"]}

    workbook = load_workbook(io.BytesIO(downloaded(page, "Download Excel", tmp_path)))
    sheet = workbook["Spend lines"]
    header = [cell.value for cell in sheet[1]]
    amounts = [row[header.index("Amount (£)")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(amounts) == turning_point["amount_gbp"].sum()
    assert any("EXE0003/20" in str(cell.value) for cell in workbook["About"]["A"])
