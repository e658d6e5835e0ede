"""Every chart's "Link / embed" control, and the chart alone when a page is opened from such a link.

A page draws a chart with show_chart(fig, view, key=...) instead of
charts.show. Beneath the chart is a small popover with a link that reproduces
it (the page's URL with its filters, `chart=<key>` and Streamlit's own
`embed=true`), an <iframe> snippet for a PCC's or a newspaper's page, and the
same lines from the open-data API. Opened with `chart=<key>`, the page draws
only that chart: the line naming whose money, which years and which lines,
the chart (its title says what and when), and a source line citing the
published documents; everything else on the page is hidden by the stylesheet
dashboard.py puts first (embed_style), and the page stops after the chart.

In-page choices a chart depends on (a strategic area picked under the chart,
the base year of real terms) travel in the link as `choice.<widget key>`
when the page passes them, and are set before the widget is drawn.
"""
from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode, urlsplit

import plotly.graph_objects as go
import streamlit as st

from analysis.filters import describe_narrowing
from ui import charts, data_access
from ui.plain_text import escape_markdown
from ui.sidebar import URL_KEYS, View, show_view_heading

CHART_PARAM = "chart"
CHOICE_PREFIX = "choice."
_CHOICES_SET = "_embed_choices_set"
# Room under the plot for the scope line and the source line, in the iframe.
FRAME_EXTRA_PX = 170


def embedded_chart() -> str | None:
    """The chart an embed link asks for (its chart= key), or None on an ordinary visit."""
    return st.query_params.get(CHART_PARAM) or None


def _container_key(chart_key: str) -> str:
    return f"embed_{chart_key}"


def embed_style() -> None:
    """For an embed link: hide everything but the asked-for chart's container; apply the link's in-page choices.

    Called by dashboard.py before the page runs. Only when the chart is on the
    page (body:has(...)), so a link to a chart the page no longer draws shows
    the page rather than nothing.
    """
    wanted = embedded_chart()
    if wanted is None:
        return
    if not st.session_state.get(_CHOICES_SET):
        # Once, on opening the link: after that the reader's own choices win.
        for name in st.query_params:
            if name.startswith(CHOICE_PREFIX):
                try:
                    st.session_state[name[len(CHOICE_PREFIX):]] = json.loads(st.query_params[name])
                except ValueError:
                    pass
        st.session_state[_CHOICES_SET] = True
    target = ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "" for c in _container_key(wanted))
    st.html(f"""<style>
body:has({target}) [data-testid="stSidebar"], body:has({target}) [data-testid="stSidebarCollapsedControl"],
body:has({target}) [data-testid="stExpandSidebarButton"], body:has({target}) [data-testid="stHeader"] {{
  display: none !important; }}
body:has({target}) [data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:not({target} *),
body:has({target}) [data-testid="stMainBlockContainer"] [data-testid="stLayoutWrapper"]:not(:has({target})):not({target} *),
body:has({target}) [data-testid="stMainBlockContainer"] [data-testid="stHorizontalBlock"]:not(:has({target})):not({target} *),
body:has({target}) [data-testid="stMainBlockContainer"] [data-testid="stExpander"]:not(:has({target})):not({target} *) {{
  display: none !important; }}
body:has({target}) [data-testid="stMainBlockContainer"] {{ padding-top: 1rem !important; }}
</style>""")


def chart_url(key: str, choices: dict | None = None) -> str:
    """This page's address with its filters, the chart's key and embed=true."""
    base = st.context.url or ""
    if base and not urlsplit(base).path:
        base += "/"
    params = [(name, value) for name in URL_KEYS for value in st.query_params.get_all(name)]
    params += [(CHOICE_PREFIX + name, json.dumps(value, ensure_ascii=False)) for name, value in (choices or {}).items()]
    params += [(CHART_PARAM, key), ("embed", "true")]
    return f"{base}?{urlencode(params)}"


def api_url(path: str, *, with_filters: bool = True) -> str:
    """The open-data API's address on this server (app.py serves it beside the pages)."""
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    params = [(name, value) for name in URL_KEYS for value in st.query_params.get_all(name)] if with_filters else []
    return f"{origin}/api/v1/{path}" + (f"?{urlencode(params)}" if params else "")


def iframe_snippet(url: str, title: str, height: int) -> str:
    """The HTML to paste: the chart at full width, its title for screen readers."""
    return (f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{height}" '
            f'style="border:0" loading="lazy"></iframe>')


def source_line(view: View, rows=None) -> str:
    """'Source: <each published document behind these lines>.', as plain words."""
    rows = view.rows if rows is None else rows
    listing = data_access.datasets(view.store_key)
    cited = listing.loc[listing["id"].isin(set(rows["dataset_id"].unique()))]
    documents = [str(row.citation) if isinstance(row.citation, str) and row.citation.strip() else str(row.name)
                 for row in cited.itertuples(index=False)]
    return "Source: " + ("; ".join(dict.fromkeys(documents)) or "the datasets in the dashboard's store") + "."


def _title(fig: go.Figure) -> str:
    text = fig.layout.title.text if fig.layout.title is not None else None
    return str(text or "Chart")


def show_chart(fig: go.Figure, view: View, *, key: str, choices: dict | None = None, source_rows=None) -> None:
    """charts.show(fig, key=key) with its link / embed control; on an embed link for it, the chart alone.

    `choices` are the in-page widget values (by widget key) the chart depends
    on; `source_rows` the lines it draws, where they are not the view's.
    """
    wanted = embedded_chart()
    if wanted is not None and wanted != key:
        return  # another chart's embed link: this one is hidden anyway, so spare drawing it
    with st.container(key=_container_key(key)):
        if wanted == key:
            show_view_heading(view)
        charts.show(fig, key=key)
        if wanted == key:
            st.caption(escape_markdown(source_line(view, source_rows)))
            st.stop()
        _control(fig, view, key, choices)


def _control(fig: go.Figure, view: View, key: str, choices: dict | None) -> None:
    url = chart_url(key, choices)
    title = _title(fig)
    height = int(fig.layout.height or 450) + FRAME_EXTRA_PX
    narrowing = describe_narrowing(view.filters)
    with st.popover("Link / embed", icon=":material/share:", help="A link to this chart with these filters, "
                    "and the HTML to show it on another website."):
        st.markdown("**Link to this chart**, as it is now"
                    + (f" ({escape_markdown(narrowing)})" if narrowing else "") + ":")
        st.code(url, language=None, wrap_lines=True)
        st.markdown("**Embed it** on another page (paste this HTML):")
        st.code(iframe_snippet(url, title, height), language="html", wrap_lines=True)
        st.markdown("**The lines behind it**, from the open-data API:")
        st.code(api_url("spend.csv"), language=None, wrap_lines=True)
        st.caption("Every dataset, with a schema, as a Frictionless data package: "
                   + api_url("datapackage.zip", with_filters=False))
