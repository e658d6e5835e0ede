"""Issue 15's three scenarios on Leicestershire's framework, and a ring-fence from Durham's report, by hand.

Leicestershire, decision record EXE0003/20, Appendix A, 2020/21: Grand Total
£4,395,961; Prevention £1,052,148; lines commissioned by grant £1,828,848
(the table's "Grant Funding", "Grant Funded" and "Grand Funded" read as one
type); "Emergent issues/ideas/PCC grants top up/ contingency" £307,463 and
Victim First £558,322. The record's summary paragraph gives the 2020/21
total as £4,385,961 (data/README.md). GDP deflators: HM Treasury, March 2026
release, 2020/21 85.1002 and 2021/22 85.3036.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from loaders import load_file
from scenarios.adjustments import Change, InflationUplift, Move, Projection, SetTo, Target, describe
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.funding import FundingSource, funding_gap
from scenarios.inflation import suggested_uplift

DATA = Path(__file__).resolve().parents[2] / "data"
EXACT = 1e-6
IN_2020 = Projection(1, first_year="2020/21", roll="flat")
CONTINGENCY = Target.of(service="Emergent issues/ideas/PCC grants top up/ contingency")
VICTIM_FIRST = Target.of(service="Victim First")
GRANT_FUNDED = Target.of(commissioning_type="Grant funding")


@pytest.fixture(scope="module")
def baseline_2020():
    tidy = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return baseline_lines(tidy, area="Leicestershire", financial_year="2020/21")


def total_of(lines, target: Target) -> float:
    return math.fsum(lines.loc[target.mask(lines), "amount_gbp"])


def test_cut_prevention_5_percent_in_2020_21(baseline_2020):
    result = apply_adjustments(baseline_2020, [IN_2020, Change(Target.of(strategic_area="Prevention"), "percent", -5)])
    assert result.plan_year == "2020/21"
    # 5% of £1,052,148.
    assert result.steps["change_gbp"].iloc[1] == pytest.approx(-52_607.40, abs=EXACT)
    assert total_of(result.lines, Target.of(strategic_area="Prevention")) == pytest.approx(999_540.60, abs=EXACT)
    assert result.steps["lines_changed"].iloc[1] == 15  # Prevention's 17 lines less WIRE and Achieve and Mosaic at £0


def test_uplift_grant_funded_lines_by_inflation(baseline_2020):
    assert total_of(baseline_2020, GRANT_FUNDED) == 1_828_848
    result = apply_adjustments(baseline_2020, [IN_2020, InflationUplift(2, only_unadjusted=False, target=GRANT_FUNDED)])
    # 2% of £1,828,848; nothing outside the grant-funded lines moves.
    assert result.steps["change_gbp"].iloc[1] == pytest.approx(36_576.96, abs=EXACT)
    assert total_of(result.lines, Target.of(commissioning_type="Procured – sole funded")) == total_of(
        baseline_2020, Target.of(commissioning_type="Procured – sole funded"))


def test_the_suggested_uplift_is_the_gdp_deflators_rise_and_names_it(baseline_2020):
    suggestion = suggested_uplift("2021/22")
    assert suggestion.percent == pytest.approx((85.3036 / 85.1002 - 1) * 100, abs=1e-12)
    assert suggestion.source == "HM Treasury GDP deflator, 2021/22 on 2020/21"
    assert "March 2026" in suggestion.release
    uplift = InflationUplift(suggestion.percent, only_unadjusted=False, target=GRANT_FUNDED, rate_source=suggestion.source)
    result = apply_adjustments(baseline_2020, [uplift])
    assert result.steps["change_gbp"].iloc[0] == pytest.approx(1_828_848 * (85.3036 / 85.1002 - 1), abs=EXACT)
    assert describe(uplift) == (
        "Inflation uplift of 0.24% (HM Treasury GDP deflator, 2021/22 on 2020/21) "
        "on the lines with commissioning type Grant funding"
    )


def test_move_50000_between_services_in_one_balanced_step(baseline_2020):
    move = Move(50_000, CONTINGENCY, VICTIM_FIRST)
    result = apply_adjustments(baseline_2020, [IN_2020, move])
    assert total_of(result.lines, CONTINGENCY) == 307_463 - 50_000
    assert total_of(result.lines, VICTIM_FIRST) == 558_322 + 50_000
    assert result.scenario_total == 4_395_961
    assert result.steps["change_gbp"].iloc[1] == 0
    assert describe(move) == ("Move £50,000 from the lines with service Emergent issues/ideas/PCC grants top up/ "
                              "contingency to the lines with service Victim First")


def test_the_moved_plan_against_the_envelope_falls_short(baseline_2020):
    result = apply_adjustments(baseline_2020, [IN_2020, Move(50_000, CONTINGENCY, VICTIM_FIRST)])
    # Against the record's summary figure, £4,385,961: short by the £10,000 the two figures differ by.
    approved = funding_gap(result, [FundingSource("Commissioning budget (summary paragraph)", 4_385_961)])
    assert approved["surplus_gbp"].tolist() == [-10_000]
    # The earlier check entered £4,390,000 and found a £5,961 shortfall.
    entered = funding_gap(result, [FundingSource("Envelope entered in the issue's check", 4_390_000)])
    assert entered["surplus_gbp"].tolist() == [-5_961]
    assert entered["position"].tolist() == ["Shortfall"]


def test_a_move_larger_than_its_source_moves_what_there_is(baseline_2020):
    result = apply_adjustments(baseline_2020, [Move(400_000, CONTINGENCY, VICTIM_FIRST)])
    assert total_of(result.lines, CONTINGENCY) == 0
    assert total_of(result.lines, VICTIM_FIRST) == 558_322 + 307_463
    assert result.scenario_total == 4_395_961
    assert "only £307,463 could be moved" in result.warnings[0]


def test_set_to_shares_the_difference_across_the_target(baseline_2020):
    victims = Target.of(strategic_area="Victims")
    result = apply_adjustments(baseline_2020, [SetTo(victims, 1_400_000)])
    assert total_of(result.lines, victims) == pytest.approx(1_400_000, abs=EXACT)
    assert result.scenario_total == pytest.approx(4_395_961 - 1_395_707 + 1_400_000, abs=EXACT)


def test_a_target_of_two_columns_takes_only_lines_with_both(baseline_2020):
    grant_prevention = Target.of(strategic_area="Prevention", commissioning_type="Grant funding")
    result = apply_adjustments(baseline_2020, [Change(grant_prevention, "gbp", -10_000)])
    prevention_grants = total_of(baseline_2020, grant_prevention)
    assert total_of(result.lines, grant_prevention) == pytest.approx(prevention_grants - 10_000, abs=EXACT)
    assert total_of(result.lines, Target.of(strategic_area="Victims")) == 1_395_707
