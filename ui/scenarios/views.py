"""How a scenario is drawn: headline figures, charts and tables in the house style.

Each function takes what scenarios/ computed and draws it; none
computes a figure of its own beyond choosing how to show it.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.colours import OKABE_ITO
from analysis.money import format_change_pct, format_gbp, format_gbp_short
from scenarios.comparison import changed_lines, strategic_area_comparison, waterfall_steps
from scenarios.funding import SHORTFALL, SURPLUS
from scenarios.result import ScenarioResult
from ui import charts

# Baseline bars are hatched and scenario bars solid, both in the area's own
# colour, so the pair reads without relying on a second colour.
BASELINE_PATTERN = "/"
INCREASE_COLOUR = OKABE_ITO["blue"]
DECREASE_COLOUR = OKABE_ITO["vermillion"]
TOTAL_COLOUR = "#595959"


def signed_gbp(amount: float) -> str:
    return ("+" if round(amount, 2) > 0 else "") + format_gbp(amount)


def headline(result: ScenarioResult, gap: pd.DataFrame) -> None:
    """Baseline, scenario, the change and whether it fits the funding, as four figures.

    The figures are to the pound so they fit; the exact pounds and pence are in
    each figure's help and in the tables below.
    """
    change = result.scenario_total - result.baseline_total
    change_pct = change / result.baseline_total * 100 if result.baseline_total else None
    baseline, scenario, moved, funding = st.columns(4)
    baseline.metric(f"Baseline {result.baseline_year}", _pounds(result.baseline_total),
                    help=f"The published lines the scenario starts from: {format_gbp(result.baseline_total)}.")
    scenario.metric(f"Scenario {result.plan_year}", _pounds(result.scenario_total),
                    help=f"The baseline with every step applied, in order: {format_gbp(result.scenario_total)}.")
    moved.metric("Change", ("+" if round(change) > 0 else "") + _pounds(change), delta=format_change_pct(change_pct),
                 delta_color="off", help=f"Scenario minus baseline: {signed_gbp(change)}.")
    if gap.empty:
        funding.metric(f"Funding {result.plan_year}", "Not entered",
                       help="Add the income you expect under “Funding envelope” to see whether the plan fits.")
    else:
        first = gap.iloc[0]
        label = {SURPLUS: "Surplus", SHORTFALL: "Shortfall"}.get(first["position"], "Balanced")
        funding.metric(f"{label} {first['financial_year']}", _pounds(abs(first["surplus_gbp"])),
                       delta=f"against income of {format_gbp_short(first['income_gbp'])}", delta_color="off",
                       delta_arrow="off",
                       help=f"Expected income {format_gbp(first['income_gbp'])} minus planned spend "
                            f"{format_gbp(first['spend_gbp'])}.")


def _pounds(amount: float) -> str:
    return format_gbp(round(amount), pence=False)


def area_bars(result: ScenarioResult, colours: dict[str, str], *, key: str) -> None:
    """Baseline and scenario side by side for each strategic area."""
    areas = strategic_area_comparison(result)
    fig = go.Figure()
    for label, column, pattern, year in (
        ("Baseline", "baseline_gbp", BASELINE_PATTERN, result.baseline_year),
        ("Scenario", "scenario_gbp", "", result.plan_year),
    ):
        fig.add_bar(
            x=[charts.wrap_label(area, 18) for area in areas["strategic_area"]],
            y=areas[column].tolist(),
            name=f"{label} {year}",
            marker=dict(color=[colours.get(area, "#8C8C8C") for area in areas["strategic_area"]],
                        pattern=dict(shape=pattern, fillmode="overlay", fgcolor="white", size=8),
                        line=dict(color=[colours.get(area, "#8C8C8C") for area in areas["strategic_area"]], width=1.5)),
            text=charts.short(areas[column]), textposition="outside", cliponaxis=False,
            hovertext=[
                f"<b>{area}</b>, {label.lower()} {year}<br>{format_gbp(amount)}"
                for area, amount in zip(areas["strategic_area"], areas[column])
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.08)
    charts.style(fig, f"Spend by strategic area: baseline {result.baseline_year} and scenario {result.plan_year}",
                 legend_title="Hatched: baseline · solid: scenario ·")
    fig.update_xaxes(type="category", title_text="Strategic area")
    high = max([*areas["baseline_gbp"], *areas["scenario_gbp"], 0.0])
    charts.apply_money_axis(fig, [0.0, high * 1.12])
    charts.show(fig, key=key)


def waterfall(result: ScenarioResult, *, key: str) -> None:
    """From the baseline total, each step's effect, to the scenario total, read from top to bottom.

    Horizontal, so each step keeps its words on the left instead of being
    squeezed under a narrow bar.
    """
    steps = waterfall_steps(result)
    labels = [charts.wrap_label(_short_label(label), 34) for label in steps["label"]]
    hover = []
    running = 0.0
    for label, amount, measure in zip(steps["label"], steps["change_gbp"], steps["measure"]):
        if measure == "relative":
            running += amount
            hover.append(f"<b>{label}</b><br>{signed_gbp(amount)}<br>Running total {format_gbp(running)}")
        else:
            running = amount
            hover.append(f"<b>{label}</b><br>{format_gbp(amount)}")
    fig = go.Figure(go.Waterfall(
        y=labels, x=steps["change_gbp"].tolist(), measure=steps["measure"].tolist(), orientation="h",
        text=[format_gbp_short(a) if m != "relative" else ("+" if a > 0 else "") + format_gbp_short(a)
              for a, m in zip(steps["change_gbp"], steps["measure"])],
        textposition="outside", cliponaxis=False,
        increasing=dict(marker=dict(color=INCREASE_COLOUR)),
        decreasing=dict(marker=dict(color=DECREASE_COLOUR)),
        totals=dict(marker=dict(color=TOTAL_COLOUR)),
        connector=dict(line=dict(color="#BBBBBB", width=1)),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
    ))
    charts.style(fig, f"From baseline {result.baseline_year} to scenario {result.plan_year}, step by step",
                 height=max(300, 130 + 62 * len(steps)))
    fig.update_layout(showlegend=False)
    fig.update_yaxes(type="category", autorange="reversed", gridcolor="rgba(0,0,0,0)")
    running_totals = steps["change_gbp"].where(steps["measure"] == "relative", 0).cumsum() + steps["change_gbp"].iloc[0]
    low, high = float(running_totals.min()), float(max(running_totals.max(), steps["change_gbp"].max()))
    # Zoom to where the steps happen: from £0, a 2% step on a £4m budget is a hairline.
    floor = max(0.0, low - (high - low) * 1.5) if high > low else 0.0
    top = high + (high - floor) * 0.15 if high > floor else max(high * 1.1, 1.0)
    step = charts.nice_step(top - floor)
    floor = math.floor(floor / step) * step
    ticks = [floor + index * step for index in range(math.ceil((top - floor) / step) + 1)]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[charts.axis_label(tick, step) for tick in ticks],
                     title_text="Spend", range=[floor, ticks[-1]], showgrid=True, gridcolor="#E5E5E5")
    charts.show(fig, key=key)
    if floor > 0:
        st.caption(f"The spend axis starts at {format_gbp_short(floor)}, not £0, so that each step can be seen.")


def _short_label(label: str) -> str:
    return label if len(label) <= 70 else label[:67].rstrip() + "…"


def changed_lines_table(result: ScenarioResult, *, key: str) -> None:
    table = changed_lines(result)
    if table.empty:
        charts.show_empty("No line changes yet: add a step above.")
        return
    st.dataframe(
        pd.DataFrame({
            # The figures come straight after the service, so they show without scrolling sideways.
            "Service": table["service"],
            f"Baseline {result.baseline_year}": table["baseline_gbp"].map(format_gbp),
            f"Scenario {result.plan_year}": table["scenario_gbp"].map(format_gbp),
            "Change (£)": table["change_gbp"].map(signed_gbp),
            "Change (%)": [format_change_pct(p) if not math.isnan(p) else "new" for p in table["change_pct"]],
            "What changed it": table["status"] + _steps_note(table["changed_by"]),
            "Provider": table["provider"],
            "Strategic area": table["strategic_area"],
            "Geography": table["geography"],
        }),
        hide_index=True, key=key, width="stretch",
    )


def trail_table(result: ScenarioResult) -> pd.DataFrame:
    """Each line's change at each step, as the "How each line was changed" table shows it."""
    trail = result.trail
    return pd.DataFrame({
        "Step": trail["step"],
        "Service": trail["service"],
        "Provider": trail["provider"],
        "Before": trail["before_gbp"].map(format_gbp),
        "After": trail["after_gbp"].map(format_gbp),
        "Change": trail["change_gbp"].map(signed_gbp),
    })


def _steps_note(changed_by: pd.Series) -> pd.Series:
    return changed_by.map(lambda steps: f" (step {steps})" if "," not in steps else f" (steps {steps})")


def area_table(result: ScenarioResult) -> pd.DataFrame:
    areas = strategic_area_comparison(result)
    return pd.DataFrame({
        "Strategic area": areas["strategic_area"],
        f"Baseline {result.baseline_year}": areas["baseline_gbp"].map(format_gbp),
        f"Scenario {result.plan_year}": areas["scenario_gbp"].map(format_gbp),
        "Change (£)": areas["change_gbp"].map(signed_gbp),
        "Change (%)": areas["change_pct"].map(format_change_pct),
    })


def years_table(years: pd.DataFrame, baseline_year: str) -> pd.DataFrame:
    """The roll-forward in words: each year's factor on the baseline, its basis, and the plan there."""
    return pd.DataFrame({
        "Financial year": years["financial_year"],
        f"On the {baseline_year} baseline": years["change_pct"].map(format_change_pct),
        "Basis": years["basis"],
        "Baseline carried forward": years["rolled_gbp"].map(format_gbp),
        "Planned spend": years["spend_gbp"].map(format_gbp),
    })


def funding_table(gap: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Financial year": gap["financial_year"],
        "Planned spend": gap["spend_gbp"].map(format_gbp),
        "Expected income": gap["income_gbp"].map(format_gbp),
        "Surplus or shortfall": [
            f"{position}: {format_gbp(abs(amount))}" if position != "Balanced" else "Balanced"
            for position, amount in zip(gap["position"], gap["surplus_gbp"])
        ],
    })


def funding_chart(gap: pd.DataFrame, *, key: str) -> None:
    """Planned spend as bars, expected income as a line, one point per year of the projection."""
    fig = go.Figure()
    fig.add_bar(
        x=gap["financial_year"], y=gap["spend_gbp"], name="Planned spend", marker_color=OKABE_ITO["sky blue"],
        hovertext=[f"<b>Planned spend</b>, {y}<br>{format_gbp(a)}" for y, a in zip(gap["financial_year"], gap["spend_gbp"])],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig.add_scatter(
        x=gap["financial_year"], y=gap["income_gbp"], name="Expected income", mode="lines+markers+text",
        line=dict(color=OKABE_ITO["black"], width=3, dash="dash"), marker=dict(size=10),
        text=[
            f"{'+' if s >= 0 else '-'}{format_gbp_short(abs(s))}" for s in gap["surplus_gbp"]
        ],
        textposition="top center",
        hovertext=[
            f"<b>Expected income</b>, {y}<br>{format_gbp(i)}<br>{p}: {format_gbp(abs(s))}"
            for y, i, s, p in zip(gap["financial_year"], gap["income_gbp"], gap["surplus_gbp"], gap["position"])
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    charts.style(fig, "Planned spend against expected income (label: surplus + or shortfall -)", height=380)
    fig.update_xaxes(type="category", title_text="Financial year")
    charts.apply_money_axis(fig, [*gap["spend_gbp"], *(gap["income_gbp"] * 1.1)])
    charts.show(fig, key=key)


def comparison_bars(table: pd.DataFrame, names: list[str], colours: dict[str, str], *, key: str) -> None:
    """Scenarios side by side per strategic area: each area in its colour, each scenario its own hatch."""
    areas = table[table["strategic_area"] != "Total"]
    fig = go.Figure()
    for name, pattern in zip(names, ("", "/", "x", ".")):
        fig.add_bar(
            x=[charts.wrap_label(area, 18) for area in areas["strategic_area"]], y=areas[name].tolist(), name=name,
            marker=dict(color=[colours.get(area, "#8C8C8C") for area in areas["strategic_area"]],
                        pattern=dict(shape=pattern, fillmode="overlay", fgcolor="white", size=8)),
            text=charts.short(areas[name]), textposition="outside", cliponaxis=False,
            hovertext=[f"<b>{area}</b>, {name}<br>{format_gbp(amount)}" for area, amount in zip(areas["strategic_area"], areas[name])],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.08)
    charts.style(fig, "Planned spend by strategic area", legend_title="Solid: first · hatched: second ·")
    fig.update_xaxes(type="category", title_text="Strategic area")
    charts.apply_money_axis(fig, [0.0, *(areas[names].max(axis=1) * 1.12)])
    charts.show(fig, key=key)
