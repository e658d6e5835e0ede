"""Budget against actual on Leicestershire's Appendix A, and the rule that the two never add up.

No seed document publishes an outturn beside Leicestershire's framework, so the 'actual'
lines here are a layout test: the 2019/20 budget lines copied and one line's figure moved
by a known amount. They are not a published actual.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.phase import (MixedPhases, budget_against_actual, default_phase, one_phase, phases_present,
                            require_one_phase)


@pytest.fixture(scope="module")
def budget(leicestershire) -> pd.DataFrame:
    return leicestershire.loc[leicestershire["financial_year"].eq("2019/20")].assign(phase="budget")


@pytest.fixture(scope="module")
def budget_and_actual(budget) -> pd.DataFrame:
    actual = budget.assign(phase="actual")
    first = actual.index[0]
    actual.loc[first, "amount_gbp"] = actual.loc[first, "amount_gbp"] + 1_000
    return pd.concat([budget, actual], ignore_index=True)


def test_frameworks_without_a_phase_count_as_budget(leicestershire):
    assert phases_present(leicestershire) == ["budget"]
    assert one_phase(leicestershire)["amount_gbp"].sum() == leicestershire["amount_gbp"].sum()


def test_the_default_phase_is_budget_where_present(budget_and_actual):
    assert default_phase(budget_and_actual) == "budget"
    assert default_phase(budget_and_actual.loc[budget_and_actual["phase"].eq("actual")]) == "actual"


def test_one_phase_never_adds_budget_to_actual(budget, budget_and_actual):
    chosen = one_phase(budget_and_actual)
    assert set(chosen["phase"]) == {"budget"}
    assert chosen["amount_gbp"].sum() == pytest.approx(budget["amount_gbp"].sum())
    assert one_phase(budget_and_actual, "actual")["amount_gbp"].sum() == pytest.approx(
        budget["amount_gbp"].sum() + 1_000)


def test_a_sum_of_mixed_phases_is_refused(budget, budget_and_actual):
    with pytest.raises(MixedPhases, match="budget and actual"):
        require_one_phase(budget_and_actual)
    assert require_one_phase(budget) is budget


def test_budget_against_actual_shows_the_variance_in_pounds_and_percent(budget, budget_and_actual):
    table = budget_against_actual(budget_and_actual)
    first = budget.iloc[0]
    moved = table.loc[table["service"].eq(first["service"])]
    assert len(moved) == 1
    row = moved.iloc[0]
    assert row["budget_gbp"] == pytest.approx(first["amount_gbp"])
    assert row["variance_gbp"] == 1_000
    assert row["variance_pct"] == pytest.approx(1_000 / first["amount_gbp"] * 100)
    others = table.loc[~table["service"].eq(first["service"])]
    assert others["variance_gbp"].eq(0).all()


def test_a_line_with_only_a_budget_has_no_variance_row(budget):
    assert budget_against_actual(budget).empty


def test_a_zero_budget_has_no_percentage():
    lines = pd.DataFrame({"area": ["Leicestershire"] * 2, "service": ["A"] * 2, "financial_year": ["2019/20"] * 2,
                          "amount_gbp": [0.0, 500.0], "phase": ["budget", "actual"]})
    row = budget_against_actual(lines).iloc[0]
    assert row["variance_gbp"] == 500 and math.isnan(row["variance_pct"])
