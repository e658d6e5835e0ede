"""Overview: how much the PCC commits to victims' services, where it goes and how it changed."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.change import breakdown_sentence
from analysis.money import format_change_pct, format_gbp
from analysis.overview import (
    areas_by_year,
    largest_movers,
    spend_by_service,
    spend_by_strategic_area,
    subject_for,
    summary_sentence,
    year_kpis,
)
from ui.glossary import term_help
from ui import charts, data_access
from ui.data_access import cached_aggregate
from ui.checks import show_checks_section
from ui.money_in import show_money_in
from ui.embed import show_chart
from ui.sidebar import render_filters, show_view_heading
from ui.plain_text import escape_markdown

view = render_filters()
st.title("Overview")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    # An area with only a cap or funding received (Bedfordshire's Eastern Region cap) still shows it.
    show_money_in(view)
    st.stop()

year = view.focus_year
# Spellings of one provider that staff grouped (Manage data) count once, as on the Providers page.
aliases = data_access.provider_aliases(view.store_key)
kpis = cached_aggregate(year_kpis, view, year, aliases)
reporting = cached_aggregate(areas_by_year, view)
subject = subject_for(reporting.get(year, []))
st.markdown(f"#### {escape_markdown(summary_sentence(kpis, subject=subject, narrowed=view.filters.narrows_lines()))}")
if not view.filters.areas:
    st.caption(f"PCCs with figures for {year}: {escape_markdown(', '.join(reporting.get(year, [])))}.")
# The change is like for like (analysis.change): where the two years hold
# different PCCs or datasets, it compares only what both hold and says what it left out.
if kpis.change.warning():
    st.warning(escape_markdown(kpis.change.warning()), icon=":material/warning:")

# Two rows, so an exact figure with pence (£114,843.25) is never cut short.
total, change = st.columns(2)
total.metric(f"Committed in {year}", format_gbp(kpis.total_gbp), border=True, height="stretch",
             help="The sum of every line counted in the totals, after the filters.")
if kpis.previous_year is None:
    change.metric("Change on the year before", "None to compare", border=True, height="stretch",
                  help="The data hold no year before this one for this selection.")
elif kpis.change_gbp is None:
    change.metric(f"Change on {kpis.previous_year}", "Nothing comparable", border=True, height="stretch",
                  help=kpis.change.left_out)
else:
    sign = "+" if kpis.change_gbp > 0 else ""
    scope = "" if kpis.change.whole else f", {kpis.change.compared} only"
    change.metric(f"Change on {kpis.previous_year}{scope}", f"{sign}{format_gbp(kpis.change_gbp)}",
                  delta=format_change_pct(kpis.change_pct), delta_color="off", border=True, height="stretch",
                  help=f"{kpis.change.compared}: {format_gbp(kpis.previous_total_gbp)} in {kpis.previous_year}, "
                       f"{format_gbp(kpis.change.current_gbp)} in {year}. {breakdown_sentence(kpis.change)}")
services, providers, joint = st.columns(3)
services.metric(f"Services funded in {year}", f"{kpis.services:,}", help=f"Service lines with spend in {year}.")
providers.metric(f"Providers named in {year}", f"{kpis.providers:,}",
                 help="Organisations named as provider with money in the year, spellings of one name grouped "
                      "as on the Providers page; lines saying 'Various' or 'To be selected' are not counted.")
joint.metric(f"Jointly funded, share of {year}", "n/a" if kpis.jointly_funded_share is None else f"{kpis.jointly_funded_share:.0%}",
             help="Share of the year's spend procured jointly or with a named co-funder (NHS England, councils…). "
                  + term_help("Procured – jointly funded"))

# Funding received and caps beside the spend, never in it (analysis/income.py).
show_money_in(view)

by_area = cached_aggregate(spend_by_strategic_area, view, all_years=False)
areas_order = sorted(by_area["strategic_area"].unique())
show_chart(
    charts.stacked_bars(
        by_area, x="financial_year", stack="strategic_area", colours=view.colours,
        title=f"Spend by strategic area, {view.years_label}", stack_order=areas_order,
    ),
    view, key="overview_by_area",
)

if not view.filters.areas:
    shown_years = [y for y in view.years if y in reporting]
    if len({tuple(reporting[y]) for y in shown_years}) > 1:
        st.caption("Not every PCC has figures for every year: "
                   + "; ".join(f"{y}: {', '.join(reporting[y])}" for y in shown_years) + ".")

services_in_year = cached_aggregate(spend_by_service, view, year)
if services_in_year.empty:
    charts.show_empty(f"No service has spend above £0 in {year} with these filters.")
else:
    show_chart(
        charts.treemap(services_in_year, colours=view.colours,
                       title=f"Where the money goes in {year}: strategic area, then service"),
        view, key="overview_treemap",
    )
    st.caption("Click a strategic area to see only its services; click the bar at the top to go back.")

st.subheader(f"Largest changes, {kpis.previous_year} to {year}" if kpis.previous_year else "Largest changes")
if kpis.previous_year is None:
    charts.show_empty(f"There is no year before {year} in this selection to compare with.")
elif kpis.change_gbp is None:
    charts.show_empty(kpis.change.left_out)
else:
    if not kpis.change.whole:
        st.caption(f"Comparing {escape_markdown(kpis.change.compared)} only, as the change above does.")
    increases, decreases = cached_aggregate(largest_movers, view, year)

    def movers_table(movers: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Service": movers["service"],
                "Strategic area": movers["strategic_area"],
                kpis.previous_year: movers["previous_gbp"].map(format_gbp),
                year: movers["current_gbp"].map(format_gbp),
                "Change": movers["change_gbp"].map(lambda c: ("+" if c > 0 else "") + format_gbp(c)),
            }
        )

    st.markdown("**Largest increases**")
    if increases.empty:
        st.write(f"No service received more in {year} than in {kpis.previous_year}.")
    else:
        st.dataframe(movers_table(increases), hide_index=True, key="overview_increases")
    st.markdown("**Largest decreases**")
    if decreases.empty:
        st.write(f"No service received less in {year} than in {kpis.previous_year}.")
    else:
        st.dataframe(movers_table(decreases), hide_index=True, key="overview_decreases")

st.caption(
    "Every figure is the sum of spend lines you can see, with their source file, sheet and row, "
    "on the Data page."
)

# Anyone may check the published totals: what does not add up, for the areas in view (ui/checks.py).
show_checks_section(view)
