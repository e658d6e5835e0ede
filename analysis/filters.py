"""What the sidebar asks for, as plain data, and the rows it leaves.

Filters is frozen and built from tuples so it can key a cache and be written
to, and read back from, a shareable URL. An empty tuple means "no restriction".
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from analysis.selection import NOT_SPEND_KINDS, counted_rows


@dataclass(frozen=True)
class Filters:
    areas: tuple[str, ...] = ()
    # None: every dataset, each pound counted once (analysis.selection).
    # A dataset id: that dataset's lines only, allocations included.
    dataset_id: int | None = None
    years: tuple[str, ...] = ()
    strategic_areas: tuple[str, ...] = ()
    commissioning_types: tuple[str, ...] = ()
    geographies: tuple[str, ...] = ()
    provider_search: str = ""

    def without_years(self) -> Filters:
        """The same view over every year: for trends and the change on last year."""
        return replace(self, years=())

    def narrows_lines(self) -> bool:
        """True when a filter beyond area, dataset and year leaves some lines out."""
        return bool(
            self.strategic_areas or self.commissioning_types or self.geographies
            or self.provider_search.strip()
        )


def describe_narrowing(filters: Filters) -> str:
    """The narrowing filters in words, for the line under a page title and for printouts."""
    parts = []
    for label, values in (
        ("strategic area", filters.strategic_areas),
        ("commissioning", filters.commissioning_types),
        ("geography", filters.geographies),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if filters.provider_search.strip():
        parts.append(f"provider contains “{filters.provider_search.strip()}”")
    return "; ".join(parts)


def rows_in_scope(marked: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The lines a view starts from: counted lines, or one dataset's lines (an allocation's too).

    A cap or funding received is never spend, so it is left out even when its
    dataset is chosen: its figures are shown beside spend (analysis.income), never as it.
    """
    if filters.dataset_id is None:
        return counted_rows(marked)
    chosen = marked.loc[marked["dataset_id"].eq(filters.dataset_id)]
    return chosen.loc[~chosen["dataset_kind"].isin(NOT_SPEND_KINDS)]


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The lines matching every filter except the dataset choice (see rows_in_scope)."""
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (
        ("area", filters.areas),
        ("financial_year", filters.years),
        ("strategic_area", filters.strategic_areas),
        ("commissioning_type", filters.commissioning_types),
        ("geography", filters.geographies),
    ):
        if wanted:
            keep &= frame[column].isin(wanted)
    search = filters.provider_search.strip()
    if search:
        keep &= frame["provider"].str.contains(search, case=False, regex=False, na=False)
    return frame.loc[keep]


def filtered_rows(marked: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    return apply_filters(rows_in_scope(marked, filters), filters)


def years_label(years: list[str] | tuple[str, ...]) -> str:
    """'2018/19 to 2020/21' for a run of years, '2020/21' for one."""
    ordered = sorted(set(years))
    if not ordered:
        return "no years"
    if len(ordered) == 1:
        return ordered[0]
    return f"{ordered[0]} to {ordered[-1]}"
