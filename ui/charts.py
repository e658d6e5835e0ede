"""Plotly charts in the house style: £1.2m on axes, exact £1,234,567 on hover, one colour per area.

Plotly's own SI tick format writes "M" and "G" (a billion is not "G" to a
panel member), so the axis ticks are computed here and set as text.
Every chart has a title saying what it shows and for which years.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.chart_data import bars, treemap_areas
from analysis.money import format_gbp, format_gbp_short

FONT = "Source Sans Pro, Arial, sans-serif"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# --- axis ticks ---------------------------------------------------------------

def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about target_ticks ticks."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def axis_label(value: float, step: float) -> str:
    """'£1.5bn', '£1.5m', '£250k', '£0': the house's one short format, with the decimals the step needs."""
    return format_gbp_short(value, step=step)


def money_ticks(low: float, high: float, target_ticks: int = 5) -> tuple[list[float], list[str]]:
    """Tick values and their £ labels covering low..high (and always 0)."""
    low, high = min(low, 0.0), max(high, 0.0)
    step = nice_step(high - low, target_ticks)
    first = math.floor(low / step) * step
    values = []
    tick = first
    while tick <= high + step * 1e-9:
        values.append(round(tick, 6))
        tick += step
    if values[-1] < high:
        values.append(round(values[-1] + step, 6))
    return values, [axis_label(value, step) for value in values]


def money_axis(amounts: Iterable[float], title: str = "Spend") -> dict:
    """An axis's settings in £ in the house style; `amounts` are the largest stacked values shown."""
    numbers = [float(a) for a in amounts if a is not None and math.isfinite(float(a))]
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    values, labels = money_ticks(low, high)
    return dict(tickmode="array", tickvals=values, ticktext=labels, title=dict(text=title),
                range=[values[0], values[-1] + (values[-1] - values[0]) * 0.04], zeroline=True)


def apply_money_axis(fig: go.Figure, amounts: Iterable[float], axis: str = "y", title: str = "Spend") -> None:
    """Label an axis of `fig` in £ (money_axis)."""
    settings = money_axis(amounts, title)
    if axis == "y":
        fig.update_yaxes(**settings)
    else:
        fig.update_xaxes(**settings)


def exact(amounts: Iterable[float]) -> list[str]:
    """£1,234,567 for each amount, for hover text and tables."""
    return [format_gbp(a) for a in amounts]


def short(amounts: Iterable[float]) -> list[str]:
    return [format_gbp_short(a) for a in amounts]


# --- layout ------------------------------------------------------------------

X_AXIS = dict(showgrid=False, automargin=True)
Y_AXIS = dict(gridcolor="#E5E5E5", automargin=True)


def house_layout(title: str, *, height: int = 420, legend_title: str | None = None) -> dict:
    """The house style's layout, axes apart (X_AXIS, Y_AXIS)."""
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=19, color="#1F2328")),
        font=dict(family=FONT, size=14, color="#1F2328"),
        height=height,
        margin=dict(l=10, r=10, t=90, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left",
                    title=dict(text=legend_title or "")),
        hoverlabel=dict(font=dict(size=14)),
        plot_bgcolor="white",
        separators=".,",
    )


def style(fig: go.Figure, title: str, *, height: int = 420, legend_title: str | None = None) -> go.Figure:
    fig.update_layout(house_layout(title, height=height, legend_title=legend_title))
    fig.update_xaxes(X_AXIS)
    fig.update_yaxes(Y_AXIS)
    return fig


def merged(base: dict, *updates: dict) -> dict:
    """`base` with each update laid over it as plotly's update_layout does: nested settings merged, others replaced."""
    result = dict(base)
    for update in updates:
        for key, value in update.items():
            nested = isinstance(value, dict) and isinstance(result.get(key), dict)
            result[key] = merged(result[key], value) if nested else value
    return result


def panel_axes(position: int) -> dict:
    """The axes of make_subplots' panel `position` (0 is the top left, then along each row), for a trace's dict."""
    suffix = "" if position == 0 else str(position + 1)
    return dict(xaxis=f"x{suffix}", yaxis=f"y{suffix}")


def panels_layout(grid: go.Figure, *updates: dict, xaxes: dict | None = None,
                  yaxes: Callable[[int], dict] | dict | None = None) -> dict:
    """make_subplots' layout as a dict, for a figure of panels built in one go (as stacked_bars).

    `updates` are laid over the whole layout, `xaxes` over every x axis and
    `yaxes` over every y axis (or, a function, over y axis n's, n from 1), as
    update_layout, update_xaxes and update_yaxes would, without plotly
    validating each call on its own.
    """
    layout = grid.layout.to_plotly_json()
    layout.pop("template", None)  # go.Figure() puts the default back, as make_subplots' figure had it
    layout = merged(layout, *updates)
    for key in list(layout):
        if key.startswith("xaxis") and xaxes:
            layout[key] = merged(layout[key], xaxes)
        elif key.startswith("yaxis") and yaxes:
            number = int(key[len("yaxis"):] or 1)
            layout[key] = merged(layout[key], yaxes(number) if callable(yaxes) else yaxes)
    return layout


def show(fig: go.Figure, *, key: str | None = None) -> None:
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, theme=None)


def show_empty(message: str) -> None:
    """A friendly sentence where a chart or table would be empty."""
    st.info(message, icon=":material/filter_alt_off:")


# --- charts ------------------------------------------------------------------

def stacked_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    stack: str,
    colours: dict[str, str],
    title: str,
    x_title: str = "Financial year",
    stack_order: Sequence[str] | None = None,
    show_totals: bool = True,
    share_of_x: bool = True,
) -> go.Figure:
    """One bar per `x` (a year, or an area), stacked by `stack`, amounts in amount_gbp."""
    # Built in one go, traces and layout as plain dicts: plotly validates each
    # add_bar() and update_*() call on its own, and a go.Bar() again when it
    # joins a figure (bench/RESULTS.md has the cost).
    traces = []
    shown = bars(frame, x=x, series=stack, order=stack_order)
    x_values, totals = shown.x_values, shown.totals
    for name, part in shown.series.items():
        hover = []
        for x_value, amount in part.items():
            if pd.isna(amount):
                hover.append("")
                continue
            share = f" ({amount / totals[x_value] * 100:.0f}% of {x_value})" if share_of_x and totals[x_value] else ""
            hover.append(f"<b>{name}</b>, {x_value}<br>{format_gbp(amount)}{share}")
        traces.append(dict(
            type="bar", x=x_values, y=part.tolist(), name=str(name), marker_color=colours.get(name, "#8C8C8C"),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    if show_totals:
        traces.append(dict(
            type="scatter", x=x_values, y=totals.tolist(), mode="text", text=short(totals), textposition="top center",
            textfont=dict(size=14, color="#222"), showlegend=False,
            hovertext=[f"<b>Total</b>, {v}<br>{format_gbp(t)}" for v, t in totals.items()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    layout = house_layout(title) | dict(
        barmode="stack", bargap=0.35,
        xaxis=X_AXIS | dict(type="category", title=dict(text=x_title), categoryorder="array",
                            categoryarray=x_values),
        yaxis=Y_AXIS | money_axis([*totals.tolist(), *(totals * 1.08).tolist()]),
    )
    return go.Figure(data=traces, layout=layout)


def lines_over_years(frame: pd.DataFrame, *, series: str, colours: dict[str, str], title: str) -> go.Figure:
    """One line per `series` across financial years (amount_gbp)."""
    fig = go.Figure()
    shown = bars(frame, x="financial_year", series=series)
    years = shown.x_values
    for name, part in shown.series.items():
        fig.add_scatter(
            x=years, y=part.tolist(), name=str(name), mode="lines+markers",
            line=dict(color=colours.get(name, "#8C8C8C"), width=3), marker=dict(size=9),
            hovertext=[f"<b>{name}</b>, {y}<br>{format_gbp(v) if pd.notna(v) else 'no spend'}"
                       for y, v in part.items()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    style(fig, title)
    fig.update_xaxes(type="category", title_text="Financial year")
    apply_money_axis(fig, shown.amounts)
    return fig


def share_bars(shares: pd.DataFrame, *, colours: dict[str, str], title: str) -> go.Figure:
    """100% stacked bars: each strategic area's share of a year's total (columns share, amount_gbp)."""
    fig = go.Figure()
    years = sorted(shares["financial_year"].unique())
    for name in sorted(shares["strategic_area"].unique()):
        part = shares.loc[shares["strategic_area"].eq(name)].set_index("financial_year").reindex(years)
        fig.add_bar(
            x=years, y=(part["share"] * 100).tolist(), name=str(name),
            marker_color=colours.get(name, "#8C8C8C"),
            text=[f"{s * 100:.0f}%" if pd.notna(s) and s >= 0.04 else "" for s in part["share"]],
            textposition="inside", insidetextanchor="middle",
            hovertext=[f"<b>{name}</b>, {y}<br>{s * 100:.1f}% of the year, {format_gbp(a)}"
                       if pd.notna(s) else "" for y, s, a in zip(years, part["share"], part["amount_gbp"])],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    style(fig, title)
    fig.update_xaxes(type="category", title_text="Financial year")
    fig.update_yaxes(title_text="Share of the year's total", range=[0, 100], tickmode="array",
                     tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"])
    return fig


def horizontal_bars(
    labels: Sequence[str], amounts: Sequence[float], *, colours: Sequence[str], title: str,
    hover: Sequence[str] | None = None, height: int | None = None, x_title: str = "Spend",
) -> go.Figure:
    """Ranked bars, largest at the top; labels are kept whole (wrapped, not clipped)."""
    wrapped = [wrap_label(label) for label in labels]
    fig = go.Figure(
        go.Bar(
            x=list(amounts), y=wrapped, orientation="h", marker_color=list(colours),
            text=short(amounts), textposition="outside", cliponaxis=False,
            hovertext=list(hover) if hover else [f"{l}<br>{format_gbp(a)}" for l, a in zip(labels, amounts)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    style(fig, title, height=height or max(260, 90 + 48 * len(labels)))
    fig.update_yaxes(autorange="reversed", type="category", gridcolor="rgba(0,0,0,0)")
    low, high = min([0.0, *amounts]), max([0.0, *amounts])
    pad = (high - low) * 0.18
    apply_money_axis(fig, [low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)], axis="x",
                     title=x_title)
    fig.update_layout(showlegend=False)
    return fig


# A national view has thousands of services; past this many per area the boxes are
# unreadable and the figure alone costs hundreds of MB, so the smallest are grouped.
TREEMAP_SERVICES_PER_AREA = 40


def treemap(frame: pd.DataFrame, *, colours: dict[str, str], title: str, height: int = 520) -> go.Figure:
    """Strategic area → service, sized by amount_gbp (columns strategic_area, service, amount_gbp)."""
    ids, labels, parents, values, marker, hover, text = [], [], [], [], [], [], []
    total, areas = treemap_areas(frame, services_per_area=TREEMAP_SERVICES_PER_AREA)
    for area in areas:
        ids.append(f"area:{area.name}")
        labels.append(str(area.name))
        parents.append("")
        values.append(area.amount_gbp)
        marker.append(colours.get(area.name, "#8C8C8C"))
        hover.append(f"<b>{area.name}</b><br>{format_gbp(area.amount_gbp)} "
                     f"({area.amount_gbp / total * 100:.0f}% of the total)")
        text.append(format_gbp_short(area.amount_gbp))
        for service, amount in area.boxes:
            ids.append(f"service:{area.name}:{service}")
            labels.append(wrap_label(str(service), 24))
            parents.append(f"area:{area.name}")
            values.append(float(amount))
            marker.append(colours.get(area.name, "#8C8C8C"))
            hover.append(f"<b>{service}</b><br>{area.name}<br>{format_gbp(amount)}")
            text.append(format_gbp_short(amount))
    trace = dict(
        type="treemap", ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker=dict(colors=marker, line=dict(color="white", width=2)),
        text=text, texttemplate="%{label}<br>%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        textfont=dict(color=[readable_text_colour(c) for c in marker], size=14),
        pathbar=dict(visible=True), tiling=dict(pad=2),
    )
    # In one go, as stacked_bars.
    layout = house_layout(title, height=height) | dict(margin=dict(l=0, r=0, t=60, b=0), xaxis=X_AXIS, yaxis=Y_AXIS)
    return go.Figure(data=[trace], layout=layout)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    red, green, blue = (int(background.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


def wrap_label(text: str, width: int = 38) -> str:
    """Break a long service name over lines (<br>) at spaces so no label is clipped."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines) if lines else text


def money_column(label: str, amounts: Iterable[float]) -> st.column_config.NumberColumn:
    """A table column of pounds, £1,234,567, with pence only where the figures have them."""
    values = pd.Series(list(amounts), dtype="float64").dropna()
    has_pence = bool((values.round(2) % 1).abs().gt(1e-9).any())
    return st.column_config.NumberColumn(label, format="£%,.2f" if has_pence else "£%,.0f")


def grouped_bars(frame: pd.DataFrame, *, x: str, group: str, colours: dict[str, str], title: str,
                 x_title: str = "Financial year") -> go.Figure:
    """Bars side by side: one per `group` (an area) within each `x` (a year); amounts in amount_gbp."""
    fig = go.Figure()
    shown = bars(frame, x=x, series=group)
    x_values = shown.x_values
    for name, part in shown.series.items():
        fig.add_bar(
            x=x_values, y=part.tolist(), name=str(name), marker_color=colours.get(name, "#8C8C8C"),
            text=[format_gbp_short(v) if pd.notna(v) else "" for v in part], textposition="outside",
            cliponaxis=False,
            hovertext=[f"<b>{name}</b>, {xv}<br>{format_gbp(v)}" if pd.notna(v) else f"{name}: no data for {xv}"
                       for xv, v in part.items()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25)
    style(fig, title)
    fig.update_xaxes(type="category", title_text=x_title, categoryorder="array", categoryarray=x_values)
    largest = pd.Series(shown.amounts, dtype="float64")
    apply_money_axis(fig, [*largest.tolist(), *(largest * 1.12).tolist()])
    return fig
