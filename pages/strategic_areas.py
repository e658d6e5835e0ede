"""Strategic areas: how each area's spend moved, its share of the total, and the services inside it."""
from __future__ import annotations

import streamlit as st

from analysis.export import readable
from analysis.strategic_areas import area_shares, area_trend, areas_by_spend, service_lines, services_by_year
from ui.glossary import term_help
from ui.print_style import print_table
from ui import charts
from ui.data_access import cached_aggregate
from ui.embed import show_chart
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Strategic areas")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

trend = cached_aggregate(area_trend, view, all_years=False)
if len(view.years) > 1:
    show_chart(
        charts.lines_over_years(trend, series="strategic_area", colours=view.colours,
                                title=f"Spend per strategic area, {view.years_label}"),
        view, key="areas_trend",
    )
    show_chart(
        charts.share_bars(cached_aggregate(area_shares, view, all_years=False), colours=view.colours,
                          title=f"Each strategic area's share of the year's total, {view.years_label}"),
        view, key="areas_share",
    )
else:
    show_chart(
        charts.stacked_bars(trend, x="strategic_area", stack="strategic_area", colours=view.colours,
                            title=f"Spend per strategic area in {view.years_label}", x_title="Strategic area",
                            share_of_x=False),
        view, key="areas_single_year",
    )

st.subheader("Services within an area")
# Largest first in the latest year: Victims, for Leicestershire, comes up without a click.
areas = cached_aggregate(areas_by_spend, view, view.focus_year, all_years=False)
chosen_area = st.selectbox("Strategic area", areas, key="areas_chosen_area", help=term_help("Strategic area"))
services = cached_aggregate(services_by_year, view, chosen_area, all_years=False)
year_columns = [year for year in view.years if year in services.columns]
latest = year_columns[-1]
funded = services.loc[services[latest].ne(0)]
if funded.empty:
    charts.show_empty(f"No service in {chosen_area} has spend in {latest} with these filters.")
else:
    show_chart(
        charts.horizontal_bars(
            funded["service"].tolist(), funded[latest].tolist(),
            colours=[view.colours.get(chosen_area, "#8C8C8C")] * len(funded),
            title=f"{chosen_area}: spend per service in {latest}",
        ),
        view, key="areas_services_chart", choices={"areas_chosen_area": chosen_area},
    )
show_area_column = len(services["area"].unique()) > 1
table = services.rename(columns={"service": "Service", "area": "PCC area"})
if not show_area_column:
    table = table.drop(columns="PCC area")
st.dataframe(
    table,
    hide_index=True,
    key="areas_services_table",
    column_config={year: charts.money_column(year, services[year]) for year in year_columns},
)
print_table(table, money_columns=tuple(year_columns))

service_names = services["service"].tolist()
chosen_service = st.selectbox(
    "See the lines behind a service", service_names, key="areas_chosen_service",
    help="Every spend line for this service, with the file, sheet and row it was read from.",
)
lines = cached_aggregate(service_lines, view, chosen_area, chosen_service, all_years=False)
line_table = readable(lines, ["area", "financial_year", "service", "provider", "provision", "commissioning_type",
                              "funding_partners", "geography", "amount_gbp", "source_file", "source_sheet",
                              "source_row"])
st.dataframe(
    line_table,
    hide_index=True,
    key="areas_service_lines",
    column_config={
        "Amount (£)": charts.money_column("Amount (£)", lines["amount_gbp"]),
        "Source row": st.column_config.NumberColumn("Source row", format="%d"),
    },
)
print_table(line_table, money_columns=("Amount (£)",))
