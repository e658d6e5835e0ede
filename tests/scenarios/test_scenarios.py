"""The scenario planner's arithmetic, checked against published PCC budgets.

Expectations come from the loaded files or the decision records themselves:
Leicestershire's Appendix A (EXE0003/20), Derbyshire's £55k IDVA uplift split
60/40 (Ref 24/2018) and Durham's Community Safety Grant (3 February 2015).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.money import format_gbp
from loaders import COMMISSIONING_TYPES, load_file
from scenarios.adjustments import (
    ADJUSTMENT_KINDS,
    AddService,
    AdjustmentError,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    LineRef,
    Projection,
    Share,
    SplitSum,
    adjustment_from_dict,
    adjustments_from_data,
    adjustments_to_data,
    describe,
)
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import changed_lines, compare_scenarios, strategic_area_comparison, waterfall_steps
from scenarios.funding import FundingSource, funding_by_year, funding_gap, sources_from_data, sources_to_data
from scenarios.projection import projection_lines, yearly_totals
from scenarios.result import (
    STATUS_CHANGED,
    STATUS_ENDED,
    STATUS_NEW,
    STATUS_UNCHANGED,
    ScenarioError,
    next_financial_year,
)
from tests.scenarios.scenario_examples import (
    EVERY_KIND,
    PAEDIATRIC_SARC,
    PAVE_NURSES,
    TARGET_HARDENING,
    VICTIM_FIRST,
    commissioners_question,
)

DATA = Path(__file__).resolve().parents[2] / "data"
PENNY = 0.005
# Far below a penny: float sums of ~40 lines drift by ~1e-9 at most.
EXACT = 1e-6

@pytest.fixture(scope="module")
def leicestershire() -> pd.DataFrame:
    return load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy


@pytest.fixture(scope="module")
def baseline_2020(leicestershire) -> pd.DataFrame:
    return baseline_lines(leicestershire, area="Leicestershire", financial_year="2020/21")


@pytest.fixture(scope="module")
def derbyshire() -> pd.DataFrame:
    return load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire").tidy


def amount_of(lines: pd.DataFrame, line: LineRef, column: str = "amount_gbp"):
    """One line's amount (or another column), found by its published name."""
    chosen = lines[
        (lines["service"] == line.service) & (lines["provider"] == line.provider) & (lines["geography"] == line.geography)
    ]
    assert len(chosen) == 1, f"expected one {line.label()}"
    value = chosen[column].iloc[0]
    return float(value) if column.endswith("_gbp") else value


# The baseline


def test_the_baseline_is_one_area_and_year_in_published_order(baseline_2020):
    assert math.fsum(baseline_2020["amount_gbp"]) == 4_395_961  # Appendix A Grand Total 2020/21
    assert baseline_2020["source_row"].is_monotonic_increasing


def test_a_baseline_of_several_years_is_refused(leicestershire):
    with pytest.raises(ScenarioError, match="one financial year"):
        apply_adjustments(leicestershire, [])


def test_the_plan_is_for_the_year_after_the_baseline(baseline_2020):
    result = apply_adjustments(baseline_2020, [])
    assert (result.baseline_year, result.plan_year) == ("2020/21", "2021/22")
    assert set(result.lines["financial_year"]) == {"2021/22"}
    assert next_financial_year("1999/00") == "2000/01"


def test_no_adjustments_leave_every_line_as_published(baseline_2020):
    result = apply_adjustments(baseline_2020, [])
    assert result.lines["amount_gbp"].tolist() == baseline_2020["amount_gbp"].tolist()
    assert set(result.lines["status"]) == {STATUS_UNCHANGED}
    assert changed_lines(result).empty


# % and £ changes


def test_a_five_percent_cut_to_victims_takes_five_percent_of_the_victims_total(baseline_2020):
    victims_total = math.fsum(baseline_2020.loc[baseline_2020["strategic_area"] == "Victims", "amount_gbp"])
    result = apply_adjustments(baseline_2020, [ChangeGroup("strategic_area", "Victims", "percent", -5)])

    reduction = result.baseline_total - result.scenario_total
    assert reduction == pytest.approx(victims_total * 0.05, abs=EXACT)
    # The figure a commissioner checks: 5% of Victims' £1,395,707 in 2020/21.
    assert format_gbp(reduction) == format_gbp(1_395_707 * 0.05) == "£69,785.35"
    untouched = result.lines[result.lines["strategic_area"] != "Victims"]
    assert (untouched["amount_gbp"] == untouched["baseline_gbp"]).all()


def test_two_percent_changes_to_one_line_compound(baseline_2020):
    result = apply_adjustments(baseline_2020, [
        ChangeLine(VICTIM_FIRST, "percent", -5),
        ChangeGroup("provider", "Catch 22", "percent", 2),
    ])
    published = amount_of(baseline_2020, VICTIM_FIRST)
    assert amount_of(result.lines, VICTIM_FIRST) == pytest.approx(published * 0.95 * 1.02, abs=EXACT)
    assert amount_of(result.lines, VICTIM_FIRST) != pytest.approx(published * 0.97, abs=1)
    assert amount_of(result.lines, VICTIM_FIRST, "changed_by") == "1, 2"


def test_a_percent_change_to_a_line_holding_nothing_leaves_it_at_nothing(baseline_2020):
    assert amount_of(baseline_2020, PAVE_NURSES) == 0  # an explicit 0 in Appendix A 2020/21
    result = apply_adjustments(baseline_2020, [ChangeLine(PAVE_NURSES, "percent", 10)])
    assert amount_of(result.lines, PAVE_NURSES) == 0
    assert amount_of(result.lines, PAVE_NURSES, "status") == STATUS_UNCHANGED


def test_a_pound_change_to_an_area_is_shared_in_proportion(baseline_2020):
    victims = baseline_2020[baseline_2020["strategic_area"] == "Victims"]
    result = apply_adjustments(baseline_2020, [ChangeGroup("strategic_area", "Victims", "gbp", 10_000)])

    assert result.scenario_total - result.baseline_total == pytest.approx(10_000, abs=EXACT)
    planned = result.lines[result.lines["strategic_area"] == "Victims"]
    shares = 10_000 * victims["amount_gbp"].to_numpy() / victims["amount_gbp"].sum()
    assert (planned["amount_gbp"].to_numpy() - victims["amount_gbp"].to_numpy()) == pytest.approx(shares, abs=EXACT)


def test_a_pound_change_to_a_provider_with_nothing_funded_is_shared_equally(baseline_2020):
    # Princes Trust's Achieve and Mosaic line is £0 in 2020/21.
    result = apply_adjustments(baseline_2020, [ChangeGroup("provider", "Princes Trust", "gbp", 5_000)])
    achieve = result.lines[result.lines["provider"] == "Princes Trust"]
    assert achieve["amount_gbp"].tolist() == [5_000]


def test_a_cut_bigger_than_the_line_stops_at_nothing_and_says_so(baseline_2020):
    published = amount_of(baseline_2020, TARGET_HARDENING)
    result = apply_adjustments(baseline_2020, [ChangeLine(TARGET_HARDENING, "gbp", -(published + 1_000))])
    assert amount_of(result.lines, TARGET_HARDENING) == 0
    assert result.baseline_total - result.scenario_total == pytest.approx(published, abs=EXACT)
    assert result.warnings == ["Step 1: Target Hardening (24-7 Locks, LLR) would go below £0, so it stops at £0"]


def test_changing_a_line_missing_from_the_baseline_year_warns_and_changes_nothing(leicestershire):
    # Paediatric SARC has no figure in 2018/19 (a blank in Appendix A).
    baseline_2018 = baseline_lines(leicestershire, area="Leicestershire", financial_year="2018/19")
    result = apply_adjustments(baseline_2018, [ChangeLine(PAEDIATRIC_SARC, "percent", 5)])
    assert result.scenario_total == result.baseline_total
    assert len(result.warnings) == 1 and "there is no line Paediatric SARC" in result.warnings[0]


# Ending and adding services


def test_ending_a_service_and_adding_it_back_restores_the_baseline(baseline_2020):
    published = baseline_2020[
        (baseline_2020["service"] == TARGET_HARDENING.service) & (baseline_2020["provider"] == TARGET_HARDENING.provider)
    ].iloc[0]
    add_back = AddService(
        strategic_area=published["strategic_area"], service=published["service"], provider=published["provider"],
        amount_gbp=float(published["amount_gbp"]), provision=published["provision"],
        commissioning_type=published["commissioning_type"], funding_partners=published["funding_partners"],
        geography=published["geography"],
    )
    ended = apply_adjustments(baseline_2020, [EndService(TARGET_HARDENING)])
    assert amount_of(ended.lines, TARGET_HARDENING, "status") == STATUS_ENDED
    assert ended.baseline_total - ended.scenario_total == published["amount_gbp"]

    restored = apply_adjustments(baseline_2020, [EndService(TARGET_HARDENING), add_back])
    assert restored.lines["amount_gbp"].tolist() == baseline_2020["amount_gbp"].tolist()
    assert set(restored.lines["status"]) == {STATUS_UNCHANGED}
    assert changed_lines(restored).empty


def test_an_ended_service_is_passed_by_later_changes(baseline_2020):
    result = apply_adjustments(baseline_2020, [EndService(TARGET_HARDENING), ChangeLine(TARGET_HARDENING, "gbp", 500)])
    assert amount_of(result.lines, TARGET_HARDENING) == 0
    assert result.warnings == ["Step 2: not applied: Target Hardening (24-7 Locks, LLR) has ended"]


def test_a_new_service_is_a_new_line_with_all_its_fields(baseline_2020):
    add = commissioners_question()[2]
    result = apply_adjustments(baseline_2020, [add])
    new = result.lines[result.lines["status"] == STATUS_NEW]
    assert len(new) == 1
    row = new.iloc[0]
    assert (row["area"], row["strategic_area"], row["service"], row["commissioning_type"], row["amount_gbp"]) == (
        "Leicestershire", "Victims", add.service, "Procured – sole funded", add.amount_gbp,
    )
    assert result.scenario_total - result.baseline_total == add.amount_gbp


def test_adding_a_service_that_is_already_funded_is_refused(baseline_2020):
    published = amount_of(baseline_2020, TARGET_HARDENING)
    twin = AddService("Victims", TARGET_HARDENING.service, TARGET_HARDENING.provider, 1_000, geography="LLR")
    result = apply_adjustments(baseline_2020, [twin])
    assert amount_of(result.lines, TARGET_HARDENING) == published
    assert "already funded" in result.warnings[0]


# Inflation, splits and the whole scenario


def test_the_commissioners_question_changes_each_line_as_asked(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question())
    lines = result.lines.set_index("line_id")
    baseline = baseline_2020["amount_gbp"]
    is_victims = (result.lines["strategic_area"] == "Victims").to_numpy()[: len(baseline)]
    published = result.lines.iloc[: len(baseline)]

    victims = published[is_victims & (published["status"] != STATUS_ENDED)]
    assert victims["amount_gbp"].to_numpy() == pytest.approx(victims["baseline_gbp"].to_numpy() * 0.95, abs=EXACT)
    others = published[~is_victims]
    assert others["amount_gbp"].to_numpy() == pytest.approx(others["baseline_gbp"].to_numpy() * 1.02, abs=EXACT)
    assert amount_of(result.lines, TARGET_HARDENING) == 0
    assert lines.loc[lines["status"] == STATUS_NEW, "amount_gbp"].tolist() == [60_000]

    victims_total = math.fsum(baseline_2020.loc[baseline_2020["strategic_area"] == "Victims", "amount_gbp"])
    target_hardening = amount_of(baseline_2020, TARGET_HARDENING)
    others_total = math.fsum(others["baseline_gbp"])
    expected = (victims_total - target_hardening) * 0.95 + 60_000 + others_total * 1.02
    assert result.scenario_total == pytest.approx(expected, abs=EXACT)
    assert result.warnings == []


def test_inflation_on_every_line_compounds_with_earlier_cuts(baseline_2020):
    result = apply_adjustments(baseline_2020, [
        ChangeGroup("strategic_area", "Victims", "percent", -5), InflationUplift(2, only_unadjusted=False),
    ])
    victims = result.lines[result.lines["strategic_area"] == "Victims"]
    assert victims["amount_gbp"].to_numpy() == pytest.approx(victims["baseline_gbp"].to_numpy() * 0.95 * 1.02, abs=EXACT)


def test_derbyshires_55k_uplift_split_60_40_gives_the_published_contracts(derbyshire):
    before = baseline_lines(derbyshire, area="Derbyshire", financial_year="2017/18")
    after = baseline_lines(derbyshire, area="Derbyshire", financial_year="2018/19")
    county = LineRef("Derbyshire County IDVA service", "To be procured (County Council-led)", "Derbyshire County")
    city = LineRef("Derby City IDVA service", "To be procured (PCC-led)", "Derby City")

    uplift = SplitSum(55_000, (Share(county, 60), Share(city, 40)))
    result = apply_adjustments(before, [uplift])

    assert result.plan_year == "2018/19"
    for line in (county, city):
        assert amount_of(result.lines, line) == pytest.approx(amount_of(after, line), abs=EXACT)
    assert amount_of(result.lines, county) - amount_of(before, county) == pytest.approx(33_000, abs=EXACT)
    assert describe(uplift) == (
        "Split £55,000 between Derbyshire County IDVA service (To be procured (County Council-led), "
        "Derbyshire County) (60%) and Derby City IDVA service (To be procured (PCC-led), Derby City) (40%)"
    )
    assert uplift.fractions() == [0.6, 0.4]


# What the page shows


def test_the_waterfall_adds_up_from_baseline_to_scenario(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question() + [Projection(3, 2)])
    steps = waterfall_steps(result)

    assert steps["measure"].tolist() == ["absolute"] + ["relative"] * 4 + ["total"]
    assert steps["label"].iloc[0] == "Baseline 2020/21" and steps["label"].iloc[-1] == "Scenario 2021/22"
    assert steps["change_gbp"].iloc[0] == math.fsum(baseline_2020["amount_gbp"])
    walked = math.fsum(steps.loc[steps["measure"] != "total", "change_gbp"])
    assert walked == pytest.approx(steps["change_gbp"].iloc[-1], abs=EXACT)
    # Ending Target Hardening after the 5% cut saves what was left of it.
    assert steps["change_gbp"].iloc[2] == pytest.approx(-amount_of(baseline_2020, TARGET_HARDENING) * 0.95, abs=EXACT)


def test_the_trail_says_which_step_changed_each_line(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question())
    target = result.trail[result.trail["service"] == TARGET_HARDENING.service]
    assert target["step"].tolist() == [1, 2]
    assert target["after_gbp"].iloc[-1] == 0
    assert target["before_gbp"].iloc[0] == amount_of(baseline_2020, TARGET_HARDENING)
    for step in result.steps.itertuples():
        assert math.fsum(result.trail.loc[result.trail["step"] == step.step, "change_gbp"]) == step.change_gbp


def test_changed_lines_show_pound_and_percent_change_biggest_first(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question())
    table = changed_lines(result)

    assert set(table["status"]) == {STATUS_CHANGED, STATUS_ENDED, STATUS_NEW}
    assert table["change_gbp"].abs().is_monotonic_decreasing
    assert (table["change_gbp"] == table["scenario_gbp"] - table["baseline_gbp"]).all()
    ended = table[table["status"] == STATUS_ENDED].iloc[0]
    assert ended["change_pct"] == -100
    assert math.isnan(table.loc[table["status"] == STATUS_NEW, "change_pct"].iloc[0])
    # PAVE nurses hold £0, so 2% inflation changes nothing and the line is not listed.
    assert PAVE_NURSES.service not in set(table["service"])


def test_strategic_area_bars_add_up_to_the_totals(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question())
    areas = strategic_area_comparison(result)
    assert areas["strategic_area"].tolist() == ["Victims", "Vulnerable", "Prevention", "Cross Cutting"]
    assert math.fsum(areas["baseline_gbp"]) == result.baseline_total
    assert math.fsum(areas["scenario_gbp"]) == pytest.approx(result.scenario_total, abs=EXACT)
    assert areas.set_index("strategic_area").loc["Vulnerable", "change_pct"] == pytest.approx(2, abs=EXACT)


def test_a_three_year_projection_grows_the_plan_each_year(baseline_2020):
    result = apply_adjustments(baseline_2020, commissioners_question() + [Projection(3, 2)])
    totals = yearly_totals(result)
    assert totals["financial_year"].tolist() == ["2021/22", "2022/23", "2023/24"]
    plan = result.scenario_total
    assert totals["spend_gbp"].to_numpy() == pytest.approx([plan, plan * 1.02, plan * 1.02**2], abs=EXACT)
    assert len(projection_lines(result)) == 3 * len(result.lines)


def test_without_a_projection_only_the_planned_year_is_shown(baseline_2020):
    totals = yearly_totals(apply_adjustments(baseline_2020, commissioners_question()))
    assert totals["financial_year"].tolist() == ["2021/22"]


def test_a_second_projection_replaces_the_first(baseline_2020):
    result = apply_adjustments(baseline_2020, [Projection(3, 2), Projection(2, 1)])
    assert result.projection == Projection(2, 1)
    assert "replaces the projection" in result.warnings[0]


def test_two_scenarios_side_by_side(baseline_2020):
    cut = apply_adjustments(baseline_2020, commissioners_question())
    flat = apply_adjustments(baseline_2020, [])
    table = compare_scenarios({"Victims cut": cut, "Flat": flat}).set_index("strategic_area")
    assert table.loc["Total", "Victims cut"] == pytest.approx(cut.scenario_total, abs=EXACT)
    assert table.loc["Total", "Flat"] == math.fsum(baseline_2020["amount_gbp"])
    assert table.loc["Victims", "Flat"] - table.loc["Victims", "Victims cut"] == pytest.approx(
        -strategic_area_comparison(cut).set_index("strategic_area").loc["Victims", "change_gbp"], abs=EXACT
    )


# The funding envelope


def test_durhams_grant_and_carry_forward_cover_the_projects_with_a_surplus():
    # Report of 3 February 2015: allocation £485,577 plus £27,150 rolled forward, projects total £500,545.
    durham = load_file(DATA / "durham_community_safety_grant_2015-16.xlsx", area="Durham").tidy
    result = apply_adjustments(durham, [])
    sources = [
        FundingSource("Community Safety Grant allocation", 485_577, category="Other income"),
        FundingSource("Rolled forward from 2014/15", 27_150, category="Other income"),
    ]
    gap = funding_gap(result, sources)
    assert gap["spend_gbp"].tolist() == [math.fsum(durham["amount_gbp"])]
    assert gap["surplus_gbp"].tolist() == [485_577 + 27_150 - math.fsum(durham["amount_gbp"])]
    assert gap["position"].tolist() == ["Surplus"]


def test_flat_funding_falls_short_as_the_plan_grows(baseline_2020):
    result = apply_adjustments(baseline_2020, [InflationUplift(2), Projection(3, 2)])
    flat_income = math.fsum(baseline_2020["amount_gbp"])
    sources = [
        FundingSource("Victims' grant", flat_income * 0.25, category="Victims' grant"),
        FundingSource("PCC's own contribution", flat_income * 0.75, category="PCC's own contribution"),
    ]
    gap = funding_gap(result, sources)
    assert gap["position"].tolist() == ["Shortfall"] * 3
    assert gap["surplus_gbp"].to_numpy() == pytest.approx(
        [flat_income - flat_income * 1.02 ** k for k in (1, 2, 3)], abs=EXACT
    )


def test_income_rising_with_the_plan_keeps_it_balanced(baseline_2020):
    result = apply_adjustments(baseline_2020, [Projection(3, 2)])
    sources = [FundingSource("Victims' grant", result.scenario_total, category="Victims' grant", percent_per_year=2)]
    assert funding_gap(result, sources)["position"].tolist() == ["Balanced"] * 3
    income = funding_by_year(sources, ["2021/22", "2022/23"])
    assert income["income_gbp"].tolist() == [result.scenario_total, result.scenario_total * 1.02]


def test_no_income_entered_gives_no_gap(baseline_2020):
    assert funding_gap(apply_adjustments(baseline_2020, []), []).empty


# Saving adjustments as data, and saying them in words

def test_every_kind_of_adjustment_survives_json():
    assert {adjustment.kind for adjustment in EVERY_KIND} == set(ADJUSTMENT_KINDS)
    text = json.dumps(adjustments_to_data(EVERY_KIND))
    assert adjustments_from_data(json.loads(text)) == EVERY_KIND


def test_funding_sources_survive_json():
    sources = [FundingSource("Victims' grant", 1_000_000, "Victims' grant", 0), FundingSource("NHS England", 67_906, "Co-funder", 2.5)]
    assert sources_from_data(json.loads(json.dumps(sources_to_data(sources)))) == sources


@pytest.mark.parametrize(
    "adjustment, words",
    [
        (ChangeGroup("strategic_area", "Victims", "percent", -5), "Cut the Victims strategic area by 5%"),
        (ChangeGroup("provider", "Turning Point", "gbp", 10_000),
         "Raise provider Turning Point by £10,000 (shared in proportion to each line)"),
        (ChangeLine(VICTIM_FIRST, "gbp", -2_488.25), "Cut Victim First (Catch 22, LLR) by £2,488.25"),
        (EndService(TARGET_HARDENING), "End Target Hardening (24-7 Locks, LLR)"),
        (InflationUplift(2), "Inflation uplift of 2% on every line not named in an earlier step"),
        (InflationUplift(2.5, only_unadjusted=False), "Inflation uplift of 2.5% on every funded line"),
        (Projection(3, 2), "Project 3 years, changing +2% a year after the first"),
    ],
)
def test_each_adjustment_reads_as_a_sentence(adjustment, words):
    assert describe(adjustment) == words


def test_a_new_service_is_described_with_its_details():
    assert describe(commissioners_question()[2]) == (
        "Add Independent Sexual Violence Advisers (ISVA) (To be procured, LLR, Procured – sole funded) "
        "to Victims at £60,000 a year"
    )


@pytest.mark.parametrize(
    "saved, problem",
    [
        ({"kind": "cut_everything"}, "Unknown kind"),
        ({"kind": "change_group", "field": "colour", "value": "red", "by": "percent", "change": 5}, "Cannot change spend by"),
        ({"kind": "change_group", "field": "provider", "value": "Unseen", "by": "percent", "change": "five"}, "must be a number"),
        ({"kind": "change_line", "line": {"service": "Victim First"}, "by": "percent", "change": -150}, "more than 100%"),
        ({"kind": "projection", "years": 40, "percent_per_year": 2}, "1 to 10 years"),
        ({"kind": "split", "amount_gbp": 55_000, "shares": []}, "which lines share"),
        ({"kind": "add_service", "strategic_area": "Victims", "service": "ISVA", "provider": "",
          "commissioning_type": "Spot purchase", "amount_gbp": 60_000}, "Unknown commissioning type"),
    ],
)
def test_a_malformed_adjustment_is_refused_with_a_reason(saved, problem):
    with pytest.raises(AdjustmentError, match=problem):
        adjustment_from_dict(saved)


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=30)
pounds = st.floats(min_value=0, max_value=10_000_000, allow_nan=False)
percents = st.floats(min_value=-100, max_value=100, allow_nan=False)
line_refs = st.builds(LineRef, service=names, provider=names | st.just(""), geography=names | st.just(""))
any_adjustment = st.one_of(
    st.builds(ChangeGroup, field=st.sampled_from(["strategic_area", "commissioning_type", "provider", "geography"]),
              value=names, by=st.just("percent"), change=percents),
    st.builds(ChangeLine, line=line_refs, by=st.sampled_from(["percent", "gbp"]), change=percents),
    st.builds(EndService, line=line_refs),
    st.builds(AddService, strategic_area=names, service=names, provider=names, amount_gbp=pounds,
              commissioning_type=st.sampled_from(COMMISSIONING_TYPES), geography=names),
    st.builds(InflationUplift, percent=percents, only_unadjusted=st.booleans()),
    st.builds(SplitSum, amount_gbp=pounds, shares=st.lists(
        st.builds(Share, line=line_refs, ratio=st.floats(min_value=0.01, max_value=100)), min_size=1, max_size=4
    ).map(tuple)),
    st.builds(Projection, years=st.integers(1, 10), percent_per_year=percents),
)


@settings(max_examples=150, deadline=None)
@given(adjustments=st.lists(any_adjustment, max_size=6))
def test_any_list_of_adjustments_round_trips_through_json(adjustments):
    assert adjustments_from_data(json.loads(json.dumps(adjustments_to_data(adjustments)))) == adjustments


@settings(max_examples=60, deadline=None)
@given(cut=st.floats(min_value=-100, max_value=100, allow_nan=False), area=st.sampled_from(["Victims", "Vulnerable", "Prevention", "Cross Cutting"]))
def test_any_percent_change_to_an_area_moves_the_total_by_that_share_of_the_area(baseline_2020, cut, area):
    area_total = math.fsum(baseline_2020.loc[baseline_2020["strategic_area"] == area, "amount_gbp"])
    result = apply_adjustments(baseline_2020, [ChangeGroup("strategic_area", area, "percent", cut)])
    assert result.scenario_total - result.baseline_total == pytest.approx(area_total * cut / 100, abs=EXACT)
    steps = waterfall_steps(result)
    assert math.fsum(steps["change_gbp"].iloc[:-1]) == pytest.approx(steps["change_gbp"].iloc[-1], abs=EXACT)
