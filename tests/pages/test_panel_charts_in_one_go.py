"""The Geography and Commissioning panel charts, built in one go from dicts, against the step-by-step build they replaced.

Both pages drew one panel per year (or commissioning type) with a plotly call
per bar and per layout change; they now hand plotly the traces and the whole
layout at once (ui.charts.panels_layout). The chart each page shows must be
the same, property for property, as the old build of the same lines.
"""
from __future__ import annotations

import json
import math

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from analysis.colours import strategic_area_colours
from analysis.filters import years_label
from analysis.geography import REACH_LEVEL, REACH_LEVELS, add_reach_level
from analysis.money import format_gbp, format_gbp_short
from loaders.schema import COMMISSIONING_TYPES
from store import load_spend, make_engine
from ui import charts

# (query, which framework lines the page then draws): the default view is Leicestershire's framework.
VIEWS = {
    "every line": ({}, lambda lines: lines),
    "one strategic area": ({"strategic_area": "Victims"}, lambda lines: lines[lines["strategic_area"] == "Victims"]),
    "four commissioning types": (
        {"commissioning": list(COMMISSIONING_TYPES[:4])},
        lambda lines: lines[lines["commissioning_type"].isin(COMMISSIONING_TYPES[:4])],
    ),
    "one year": ({"from": "2020/21", "to": "2020/21"}, lambda lines: lines[lines["financial_year"] == "2020/21"]),
}


@pytest.fixture
def colours(bundled_store) -> dict[str, str]:
    engine = make_engine(bundled_store)
    areas = load_spend(engine)["strategic_area"].unique()
    engine.dispose()
    return strategic_area_colours(areas)


def reference_geography(rows, colours) -> go.Figure:
    rows = add_reach_level(rows)
    years = sorted(rows["financial_year"].unique())
    levels = [level for level in REACH_LEVELS if level in set(rows[REACH_LEVEL].astype(str))]
    columns = min(len(years), 3)
    panel_rows = math.ceil(len(years) / columns)
    fig = make_subplots(rows=panel_rows, cols=columns, shared_yaxes=True, shared_xaxes=True, subplot_titles=years,
                        horizontal_spacing=0.07, vertical_spacing=0.12)
    areas = sorted(rows["strategic_area"].unique())
    by_level_area = rows.groupby(["financial_year", REACH_LEVEL, "strategic_area"], observed=True)["amount_gbp"].sum()
    by_level = rows.groupby(["financial_year", REACH_LEVEL], observed=True)["amount_gbp"].sum()
    for position, panel_year in enumerate(years):
        row, column = position // columns + 1, position % columns + 1
        for area in areas:
            amounts = [float(by_level_area.get((panel_year, level, area), float("nan"))) for level in levels]
            fig.add_bar(
                y=levels, x=amounts, orientation="h", name=area, legendgroup=area,
                showlegend=position == 0, marker_color=colours.get(area, "#8C8C8C"),
                hovertext=[f"<b>{level}</b>, {panel_year}<br>{area}: {format_gbp(amount)}" if not math.isnan(amount)
                           else "" for level, amount in zip(levels, amounts)],
                hovertemplate="%{hovertext}<extra></extra>", row=row, col=column,
            )
        totals = [float(by_level.get((panel_year, level), float("nan"))) for level in levels]
        fig.add_scatter(
            y=levels, x=totals, mode="text",
            text=[f"  {format_gbp_short(t)}" if not math.isnan(t) else "" for t in totals],
            textposition="middle right", showlegend=False, hoverinfo="skip", cliponaxis=False, row=row, col=column,
        )
    height = 160 + panel_rows * (80 + 46 * len(levels))
    fig.update_layout(barmode="stack", bargap=0.3)
    charts.style(fig, f"Spend by geographical reach and strategic area, per year, {years_label(years)}",
                 height=height, legend_title="Strategic area")
    fig.update_layout(margin=dict(t=150, r=40),
                      legend=dict(y=1 + 48 / (height - 160), yanchor="bottom", traceorder="normal"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=levels, autorange="reversed",
                     gridcolor="rgba(0,0,0,0)")
    tick_values, tick_labels = charts.money_ticks(0.0, float(by_level.max()) * 1.3, target_ticks=2)
    fig.update_xaxes(tickmode="array", tickvals=tick_values, ticktext=tick_labels,
                     range=[tick_values[0], tick_values[-1]], zeroline=True)
    return fig


def reference_commissioning(rows, colours) -> go.Figure:
    years = sorted(rows["financial_year"].unique())
    types = [kind for kind in COMMISSIONING_TYPES if kind in set(rows["commissioning_type"])]
    columns = min(len(types), 3)
    panel_rows = math.ceil(len(types) / columns)
    fig = make_subplots(rows=panel_rows, cols=columns, shared_yaxes=True, subplot_titles=types,
                        horizontal_spacing=0.04, vertical_spacing=0.16)
    areas = sorted(rows["strategic_area"].unique())
    by_type = rows.groupby(["commissioning_type", "financial_year", "strategic_area"])["amount_gbp"].sum()
    for position, kind in enumerate(types):
        row, column = position // columns + 1, position % columns + 1
        for area in areas:
            amounts = [float(by_type.get((kind, panel_year, area), float("nan"))) for panel_year in years]
            fig.add_bar(
                x=years, y=amounts, name=area, legendgroup=area, showlegend=position == 0,
                marker_color=colours.get(area, "#8C8C8C"),
                hovertext=[f"<b>{kind}</b>, {panel_year}<br>{area}: {format_gbp(amount)}" if not math.isnan(amount)
                           else "" for panel_year, amount in zip(years, amounts)],
                hovertemplate="%{hovertext}<extra></extra>", row=row, col=column,
            )
    height = 150 + 330 * panel_rows
    fig.update_layout(barmode="stack", bargap=0.3)
    charts.style(fig, f"Spend by commissioning type and strategic area, {years_label(years)}",
                 height=height, legend_title="Strategic area")
    fig.update_layout(margin=dict(t=150), legend=dict(y=1 + 48 / (height - 160), yanchor="bottom",
                                                      traceorder="normal"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=years)
    charts.apply_money_axis(fig, [0.0, *by_type.groupby(level=[0, 1]).sum().tolist()])
    fig.update_yaxes(title_text="")
    fig.update_yaxes(title_text="Spend", col=1)
    return fig


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page, key, reference", [
    ("pages/geography.py", "geography_levels", reference_geography),
    ("pages/commissioning.py", "commissioning_types", reference_commissioning),
], ids=["geography", "commissioning"])
def test_the_panels_are_the_step_by_step_chart(run_page, leicestershire_framework, colours, view, page, key,
                                               reference):
    query, select = VIEWS[view]
    at = run_page(page, query=query)

    assert not at.exception
    shown = next(chart for chart in at.get("plotly_chart") if chart.proto.id.endswith(key))
    expected = reference(select(leicestershire_framework), colours)
    assert json.loads(shown.proto.spec) == json.loads(expected.to_json())


def test_a_grid_with_empty_cells_labels_each_rows_first_panel(run_page):
    at = run_page("pages/commissioning.py", query=VIEWS["four commissioning types"][0])

    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    titles = {key: layout[key].get("title", {}).get("text") for key in layout if key.startswith("yaxis")}
    assert titles == {"yaxis": "Spend", "yaxis2": "", "yaxis3": "", "yaxis4": "Spend", "yaxis5": "", "yaxis6": ""}
