"""The funding envelopes drawn: a bar per stream, committed against available, the shortfall marked."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.colours import OKABE_ITO
from analysis.money import format_gbp, format_gbp_short
from ui import charts
from ui.scenarios.views import DECREASE_COLOUR


def envelope_table(streams: pd.DataFrame) -> pd.DataFrame:
    """Each stream, per year: what it holds, what the plan commits of it, and any amount over."""
    return pd.DataFrame({
        "Financial year": streams["financial_year"],
        "Stream": streams["source"],
        "May pay for": streams["ring_fence"].replace("", "anything"),
        "Available": streams["available_gbp"].map(format_gbp),
        "Committed": streams["committed_gbp"].map(format_gbp),
        "Shortfall": [format_gbp(over) if over > 0.005 else "" for over in streams["over_gbp"]],
    })


def envelope_chart(streams: pd.DataFrame, year: str, *, key: str) -> None:
    """A bar per envelope for one year: committed, the part over what it holds marked, and a line at what it holds."""
    rows = streams[streams["financial_year"] == year]
    names = [charts.wrap_label(name, 18) for name in rows["source"]]
    covered = [min(c, a) for c, a in zip(rows["committed_gbp"], rows["available_gbp"])]
    fig = go.Figure()
    fig.add_bar(x=names, y=covered, name="Committed", marker_color=OKABE_ITO["sky blue"],
                hovertext=[f"<b>{n}</b><br>Committed {format_gbp(c)}" for n, c in zip(rows["source"], rows["committed_gbp"])],
                hovertemplate="%{hovertext}<extra></extra>")
    fig.add_bar(x=names, y=rows["over_gbp"].tolist(), name="Shortfall: more than it holds",
                marker=dict(color=DECREASE_COLOUR, pattern=dict(shape="x", fgcolor="white")),
                text=[f"Short {format_gbp_short(o)}" if o > 0.005 else "" for o in rows["over_gbp"]],
                textposition="outside", cliponaxis=False,
                hovertext=[f"<b>{n}</b><br>Shortfall {format_gbp(o)}" for n, o in zip(rows["source"], rows["over_gbp"])],
                hovertemplate="%{hovertext}<extra></extra>")
    fig.add_scatter(x=names, y=rows["available_gbp"].tolist(), name="Available", mode="markers",
                    marker=dict(symbol="line-ew-open", size=46, line=dict(width=4, color=OKABE_ITO["black"])),
                    hovertext=[f"<b>{n}</b><br>Available {format_gbp(a)}" for n, a in zip(rows["source"], rows["available_gbp"])],
                    hovertemplate="%{hovertext}<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.35)
    charts.style(fig, f"Each funding stream in {year}: committed against available (black line)", height=400)
    fig.update_xaxes(type="category", title_text="Funding stream")
    charts.apply_money_axis(fig, [0.0, *(rows["committed_gbp"] * 1.15), *(rows["available_gbp"] * 1.1)])
    charts.show(fig, key=key)
