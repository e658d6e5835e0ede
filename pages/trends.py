"""Trends: what changed between two years, service by service, and what the money is worth in real terms."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.change import breakdown_sentence, comparable_rows
from analysis.deflators import ASSUMED, FROM_TABLE, load_deflator_table
from analysis.overview import areas_by_year
from analysis.money import format_change_pct, format_gbp, format_gbp_short
from analysis.trends import (
    END,
    START,
    STEP,
    cagr_by_service,
    cagr_by_strategic_area,
    status_summary,
    totals_change,
    totals_in_real_terms,
    waterfall_steps,
    year_on_year,
)
from ui import charts
from ui.plain_text import escape_markdown
from ui.embed import show_chart
from ui.glossary import term_help
from ui.sidebar import render_filters, show_view_heading

TOTAL_COLOUR = "#444444"
# "Other changes" is hatched, so it cannot be mistaken for the grey of an unassigned strategic area.
OTHER_MARKER = dict(color="#FFFFFF", line=dict(color="#555555", width=1), pattern=dict(shape="/", fgcolor="#555555"))

view = render_filters()
st.title("Trends")
show_view_heading(view)
if view.rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

# The sidebar's years, and only those: the change runs from the first chosen to the last.
rows = view.rows
if len(view.available_years) < 2:
    charts.show_empty(
        f"Trends need at least two financial years, and this selection has only {view.available_years[0]}. "
        "Choose another area or dataset in the sidebar."
    )
    st.stop()
if len(view.years) < 2:
    charts.show_empty(
        f"Trends compare the first and the last of the years chosen in the sidebar, and only {view.years[0]} "
        "is chosen. Widen “Financial years” in the sidebar."
    )
    st.stop()
years = view.years
year_a, year_b = years[0], years[-1]


def two_lines(label: str, width: int = 44) -> str:
    """A service name over at most two lines; the hover gives it in full."""
    lines = charts.wrap_label(label, width).split("<br>")
    return "<br>".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def zoomed_money_axis(fig: go.Figure, low: float, high: float, axis: str) -> float:
    """£ ticks over low..high only: the changes are small beside the totals, so the axis does not start at £0."""
    step = charts.nice_step(high - low)
    first = math.floor(low / step) * step
    ticks = [first + i * step for i in range(int((high - first) / step) + 2)]
    settings = dict(tickmode="array", tickvals=ticks, ticktext=[charts.axis_label(t, step) for t in ticks],
                    range=[first, ticks[-1]], title_text="Spend")
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**settings)
    return first


@st.cache_data(show_spinner=False)
def deflator_table():
    return load_deflator_table()


# --- the two years: the first and last the sidebar chose -----------------------------
totals = totals_change(rows, year_a, year_b)
change_in_total = totals.like_for_like
span = totals.years
st.caption(f"From {year_a} to {year_b}: the first and last of the years chosen in the sidebar "
           f"({view.years_label}).")
if change_in_total.warning():
    st.warning(escape_markdown(change_in_total.warning()), icon=":material/warning:")
# Totals of what both years hold: the same areas and datasets (analysis.change).
scope = "" if change_in_total.whole else ", compared"
first, second, change, growth = st.columns(4)
if change_in_total.comparable:
    sign = "+" if totals.total_b > totals.total_a else ""
    first.metric(f"Total {year_a}{scope}", format_gbp(totals.total_a),
                 help=f"{change_in_total.compared}, {year_a}.")
    second.metric(f"Total {year_b}{scope}", format_gbp(totals.total_b),
                  help=f"{change_in_total.compared}, {year_b}.")
    change.metric(f"Change, {year_a} to {year_b}", sign + format_gbp_short(totals.change_gbp),
                  help=f"{format_gbp(totals.total_a)} to {format_gbp(totals.total_b)}: {sign}{format_gbp(totals.change_gbp)}. "
                       + breakdown_sentence(change_in_total),
                  delta=format_change_pct(totals.change_pct), delta_color="off")
    growth.metric(f"Growth a year, {year_a} to {year_b}",
                  format_change_pct(totals.cagr_pct),
                  help=f"Compound annual growth over {span} year{'s' if span != 1 else ''}: the steady yearly rate "
                       "that takes the first total to the second.")
    st.caption(escape_markdown(breakdown_sentence(change_in_total)))
else:
    first.metric(f"Total {year_a}", format_gbp(change_in_total.previous_year_total_gbp))
    second.metric(f"Total {year_b}", format_gbp(change_in_total.year_total_gbp))
    change.metric(f"Change, {year_a} to {year_b}", "Nothing comparable", help=change_in_total.left_out)
    growth.metric(f"Growth a year, {year_a} to {year_b}", "n/a")

if not change_in_total.comparable:
    charts.show_empty(change_in_total.left_out)
else:
    # Only what both years hold, so the bars run from one compared total to the other.
    compared = comparable_rows(rows, year_b, year_a)
    # --- waterfall: from total A to total B, bar by bar ----------------------------------------
    st.subheader(f"What changed from {year_a} to {year_b}")
    changes = year_on_year(compared, year_a, year_b)
    changed = changes[changes["change_gbp"] != 0]
    if changed.empty:
        charts.show_empty(f"No service's spend changed between {year_a} and {year_b} in this selection.")
    else:
        largest = st.slider("Services shown one by one", min_value=1, max_value=max(1, len(changed)),
                            value=min(10, len(changed)),
                            help="The largest changes get a bar each; the rest share one “Other changes” bar.") \
            if len(changed) > 1 else 1
        steps = waterfall_steps(compared, year_a, year_b, largest=largest)
        labels = [two_lines(label) for label in steps["label"]]
        fig = go.Figure()

        def add_steps(mask: pd.Series, name: str, colour: str | dict, show_legend: bool = True) -> None:
            part = steps[mask]
            if part.empty:
                return
            hover = []
            for record in part.itertuples(index=False):
                if record.kind in (START, END):
                    hover.append(f"<b>{record.label}</b><br>{format_gbp(record.change_gbp)}")
                elif record.service:
                    sign = "+" if record.change_gbp > 0 else ""
                    hover.append(
                        f"<b>{record.service}</b><br>{record.strategic_area}, {record.area}<br>"
                        f"{year_a}: {format_gbp(record.amount_a)}<br>{year_b}: {format_gbp(record.amount_b)}<br>"
                        f"Change: {sign}{format_gbp(record.change_gbp)} ({record.status.lower()})"
                    )
                else:
                    sign = "+" if record.change_gbp > 0 else ""
                    hover.append(f"<b>{record.label}</b><br>Net change: {sign}{format_gbp(record.change_gbp)}")
            fig.add_bar(
                y=[labels[i] for i in part.index], x=part["change_gbp"].tolist(), base=part["base_gbp"].tolist(),
                orientation="h", name=name, showlegend=show_legend,
                marker=colour if isinstance(colour, dict) else dict(color=colour),
                text=[(format_gbp_short(v) if k in (START, END) else ("+" if v > 0 else "") + format_gbp_short(v))
                      for k, v in zip(part["kind"], part["change_gbp"])],
                textposition="outside", cliponaxis=False,
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            )

        add_steps(steps["kind"].isin([START, END]), "Year total", TOTAL_COLOUR)
        for area in sorted(a for a in steps["strategic_area"].unique() if a):
            add_steps(steps["strategic_area"] == area, area, view.colours.get(area, "#8C8C8C"))
        add_steps((steps["strategic_area"] == "") & ~steps["kind"].isin([START, END]), "Other changes", OTHER_MARKER)
        fig.update_layout(barmode="overlay", bargap=0.25)
        charts.style(fig, f"From the {year_a} total to the {year_b} total: the largest changes by service",
                     height=max(360, 120 + 46 * len(steps)), legend_title="")
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed",
                         gridcolor="rgba(0,0,0,0)")
        moving = steps[steps["kind"] == STEP]
        low = float(min(moving["base_gbp"].min(), moving["end_gbp"].min()))
        high = float(max(moving["base_gbp"].max(), moving["end_gbp"].max()))
        pad = max((high - low) * 0.25, high * 0.01)
        axis_start = zoomed_money_axis(fig, low - pad, high + pad, "x") if low - pad > 0 else 0.0
        zoomed = axis_start > 0
        if not zoomed:
            charts.apply_money_axis(fig, [min(0.0, low), high + pad], axis="x")
        # Beside the bars rather than above them: its rows vary with the strategic areas and would cover the title.
        fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
        show_chart(fig, view, key="trends_waterfall")
        st.caption((f"The axis starts at {format_gbp_short(axis_start)}, not £0, so the changes can be seen beside the "
                    "totals. " if zoomed else "")
                   + "Each service bar starts where the one above ends: bars to the right are increases and new "
                   "services, bars to the left are decreases and services that ended. The colour is the strategic area.")

        summary = status_summary(changes)
        st.dataframe(
            pd.DataFrame({
                "Kind of change": summary["status"],
                "Services": summary["services"],
                "Net change": summary["change_gbp"].map(lambda v: ("+" if v > 0 else "") + format_gbp(v)),
            }),
            hide_index=True, height="content", key="trends_status_summary",
        )
        st.caption(f"New: no spend in {year_a}. Ended: spend in {year_a} and none (or £0) in {year_b}.")

        with st.expander(f"Every service, {year_a} and {year_b}"):
            st.dataframe(
                pd.DataFrame({
                    "Service": changes["service"],
                    "Strategic area": changes["strategic_area"],
                    year_a: changes["amount_a"].map(format_gbp),
                    year_b: changes["amount_b"].map(format_gbp),
                    "Change": changes["change_gbp"].map(lambda v: ("+" if v > 0 else "") + format_gbp(v)),
                    "Change %": changes["change_pct"].map(format_change_pct),
                    "Kind": changes["status"],
                }),
                hide_index=True, key="trends_changes",
            )

    # --- compound growth -------------------------------------------------------------------
    st.subheader(f"Compound annual growth, {year_a} to {year_b}")
    by_area = cagr_by_strategic_area(compared, year_a, year_b)
    st.dataframe(
        pd.DataFrame({
            "Strategic area": by_area["strategic_area"],
            year_a: by_area["amount_a"].map(format_gbp),
            year_b: by_area["amount_b"].map(format_gbp),
            "Growth a year": by_area["cagr_pct"].map(format_change_pct),
        }),
        hide_index=True, height="content", key="trends_cagr_areas",
    )
    with st.expander("Growth per service"):
        by_service = cagr_by_service(compared, year_a, year_b)
        st.dataframe(
            pd.DataFrame({
                "Service": by_service["service"],
                "Strategic area": by_service["strategic_area"],
                year_a: by_service["amount_a"].map(format_gbp),
                year_b: by_service["amount_b"].map(format_gbp),
                "Growth a year": by_service["cagr_pct"].map(format_change_pct),
            }),
            hide_index=True, key="trends_cagr_services",
        )
        st.caption(f"“n/a” means the service had no spend in {year_a}, so it has no growth rate.")

# --- real terms ----------------------------------------------------------------------
st.subheader("In real terms", help=term_help("Real terms"))
table = deflator_table()
choose_base, choose_rate = st.columns(2)
base_year = choose_base.selectbox("At the prices of", years, index=years.index(year_b), key="trends_base_year",
                                  help="Every year's spend is shown as what it would cost at this year's prices.")
rate = choose_rate.number_input(
    "Inflation a year for years without a deflator figure (%)", min_value=-10.0, max_value=30.0, value=2.0,
    step=0.1, format="%.1f", key="trends_rate",
    help="The Bank of England's inflation target is 2%. Enter the rate you want to assume.",
)
missing = [year for year in years if year not in table.index]
if not table.index:
    st.info(
        "No HM Treasury GDP deflator figures are shipped with the dashboard yet (see data/gdp_deflators.md), "
        f"so real terms assume prices rise by {rate:.1f}% a year.", icon=":material/info:",
    )
elif missing:
    st.info(f"{', '.join(missing)} use{'s' if len(missing) == 1 else ''} the assumed {rate:.1f}% a year; "
            f"the other years use the GDP deflator table ({table.source.get('release', 'HM Treasury')}).",
            icon=":material/info:")
else:
    st.caption(f"Prices from HM Treasury's {table.source.get('release', 'GDP deflators')} "
               f"({table.source.get('base', '')}); see data/gdp_deflators.md.")

real = totals_in_real_terms(rows, base_year, table=table, assumed_rate_pct=rate)
fig = go.Figure()
fig.add_scatter(x=real["financial_year"], y=real["amount_gbp"], name="Cash (as published)", mode="lines+markers",
                line=dict(color="#000000", width=3), marker=dict(size=9),
                hovertext=[f"<b>{y}</b><br>Cash: {format_gbp(v)}" for y, v in zip(real["financial_year"], real["amount_gbp"])],
                hovertemplate="%{hovertext}<extra></extra>")
fig.add_scatter(x=real["financial_year"], y=real["real_gbp"], name=f"At {base_year} prices", mode="lines+markers",
                line=dict(color="#000000", width=3, dash="dash"), marker=dict(size=9, symbol="diamond"),
                hovertext=[f"<b>{y}</b><br>At {base_year} prices: {format_gbp(round(v))}<br>({basis.lower()})"
                           for y, v, basis in zip(real["financial_year"], real["real_gbp"], real["basis"])],
                hovertemplate="%{hovertext}<extra></extra>")
charts.style(fig, f"Total spend in cash and at {base_year} prices, {view.years_label}")
fig.update_xaxes(type="category", title_text="Financial year")
values = [*real["amount_gbp"], *real["real_gbp"]]
pad = max((max(values) - min(values)) * 0.5, max(values) * 0.02)
real_axis_start = zoomed_money_axis(fig, max(0.0, min(values) - pad), max(values) + pad, "y")
show_chart(fig, view, key="trends_real_totals", choices={"trends_base_year": base_year, "trends_rate": rate})
if real_axis_start > 0:
    st.caption(f"This axis starts at {format_gbp_short(real_axis_start)}, not £0, so the gap between cash and "
               "real terms can be seen.")

reporting = areas_by_year(rows)
if len({tuple(areas) for areas in reporting.values()}) > 1:
    st.caption("These are each year's whole totals, and not every year holds the same PCCs: "
               + "; ".join(f"{y}: {', '.join(areas)}" for y, areas in reporting.items()) + ".")

real_by_area = totals_in_real_terms(rows, base_year, table=table, assumed_rate_pct=rate, by=["strategic_area"])
show_chart(
    charts.lines_over_years(
        real_by_area.drop(columns="amount_gbp").rename(columns={"real_gbp": "amount_gbp"}),
        series="strategic_area", colours=view.colours,
        title=f"Spend by strategic area at {base_year} prices, {view.years_label}",
    ),
    view, key="trends_real_areas", choices={"trends_base_year": base_year, "trends_rate": rate},
)
st.dataframe(
    pd.DataFrame({
        "Year": real["financial_year"],
        "Cash": real["amount_gbp"].map(format_gbp),
        f"Price level ({base_year} = 100)": real["price_level"].map(lambda v: f"{v:.1f}"),
        "Price basis": real["basis"].map({FROM_TABLE: "GDP deflator table", ASSUMED: f"Assumed {rate:.1f}% a year"}),
        f"At {base_year} prices": real["real_gbp"].map(lambda v: format_gbp(round(v))),
    }),
    hide_index=True, height="content", key="trends_real_table",
)
st.caption("Real terms = cash × (price level of the chosen year ÷ price level of the year). "
           "A fall in real terms means the money buys less than before, even if the cash is the same.")
