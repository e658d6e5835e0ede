"""The Strategic areas page's figures: each area over the years, its share, and its services."""
from __future__ import annotations

import pandas as pd

from analysis.overview import spend_by_strategic_area
from analysis.grouping import group_sum, plain_text


def area_trend(rows: pd.DataFrame) -> pd.DataFrame:
    """financial_year, strategic_area, amount_gbp."""
    return spend_by_strategic_area(rows)


def area_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """area_trend plus `share`: the area's fraction (0 to 1) of its year's total."""
    trend = spend_by_strategic_area(rows)
    year_totals = trend.groupby("financial_year")["amount_gbp"].transform("sum")
    share = (trend["amount_gbp"] / year_totals.where(year_totals.ne(0))).astype("float64")
    return trend.assign(share=share)


def services_by_year(rows: pd.DataFrame, strategic_area: str) -> pd.DataFrame:
    """One row per service in the area, a column of spend per year, largest in the latest year first.

    Services with the same name in two PCC areas stay apart (the `area` column).
    """
    in_area = rows.loc[rows["strategic_area"].eq(strategic_area)]
    if in_area.empty:
        return pd.DataFrame(columns=["area", "service"])
    years = sorted(in_area["financial_year"].unique())
    wide = in_area.pivot_table(
        index=["area", "service"], columns="financial_year", values="amount_gbp", aggfunc="sum", fill_value=0.0
    ).reindex(columns=years, fill_value=0.0)
    wide.columns = [str(year) for year in wide.columns]
    wide = plain_text(wide.reset_index()).sort_values([years[-1], "service"], ascending=[False, True], kind="stable")
    return wide.reset_index(drop=True)


def service_lines(rows: pd.DataFrame, strategic_area: str, service: str, area: str | None = None) -> pd.DataFrame:
    """The spend lines behind one service, by year then source row: the drill-down."""
    keep = rows["strategic_area"].eq(strategic_area) & rows["service"].eq(service)
    if area is not None:
        keep &= rows["area"].eq(area)
    return plain_text(rows.loc[keep].sort_values(["financial_year", "source_file", "source_row"], kind="stable"))


def areas_by_spend(rows: pd.DataFrame, year: str) -> list[str]:
    """Strategic areas, the most spend in `year` first, then those with none that year, by name.

    The page's chooser opens on the first, so the largest area comes up without a click.
    """
    in_year = group_sum(rows.loc[rows["financial_year"].eq(year)], ["strategic_area"])
    areas = in_year.set_index("strategic_area")["amount_gbp"].sort_values(ascending=False).index.tolist()
    return areas + sorted(set(rows["strategic_area"].dropna()) - set(areas))
