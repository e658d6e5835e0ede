"""Checks: does every published total add up, and where do a decision's words and its own table disagree?"""
from __future__ import annotations

import streamlit as st

from analysis.checks import discrepancies_table, totals_table, summary_sentence
from analysis.money import format_gbp
from ui import data_access
from ui.checks import store_checks_now
from ui.glossary import term_help
from ui.print_style import print_table
from ui.navigation import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

ensure_dashboard_navigation()
st.title("Checks")
key = data_access.store_key()
checks = store_checks_now(key)

st.markdown(escape_markdown(summary_sentence(checks)))
st.caption("These checks cover every dataset in the store, whatever the filters on other pages. "
           "A difference is never corrected: every figure is used as published.")

checked, missed, disagreements = st.columns(3)
checked.metric("Declared totals and allocations checked", f"{len(checks.totals):,}", border=True,
               help=term_help("Declared total"))
missed.metric("Do not add up to their rows", f"{len(checks.mismatched_totals):,}", border=True,
              help=term_help("Allocation"))
disagreements.metric("Text and table disagree", f"{len(checks.discrepancies):,}", border=True,
                     help="Places where a decision's own words give a different figure from its own table.")

st.subheader("Where a decision's text and its own table disagree")
if checks.discrepancies.empty:
    st.write("No difference between a decision's text and its table is known for the datasets in the store.")
else:
    st.write("Each was found by reading the published document; the table's figure is the one the store holds, "
             "at the file, sheet and row given.")
    discrepancies = discrepancies_table(checks)
    st.dataframe(discrepancies, hide_index=True, key="checks_discrepancies",
                 column_config={
                     "Quote": st.column_config.TextColumn("Quote", width="large"),
                     "Note": st.column_config.TextColumn("Note", width="large"),
                     "Row": st.column_config.NumberColumn("Row", format="%d"),
                 })
    print_table(discrepancies)

st.subheader("Declared totals and allocations against their rows")
if checks.totals.empty:
    st.write("No dataset in the store declares a total or an allocation.")
else:
    st.write("Each total or allocation printed in a file, beside the sum of the lines it covers "
             "(difference = rows − declared). Those that do not add up come first.")
    totals = totals_table(checks)
    st.dataframe(totals, hide_index=True, key="checks_totals",
                 column_config={"Row": st.column_config.NumberColumn("Row", format="%d")})
    print_table(totals)

if not checks.unchecked.empty:
    st.caption("These datasets' files declare no total, so there is nothing to check their lines against: "
               + escape_markdown("; ".join(
                   f"{row.dataset_name} ({row.area}, {row.lines:,} line{'s' if row.lines != 1 else ''}, "
                   f"{format_gbp(row.total_gbp)})" for row in checks.unchecked.itertuples(index=False)))
               + ".")
