"""Hover help from the glossary, for any page: `st.metric(..., help=term_help("IDVA"))`.

Give it on the first use of a term on a page; the Glossary page has the rest.
"""
from __future__ import annotations

from analysis.glossary import find_term
from ui.plain_text import escape_markdown


def term_help(term: str) -> str:
    """The term's one-line explanation, as plain words (Streamlit renders help text as markdown)."""
    return escape_markdown(find_term(term).short) + " See the Glossary page for more."
