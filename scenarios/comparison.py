"""A scenario set against its baseline, or several scenarios against each other, as tables to draw."""
from __future__ import annotations

import math

import pandas as pd

from scenarios.result import STATUS_UNCHANGED, ScenarioResult

CHANGED_LINE_COLUMNS = [
    "strategic_area", "service", "provider", "geography", "baseline_gbp", "scenario_gbp",
    "change_gbp", "change_pct", "status", "changed_by",
]
AREA_COLUMNS = ["strategic_area", "baseline_gbp", "scenario_gbp", "change_gbp", "change_pct"]


def waterfall_steps(result: ScenarioResult) -> pd.DataFrame:
    """Baseline total, each step's effect on the planned year, and the scenario total.

    The steps add up exactly (to the fraction of a penny) from one total to
    the other; a projection changes later years only, so it has no bar here.
    `measure` is what plotly's Waterfall expects.
    """
    effects = result.steps[result.steps["lines_changed"] > 0]
    rows = [{"label": f"Baseline {result.baseline_year}", "change_gbp": result.baseline_total, "measure": "absolute"}]
    if result.rolled_total != result.baseline_total:
        rows.append({"label": f"Rolled forward to {result.plan_year}: {result.roll_rule}",
                     "change_gbp": result.rolled_total - result.baseline_total, "measure": "relative"})
    rows += [
        {"label": f"{step}. {adjustment}", "change_gbp": change, "measure": "relative"}
        for step, adjustment, change in zip(effects["step"], effects["adjustment"], effects["change_gbp"])
    ]
    rows.append({"label": f"Scenario {result.plan_year}", "change_gbp": result.scenario_total, "measure": "total"})
    return pd.DataFrame(rows, columns=["label", "change_gbp", "measure"])


def changed_lines(result: ScenarioResult) -> pd.DataFrame:
    """Every line the scenario changes, with £ and % change, biggest change first.

    A new line has no % change (there was nothing to compare with), shown as NaN.
    """
    lines = result.lines[result.lines["status"] != STATUS_UNCHANGED]
    change = lines["amount_gbp"] - lines["baseline_gbp"]
    frame = pd.DataFrame({
        "strategic_area": lines["strategic_area"],
        "service": lines["service"],
        "provider": lines["provider"],
        "geography": lines["geography"],
        "baseline_gbp": lines["baseline_gbp"],
        "scenario_gbp": lines["amount_gbp"],
        "change_gbp": change,
        "change_pct": _percent_change(change, lines["baseline_gbp"]),
        "status": lines["status"],
        "changed_by": lines["changed_by"],
    })
    order = frame["change_gbp"].abs().sort_values(ascending=False, kind="stable").index
    return frame.loc[order, CHANGED_LINE_COLUMNS].reset_index(drop=True)


def strategic_area_comparison(result: ScenarioResult) -> pd.DataFrame:
    """Baseline and scenario spend per strategic area, in the order areas first appear."""
    lines = result.lines
    grouped = lines.groupby("strategic_area", sort=False).agg(
        baseline_gbp=("baseline_gbp", math.fsum), scenario_gbp=("amount_gbp", math.fsum)
    ).reset_index()
    grouped["change_gbp"] = grouped["scenario_gbp"] - grouped["baseline_gbp"]
    grouped["change_pct"] = _percent_change(grouped["change_gbp"], grouped["baseline_gbp"])
    return grouped[AREA_COLUMNS]


def compare_scenarios(results: dict[str, ScenarioResult]) -> pd.DataFrame:
    """Planned spend per strategic area for several named scenarios side by side, with a Total row."""
    columns = {}
    for name, result in results.items():
        areas = strategic_area_comparison(result).set_index("strategic_area")["scenario_gbp"]
        columns[name] = areas
    frame = pd.DataFrame(columns).fillna(0.0)
    frame.index.name = "strategic_area"
    totals = pd.DataFrame({name: [math.fsum(frame[name])] for name in frame.columns}, index=pd.Index(["Total"], name="strategic_area"))
    return pd.concat([frame, totals]).reset_index()


def area_difference(table: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Two scenarios' columns of `compare_scenarios`, with second minus first per area and in total."""
    return pd.DataFrame({
        "strategic_area": table["strategic_area"],
        first: table[first],
        second: table[second],
        "difference_gbp": table[second] - table[first],
    })


def surplus_by_year(gaps: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each scenario's surplus (+) or shortfall (-) per year of any projection; NaN where it has none."""
    years = sorted({year for gap in gaps.values() for year in gap["financial_year"]})
    columns = {"financial_year": years}
    for name, gap in gaps.items():
        surplus = dict(zip(gap["financial_year"], gap["surplus_gbp"]))
        columns[name] = [float(surplus.get(year, math.nan)) for year in years]
    return pd.DataFrame(columns)


def _percent_change(change: pd.Series, baseline: pd.Series) -> pd.Series:
    return (change / baseline.where(baseline != 0) * 100).astype("float64")
