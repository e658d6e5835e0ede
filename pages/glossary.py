"""Glossary: the words of PCC commissioning the dashboard uses, in plain English, with where the papers use them."""
from __future__ import annotations

import streamlit as st

from analysis.glossary import glossary
from ui.navigation import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

ensure_dashboard_navigation()
st.title("Glossary")
terms = glossary()
st.write(
    f"{len(terms)} words and abbreviations used on this dashboard, in plain English. Under each is a "
    "published document that uses it, quoted word for word; where none of the bundled documents "
    "uses a word, the entry says so. Hovering over the ⓘ beside a figure shows the same explanation."
)
wanted = st.text_input("Find a word", key="glossary_find", placeholder="For example IDVA or allocation").strip()
shown = [term for term in terms
         if not wanted or wanted.casefold() in f"{term.term} {term.stands_for or ''} {term.meaning}".casefold()]
if not shown:
    st.info(f"No entry mentions “{escape_markdown(wanted)}”.", icon=":material/search_off:")

for term in shown:
    st.subheader(term.term, anchor=term.term.lower().replace(" ", "-").replace("–", ""))
    if term.stands_for:
        st.markdown(f"**{escape_markdown(term.stands_for)}**")
    st.markdown(escape_markdown(term.meaning))
    for usage in term.used_in:
        st.markdown(f"> “{escape_markdown(usage.quote)}”  \n> — {escape_markdown(usage.document)}")
    if term.usage_note:
        st.caption(escape_markdown(term.usage_note))
