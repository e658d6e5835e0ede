"""Geography: how far the money reaches, from one city to the whole force area and beyond."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st
from plotly.subplots import make_subplots

from analysis.geography import (
    COUNTY_NAMES,
    FORCE_AREA_NAMES,
    FORCE_WIDE_ABBREVIATIONS,
    REACH_LEVEL,
    REACH_LEVELS,
    REGION_NAMES,
    add_reach_level,
    spend_by_reach,
)
from analysis.money import format_gbp
from ui import charts
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Geography")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

rows = add_reach_level(view.rows)
years = sorted(rows["financial_year"].unique())
levels = [level for level in REACH_LEVELS if level in set(rows[REACH_LEVEL].astype(str))]
year = view.focus_year

# --- headline: the share of the focus year at each level ---------------------------
in_year = rows[rows["financial_year"] == year]
year_total = in_year["amount_gbp"].sum()
level_totals = in_year.groupby(REACH_LEVEL, observed=True)["amount_gbp"].sum()
widest = level_totals.idxmax() if not level_totals.empty else None
if widest is not None and year_total:
    st.markdown(f"#### In {year}, {level_totals[widest] / year_total:.0%} of the spend "
                f"({format_gbp(level_totals[widest])}) was for services with **{str(widest).lower()}** reach.")

# --- one panel per year: reach level along the bottom, stacked by strategic area ------
columns = min(len(years), 3)
panel_rows = math.ceil(len(years) / columns)
fig = make_subplots(rows=panel_rows, cols=columns, shared_yaxes=True, subplot_titles=years,
                    horizontal_spacing=0.04, vertical_spacing=0.22)
areas = sorted(rows["strategic_area"].unique())
by_level_area = rows.groupby(["financial_year", REACH_LEVEL, "strategic_area"], observed=True)["amount_gbp"].sum()
stack_tops = []
for position, panel_year in enumerate(years):
    row, column = position // columns + 1, position % columns + 1
    year_levels = by_level_area.loc[panel_year] if panel_year in by_level_area.index.get_level_values(0) else None
    for area in areas:
        amounts = [
            float(year_levels.get((level, area), float("nan"))) if year_levels is not None else float("nan")
            for level in levels
        ]
        fig.add_bar(
            x=[charts.wrap_label(level, 12) for level in levels], y=amounts, name=area, legendgroup=area,
            showlegend=position == 0, marker_color=view.colours.get(area, "#8C8C8C"),
            hovertext=[f"<b>{level}</b>, {panel_year}<br>{area}: {format_gbp(amount)}" if not math.isnan(amount) else ""
                       for level, amount in zip(levels, amounts)],
            hovertemplate="%{hovertext}<extra></extra>", row=row, col=column,
        )
    if year_levels is not None:
        stack_tops.extend(year_levels.groupby(level=0, observed=True).sum().tolist())
fig.update_layout(barmode="stack", bargap=0.25)
charts.style(fig, f"Spend by geographical reach and strategic area, per year, {view.years_label}",
             height=430 * panel_rows, legend_title="Strategic area")
fig.update_layout(margin=dict(t=120))
fig.update_xaxes(type="category", categoryorder="array",
                 categoryarray=[charts.wrap_label(level, 12) for level in levels])
charts.apply_money_axis(fig, [0.0, *stack_tops])
fig.update_yaxes(title_text="")
fig.update_yaxes(title_text="Spend", col=1)
charts.show(fig, key="geography_levels")
st.caption("Reach levels run from the widest (national) to the narrowest (a district or town). "
           "“Not stated” lines have no geographical reach in their file.")

# --- the same as a table, exact pounds ------------------------------------------------
st.subheader(f"Spend by reach level, {view.years_label}")
level_table = (
    rows.groupby([REACH_LEVEL, "financial_year"], observed=True)["amount_gbp"].sum()
    .unstack("financial_year").reindex(index=levels, columns=years)
)
level_table.index = level_table.index.astype(str)
level_table.columns.name = None
shown = level_table.apply(lambda column: column.map(lambda amount: "" if pd.isna(amount) else format_gbp(amount)))
shown.loc["Total"] = [format_gbp(rows.loc[rows["financial_year"] == y, "amount_gbp"].sum()) for y in years]
st.dataframe(shown.rename_axis("Reach level").reset_index(), hide_index=True, key="geography_level_table")

# --- reach as the files write it -----------------------------------------------------
st.subheader("Reach as written in the files")
by_reach = spend_by_reach(rows)
reach_table = by_reach.pivot_table(index=[REACH_LEVEL, "geography"], columns="financial_year",
                                   values="amount_gbp", aggfunc="sum")
line_counts = by_reach.groupby([REACH_LEVEL, "geography"])["lines"].sum()
reach_table = reach_table.reindex(columns=years)
reach_table = reach_table.reset_index()
reach_table["_order"] = reach_table[REACH_LEVEL].map({level: i for i, level in enumerate(REACH_LEVELS)})
reach_table = reach_table.sort_values(["_order", "geography"]).drop(columns="_order")
display = pd.DataFrame({
    "Reach level": reach_table[REACH_LEVEL],
    "Reach as written": reach_table["geography"],
    "Lines (all years)": [int(line_counts[(level, text)]) for level, text in zip(reach_table[REACH_LEVEL], reach_table["geography"])],
})
for column in years:
    display[column] = reach_table[column].map(lambda amount: "" if pd.isna(amount) else format_gbp(amount))
st.dataframe(display, hide_index=True, key="geography_reach_table")

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
