"""Compare areas: PCCs side by side, in total and for the same strategic area."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analysis.colours import area_colours
from analysis.compare_areas import (
    area_totals,
    shared_years,
    strategic_area_across_areas,
    strategic_area_table,
    strategic_areas_by_reach,
)
from analysis.filters import filtered_rows, years_label
from ui import charts
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Compare areas")
if view.is_store_empty:
    charts.show_empty(view.empty_message())
    st.stop()

# Every area and year, each pound counted once: the sidebar's year range is
# that of one area, and would hide the years other areas published.
filters = replace(view.filters, areas=(), dataset_id=None, years=())
rows = filtered_rows(view.marked, filters)
areas = sorted(rows["area"].unique())
st.caption(
    "**Every area** · every year · each pound counted once. The area, dataset and years chosen "
    "in the sidebar are not applied here; the other filters are."
)
if len(areas) < 2:
    charts.show_empty(
        "A comparison needs spending from at least two PCC areas with these filters; "
        f"{'only ' + areas[0] + ' has any' if areas else 'none has any'}."
    )
    st.stop()

colours = area_colours(view.marked["area"].unique())
totals = area_totals(rows)
charts.show(
    charts.grouped_bars(totals, x="financial_year", group="area", colours=colours,
                        title=f"Spend per PCC area, {years_label(totals['financial_year'])}"),
    key="compare_totals",
)
common = shared_years(rows)
if common:
    st.caption(f"Years with figures from more than one area: {', '.join(common)}. "
               "Other years have figures from one area only.")
else:
    st.caption("No year has figures from more than one area, so no year compares like with like.")

st.subheader("The same strategic area across PCCs")
# The strategic area most PCCs share comes first: that comparison says the most.
strategic_areas = strategic_areas_by_reach(rows)
chosen = st.selectbox("Strategic area", strategic_areas, key="compare_strategic_area")
across = strategic_area_across_areas(rows, chosen)
if across["area"].nunique() < 2:
    charts.show_empty(f"Only {across['area'].iloc[0]} has spending recorded under {chosen}.")
charts.show(
    charts.grouped_bars(across, x="financial_year", group="area", colours=colours,
                        title=f"{chosen}: spend per PCC area, {years_label(across['financial_year'])}"),
    key="compare_strategic_area_chart",
)
if "Unassigned" in strategic_areas:
    st.caption("“Unassigned” holds lines from files that do not group services into strategic areas.")

table_years = sorted(rows["financial_year"].unique(), reverse=True)
# The latest year more than one area published is the one worth tabulating first.
year = st.selectbox("Year for the table", table_years, key="compare_year",
                    index=table_years.index(common[-1]) if common else 0)
table = strategic_area_table(rows, year)
st.dataframe(
    table.rename(columns={"strategic_area": "Strategic area"}),
    hide_index=True,
    key="compare_table",
    column_config={area: charts.money_column(area, table[area]) for area in table.columns if area != "strategic_area"},
)
