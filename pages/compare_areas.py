"""Compare areas: PCCs side by side, one kind of dataset at a time, over the sidebar's years."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analysis.colours import area_colours
from analysis.compare_areas import (
    KIND_PLURALS,
    area_totals,
    kinds_by_reach,
    of_kind,
    pcc_areas_by_spend,
    shared_years,
    strategic_area_across_areas,
    strategic_area_table,
    strategic_areas_by_spend,
    totals_over,
    years_every_area_has,
)
from analysis.filters import years_label
from analysis.selection import KIND_LABELS
from loaders.schema import UNASSIGNED_AREA
from ui import charts, data_access
from ui.plain_text import escape_markdown
from ui.embed import show_chart
from ui.glossary import term_help
from ui.sidebar import render_filters, show_view_heading

# The comparison opens on this many areas, the largest spenders: more bars than this are hard to read.
OPENING_AREAS = 6

view = render_filters()
st.title("Compare areas")
show_view_heading(view)
if view.is_store_empty:
    charts.show_empty(view.empty_message())
    st.stop()

# The sidebar's years and narrowing filters, over every area so there is something to compare
# with; each pound counted once. The sidebar's area is always among those compared, and its
# dataset, if one is chosen, sets the kind compared.
rows = data_access.view_rows(view.store_key, replace(view.filters, areas=(), dataset_id=None))
kinds = kinds_by_reach(rows)
focus_area = view.filters.areas[0] if view.filters.areas else None
if view.dataset_kind:
    kind_options = [view.dataset_kind]
elif focus_area:
    kind_options = kinds_by_reach(rows.loc[rows["area"].eq(focus_area)])["dataset_kind"].tolist()
else:
    kind_options = kinds["dataset_kind"].tolist()
if not kind_options:
    charts.show_empty(view.empty_message())
    st.stop()
kind = st.radio(
    "Compare", kind_options, horizontal=True, key="compare_kind",
    format_func=lambda k: KIND_PLURALS.get(k, k).capitalize(),
    help="Areas are compared one kind of dataset at a time: a framework is a PCC's whole budget, a decision "
         "funds one thing, so setting one beside the other compares a budget with a contract.",
) if len(kind_options) > 1 else kind_options[0]
plural = KIND_PLURALS.get(kind, kind)
in_kind = of_kind(rows, kind)
ranked = pcc_areas_by_spend(in_kind)

if len(ranked) < 2:
    others = [k for k in kinds["dataset_kind"] if k != kind and (kinds.set_index("dataset_kind").loc[k, "areas"] >= 2)]
    hint = (f" Choose “All areas” in the sidebar to compare the PCCs' {KIND_PLURALS.get(others[0], others[0])}."
            if others and focus_area else "")
    charts.show_empty(
        f"A comparison needs {plural} from at least two PCC areas in {view.years_label} with these filters; "
        f"{'only ' + ranked[0] + ' has any' if ranked else 'none has any'}.{hint}"
    )
    st.stop()

opening = ranked[:OPENING_AREAS]
if focus_area and focus_area in ranked and focus_area not in opening:
    opening = [focus_area, *opening[:-1]]
if any(area not in ranked for area in st.session_state.get("compare_areas", [])):
    st.session_state.pop("compare_areas", None)
chosen = st.multiselect("PCC areas", ranked, default=opening, key="compare_areas",
                        help="The areas with the most spend come first. " + term_help("PCC"))
if len(chosen) < 2:
    charts.show_empty("Choose at least two PCC areas to compare.")
    st.stop()
compared = in_kind.loc[in_kind["area"].isin(chosen)]
other_kinds = [KIND_PLURALS.get(k, k) for k in kinds["dataset_kind"] if k != kind]
st.caption(
    f"Comparing **{plural}** only ({escape_markdown(KIND_LABELS.get(kind, kind))})"
    + (f"; {', '.join(other_kinds)} are not mixed in" if other_kinds else "")
    + f". Years: {view.years_label}, as chosen in the sidebar."
)

colours = area_colours(view.marked["area"].unique())
# What an embed link must carry to draw the same comparison (ui/embed.py).
choices = {"compare_areas": chosen} | ({"compare_kind": kind} if len(kind_options) > 1 else {})
by_year = area_totals(compared)
show_chart(
    charts.grouped_bars(by_year, x="financial_year", group="area", colours=colours,
                        title=f"Spend per PCC area, {plural}, {years_label(by_year['financial_year'])}"),
    view, key="compare_totals", choices=choices, source_rows=compared,
)

# Totals side by side over the same years only: every compared area must have figures in each.
common = years_every_area_has(compared, chosen)
if common:
    summed = totals_over(compared, common)
    label = f"{years_label(common)}, summed" if len(common) > 1 else common[0]
    st.markdown(f"**Total per PCC area, {label}** ({plural}; the years every area shown has figures)")
    st.dataframe(
        summed.rename(columns={"area": "PCC area", "amount_gbp": f"Spend, {label}"}),
        hide_index=True, height="content", key="compare_summed",
        column_config={f"Spend, {label}": charts.money_column(f"Spend, {label}", summed["amount_gbp"])},
    )
else:
    several = shared_years(compared)
    st.caption(
        "No year has figures from every area shown, so their totals are not summed side by side"
        + (f"; {', '.join(several)} {'has' if len(several) == 1 else 'have'} figures from more than one."
           if several else ".")
    )

st.subheader("The same strategic area across PCCs")
# The largest strategic area first; "Unassigned" (files that name no strategic area) last.
strategic_areas = strategic_areas_by_spend(compared)
if strategic_areas == [UNASSIGNED_AREA]:
    st.caption(f"These {plural} do not group their services into strategic areas, so there is no strategic "
               "area to compare.")
else:
    strategic_area = st.selectbox("Strategic area", strategic_areas, key="compare_strategic_area")
    across = strategic_area_across_areas(compared, strategic_area)
    if across["area"].nunique() < 2:
        charts.show_empty(f"Only {across['area'].iloc[0]} has spending recorded under {strategic_area}.")
    show_chart(
        charts.grouped_bars(across, x="financial_year", group="area", colours=colours,
                            title=f"{strategic_area}: spend per PCC area, {plural}, "
                                  f"{years_label(across['financial_year'])}"),
        view, key="compare_strategic_area_chart", source_rows=across,
        choices=choices | {"compare_strategic_area": strategic_area},
    )
    if UNASSIGNED_AREA in strategic_areas:
        st.caption("“Unassigned” holds lines from files that do not group services into strategic areas.")

table_years = sorted(compared["financial_year"].unique(), reverse=True)
several = shared_years(compared)
# The latest year more than one area has figures for is the one worth tabulating first.
year = st.selectbox("Year for the table", table_years, key="compare_year",
                    index=table_years.index(several[-1]) if several else 0)
table = strategic_area_table(compared, year)
st.markdown(f"**Spend per strategic area and PCC area, {year}** ({plural})")
st.dataframe(
    table.rename(columns={"strategic_area": "Strategic area"}),
    hide_index=True,
    key="compare_table",
    column_config={area: charts.money_column(area, table[area]) for area in table.columns if area != "strategic_area"},
)
