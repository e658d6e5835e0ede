"""Several PCCs side by side: each area's counted total per year, and one strategic area across areas.

Only counted lines are compared (analysis.selection), so an area's framework
is never set against another area's framework plus its allocations.
"""
from __future__ import annotations

import pandas as pd

from analysis.grouping import aggregate, plain_text


def area_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """area, financial_year, amount_gbp: one row per area-year with lines."""
    return plain_text(rows.groupby(["area", "financial_year"], as_index=False, sort=True)["amount_gbp"].sum())


def shared_years(rows: pd.DataFrame) -> list[str]:
    """Years for which at least two areas have lines: the only years a comparison means anything."""
    areas_per_year = rows.groupby("financial_year")["area"].nunique()
    return sorted(areas_per_year.index[areas_per_year.ge(2)])


def strategic_area_across_areas(rows: pd.DataFrame, strategic_area: str) -> pd.DataFrame:
    """area, financial_year, amount_gbp for one strategic area."""
    return area_totals(rows.loc[rows["strategic_area"].eq(strategic_area)])


def strategic_area_table(rows: pd.DataFrame, year: str) -> pd.DataFrame:
    """One row per strategic area, one column per area: the year's spend, 0 where none."""
    in_year = rows.loc[rows["financial_year"].eq(year)]
    if in_year.empty:
        return pd.DataFrame(columns=["strategic_area"])
    table = in_year.pivot_table(index="strategic_area", columns="area", values="amount_gbp",
                                aggfunc="sum", fill_value=0.0)
    table.columns = [str(column) for column in table.columns]
    return plain_text(table.reset_index())


def strategic_areas_by_reach(rows: pd.DataFrame) -> list[str]:
    """Strategic areas, those most PCC areas share first: that comparison says the most."""
    per_area = aggregate(rows, ["strategic_area"], areas=("area", "nunique"))
    counts = dict(zip(per_area["strategic_area"], per_area["areas"]))
    return sorted(counts, key=lambda name: (-counts[name], name))
