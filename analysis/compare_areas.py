"""Several PCCs side by side: each area's counted total per year, and one strategic area across areas.

Only counted lines are compared (analysis.selection), so an area's framework
is never set against another area's framework plus its allocations.
"""
from __future__ import annotations

import pandas as pd

from analysis.grouping import aggregate, group_sum, plain_text
from loaders.schema import UNASSIGNED_AREA


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


# --- like with like: one kind of dataset, the same years --------------------------------------
#
# A framework is a PCC's whole commissioning budget; a decision funds one thing.
# Setting Leicestershire's £4.4m framework beside Essex's £451,000 decision
# compares a budget with a contract, so areas are compared one kind at a time.

KIND_PLURALS = {"framework": "frameworks", "decision": "decisions", "allocation": "allocations"}


def kinds_by_reach(rows: pd.DataFrame) -> pd.DataFrame:
    """dataset_kind, areas, amount_gbp: the kinds most PCC areas hold first (then the most spend)."""
    if rows.empty:
        return pd.DataFrame({"dataset_kind": pd.Series(dtype="str"), "areas": pd.Series(dtype="int64"),
                             "amount_gbp": pd.Series(dtype="float64")})
    kinds = aggregate(rows, ["dataset_kind"], areas=("area", "nunique"), amount_gbp=("amount_gbp", "sum"))
    kinds["areas"] = kinds["areas"].astype("int64")
    return kinds.sort_values(["areas", "amount_gbp"], ascending=[False, False], kind="stable", ignore_index=True)


def of_kind(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    return rows.loc[rows["dataset_kind"].eq(kind)]


def pcc_areas_by_spend(rows: pd.DataFrame) -> list[str]:
    """PCC areas, the most spend first (then by name): the comparison opens on the largest."""
    totals = group_sum(rows, ["area"])
    ordered = totals.sort_values(["amount_gbp", "area"], ascending=[False, True], kind="stable")
    return ordered["area"].tolist()


def years_every_area_has(rows: pd.DataFrame, areas: list[str]) -> list[str]:
    """The years in which each of `areas` has lines: the years their totals can be set side by side."""
    per_year = aggregate(rows.loc[rows["area"].isin(areas)], ["financial_year"], areas=("area", "nunique"))
    return sorted(per_year.loc[per_year["areas"].eq(len(set(areas))), "financial_year"])


def totals_over(rows: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """area, amount_gbp: each area's spend over `years`, summed, the largest first."""
    totals = group_sum(rows.loc[rows["financial_year"].isin(years)], ["area"])
    return totals.sort_values(["amount_gbp", "area"], ascending=[False, True], kind="stable", ignore_index=True)


def strategic_areas_by_spend(rows: pd.DataFrame) -> list[str]:
    """Strategic areas, the most spend first; "Unassigned" (files that name none) always last."""
    totals = group_sum(rows, ["strategic_area"])
    ordered = totals.sort_values(["amount_gbp", "strategic_area"], ascending=[False, True], kind="stable")
    names = ordered["strategic_area"].tolist()
    return [name for name in names if name != UNASSIGNED_AREA] + [name for name in names if name == UNASSIGNED_AREA]
