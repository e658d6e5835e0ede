"""What a like-for-like change should be, worked out in plain pandas from the bundled files themselves.

The bundled data grows (new PCCs' files are added), so page tests derive the
expected figures here rather than typing in one set of areas.
"""
from __future__ import annotations

import pandas as pd

from analysis.selection import COUNTABLE_KINDS


def counted_lines(bundled_loads, bundled_manifest) -> pd.DataFrame:
    """Every bundled line that counts toward totals, with `unit`: what a comparison sets against itself.

    Frameworks count; a decision counts where no framework covers its area and
    year; allocations never. A unit is an area's frameworks together, or one decision.
    """
    frames = []
    for entry in bundled_manifest:
        if entry["kind"] not in COUNTABLE_KINDS:
            continue
        lines = bundled_loads[entry["file"]].tidy
        unit = "framework" if entry["kind"] == "framework" else entry["file"]
        frames.append(lines.assign(kind=entry["kind"], unit=unit))
    lines = pd.concat(frames, ignore_index=True)
    framework_years = set(zip(lines.loc[lines["kind"].eq("framework"), "area"],
                              lines.loc[lines["kind"].eq("framework"), "financial_year"]))
    covered = [(area, year) in framework_years for area, year in zip(lines["area"], lines["financial_year"])]
    return lines.loc[lines["kind"].eq("framework") | ~pd.Series(covered, index=lines.index)]


def expected_change(lines: pd.DataFrame, previous: str, year: str) -> tuple[float | None, set[str], set[str]]:
    """(the change on what both years hold, or None; the areas compared; the areas with no `previous` figures)."""
    per_unit = lines.groupby(["area", "unit", "financial_year"])["amount_gbp"].sum().unstack("financial_year")
    in_both = per_unit.reindex(columns=[previous, year]).dropna()
    areas_before = set(lines.loc[lines["financial_year"].eq(previous), "area"])
    areas_now = set(lines.loc[lines["financial_year"].eq(year), "area"])
    if in_both.empty:
        return None, set(), areas_now - areas_before
    change = float(in_both[year].sum() - in_both[previous].sum())
    return round(change, 2), set(in_both.index.get_level_values("area")), areas_now - areas_before


def unlike_change(lines: pd.DataFrame, previous: str, year: str) -> float:
    """The old, wrong figure: one year's whole total less the other's."""
    totals = lines.groupby("financial_year")["amount_gbp"].sum()
    return round(float(totals.get(year, 0.0) - totals.get(previous, 0.0)), 2)
