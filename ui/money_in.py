"""The Overview's money-in section: funding received beside spend committed, and caps, never added to spend."""
from __future__ import annotations

import streamlit as st

from analysis.income import (
    CAP_KIND,
    FUNDING_KIND,
    caps,
    caps_table,
    funding_streams,
    funding_without_spend,
    income_against_spend,
    income_table,
    streams_table,
)
from ui.plain_text import escape_markdown


def show_money_in(view) -> None:
    """Draw what the areas and years in view received, and their caps; nothing when they hold neither."""
    if not view.marked["dataset_kind"].isin([FUNDING_KIND, CAP_KIND]).any():
        return  # most stores hold neither: skip the tables' work on every rerun
    areas, years = view.filters.areas, tuple(view.years)
    streams = funding_streams(view.marked, areas=areas, years=years)
    listed = caps(view.marked, areas=areas, years=years)
    if streams.empty and listed.empty:
        return
    if not streams.empty:
        st.subheader("Money in and money committed")
        beside = income_against_spend(view.marked, areas=areas, years=years)
        if not beside.empty:
            st.dataframe(income_table(beside), hide_index=True, key="overview_money_in")
            st.caption(
                "Funding received is money the PCC was given (a grant, with its funder); spend committed is "
                "every line counted in the totals for that area and year, before the sidebar's narrowing "
                "filters. The difference is funding the stored spend does not account for, not money "
                "left unspent: a PCC's published decisions rarely cover all it commissions."
            )
        missing = funding_without_spend(view.marked, areas=areas, years=years)
        if missing:
            st.caption(escape_markdown("Funding received but no spend stored to set it against: "
                                       + "; ".join(missing) + "."))
        st.dataframe(streams_table(streams), hide_index=True, key="overview_funding_streams")
    if not listed.empty:
        st.subheader("Caps agreed")
        st.caption("The most each PCC agreed to pay, not what it spent: never added to any total.")
        st.dataframe(caps_table(listed), hide_index=True, key="overview_caps")
