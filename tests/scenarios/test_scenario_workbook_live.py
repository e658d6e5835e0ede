"""The finance meeting: LibreOffice opens the scenario workbook, an input is typed over, the totals follow.

LibreOffice recalculates the workbook from scratch (its cached values are
XlsxWriter's zeros), then again after the 5% cut becomes 10%, the new ISVA's
£60,000 becomes £45,000, the 2% inflation 3%, the projection's 2% a year 1%
and the victims' grant changes; each time every line, every strategic area,
the total and each year's surplus must be the planner's own figures for the
same plan, on Leicestershire's published 2020/21 framework.
"""
from __future__ import annotations

import math
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders import load_file
from scenarios.adjustments import Projection
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import strategic_area_comparison
from scenarios.export import scenario_workbook
from scenarios.funding import FundingSource, funding_gap
from tests.scenarios.libreoffice import needs_libreoffice, recalculated, with_cells_changed
from tests.scenarios.scenario_examples import commissioners_question
from tests.scenarios.workbook_reading import funding_cells, input_cell, row_with

pytestmark = needs_libreoffice
DATA = Path(__file__).resolve().parents[2] / "data"
PENNY_FRACTION = 1e-6
GRANT = "Ministry of Justice victims' grant"


@pytest.fixture(scope="module")
def baseline_2020():
    tidy = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return baseline_lines(tidy, area="Leicestershire", financial_year="2020/21")


def as_libreoffice_computes(book, result, years: int) -> dict:
    sheet = book["Result"]
    total = row_with(sheet, "A", "Total")
    area_rows = {cell.value: cell.row for cell in sheet["A"] if cell.row > total + 3 and cell.value}
    projection = book["Projection and funding"]
    surplus = row_with(projection, "A", "Surplus (shortfall if negative)")
    return {
        "lines": [sheet[f"H{row}"].value for row in range(5, total)],
        "total": sheet[f"H{total}"].value,
        "areas": {area: sheet[f"H{area_rows[area]}"].value for area in strategic_area_comparison(result)["strategic_area"]},
        "surplus": [projection.cell(row=surplus, column=3 + offset).value for offset in range(years)],
        "adjusted total": book["Adjustments"][f"C{row_with(book['Adjustments'], 'B', f'Baseline plus adjustments: the scenario total for {result.plan_year}')}"].value,
    }


def as_the_planner_computes(result, funding) -> dict:
    areas = strategic_area_comparison(result)
    return {
        "lines": result.lines["amount_gbp"].tolist(),
        "total": result.scenario_total,
        "areas": dict(zip(areas["strategic_area"], areas["scenario_gbp"])),
        "surplus": funding_gap(result, funding)["surplus_gbp"].tolist(),
        "adjusted total": result.scenario_total,
    }


def assert_same(computed: dict, expected: dict) -> None:
    for key, value in expected.items():
        if isinstance(value, dict):
            assert computed[key] == pytest.approx(value, abs=PENNY_FRACTION), key
        else:
            assert computed[key] == pytest.approx(value, abs=PENNY_FRACTION), key


def test_an_input_changed_in_libreoffice_moves_the_totals_as_the_planner_computes(baseline_2020, tmp_path):
    plan = [*commissioners_question(), Projection(3, 2)]
    # Income held flat at this year's published budget, as a commissioner might first assume.
    funding = [FundingSource(GRANT, math.fsum(baseline_2020["amount_gbp"]), "Victims' grant")]
    result = apply_adjustments(baseline_2020, plan)
    data = scenario_workbook(result, plan, name="Victims -5%, rest +2%", baseline_label="Leicestershire 2020/21",
                             funding=funding)

    first = recalculated(data, tmp_path, "as_exported")
    assert first["Result"][f"H{row_with(first['Result'], 'A', 'Total')}"].value == pytest.approx(4_360_680.73, abs=0.005)
    assert_same(as_libreoffice_computes(first, result, 3), as_the_planner_computes(result, funding))

    book = load_workbook(BytesIO(data))
    grant, grant_rate = funding_cells(book, f"{GRANT} (Victims' grant)")
    changed = with_cells_changed(data, {
        ("Inputs", input_cell(book, 1, "Change (%)")): -0.10,
        ("Inputs", input_cell(book, 3, "Annual cost (£)")): 45_000,
        ("Inputs", input_cell(book, 4, "Uplift (%)")): 0.03,
        ("Inputs", input_cell(book, 5, "Yearly change after the first year (%)")): 0.01,
        ("Inputs", grant): 4_200_000,
        ("Inputs", grant_rate): 0.02,
    })
    moved_plan = [
        replace(plan[0], change=-10), plan[1], replace(plan[2], amount_gbp=45_000), replace(plan[3], percent=3),
        Projection(3, 1),
    ]
    moved_funding = [replace(funding[0], amount_gbp=4_200_000, percent_per_year=2)]
    moved = apply_adjustments(baseline_2020, moved_plan)

    second = recalculated(changed, tmp_path, "after_the_meeting")

    assert moved.scenario_total != pytest.approx(result.scenario_total)
    assert_same(as_libreoffice_computes(second, moved, 3), as_the_planner_computes(moved, moved_funding))
