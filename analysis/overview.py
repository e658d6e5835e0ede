"""The Overview page's figures: a year's headline numbers, its movers and one sentence.

Every function takes the counted, filtered spend lines over all years (the
change on last year needs the year before the one shown) and a focus year.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.change import LikeForLike, comparable_rows, like_for_like_change
from analysis.change import previous_year as previous_year
from analysis.money import format_gbp_short
from analysis.providers import count_funded_providers
from analysis.grouping import aggregate, group_sum, per_value
from loaders.schema import UNASSIGNED_AREA

JOINTLY_FUNDED_TYPE = "Procured – jointly funded"



@dataclass(frozen=True)
class YearKpis:
    year: str
    total_gbp: float
    previous_year: str | None
    # The change is like for like (analysis.change): previous_total_gbp is the
    # previous year's total of what both years hold, and all three are None
    # where the two years hold nothing in common.
    previous_total_gbp: float | None
    change_gbp: float | None
    change_pct: float | None
    change: LikeForLike
    services: int
    providers: int
    # Fractions of the year's total, 0 to 1; None when the total is nothing.
    jointly_funded_share: float | None
    largest_strategic_area: str | None
    largest_strategic_area_share: float | None


def is_jointly_funded(rows: pd.DataFrame) -> pd.Series:
    # A line is jointly funded when procured that way or when the file names a
    # co-funder, whatever the route (a grant matched by the NHS is still shared).
    partners = per_value(rows["funding_partners"], lambda text: text.fillna("").str.strip().ne(""))
    return rows["commissioning_type"].eq(JOINTLY_FUNDED_TYPE) | partners


def year_kpis(rows: pd.DataFrame, year: str, aliases: tuple[tuple[str, str], ...] = ()) -> YearKpis:
    """The year's headline figures; `aliases` (alias, canonical name) pairs group provider spellings."""
    # Only the columns used: a national year is 17,000 lines of 17 columns.
    in_year = rows.loc[rows["financial_year"].eq(year), ["area", "service", "provider", "strategic_area",
                                                         "commissioning_type", "funding_partners", "amount_gbp"]]
    total = float(in_year["amount_gbp"].sum())
    before = previous_year(rows["financial_year"], year)
    change = like_for_like_change(rows, year, before)
    funded = in_year.loc[in_year["amount_gbp"].ne(0)]
    services = len(funded[["area", "service"]].drop_duplicates())
    providers = count_funded_providers(funded, dict(aliases))
    joint_share = largest = largest_share = None
    if total:
        joint_share = float(in_year.loc[is_jointly_funded(in_year), "amount_gbp"].sum()) / total
        by_area = in_year.groupby("strategic_area")["amount_gbp"].sum().sort_values(ascending=False)
        largest = str(by_area.index[0])
        largest_share = float(by_area.iloc[0]) / total
    return YearKpis(
        year=year,
        total_gbp=total,
        previous_year=before,
        previous_total_gbp=change.previous_gbp,
        change_gbp=change.change_gbp,
        change_pct=change.change_pct,
        change=change,
        services=services,
        providers=providers,
        jointly_funded_share=joint_share,
        largest_strategic_area=largest,
        largest_strategic_area_share=largest_share,
    )


def spend_by_strategic_area(rows: pd.DataFrame) -> pd.DataFrame:
    """financial_year, strategic_area, amount_gbp: one row per pair with spend."""
    return group_sum(rows, ["financial_year", "strategic_area"])


def spend_by_service(rows: pd.DataFrame, year: str) -> pd.DataFrame:
    """strategic_area, service, amount_gbp for one year, for the treemap; zero lines left out."""
    by_service = group_sum(rows.loc[rows["financial_year"].eq(year)], ["strategic_area", "service"])
    return by_service.loc[by_service["amount_gbp"].gt(0)]


_CHANGE_COLUMNS = ["area", "strategic_area", "service", "previous_gbp", "current_gbp", "change_gbp"]


def service_changes(rows: pd.DataFrame, year: str) -> pd.DataFrame:
    """Each (area, service)'s spend in `year` and the year before, and the change, largest first.

    Only what both years hold is compared (analysis.change), so a PCC whose
    first year this is does not appear as one large increase. Its strategic
    area is that of its last line, as the lines are ordered.
    """
    before = previous_year(rows["financial_year"], year)
    if before is None:
        return pd.DataFrame(columns=_CHANGE_COLUMNS)
    two_years = comparable_rows(rows, year, before, ["area", "service", "strategic_area", "financial_year", "amount_gbp"])
    amount, in_current = two_years["amount_gbp"].to_numpy(), two_years["financial_year"].eq(year).to_numpy()
    # Each year's amounts with the other year's as NaN, which sum() skips:
    # the same sums, in the same order, as summing each year's lines alone.
    lines = two_years[["area", "service", "strategic_area"]].assign(previous_gbp=np.where(in_current, np.nan, amount),
                                                                   current_gbp=np.where(in_current, amount, np.nan))
    changes = aggregate(lines, ["area", "service"], previous_gbp=("previous_gbp", "sum"),
                        current_gbp=("current_gbp", "sum"), strategic_area=("strategic_area", "last"))
    changes["change_gbp"] = changes["current_gbp"] - changes["previous_gbp"]
    return changes[_CHANGE_COLUMNS].sort_values("change_gbp", ascending=False, kind="stable", ignore_index=True)


def largest_movers(rows: pd.DataFrame, year: str, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(largest increases, largest decreases) by service between the previous year and `year`."""
    changes = service_changes(rows, year)
    increases = changes.loc[changes["change_gbp"].gt(0)].head(count)
    decreases = changes.loc[changes["change_gbp"].lt(0)].sort_values("change_gbp", kind="stable").head(count)
    return increases.reset_index(drop=True), decreases.reset_index(drop=True)


def areas_by_year(rows: pd.DataFrame) -> dict[str, list[str]]:
    """The PCC areas with lines in each year: totals over several areas compare like with like only where these agree."""
    return {str(year): sorted(areas) for year, areas in rows.groupby("financial_year")["area"].unique().items()}


def subject_for(areas: list[str]) -> str:
    """Who committed the money, for summary_sentence: 'the PCC' or 'the 3 PCCs together'."""
    return "the PCC" if len(areas) <= 1 else f"the {len(areas)} PCCs together"


def summary_sentence(kpis: YearKpis, *, subject: str = "the PCC", narrowed: bool = False) -> str:
    """One plain-English sentence of the year's figures, for the page and for minutes.

    `narrowed` says the sidebar leaves some lines out, so the sentence must not
    read as the PCC's whole commitment.
    """
    what = "on the services in this filtered view" if narrowed else ""
    opening = f"In {kpis.year} {subject} committed {format_gbp_short(kpis.total_gbp)}"
    if what:
        opening += f" {what}"
    compared = "" if kpis.change.whole else f" (comparing {kpis.change.compared} only)"
    if kpis.previous_year is None:
        change = "; there is no earlier year in the data to compare with"
    elif kpis.change_gbp is None:
        change = f"; nothing in it is also in {kpis.previous_year}, so there is no like-for-like change"
    elif round(kpis.change_gbp) == 0:
        change = f", unchanged on {kpis.previous_year}{compared}"
    else:
        direction = "up" if kpis.change_gbp > 0 else "down"
        pct = f" ({abs(kpis.change_pct):.1f}%)" if kpis.change_pct is not None else ""
        change = f", {direction} {format_gbp_short(abs(kpis.change_gbp))}{pct} on {kpis.previous_year}{compared}"
    share = ""
    if (
        kpis.largest_strategic_area
        and kpis.largest_strategic_area != UNASSIGNED_AREA
        and kpis.largest_strategic_area_share is not None
        and kpis.largest_strategic_area_share < 1
    ):
        share = (
            f"; {kpis.largest_strategic_area} services took the largest share "
            f"({kpis.largest_strategic_area_share * 100:.0f}%)"
        )
    return f"{opening}{change}{share}."
