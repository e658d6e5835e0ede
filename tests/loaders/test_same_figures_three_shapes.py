"""Differential: the Leicestershire lines written wide, long and one sheet per year load to one frame.

The oracle is the published framework as the loader reads it, whose grand
totals are the published £4,283,405 / £4,316,550 / £4,395,961. The same 44
lines are written again in the three shapes offices send (and the long one
as CSV too); every tidy column but the source_* columns must come back
identical, whatever the shape.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from loaders.errors import column_index
from loaders.load import load_file
from tests.loaders.layouts import write_xlsx
from tests.loaders.tidy_layouts import (
    AREA, PUBLISHED_GRAND_TOTALS, YEARS, comparable, csv_bytes, known_lines, known_tidy,
)

TEXT_HEADERS = [
    ("strategic_area", "Strategic area"),
    ("service", "Service"),
    ("provider", "Provider"),
    ("provision", "Provision"),
]
TAIL_HEADERS = [("geography", "Geographical reach")]
SHEET_NAMES = {"2018/19": "2018-19", "2019/20": "2019-20", "2020/21": "2020-21"}


def _texts(line, roles) -> list:
    return [line.text(role) for role, _ in roles]


def wide_rows() -> list[list]:
    """One row per line, a column per year; commissioning as published, co-funders in its brackets."""
    header = [h for _, h in TEXT_HEADERS] + ["How service is commissioned"] \
        + [f"{year} budget (£)" for year in YEARS] + [h for _, h in TAIL_HEADERS]
    rows = [["Police and Crime Commissioner for Leicestershire"], [], header]
    for line in known_lines():
        rows.append(_texts(line, TEXT_HEADERS) + [line.published_commissioning]
                    + [line.amount(year) for year in YEARS] + _texts(line, TAIL_HEADERS))
    grand = [sum(line.amount(year) or 0 for line in known_lines()) for year in YEARS]
    rows.append(["", "Grand Total", "", "", ""] + grand + [""])
    return rows


LONG_TEXT = TEXT_HEADERS + [("commissioning_type", "Commissioning type"), ("funding_partners", "Funding partners")] \
    + TAIL_HEADERS


def long_rows() -> list[list]:
    """One row per line per year: a Financial Year column and one Amount (£) column."""
    rows = [[h for _, h in LONG_TEXT] + ["Financial Year", "Amount (£)"]]
    for line in known_lines():
        for year, amount in line.amounts:
            rows.append(_texts(line, LONG_TEXT) + [year, amount])
    return rows


def year_sheets() -> dict[str, list[list]]:
    """One sheet per year, named for it; the money header 'Budget (£)' names no year."""
    sheets = {}
    for year in YEARS:
        rows = [[h for _, h in LONG_TEXT] + ["Budget (£)"]]
        lines = [line for line in known_lines() if line.amount(year) is not None]
        for line in lines:
            rows.append(_texts(line, LONG_TEXT) + [line.amount(year)])
        rows.append(["", "Total"] + [""] * (len(LONG_TEXT) - 2) + [sum(line.amount(year) for line in lines)])
        sheets[SHEET_NAMES[year]] = rows
    return sheets


# shape -> (writer, declared total rows per year)
SHAPES = {
    "wide": (lambda tmp: write_xlsx(tmp / "wide.xlsx", {"Framework": wide_rows()}), 1),
    "long": (lambda tmp: write_xlsx(tmp / "long.xlsx", {"Framework": long_rows()}), 0),
    "long csv": (lambda tmp: _write_csv(tmp / "long.csv", long_rows()), 0),
    "sheet per year": (lambda tmp: write_xlsx(tmp / "years.xlsx", year_sheets()), 1),
}


def _write_csv(path: Path, rows: list[list]) -> Path:
    path.write_bytes(csv_bytes(rows))
    return path


def _grids(path: Path) -> dict[str, list[list]]:
    """The cells as written, for checking where each amount says it came from."""
    if path.suffix == ".csv":
        return {path.stem: long_rows()}
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in openpyxl.load_workbook(path)}


@pytest.fixture(scope="module")
def known() -> pd.DataFrame:
    return comparable(known_tidy())


def test_the_oracle_is_the_published_framework(known):
    assert len(known_lines()) == 44
    assert len(known) == 121
    assert known.groupby("financial_year")["amount_gbp"].sum().to_dict() == PUBLISHED_GRAND_TOTALS
    assert set(known["area"]) == {AREA}


@pytest.fixture(params=list(SHAPES))
def shape(request, tmp_path):
    writer, totals_per_year = SHAPES[request.param]
    path = writer(tmp_path)
    return request.param, path, load_file(path, area=AREA), totals_per_year


def test_every_shape_loads_the_same_frame(shape, known):
    name, _, result, _ = shape
    assert_frame_equal(comparable(result.tidy), known, check_exact=True, obj=f"{name} tidy frame")


def test_every_shape_gives_the_published_grand_totals(shape):
    _, _, result, _ = shape
    totals = result.tidy.groupby("financial_year")["amount_gbp"].sum().to_dict()
    assert totals == PUBLISHED_GRAND_TOTALS


def test_declared_totals_reconcile(shape):
    _, _, result, totals_per_year = shape
    reconciliation = result.reconciliation
    assert len(reconciliation) == totals_per_year * len(YEARS), reconciliation
    assert reconciliation["matches"].all(), reconciliation
    if totals_per_year:
        assert reconciliation.set_index("financial_year")["declared_gbp"].to_dict() == PUBLISHED_GRAND_TOTALS


def test_each_amount_points_at_its_own_cell(shape):
    _, path, result, _ = shape
    grids = _grids(path)
    for line in result.tidy.itertuples():
        cell = grids[line.source_sheet][line.source_row - 1][column_index(line.source_column)]
        assert float(cell) == line.amount_gbp, (line.source_sheet, line.source_row, line.source_column)


def test_the_shapes_are_read_as_what_they_are(shape):
    name, _, result, _ = shape
    layout = result.layout
    if name == "sheet per year":
        assert [s.sheet for s in layout.sheets] == list(SHEET_NAMES.values())
        assert [s.years.kind for s in layout.sheets] == ["sheet_name"] * 3
        assert [s.years.year for s in layout.sheets] == list(YEARS)
    else:
        assert len(layout.sheets) == 1
        assert layout.sheets[0].shape == ("wide" if name == "wide" else "long")
        assert layout.sheets[0].years.kind == ("columns" if name == "wide" else "column")
