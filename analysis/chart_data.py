"""The figures behind each kind of chart, from an analysis function's summary: ui/charts.py only draws them.

Each function takes a summary with one row per bar (or box) and amount_gbp,
as group_sum and the page figures give it, and returns what the chart shows:
the bars of each series in the order of the axis, and the totals written
above them, so a total on screen is always computed here and only here.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Bars:
    """Bars of several series along one axis; a series' amount is NaN where it has no bar."""

    x_values: list
    series: dict[str, pd.Series]  # name -> amounts indexed by x_values, in drawing order
    totals: pd.Series  # per x value, every series together (0 where none)
    amounts: list[float]  # every bar's amount, for the money axis


def bars(frame: pd.DataFrame, *, x: str, series: str, order: Sequence[str] | None = None) -> Bars:
    """Bars per `x`, one series per value of `series` (in `order`, else sorted; names with no bar left out)."""
    x_values = sorted(frame[x].unique())
    totals = frame.groupby(x)["amount_gbp"].sum().reindex(x_values, fill_value=0.0)
    parts = {}
    for name in list(order) if order else sorted(frame[series].unique()):
        part = frame.loc[frame[series].eq(name)].groupby(x)["amount_gbp"].sum().reindex(x_values)
        if not part.isna().all():
            parts[name] = part
    return Bars(x_values=x_values, series=parts, totals=totals,
                amounts=frame.groupby([x, series])["amount_gbp"].sum().tolist())


@dataclass(frozen=True)
class TreemapArea:
    name: str
    amount_gbp: float
    boxes: list[tuple[str, float]]  # (service, or "n other services", amount), largest first


def treemap_areas(frame: pd.DataFrame, *, services_per_area: int) -> tuple[float, list[TreemapArea]]:
    """(the total, each strategic area's boxes): past `services_per_area` the smallest are one box.

    A national year has 15,000 services: beyond a few dozen boxes an area is
    unreadable, so only the amounts are ranked and the names of the services
    shown alone looked up.
    """
    total = float(frame["amount_gbp"].sum())
    amounts, names = frame["amount_gbp"].reset_index(drop=True), frame["service"].reset_index(drop=True)
    areas = []
    for area, in_area in amounts.groupby(frame["strategic_area"].reset_index(drop=True), sort=True):
        ranked = in_area.sort_values(ascending=False)
        shown = ranked.iloc[: services_per_area - 1] if len(ranked) > services_per_area else ranked
        boxes = list(zip(names.take(shown.index), shown))
        if len(shown) < len(ranked):
            rest = ranked.iloc[len(shown):]
            boxes.append((f"{len(rest):,} other services", float(rest.sum())))
        areas.append(TreemapArea(name=area, amount_gbp=float(in_area.sum()), boxes=boxes))
    return total, areas
