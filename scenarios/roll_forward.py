"""How the published baseline is carried into each year of a plan: flat, by the GDP deflators, or by a set %.

A plan for a later year than its baseline starts from the baseline carried
forward by a stated rule (or, with a set %, the whole plan grows each year), and the page shows the rule and each year's factor,
because "the same services next year" costs more in cash when prices rise.
The GDP deflators are HM Treasury's (data/gdp_deflators.csv, the series the
Green Book asks public bodies to use); a year past the table is carried on
at an assumed 2% a year, and says so.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.deflators import FROM_TABLE, DeflatorTable, load_deflator_table, price_levels
from loaders.years import year_start

FLAT = "flat"
DEFLATORS = "deflators"
PERCENT = "percent"
ROLL_RULES = {
    FLAT: "flat (the same cash each year)",
    DEFLATORS: "by HM Treasury's GDP deflators",
    PERCENT: "the plan grows by a set % a year after its first year",
}
# The Trends page's default for years the deflator table does not reach.
ASSUMED_RATE_PCT = 2.0

ROLL_COLUMNS = ["financial_year", "factor", "basis"]


@lru_cache(maxsize=1)
def deflator_table() -> DeflatorTable:
    return load_deflator_table()


def deflator_source() -> str:
    """The deflators' release in words, e.g. "HM Treasury, GDP deflators at market prices, and money GDP March 2026"."""
    release = deflator_table().source.get("release", "GDP deflators at market prices, and money GDP")
    return f"HM Treasury, {release}"


def roll_factors(baseline_year: str, years: list[str], rule: str, percent_per_year: float = 0.0) -> pd.DataFrame:
    """The factor each year's baseline is multiplied by, and where it came from."""
    if rule == FLAT:
        return pd.DataFrame({"financial_year": years, "factor": [1.0] * len(years), "basis": ["Flat"] * len(years)})
    if rule == PERCENT:
        first = year_start(years[0])
        return pd.DataFrame({
            "financial_year": years,
            "factor": [(1 + percent_per_year / 100) ** (year_start(year) - first) for year in years],
            "basis": [f"{percent_per_year:+g}% a year"] * len(years),
        })
    if rule == DEFLATORS:
        levels = price_levels(years, baseline_year, table=deflator_table(), assumed_rate_pct=ASSUMED_RATE_PCT)
        levels = levels.set_index("financial_year").loc[years]
        return pd.DataFrame({
            "financial_year": years,
            "factor": (levels["price_level"] / 100).tolist(),
            "basis": [
                "GDP deflator" if basis == FROM_TABLE else f"GDP deflator carried on at {ASSUMED_RATE_PCT:g}% a year"
                for basis in levels["basis"]
            ],
        })
    raise ValueError(f"Unknown rule for rolling the baseline forward: {rule!r}")
