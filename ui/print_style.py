"""A page printed for a panel pack: A4 portrait, nothing cut at the right edge, the filters named at the top.

Printing lays the page out again at the paper's width (A4 less 10 mm margins:
190 mm, 718 px at 96 dpi) but runs no script, so a plotly chart keeps the
width it was drawn at on screen (1,100 px on a laptop) and used to lose its
right-hand bars, and a table (drawn on a canvas) its last columns. The
stylesheet below scales each chart's SVGs and each table's canvas down to the
printed width in CSS alone: `zoom` is the printed width over the width the
SVG was drawn at (Chromium 133 and later read that from its width attribute;
a browser that cannot leaves the chart as it was). tests/browser/test_print.py
measures every page under print media at 718 px and saves it as PDF.

The sidebar, where the filters are chosen, is not printed; so a line at the
top of the printed page says which filters were in force, read from the
address bar the sidebar keeps in step with them.
"""
from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from analysis.money import format_gbp

from ui.sidebar import URL_KEYS

# A4 portrait with 10 mm margins: 210 mm - 20 mm = 190 mm, 718 px at 96 px to the inch.
PRINT_MARGIN_MM = 10
PRINTABLE_WIDTH_PX = round((210 - 2 * PRINT_MARGIN_MM) / 25.4 * 96)

PRINT_STYLE = f"""<style>
.print-only {{ display: none; }}
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .print-only) {{ display: none; }}
@page {{ size: A4 portrait; margin: {PRINT_MARGIN_MM}mm; }}
@media print {{
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stSidebarCollapsedControl"], [data-testid="stElementToolbar"],
  .modebar-container {{ display: none !important; }}
  /* The page, not a window onto it: the app scrolls its own main area on screen. */
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    height: auto !important; min-height: 0 !important; overflow: visible !important; position: static !important; }}
  [data-testid="stMain"] {{ margin-left: 0 !important; width: 100% !important; }}
  [data-testid="stMainBlockContainer"] {{ max-width: none !important; padding: 0 !important; }}
  .print-only {{ display: block; }}
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .print-only) {{ display: block; }}
  .print-filters {{ font-size: 0.8rem; border-bottom: 1px solid #505a5f; padding-bottom: 0.3rem; }}

  /* Charts: every SVG layer of a plotly chart zoomed by (printed width / drawn width), never enlarged. */
  [data-testid="stPlotlyChart"] {{ container-type: inline-size; width: 100% !important; height: auto !important; }}
  [data-testid="stPlotlyChart"] .js-plotly-plot, [data-testid="stPlotlyChart"] .plot-container {{
    width: 100% !important; height: auto !important; }}
  [data-testid="stPlotlyChart"] .svg-container {{ width: auto !important; height: auto !important; }}
  [data-testid="stPlotlyChart"] .main-svg:first-child {{ position: relative !important; }}
  [data-testid="stPlotlyChart"] .main-svg {{ zoom: min(1, calc(100cqw / attr(width px))); }}

  /* Tables: a dataframe is drawn on a canvas, which no stylesheet can reflow; FIT_TABLES measures it
     as printing starts and it is zoomed to the printed width, keeping every column. */
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stPlotlyChart"] [data-testid="stFullScreenFrame"] {{ height: auto !important; }}
  [data-testid="stDataFrame"] {{ zoom: var(--print-zoom, 1); }}
  /* A dataframe scrolls inside its canvas and would print only the rows in view: where a full copy
     follows it (print_table), the copy is printed instead. */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):has(+ [data-testid="stElementContainer"] .print-table) {{
    display: none !important; }}
  .print-table table {{ border-collapse: collapse; font-size: 0.7rem; }}
  .print-table th, .print-table td {{ border: 1px solid #b1b4b6; padding: 1px 3px; text-align: left; vertical-align: top; }}
  .print-table td.amount {{ text-align: right; white-space: nowrap !important; }}
  .print-table thead {{ display: table-header-group; }}
  .print-table tr {{ break-inside: avoid; }}
  [data-testid="stTable"], [data-testid="stTable"] > div, [data-testid="stMarkdownContainer"] {{
    overflow: visible !important; max-width: 100% !important; }}
  [data-testid="stMain"] table {{ width: 100% !important; table-layout: auto; }}
  [data-testid="stMain"] th, [data-testid="stMain"] td {{ white-space: normal !important; overflow-wrap: anywhere; }}
  pre, code {{ white-space: pre-wrap !important; overflow-wrap: anywhere; }}

  .js-plotly-plot, [data-testid="stMetric"], [data-testid="stTable"] {{ break-inside: avoid; }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
}}
</style>"""

# Printing fires `beforeprint` and then lays the page out with no script running: the one moment to
# measure. Each dataframe gets --print-zoom, the printed width over its width on screen, never above 1.
FIT_TABLES = f"""<script>
if (!window.dashboardFitsTablesForPrint) {{
  window.dashboardFitsTablesForPrint = true;
  window.addEventListener("beforeprint", () => {{
    for (const table of document.querySelectorAll('[data-testid="stDataFrame"]')) {{
      const width = table.getBoundingClientRect().width / (parseFloat(getComputedStyle(table).zoom) || 1);
      if (width > 0) table.style.setProperty("--print-zoom", Math.min(1, {PRINTABLE_WIDTH_PX} / width).toFixed(4));
    }}
  }});
}}
</script>"""

# The sidebar's address-bar keys, as the filters are named beside their boxes.
FILTER_NAMES = {
    "area": "Police and Crime Commissioner area",
    "dataset": "Dataset",
    "strategic_area": "Strategic area",
    "commissioning": "Commissioning type",
    "geography": "Geography",
    "provider": "Provider name contains",
}


# More rows than a panel pack prints; the CSV download holds every line.
PRINTED_ROWS = 5_000


def print_table_html(table: pd.DataFrame, money_columns: tuple[str, ...] = ()) -> str:
    """Every row of `table` (up to PRINTED_ROWS) as a static HTML table, all text escaped, for print only."""
    shown = table.head(PRINTED_ROWS)
    head = "".join(f"<th>{escape(str(column))}</th>" for column in shown.columns)
    body = []
    for values in shown.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(shown.columns, values):
            if column in money_columns:
                cells.append(f'<td class="amount">{escape(format_gbp(value))}</td>')
            else:
                cells.append(f"<td>{escape('' if pd.isna(value) else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = ""
    if len(table) > len(shown):
        note = (f"<p>The first {len(shown):,} of {len(table):,} rows are printed; "
                "the CSV download holds every one.</p>")
    return (f'<div class="print-only print-table"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{note}</div>')


def print_table(table: pd.DataFrame, money_columns: tuple[str, ...] = ()) -> None:
    """Draw right after an st.dataframe: the printed page shows this full copy in its place."""
    st.html(print_table_html(table, money_columns))


def show_print_style() -> None:
    st.html(PRINT_STYLE)
    # Our own script, with nothing from the data in it.
    st.html(FIT_TABLES, unsafe_allow_javascript=True)


def filters_in_force(query: dict[str, list[str]]) -> str:
    """One line naming every filter in the address bar: 'Police and Crime Commissioner area: Leicestershire; …'."""
    values = {key: [value for value in query[key] if value] for key in query}
    values = {key: found for key, found in values.items() if found}
    parts = []
    order = sorted(values, key=lambda key: (URL_KEYS.index(key) if key in URL_KEYS else len(URL_KEYS), key))
    for key in order:
        if key == "to" and "from" in values:
            continue
        if key in ("from", "to"):
            start, end = values.get("from", [""])[0], values.get("to", [""])[0]
            years = f"{start} to {end}" if start and end and start != end else start or end
            parts.append(f"Financial years: {years if start else 'to ' + end}")
        elif key == "area" and values[key] == ["all"]:
            parts.append(f"{FILTER_NAMES[key]}: All areas")
        elif key == "dataset":
            parts.append(f"{FILTER_NAMES[key]}: one dataset, named under the title")
        else:
            parts.append(f"{FILTER_NAMES.get(key, key.replace('_', ' ').capitalize())}: {', '.join(values[key])}")
    return "; ".join(parts) if parts else "none (the page as it first opens)"


def show_filters_in_force(slot) -> None:
    """Fill `slot`, a placeholder at the top of the page, with the filters in force; seen only on paper."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    slot.html(f'<div class="print-only print-filters"><strong>Filters in force:</strong> '
              f"{escape(filters_in_force(query))}</div>")
