"""The Compare section's figures, worked out in scenarios/comparison.py so the page only draws them."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from loaders import load_file
from scenarios.adjustments import ChangeGroup, Projection
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import area_difference, compare_scenarios, surplus_by_year
from scenarios.funding import FundingSource, funding_gap

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def baseline_2020():
    tidy = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return baseline_lines(tidy, area="Leicestershire", financial_year="2020/21")


def test_the_difference_per_area_is_second_minus_first(baseline_2020):
    flat = apply_adjustments(baseline_2020, [])
    cut = apply_adjustments(baseline_2020, [ChangeGroup("strategic_area", "Prevention", "percent", -5)])
    table = area_difference(compare_scenarios({"Flat": flat, "Cut": cut}), "Flat", "Cut").set_index("strategic_area")
    # Appendix A: Prevention 2020/21 is £1,052,148, so 5% is £52,607.40.
    assert table.loc["Prevention", "difference_gbp"] == pytest.approx(-52_607.40, abs=1e-6)
    assert table.loc["Total", "difference_gbp"] == pytest.approx(-52_607.40, abs=1e-6)
    assert table.loc["Victims", "difference_gbp"] == 0
    assert cut.change_total == pytest.approx(-52_607.40, abs=1e-6)


def test_surplus_by_year_covers_either_projection(baseline_2020):
    total = math.fsum(baseline_2020["amount_gbp"])
    income = [FundingSource("Approved framework budget", total)]
    one_year = funding_gap(apply_adjustments(baseline_2020, []), income)
    three_years = funding_gap(apply_adjustments(baseline_2020, [Projection(3, 2)]), income)
    table = surplus_by_year({"One year": one_year, "Three years": three_years})
    assert table["financial_year"].tolist() == ["2021/22", "2022/23", "2023/24"]
    assert table["One year"].iloc[0] == 0 and math.isnan(table["One year"].iloc[1])
    assert table["Three years"].iloc[2] == pytest.approx(total - total * 1.02**2, abs=1e-6)
