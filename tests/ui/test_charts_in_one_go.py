"""The Overview's charts, built in one go from dicts, against the step-by-step plotly build they replaced.

stacked_bars and treemap used to add each trace and update the layout a call
at a time, each call validated on its own; they now hand plotly the whole
figure at once, and the treemap ranks only the amounts of each area, looking
up the names of the services it shows. The figure must be the same, property
for property (plotly may write its JSON keys in another order, which nothing
reads).
"""
from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.colours import strategic_area_colours
from analysis.money import format_gbp, format_gbp_short
from analysis.overview import spend_by_service, spend_by_strategic_area
from store import load_spend, make_engine
from uploads.bundled import load_bundled
from ui import charts


@pytest.fixture(scope="module")
def lines(tmp_path_factory) -> pd.DataFrame:
    """Every bundled line, as the dashboard holds them (categorical text)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    load_bundled(engine)
    spend = load_spend(engine, text_as_category=True)
    engine.dispose()
    return spend


# --- the step-by-step build, as it was ------------------------------------------------------------

def reference_style(fig: go.Figure, title: str, *, height: int = 420) -> None:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=19, color="#1F2328")),
        font=dict(family=charts.FONT, size=14, color="#1F2328"),
        height=height,
        margin=dict(l=10, r=10, t=90, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left", title_text=""),
        hoverlabel=dict(font_size=14),
        plot_bgcolor="white",
        separators=".,",
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#E5E5E5", automargin=True)


def reference_stacked_bars(frame, *, x, stack, colours, title, stack_order=None, show_totals=True,
                           share_of_x=True) -> go.Figure:
    fig = go.Figure()
    x_values = sorted(frame[x].unique())
    totals = frame.groupby(x)["amount_gbp"].sum().reindex(x_values, fill_value=0.0)
    for name in list(stack_order) if stack_order else sorted(frame[stack].unique()):
        part = frame.loc[frame[stack].eq(name)].groupby(x)["amount_gbp"].sum().reindex(x_values)
        if part.isna().all():
            continue
        hover = []
        for x_value, amount in part.items():
            if pd.isna(amount):
                hover.append("")
                continue
            share = f" ({amount / totals[x_value] * 100:.0f}% of {x_value})" if share_of_x and totals[x_value] else ""
            hover.append(f"<b>{name}</b>, {x_value}<br>{format_gbp(amount)}{share}")
        fig.add_bar(x=x_values, y=part.tolist(), name=str(name), marker_color=colours.get(name, "#8C8C8C"),
                    hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.35)
    if show_totals:
        fig.add_scatter(
            x=x_values, y=totals.tolist(), mode="text", text=charts.short(totals), textposition="top center",
            textfont=dict(size=14, color="#222"), showlegend=False,
            hovertext=[f"<b>Total</b>, {v}<br>{format_gbp(t)}" for v, t in totals.items()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    reference_style(fig, title)
    fig.update_xaxes(type="category", title_text="Financial year", categoryorder="array", categoryarray=x_values)
    amounts = [a for a in [*totals.tolist(), *(totals * 1.08).tolist()] if math.isfinite(a)]
    values, labels = charts.money_ticks(min(amounts, default=0.0), max(amounts, default=1.0))
    fig.update_yaxes(tickmode="array", tickvals=values, ticktext=labels, title_text="Spend",
                     range=[values[0], values[-1] + (values[-1] - values[0]) * 0.04], zeroline=True)
    return fig


def reference_treemap(frame: pd.DataFrame, *, colours, title) -> go.Figure:
    ids, labels, parents, values, marker, hover, text = [], [], [], [], [], [], []
    total = float(frame["amount_gbp"].sum())
    for area, services in frame.groupby("strategic_area", sort=True):
        area_total = float(services["amount_gbp"].sum())
        ids.append(f"area:{area}")
        labels.append(str(area))
        parents.append("")
        values.append(area_total)
        marker.append(colours.get(area, "#8C8C8C"))
        hover.append(f"<b>{area}</b><br>{format_gbp(area_total)} ({area_total / total * 100:.0f}% of the total)")
        text.append(format_gbp_short(area_total))
        services = services.sort_values("amount_gbp", ascending=False)
        if len(services) > charts.TREEMAP_SERVICES_PER_AREA:
            shown = services.iloc[: charts.TREEMAP_SERVICES_PER_AREA - 1]
            rest = services.iloc[charts.TREEMAP_SERVICES_PER_AREA - 1:]
            services = pd.concat([shown, pd.DataFrame({
                "strategic_area": [area],
                "service": [f"{len(rest):,} other services"],
                "amount_gbp": [float(rest["amount_gbp"].sum())],
            })], ignore_index=True)
        for row in services.itertuples(index=False):
            ids.append(f"service:{area}:{row.service}")
            labels.append(charts.wrap_label(str(row.service), 24))
            parents.append(f"area:{area}")
            values.append(float(row.amount_gbp))
            marker.append(colours.get(area, "#8C8C8C"))
            hover.append(f"<b>{row.service}</b><br>{area}<br>{format_gbp(row.amount_gbp)}")
            text.append(format_gbp_short(row.amount_gbp))
    fig = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker=dict(colors=marker, line=dict(color="white", width=2)),
        text=text, texttemplate="%{label}<br>%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        textfont=dict(color=[charts.readable_text_colour(c) for c in marker], size=14),
        pathbar=dict(visible=True), tiling=dict(pad=2),
    ))
    reference_style(fig, title, height=520)
    fig.update_layout(margin=dict(l=0, r=0, t=60, b=0))
    return fig


# --- the tests ----------------------------------------------------------------------------------

def spec(fig: go.Figure) -> dict:
    """What the browser is sent (NaN as null, so missing bars compare equal)."""
    return json.loads(fig.to_json())


def _views(lines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "every area": lines,
        "Leicestershire": lines.loc[lines["area"].eq("Leicestershire")],
        "victims": lines.loc[lines["strategic_area"].eq("Victims")],
    }


@pytest.mark.parametrize("options", [{}, {"stack_order": ["Victims", "Prevention", "Nowhere"]},
                                     {"show_totals": False, "share_of_x": False}])
def test_stacked_bars_are_the_step_by_step_figure(lines, options):
    colours = strategic_area_colours(lines["strategic_area"].unique())
    for view, rows in _views(lines).items():
        by_area = spend_by_strategic_area(rows)
        arguments = dict(x="financial_year", stack="strategic_area", colours=colours, title=f"By area, {view}")
        assert (spec(charts.stacked_bars(by_area, **arguments, **options))
                == spec(reference_stacked_bars(by_area, **arguments, **options))), view


@pytest.mark.parametrize("per_area", [charts.TREEMAP_SERVICES_PER_AREA, 6, 1])
def test_treemap_is_the_step_by_step_figure(lines, per_area, monkeypatch):
    # Fewer boxes per area than the bundled areas have services, so the smallest are grouped as a national view's.
    monkeypatch.setattr(charts, "TREEMAP_SERVICES_PER_AREA", per_area)
    colours = strategic_area_colours(lines["strategic_area"].unique())
    for view, rows in _views(lines).items():
        for year in sorted(rows["financial_year"].unique()):
            services = spend_by_service(rows, year)
            title = f"Where the money goes in {year}, {view}"
            assert (spec(charts.treemap(services, colours=colours, title=title))
                    == spec(reference_treemap(services, colours=colours, title=title))), (view, year)


def test_style_and_the_money_axis_are_unchanged_for_other_charts():
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1.0, 2_500_000.0]))
    charts.style(fig, "A title", height=300)
    charts.apply_money_axis(fig, [0.0, 2_500_000.0], axis="x", title="PCC spend")
    reference = go.Figure(go.Bar(x=["a", "b"], y=[1.0, 2_500_000.0]))
    reference_style(reference, "A title", height=300)
    values, labels = charts.money_ticks(0.0, 2_500_000.0)
    reference.update_xaxes(tickmode="array", tickvals=values, ticktext=labels, title_text="PCC spend",
                           range=[values[0], values[-1] + (values[-1] - values[0]) * 0.04], zeroline=True)
    assert spec(fig) == spec(reference)
