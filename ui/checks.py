"""The checks as pages show them: the whole store's, computed once per store version.

The Overview calls show_checks_section(view) at its end; the Checks page draws
the full tables from store_checks_now().
"""
from __future__ import annotations

import streamlit as st

from analysis.checks import Checks, needing_attention_table, store_checks, summary_sentence
from ui import data_access
from ui.glossary import term_help
from ui.navigation import REPO_ROOT
from ui.plain_text import escape_markdown

CHECKS_PAGE = REPO_ROOT / "pages" / "checks.py"


# Keyed on the store version alone: the frames (leading underscore) are what that version holds.
@st.cache_data(show_spinner=False, max_entries=4)
def _checks(key: data_access.StoreKey, _declared, _lines) -> Checks:
    return store_checks(_declared, _lines)


def store_checks_now(key: data_access.StoreKey) -> Checks:
    """Every declared total and known discrepancy in the store, as it is at this version."""
    return _checks(key, data_access.declared_totals(key), data_access.marked_spend(key))


def scope_words(areas) -> str:
    """'the store' for every area; 'Durham's files' for one."""
    if not areas:
        return "the store"
    return " and ".join(f"{area}'s" for area in areas) + " files"


def show_checks_section(view) -> None:
    """A short 'Checks' section for the areas in view: one sentence, what does not agree, and a link to the rest."""
    checks = store_checks_now(view.store_key).for_areas(view.filters.areas)
    st.subheader("Checks", help=term_help("Declared total"))
    st.markdown(escape_markdown(summary_sentence(checks, scope=scope_words(view.filters.areas))))
    attention = needing_attention_table(checks)
    if not attention.empty:
        st.dataframe(attention, hide_index=True, key="overview_checks")
    # A Page for the file the navigation registered: a relative path would be read from whichever file runs.
    st.page_link(st.Page(CHECKS_PAGE, title="Checks"), label="Every check, with its source file, sheet and row", icon=":material/fact_check:")
