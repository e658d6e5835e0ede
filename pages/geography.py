"""Geography: how far the money reaches, from one city to the whole force area and beyond."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from analysis.geography import (
    COUNTY_NAMES,
    FORCE_AREA_NAMES,
    FORCE_WIDE_ABBREVIATIONS,
    REACH_LEVEL,
    REGION_NAMES,
    add_reach_level,
    largest_reach,
    level_table,
    reach_panels,
    reach_table,
)
from analysis.money import format_gbp, format_gbp_short
from ui import charts
from ui.embed import show_chart
from ui.glossary import term_help
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Geography")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

rows = add_reach_level(view.rows)
year = view.focus_year

# --- headline: the share of the focus year at each level ---------------------------
widest = largest_reach(rows, year)
if widest is not None:
    st.markdown(f"#### In {year}, {widest.share:.0%} of the spend "
                f"({format_gbp(widest.amount_gbp)}) was for services with **{widest.level.lower()}** reach.")

# --- one panel per year: a bar per reach level, widest at the top, stacked by strategic area --
# Built in one go from dicts (ui.charts.panels_layout): trace by trace, plotly
# validated each of the 60-odd bars on its own.
panels = reach_panels(rows)
years, levels, areas = panels.years, panels.levels, panels.strategic_areas
by_level_area, by_level = panels.by_level_area, panels.by_level
columns = min(len(years), 3)
panel_rows = math.ceil(len(years) / columns)
grid = make_subplots(rows=panel_rows, cols=columns, shared_yaxes=True, shared_xaxes=True, subplot_titles=years,
                     horizontal_spacing=0.07, vertical_spacing=0.12)
traces = []
for position, panel_year in enumerate(years):
    axes = charts.panel_axes(position)
    for area in areas:
        amounts = [float(by_level_area.get((panel_year, level, area), float("nan"))) for level in levels]
        traces.append(dict(
            type="bar", y=levels, x=amounts, orientation="h", name=area, legendgroup=area,
            showlegend=position == 0, marker_color=view.colours.get(area, "#8C8C8C"),
            hovertext=[f"<b>{level}</b>, {panel_year}<br>{area}: {format_gbp(amount)}" if not math.isnan(amount) else ""
                       for level, amount in zip(levels, amounts)],
            hovertemplate="%{hovertext}<extra></extra>", **axes,
        ))
    totals = [float(by_level.get((panel_year, level), float("nan"))) for level in levels]
    traces.append(dict(
        type="scatter", y=levels, x=totals, mode="text",
        text=[f"  {format_gbp_short(t)}" if not math.isnan(t) else "" for t in totals],
        textposition="middle right", showlegend=False, hoverinfo="skip", cliponaxis=False, **axes,
    ))
height = 160 + panel_rows * (80 + 46 * len(levels))
# Few ticks a panel: side-by-side panels are narrow.
tick_values, tick_labels = charts.money_ticks(0.0, float(by_level.max()) * 1.3, target_ticks=2)
layout = charts.panels_layout(
    grid,
    dict(barmode="stack", bargap=0.3),
    charts.house_layout(f"Spend by geographical reach and strategic area, per year, {view.years_label}",
                        height=height, legend_title="Strategic area"),
    # The legend sits above the year titles of the panels, not on top of them.
    dict(margin=dict(t=150, r=40), legend=dict(y=1 + 48 / (height - 160), yanchor="bottom", traceorder="normal")),
    xaxes=charts.merged(charts.X_AXIS, dict(tickmode="array", tickvals=tick_values, ticktext=tick_labels,
                                            range=[tick_values[0], tick_values[-1]], zeroline=True)),
    yaxes=charts.merged(charts.Y_AXIS, dict(type="category", categoryorder="array", categoryarray=levels,
                                            autorange="reversed", gridcolor="rgba(0,0,0,0)")),
)
fig = go.Figure(data=traces, layout=layout)
st.subheader(f"Each year's spend by reach, {view.years_label}", help=term_help("Strategic area"))
show_chart(fig, view, key="geography_levels")
st.caption("Reach levels run from the widest (national) to the narrowest (a district or town). "
           "“Not stated” lines have no geographical reach in their file.")

# --- the same as a table, exact pounds ------------------------------------------------
st.subheader(f"Spend by reach level, {view.years_label}")
by_level_and_year = level_table(rows)
shown = by_level_and_year.apply(lambda column: column.map(lambda amount: "" if pd.isna(amount) else format_gbp(amount)))
st.dataframe(shown.rename_axis("Reach level").reset_index(), hide_index=True, height="content",
             key="geography_level_table")

# --- reach as the files write it -----------------------------------------------------
st.subheader("Reach as written in the files")
as_written = reach_table(rows)
display = pd.DataFrame({
    "Reach level": as_written[REACH_LEVEL],
    "Reach as written": as_written["geography"],
    "Lines (all years)": as_written["lines"],
})
for column in years:
    display[column] = as_written[column].map(lambda amount: "" if pd.isna(amount) else format_gbp(amount))
st.dataframe(display, hide_index=True, height="content", key="geography_reach_table")

with st.expander("How a reach is given its level"):
    abbreviations = "; ".join(f"“{code.upper()}” = {meaning}" for code, meaning in FORCE_WIDE_ABBREVIATIONS.items())
    force_names = "; ".join(f"{area}: " + ", ".join(names) for area, names in FORCE_AREA_NAMES.items())
    st.markdown(
        f"""
- **Force-wide**: the whole police force area. Known abbreviations: {abbreviations}. Force areas written out
  in full: {force_names}. Also “force-wide”.
- **National**: “Nationwide”, “national”, “England and Wales”, “UK”.
- **Regional**: a region such as {", ".join(name.title() for name in REGION_NAMES[:4])}; checked before national,
  so “East of England” is regional.
- **County**: “county”, “countywide”, a name ending in -shire (so “Leicester and Leicestershire”, the ceremonial
  county, is county reach), or a county whose name does not end in -shire ({", ".join(name.title() for name in COUNTY_NAMES[:6])}…).
  “County” and “-shire” count before “city”, so “Leicestershire County and Rutland (not city)” is county reach.
- **City**: “city” (“Leicester City”, “Derby City”).
- **District / local**: district, borough, ward, town, parish or neighbourhood.
- **Other**: any reach the rules do not recognise. It is shown as written so the rules can be extended.
"""
    )
