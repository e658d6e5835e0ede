"""The Compare section: two or more scenarios (saved, or the one being built) side by side, by area, year and step."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from scenarios.adjustments import describe
from scenarios.comparison import area_difference, compare_scenarios, surplus_by_year
from scenarios.funding import funding_gap
from scenarios.records import ScenarioPlan
from scenarios.result import ScenarioError
from ui import charts
from ui.plain_text import escape_markdown
from ui.scenarios import state, views

BUILDING = "The scenario being built"


def compare_section() -> None:
    saved = state.saved_scenarios()
    choices = {BUILDING: BUILDING} | {str(int(i)): name for i, name in zip(saved["id"], saved["name"])}
    if len(choices) < 2:
        charts.show_empty("Save a scenario to compare it with the one being built, or with another.")
        return
    keys = list(choices)
    left_column, right_column = st.columns(2)
    first = left_column.selectbox("First scenario", keys, index=1 if len(keys) > 2 else 0,
                                  format_func=choices.get, key="compare_first")
    second = right_column.selectbox("Second scenario", keys, index=2 if len(keys) > 2 else 1,
                                    format_func=choices.get, key="compare_second")
    plans = {}
    for key in (first, second):
        plan = state.working_plan() if key == BUILDING else state.saved_scenario(int(key)).plan
        label = choices[key] if key == BUILDING else plan.name
        if label in plans:
            label = f"{label} ({'first' if not plans else 'second'})"
        plans[label] = plan
    if len(plans) < 2 or first == second:
        st.info("Choose two different scenarios.", icon=":material/compare_arrows:")
        return
    draw_comparison(plans)


def draw_comparison(plans: dict[str, ScenarioPlan]) -> None:
    """Named plans side by side; the per-area difference is drawn for a pair (first to second)."""
    results, gaps = {}, {}
    for label, plan in plans.items():
        try:
            results[label] = state.result_for(plan)
        except ScenarioError as problem:
            st.error(f"“{escape_markdown(label)}”: {escape_markdown(problem)}", icon=":material/error:")
            return
        gaps[label] = funding_gap(results[label], list(plan.funding))
    names = list(plans)
    baselines = {plan.baseline for plan in plans.values()}
    if len(baselines) > 1:
        st.info("These scenarios start from different baselines, so compare their totals with care.",
                icon=":material/info:")
    summary = pd.DataFrame({
        "": ["Starts from", "Dataset", "Planned year", "Baseline total", "Scenario total", "Change", "Steps",
             "Funding in the planned year"],
        **{
            label: [
                f"{plans[label].baseline.area} {plans[label].baseline.financial_year}",
                plans[label].baseline.dataset_name, results[label].plan_year, format_gbp(results[label].baseline_total),
                format_gbp(results[label].scenario_total),
                views.signed_gbp(results[label].change_total),
                str(len(plans[label].adjustments)),
                _funding_words(gaps[label]),
            ]
            for label in names
        },
    })
    st.dataframe(summary, hide_index=True, key="compare_summary")
    table = compare_scenarios(results)
    views.comparison_bars(table, names, state.area_colours(), key="compare_bars")
    areas = {"Strategic area": table["strategic_area"], **{name: table[name].map(format_gbp) for name in names}}
    if len(names) == 2:
        difference = area_difference(table, names[0], names[1])
        areas["Difference (second − first)"] = difference["difference_gbp"].map(views.signed_gbp)
    st.dataframe(pd.DataFrame(areas), hide_index=True, key="compare_areas")
    by_year = _funding_by_year(gaps, names)
    if not by_year.empty:
        st.markdown("**Surplus (+) or shortfall (−) against expected income, by year**")
        st.dataframe(by_year, hide_index=True, key="compare_funding")
    step_columns = st.columns(len(names))
    for column, label in zip(step_columns, names):
        column.markdown(f"**Steps in “{escape_markdown(label)}”**")
        for index, adjustment in enumerate(plans[label].adjustments, start=1):
            column.markdown(f"{index}. {escape_markdown(describe(adjustment))}")
        if not plans[label].adjustments:
            column.caption("No steps: the baseline as published.")


def _funding_by_year(gaps: dict[str, pd.DataFrame], names: list[str]) -> pd.DataFrame:
    """One row per year of either projection; a scenario without income or that year shows "—"."""
    surplus = surplus_by_year({name: gaps[name] for name in names})
    if surplus.empty:
        return pd.DataFrame()
    return pd.DataFrame({"Financial year": surplus["financial_year"], **{
        name: [views.signed_gbp(amount) if not math.isnan(amount) else "—" for amount in surplus[name]] for name in names
    }})


def _funding_words(gap: pd.DataFrame) -> str:
    if gap.empty:
        return "No income entered"
    first = gap.iloc[0]
    return "Balanced" if first["position"] == "Balanced" else f"{first['position']} {format_gbp(abs(first['surplus_gbp']))}"
