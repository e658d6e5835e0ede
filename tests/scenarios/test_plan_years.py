"""Plan any year: the baseline year itself or later, over several years, with the baseline rolled forward.

Figures are worked by hand from Leicestershire's Appendix A (EXE0003/20):
2020/21 Grand Total £4,395,961, Prevention £1,052,148; and from HM Treasury's
GDP deflators (March 2026 release, data/gdp_deflators.csv): 2020/21 85.1002,
2021/22 85.3036, 2022/23 91.2996.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from loaders import load_file
from scenarios.adjustments import ChangeGroup, Projection, adjustments_from_data, adjustments_to_data
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import waterfall_steps
from scenarios.projection import yearly_totals
from scenarios.result import ScenarioError

DATA = Path(__file__).resolve().parents[2] / "data"
EXACT = 1e-6
TOTAL_2020 = 4_395_961
PREVENTION_2020 = 1_052_148
CUT_PREVENTION = ChangeGroup("strategic_area", "Prevention", "percent", -5)


@pytest.fixture(scope="module")
def baseline_2020():
    tidy = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return baseline_lines(tidy, area="Leicestershire", financial_year="2020/21")


def prevention(lines, year=None):
    chosen = lines[lines["strategic_area"] == "Prevention"]
    if year is not None:
        chosen = chosen[chosen["financial_year"] == year]
    return math.fsum(chosen["amount_gbp"])


def test_a_cut_in_2020_21_changes_the_2020_21_budget(baseline_2020):
    result = apply_adjustments(baseline_2020, [Projection(1, first_year="2020/21", roll="flat"), CUT_PREVENTION])
    assert (result.baseline_year, result.plan_year) == ("2020/21", "2020/21")
    assert set(result.lines["financial_year"]) == {"2020/21"}
    # 5% of £1,052,148 is £52,607.40, leaving £999,540.60.
    assert prevention(result.lines) == pytest.approx(999_540.60, abs=EXACT)
    assert result.scenario_total == pytest.approx(TOTAL_2020 - 52_607.40, abs=EXACT)
    assert result.rolled_total == TOTAL_2020


def test_the_baseline_rolled_forward_by_the_gdp_deflators_is_shown(baseline_2020):
    result = apply_adjustments(baseline_2020, [Projection(2, first_year="2021/22", roll="deflators"), CUT_PREVENTION])
    assert result.plan_years == ["2021/22", "2022/23"]
    assert result.roll["factor"].tolist() == pytest.approx([85.3036 / 85.1002, 91.2996 / 85.1002], abs=1e-12)
    assert set(result.roll["basis"]) == {"GDP deflator"}
    assert result.rolled_total == pytest.approx(TOTAL_2020 * 85.3036 / 85.1002, abs=EXACT)
    totals = yearly_totals(result).set_index("financial_year")["spend_gbp"]
    # Each year: the published lines times that year's deflator, then Prevention cut 5%.
    for year, index in (("2021/22", 85.3036), ("2022/23", 91.2996)):
        assert totals[year] == pytest.approx((TOTAL_2020 - 0.05 * PREVENTION_2020) * index / 85.1002, abs=EXACT)
    steps = waterfall_steps(result)
    assert steps["label"].iloc[1].startswith("Rolled forward to 2021/22")
    walked = math.fsum(steps.loc[steps["measure"] != "total", "change_gbp"])
    assert walked == pytest.approx(result.scenario_total, abs=EXACT)


def test_years_past_the_deflator_table_say_they_are_assumed(baseline_2020):
    result = apply_adjustments(baseline_2020, [Projection(1, first_year="2025/26", roll="deflators")])
    # 2024/25 is the table's last year (100.0000); 2025/26 carries it on at 2%.
    assert result.roll["factor"].iloc[0] == pytest.approx(100 * 1.02 / 85.1002, abs=1e-12)
    assert "carried on at 2% a year" in result.roll["basis"].iloc[0]


def test_a_step_from_a_later_year_leaves_the_years_before_it(baseline_2020):
    steps = [Projection(3, first_year="2020/21", roll="flat"), ChangeGroup(
        "strategic_area", "Prevention", "percent", -5, from_year="2021/22")]
    result = apply_adjustments(baseline_2020, steps)
    totals = yearly_totals(result)["spend_gbp"].tolist()
    assert totals == pytest.approx([TOTAL_2020, TOTAL_2020 - 52_607.40, TOTAL_2020 - 52_607.40], abs=EXACT)
    assert result.steps["lines_changed"].tolist() == [0, 0]


def test_a_step_switched_off_changes_nothing_and_keeps_its_place(baseline_2020):
    off = ChangeGroup("strategic_area", "Prevention", "percent", -5, enabled=False, note="Held back for the panel")
    result = apply_adjustments(baseline_2020, [off])
    assert result.scenario_total == TOTAL_2020
    assert result.steps["step"].tolist() == [1]
    assert adjustments_from_data(adjustments_to_data([off])) == [off]


def test_a_plan_cannot_start_before_its_baseline(baseline_2020):
    with pytest.raises(ScenarioError, match="baseline year"):
        apply_adjustments(baseline_2020, [Projection(1, first_year="2019/20", roll="flat")])


def test_a_step_starting_after_the_plan_says_so(baseline_2020):
    late = ChangeGroup("strategic_area", "Prevention", "percent", -5, from_year="2024/25")
    result = apply_adjustments(baseline_2020, [late])
    assert result.scenario_total == TOTAL_2020
    assert result.warnings == ["Step 1: starts in 2024/25, after the plan's last year (2021/22)"]
