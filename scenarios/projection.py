"""The plan over its years: the spend the funding envelope is tested against."""
from __future__ import annotations

import math

import pandas as pd

from scenarios.result import ScenarioResult


def projection_lines(result: ScenarioResult) -> pd.DataFrame:
    """The planned lines for each year of the plan (just the planned year if it covers one)."""
    return result.year_lines if result.year_lines is not None else result.lines


def yearly_totals(result: ScenarioResult) -> pd.DataFrame:
    """Total planned spend per year of the plan."""
    projected = projection_lines(result)
    return (
        projected.groupby("financial_year", sort=False)["amount_gbp"].agg(math.fsum)
        .rename("spend_gbp").reset_index()
    )


def years_table(result: ScenarioResult) -> pd.DataFrame:
    """Each planned year: the factor on the baseline and its basis, the baseline carried there, and the plan."""
    lines = projection_lines(result)
    per_year = lines.groupby("financial_year", sort=False).agg(
        rolled_gbp=("rolled_gbp", math.fsum), spend_gbp=("amount_gbp", math.fsum)
    )
    roll = result.roll if result.roll is not None else pd.DataFrame(
        {"financial_year": [result.plan_year], "factor": [1.0], "basis": ["Flat"]})
    return roll.assign(
        rolled_gbp=roll["financial_year"].map(per_year["rolled_gbp"]).astype("float64"),
        spend_gbp=roll["financial_year"].map(per_year["spend_gbp"]).astype("float64"),
        change_pct=(roll["factor"] - 1) * 100,
    )
