"""Commissioning: procured, granted or paid by statute, alone or with partners, and who those partners are."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from analysis.commissioning import (
    FUNDING_BASES,
    FUNDING_ROUTES,
    basis_shares,
    co_funder_bars,
    route_headline,
    route_shares,
    share_table,
    type_panels,
)
from analysis.money import format_gbp, format_gbp_short
from ui.glossary import term_help
from ui import charts
from ui.embed import show_chart
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Commissioning")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

rows = view.rows
year = view.focus_year


def _percent(value: float | None) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0%}"


def _money_cells(series: pd.Series) -> pd.Series:
    return series.map(lambda amount: "" if pd.isna(amount) else format_gbp(amount))


routes = route_shares(rows)
bases = basis_shares(rows)
headline = route_headline(rows, year)

# --- headline shares for the latest year ---------------------------------------------
# Every route's share of the one total of the year, adding to 100%; jointly funded is
# another way of cutting the same total, so it stands apart.
ROUTE_HELP = {
    "Procured": "Share of the year's spend on contracts the PCC procured, alone or jointly.",
    "Grant funding": "Share of the year's spend given as grants.",
    "Statutory contribution": "Share of the year's spend the PCC must contribute by law (e.g. safeguarding boards).",
}
shown_routes = {route: headline.route_percentages.get(route, 0.0) for route in ("Procured", "Grant funding", "Statutory contribution")}
shown_routes |= {route: percent for route, percent in headline.route_percentages.items() if route not in shown_routes}
st.markdown(f"**How the {format_gbp(headline.total_gbp)} committed in {year} was given** (shares of that total, adding to 100%)")
for column, (route, percent) in zip(st.columns(len(shown_routes)), shown_routes.items()):
    label = "Statutory" if route == "Statutory contribution" else route
    column.metric(f"{label}, {year}", "n/a" if headline.total_gbp == 0 else f"{percent:.0f}%",
                  help=ROUTE_HELP.get(route, f"Share of the year's spend whose route is “{route}”."))
st.metric(f"Jointly funded, share of {year}", _percent(headline.jointly_funded),
          help="Share of the same total on lines procured jointly or with a named co-funder, whatever the route: "
               "it overlaps the shares above, so it is not added to them. "
               + term_help("Procured – jointly funded"))

# --- one panel per commissioning type: years along the bottom, stacked by strategic area --
panels = type_panels(rows)
types, years, areas, by_type = panels.types, panels.years, panels.strategic_areas, panels.amounts
columns = min(len(types), 3)
panel_rows = math.ceil(len(types) / columns)
grid = make_subplots(rows=panel_rows, cols=columns, shared_yaxes=True, subplot_titles=types,
                     horizontal_spacing=0.04, vertical_spacing=0.16)
# Built in one go from dicts (ui.charts.panels_layout), not a plotly call per bar.
traces = []
for position, kind in enumerate(types):
    axes = charts.panel_axes(position)
    for area in areas:
        amounts = [float(by_type.get((kind, panel_year, area), float("nan"))) for panel_year in years]
        traces.append(dict(
            type="bar", x=years, y=amounts, name=area, legendgroup=area, showlegend=position == 0,
            marker_color=view.colours.get(area, "#8C8C8C"),
            hovertext=[f"<b>{kind}</b>, {panel_year}<br>{area}: {format_gbp(amount)}" if not math.isnan(amount) else ""
                       for panel_year, amount in zip(years, amounts)],
            hovertemplate="%{hovertext}<extra></extra>", **axes,
        ))
height = 150 + 330 * panel_rows
money = charts.money_axis([0.0, *panels.bar_totals])
layout = charts.panels_layout(
    grid,
    dict(barmode="stack", bargap=0.3),
    charts.house_layout(f"Spend by commissioning type and strategic area, {view.years_label}",
                        height=height, legend_title="Strategic area"),
    # The legend sits above the type titles of the panels, not on top of them.
    dict(margin=dict(t=150), legend=dict(y=1 + 48 / (height - 160), yanchor="bottom", traceorder="normal")),
    xaxes=charts.merged(charts.X_AXIS, dict(type="category", categoryorder="array", categoryarray=years)),
    # Only the first panel of each row says what its axis is.
    yaxes=lambda number: charts.merged(charts.Y_AXIS, money,
                                       dict(title=dict(text="Spend" if (number - 1) % columns == 0 else ""))),
)
fig = go.Figure(data=traces, layout=layout)
show_chart(fig, view, key="commissioning_types")

# --- the shares as tables -----------------------------------------------------------


def share_cells(summary: pd.DataFrame, column: str, order: list[str], heading: str) -> pd.DataFrame:
    """One row per route (or basis), one column per year: '£1,234,567 (45%)'."""
    table = share_table(summary, column, order)
    cells = pd.DataFrame({heading: table.amounts.index})
    for year_column in years:
        cells[year_column] = [
            "" if pd.isna(amount) else f"{format_gbp(amount)} ({percent:.0f}%)"
            for amount, percent in zip(table.amounts.get(year_column, []), table.percentages.get(year_column, []))
        ]
    return cells


st.markdown(f"**Procured, grant or statutory, {view.years_label}** (each year's shares of its own total, adding to 100%)")
st.dataframe(share_cells(routes, "funding_route", FUNDING_ROUTES, "Route"), hide_index=True, height="content",
             key="commissioning_routes")
st.markdown(f"**Sole or jointly funded, {view.years_label}** (each year's shares of its own total, adding to 100%)")
st.dataframe(share_cells(bases, "funding_basis", FUNDING_BASES, "Funding"), hide_index=True, height="content",
             key="commissioning_bases")
st.caption("“Not stated” is spend whose file says neither sole nor jointly funded: grants and statutory "
           "contributions are usually written without it.")

# --- co-funders -----------------------------------------------------------------------
st.subheader("Who the PCC commissions with")
co_funders = co_funder_bars(rows)
if co_funders is None:
    charts.show_empty(f"No line in this selection names a co-funder, {view.years_label}.")
    st.stop()

lines, order, per_funder, by_area, stated = (co_funders.lines, co_funders.order, co_funders.totals,
                                             co_funders.by_area, co_funders.stated)
fig = go.Figure()
for area in co_funders.strategic_areas:
    amounts = [float(by_area.get((label, area), float("nan"))) for label in order]
    fig.add_bar(
        y=[charts.wrap_label(label, 30) for label in order], x=amounts, orientation="h", name=area,
        marker_color=view.colours.get(area, "#8C8C8C"),
        hovertext=[f"<b>{label}</b><br>{area}: {format_gbp(amount)} of PCC spend on lines they co-fund"
                   + (f"<br>Their own stated contribution: {format_gbp(stated[label])}" if label in stated.index else "")
                   if not math.isnan(amount) else "" for label, amount in zip(order, amounts)],
        hovertemplate="%{hovertext}<extra></extra>",
    )
fig.add_scatter(
    y=[charts.wrap_label(label, 30) for label in order], x=per_funder.tolist(), mode="text",
    text=[f"  {format_gbp_short(amount)}" for amount in per_funder], textposition="middle right",
    showlegend=False, hoverinfo="skip", cliponaxis=False,
)
fig.update_layout(barmode="stack", bargap=0.3, legend=dict(traceorder="normal"))
charts.style(fig, f"PCC spend on lines each partner co-funds, {view.years_label}",
             height=max(300, 120 + 46 * len(order)), legend_title="Strategic area")
fig.update_layout(margin=dict(t=120))
fig.update_yaxes(autorange="reversed", type="category", gridcolor="rgba(0,0,0,0)")
charts.apply_money_axis(fig, [0.0, float(per_funder.max()) * 1.15], axis="x", title="PCC spend")
show_chart(fig, view, key="commissioning_co_funders")
st.caption("Each bar is the PCC's own spend on the lines that partner helps fund, not the partner's money. "
           "A line with two partners counts under both, so the bars add up to more than the jointly funded total.")

with st.expander("The co-funded lines and where they come from"):
    st.dataframe(
        pd.DataFrame({
            "Partner": lines["label"],
            "Partner's stated contribution": _money_cells(lines["stated_amount_gbp"]),
            "Service": lines["service"],
            "Provider": lines["provider"],
            "Year": lines["financial_year"],
            "PCC spend": lines["amount_gbp"].map(format_gbp),
            "File": lines["source_file"],
            "Sheet": lines["source_sheet"],
            "Row": lines["source_row"],
        }),
        hide_index=True, key="commissioning_co_funder_lines",
    )
    st.caption("Partners are split out of the funding text in the file: “the City and County councils” becomes "
               "City council and County council, amounts written beside a name become its stated contribution.")
