"""Data: every spend line behind the charts, with its source file, sheet and row, to check and download."""
from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st
from ui.glossary import term_help

from analysis.export import lines_csv, lines_xlsx, readable
from analysis.filters import apply_filters, years_label
from analysis.money import format_gbp
from analysis.selection import KIND_LABELS, lines_summary
from ui import charts
from ui.print_style import print_table
from ui.sidebar import render_filters, show_view_heading

view = render_filters()
st.title("Data")
show_view_heading(view)
if view.is_store_empty:
    charts.show_empty(view.empty_message())
    st.stop()

st.write(
    "Each line is one service's amount for one financial year, exactly as read from the "
    "published file; the source file, sheet and row say where to find it."
)
include_all = st.toggle(
    "Also show lines that are not added to totals",
    key="data_include_uncounted",
    help="Allocations (which spend part of a framework line), and decisions or older "
         "frameworks for a year another framework already covers. " + term_help("Allocation"),
    disabled=view.filters.dataset_id is not None,
)
if include_all and view.filters.dataset_id is None:
    rows = apply_filters(view.marked, view.filters)
else:
    rows = view.rows
rows = rows.sort_values(["area", "financial_year", "dataset_id", "source_row"], kind="stable")

if rows.empty:
    charts.show_empty(view.empty_message())
    st.stop()

counts = lines_summary(rows, every_line_counts=view.filters.dataset_id is not None)
shown_years = years_label(rows['financial_year'])
summary = (f"**{counts.lines:,} lines** over {shown_years}, totalling "
           f"**{format_gbp(counts.counted_gbp)}**" + (f" ({shown_years}, summed)" if len(counts.per_year) > 1 else ""))
if counts.uncounted_lines:
    summary += (f" (the {counts.uncounted_lines:,} lines not added to totals, "
                f"{format_gbp(counts.uncounted_gbp)}, are left out of that sum)")
st.markdown(summary + ".")
if len(counts.per_year) > 1:
    st.caption("By year: " + "; ".join(f"{year} {format_gbp(amount)}" for year, amount in counts.per_year.items()) + ".")

table = readable(rows)
st.dataframe(
    table,
    hide_index=True,
    key="data_table",
    column_config={
        "Amount (£)": st.column_config.NumberColumn("Amount (£)", format="£%,.2f" if counts.has_pence else "£%,.0f"),
        "Source row": st.column_config.NumberColumn("Source row", format="%d"),
        "Service": st.column_config.TextColumn("Service", width="medium"),
        "Provision": st.column_config.TextColumn("Provision", width="large"),
        "Why": st.column_config.TextColumn("Why", width="medium"),
    },
)
print_table(table, money_columns=("Amount (£)",))


def file_stem() -> str:
    parts = ["victims-services-spend", view.area_label, view.years_label]
    return re.sub(r"[^A-Za-z0-9]+", "-", "-".join(parts)).strip("-").lower()


notes = [
    "Victims' services spend: the lines shown on the dashboard's Data page.",
    f"Area: {view.area_label}. Years: {view.years_label}.",
    "Lines marked 'No' under 'Counts toward totals' are shown for reference and are never added "
    "to totals (an allocation spends part of a framework line already counted).",
    *[f"Source: {row.name}, {row.citation or 'no citation recorded'} (file {row.original_filename})"
      for row in view.datasets.itertuples(index=False)],
]
# The files are built only when a button is clicked, on Streamlit's own thread:
# built on every rerun, the Excel file alone took 25 s for a national store.
# partial, not a lambda: a lambda would keep this run's globals, `table` too.
csv_column, xlsx_column, _ = st.columns([1, 1, 2])
csv_column.download_button(
    "Download CSV", data=partial(lines_csv, rows), file_name=f"{file_stem()}.csv", mime="text/csv",
    icon=":material/download:", on_click="ignore", key="data_download_csv",
)
xlsx_column.download_button(
    "Download Excel", data=partial(lines_xlsx, rows, notes), file_name=f"{file_stem()}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:", on_click="ignore", key="data_download_xlsx",
)
st.caption("Downloads hold exactly the lines in the table above, with these filters.")

st.subheader("Datasets")
listing = view.datasets.assign(
    kind_label=view.datasets["kind"].map(KIND_LABELS).fillna(view.datasets["kind"]),
    uploaded=view.datasets["uploaded_at"].dt.strftime("%d %b %Y"),
    total=view.datasets["total_gbp"].map(format_gbp),
)
st.dataframe(
    pd.DataFrame(
        {
            "Dataset": listing["name"],
            "Kind": listing["kind_label"],
            "Years": listing["financial_years"],
            "Lines": listing["row_count"],
            "Total in file": listing["total"],
            "Source": listing["citation"].fillna("No citation recorded"),
            "File": listing["original_filename"],
            "Added": listing["uploaded"] + " by " + listing["uploaded_by"],
        }
    ),
    hide_index=True,
    key="data_datasets",
    column_config={"Source": st.column_config.TextColumn("Source", width="large")},
)
