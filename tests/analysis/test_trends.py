"""Trends: what changed between two years, bar by bar from one published total to the next."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.deflators import DeflatorTable
from analysis.trends import (
    DECREASE,
    END,
    ENDED,
    INCREASE,
    NEW,
    START,
    STEP,
    UNCHANGED,
    cagr,
    cagr_by_service,
    cagr_by_strategic_area,
    status_summary,
    totals_in_real_terms,
    waterfall_steps,
    year_on_year,
    year_total,
)

YEARS = ["2018/19", "2019/20", "2020/21"]


def _statuses(changes, status):
    return set(changes.loc[changes["status"] == status, "service"])


def test_new_and_ended_services_between_the_first_two_years(leicestershire):
    changes = year_on_year(leicestershire, "2018/19", "2019/20")

    assert "Paediatric SARC" in _statuses(changes, NEW)
    assert "Children’s Safeguarding Boards" in _statuses(changes, ENDED)
    # Funded in 2018/19, printed as 0 in 2019/20: ended, not a decrease.
    zeroed = leicestershire[(leicestershire["financial_year"] == "2019/20") & (leicestershire["amount_gbp"] == 0)]
    assert set(zeroed["service"]) <= _statuses(changes, ENDED)


def test_each_service_change_is_its_lines_in_b_less_its_lines_in_a(leicestershire):
    changes = year_on_year(leicestershire, "2018/19", "2020/21").set_index("service")

    per_service = leicestershire.groupby(["service", "financial_year"])["amount_gbp"].sum()
    for service, row in changes.iterrows():
        amount_a = per_service.get((service, "2018/19"), 0.0)
        amount_b = per_service.get((service, "2020/21"), 0.0)
        assert (row["amount_a"], row["amount_b"], row["change_gbp"]) == (amount_a, amount_b, amount_b - amount_a)
        expected = NEW if amount_a == 0 else ENDED if amount_b == 0 else INCREASE if amount_b > amount_a else DECREASE if amount_b < amount_a else UNCHANGED
        assert row["status"] == expected


def test_domestic_homicide_reviews_city_and_county_are_one_service(leicestershire):
    changes = year_on_year(leicestershire, "2018/19", "2019/20")
    lines = leicestershire[(leicestershire["service"] == "Domestic Homicide Reviews") & (leicestershire["financial_year"] == "2018/19")]

    assert len(lines) == 2
    assert changes.loc[changes["service"] == "Domestic Homicide Reviews", "amount_a"].item() == lines["amount_gbp"].sum()


@pytest.mark.parametrize(("year_a", "year_b"), [("2018/19", "2019/20"), ("2019/20", "2020/21"), ("2018/19", "2020/21")])
def test_waterfall_runs_from_one_published_grand_total_to_the_next(leicestershire, published_grand_totals, year_a, year_b):
    steps = waterfall_steps(leicestershire, year_a, year_b)

    assert steps.iloc[0]["kind"] == START and steps.iloc[0]["end_gbp"] == published_grand_totals[year_a]
    assert steps.iloc[-1]["kind"] == END and steps.iloc[-1]["end_gbp"] == published_grand_totals[year_b]
    middle = steps[steps["kind"] == STEP]
    assert middle.iloc[0]["base_gbp"] == published_grand_totals[year_a]
    assert middle.iloc[-1]["end_gbp"] == published_grand_totals[year_b]
    assert (middle["base_gbp"].iloc[1:].to_numpy() == middle["end_gbp"].iloc[:-1].to_numpy()).all()
    assert round(middle["change_gbp"].sum(), 2) == round(published_grand_totals[year_b] - published_grand_totals[year_a], 2)


def test_waterfall_from_2019_20_to_2020_21_uses_the_framework_totals(leicestershire, published_grand_totals):
    steps = waterfall_steps(leicestershire, "2019/20", "2020/21")

    assert steps.iloc[0]["change_gbp"] == published_grand_totals["2019/20"] == year_total(leicestershire, "2019/20")
    assert steps.iloc[-1]["change_gbp"] == published_grand_totals["2020/21"] == year_total(leicestershire, "2020/21")
    assert "Emergent issues/ideas/PCC grants top up/ contingency" in set(steps["label"])


def test_smaller_changes_are_grouped_into_one_bar(leicestershire):
    changes = year_on_year(leicestershire, "2018/19", "2020/21")
    changed = changes[changes["change_gbp"] != 0]
    steps = waterfall_steps(leicestershire, "2018/19", "2020/21", largest=3)

    named = steps[(steps["kind"] == STEP) & (steps["status"] != "")]
    assert len(named) == 3
    assert set(named["label"]) == set(changed.reindex(changed["change_gbp"].abs().nlargest(3).index)["service"])
    other = steps[steps["label"].str.startswith("Other changes")]
    assert other["label"].item() == f"Other changes ({len(changed) - 3} services)"
    assert other["change_gbp"].item() == pytest.approx(changed["change_gbp"].sum() - named["change_gbp"].sum())


def test_status_summary_counts_every_service(leicestershire):
    changes = year_on_year(leicestershire, "2018/19", "2019/20")
    summary = status_summary(changes).set_index("status")

    assert summary["services"].sum() == len(changes)
    assert summary.loc[NEW, "services"] == len(_statuses(changes, NEW))
    assert summary["change_gbp"].sum() == pytest.approx(changes["change_gbp"].sum())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_waterfall_ends_exactly_at_year_b_for_any_selection_of_real_lines(bundled, data):
    rows = data.draw(st.lists(st.integers(0, len(bundled) - 1), min_size=0, max_size=len(bundled), unique=True))
    selection = bundled.iloc[sorted(rows)]
    year_a, year_b = data.draw(st.sampled_from(sorted(set(bundled["financial_year"])))), data.draw(st.sampled_from(YEARS))
    largest = data.draw(st.integers(0, 12))

    steps = waterfall_steps(selection, year_a, year_b, largest=largest)

    assert steps.iloc[0]["end_gbp"] == year_total(selection, year_a)
    assert steps.iloc[-1]["end_gbp"] == year_total(selection, year_b)
    middle = steps[steps["kind"] == STEP]
    if not middle.empty:
        assert middle.iloc[-1]["end_gbp"] == year_total(selection, year_b)


def test_compound_growth_per_strategic_area_matches_the_published_subtotals(leicestershire_result):
    declared = leicestershire_result.declared_totals
    subtotals = declared[declared["kind"] == "subtotal"].set_index(["strategic_area", "financial_year"])["declared_gbp"]
    growth = cagr_by_strategic_area(leicestershire_result.tidy, "2018/19", "2020/21").set_index("strategic_area")

    for area, row in growth.iterrows():
        start, end = float(subtotals[(area, "2018/19")]), float(subtotals[(area, "2020/21")])
        assert (row["amount_a"], row["amount_b"]) == (start, end)
        assert row["cagr_pct"] == pytest.approx(((end / start) ** 0.5 - 1) * 100)


def test_compound_growth_is_undefined_for_a_new_service(leicestershire):
    growth = cagr_by_service(leicestershire, "2018/19", "2020/21").set_index("service")

    assert math.isnan(growth.loc["Paediatric SARC", "cagr_pct"])
    assert growth.loc["Victim First", "cagr_pct"] == pytest.approx(
        cagr(growth.loc["Victim First", "amount_a"], growth.loc["Victim First", "amount_b"], 2)
    )
    assert math.isnan(cagr(100.0, 120.0, 0))


def test_real_terms_at_an_assumed_rate(leicestershire, published_grand_totals):
    real = totals_in_real_terms(leicestershire, "2020/21", assumed_rate_pct=2.0).set_index("financial_year")

    assert real.loc["2020/21", "real_gbp"] == published_grand_totals["2020/21"]
    assert real.loc["2018/19", "real_gbp"] == pytest.approx(published_grand_totals["2018/19"] * 1.02**2)
    assert set(real["basis"]) == {"Assumed annual inflation"}


def test_real_terms_use_table_years_where_the_table_has_them(leicestershire, published_grand_totals):
    table = DeflatorTable(index={"2018/19": 90.0, "2020/21": 99.0})
    real = totals_in_real_terms(leicestershire, "2020/21", table=table, assumed_rate_pct=3.0).set_index("financial_year")

    assert real.loc["2018/19", "real_gbp"] == pytest.approx(published_grand_totals["2018/19"] * 99.0 / 90.0)
    assert real.loc["2018/19", "basis"] == "GDP deflator table"
    # 2019/20 is missing and one year from both table years: it is carried on from the earlier.
    assert real.loc["2019/20", "real_gbp"] == pytest.approx(published_grand_totals["2019/20"] * 99.0 / (90.0 * 1.03))
    assert real.loc["2019/20", "basis"] == "Assumed annual inflation"


def test_years_with_no_spend_give_empty_answers(bundled):
    assert year_on_year(bundled, "2010/11", "2011/12").empty
    steps = waterfall_steps(bundled, "2010/11", "2011/12")
    assert steps["end_gbp"].tolist() == [0.0, 0.0]


def test_the_totals_change_is_appendix_as_two_grand_totals(leicestershire, published_grand_totals):
    from analysis.trends import totals_change

    change = totals_change(leicestershire, "2018/19", "2020/21")

    assert (change.total_a, change.total_b) == (published_grand_totals["2018/19"], published_grand_totals["2020/21"])
    assert change.change_gbp == 4_395_961 - 4_283_405
    assert change.change_pct == pytest.approx((4_395_961 - 4_283_405) / 4_283_405 * 100)
    assert change.years == 2
    assert change.cagr_pct == pytest.approx(((4_395_961 / 4_283_405) ** 0.5 - 1) * 100)
