"""The plan carried over the years of its projection: the spend the funding envelope is tested against."""
from __future__ import annotations

import math

import pandas as pd

from scenarios.result import ScenarioResult, financial_years_from


def projection_lines(result: ScenarioResult) -> pd.DataFrame:
    """The planned lines for each year of the projection (just the planned year if there is none).

    Year k of an N-year projection is the plan x (1 + rate) ** (k - 1).
    """
    years = result.projection.years if result.projection else 1
    rate = result.projection.percent_per_year / 100 if result.projection else 0.0
    frames = []
    for offset, year in enumerate(financial_years_from(result.plan_year, years)):
        frames.append(result.lines.assign(
            financial_year=year,
            amount_gbp=result.lines["amount_gbp"] * (1 + rate) ** offset,
        ))
    return pd.concat(frames, ignore_index=True)


def yearly_totals(result: ScenarioResult) -> pd.DataFrame:
    """Total planned spend per year of the projection."""
    projected = projection_lines(result)
    return (
        projected.groupby("financial_year", sort=False)["amount_gbp"].agg(math.fsum)
        .rename("spend_gbp").reset_index()
    )
