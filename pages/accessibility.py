"""Accessibility statement: how this dashboard is checked, what is known not to work, and how to tell us."""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ui.navigation import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

# What the operator sets in .streamlit/secrets.toml:
#   [site]
#   contact = "the OPCC's accessibility contact: an address, a phone number or a web form"
SITE_SECTION = "site"
CONTACT_KEY = "contact"

TESTED = [
    "Colours: each strategic area has its own colour from Okabe and Ito's palette, chosen to stay distinct "
    "with the common kinds of colour-blindness and in greyscale print (tests/analysis/test_colours.py).",
    "Text on chart colours: each label is black or white, whichever has the higher contrast by WCAG's "
    "relative luminance (tests/ui/test_charts.py).",
    "Words, not pictures: headline figures are written out in full (£1,234,567); the figures behind every "
    "chart are on the Data page, as a table and as CSV or Excel; text from files and users is shown as "
    "plain words, never as links or images.",
    "Automated checks in a real browser: axe-core (the WCAG 2.x A and AA rules) on every page in headless "
    "Chromium, keyboard use of each control, and printing to A4 are being added as browser tests; until they "
    "pass on every page, the gaps below stand.",
]

KNOWN_GAPS = [
    "axe-core finds serious problems on every page: colour contrast of some text (1 to 4 places a page) and "
    "the list markup of the sidebar's navigation, which comes from Streamlit itself.",
    "Charts have no text alternative of their own yet: their figures are in the tables on the page and on "
    "the Data page.",
    "Printed pages can cut the right-hand side of wide charts and tables.",
    "The published spreadsheets the dashboard reads are the PCCs' own; their accessibility is not "
    "covered by this statement.",
]


def _site_contact() -> str | None:
    """The contact the operator set, or None: a missing or unreadable secrets.toml must not stop this page."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get(SITE_SECTION)
    except Exception:
        return None
    contact = section.get(CONTACT_KEY) if isinstance(section, Mapping) else None
    if contact is None or not str(contact).strip():
        return None
    return str(contact).strip()


ensure_dashboard_navigation()
st.title("Accessibility statement")
st.write(
    "This dashboard is meant for everyone, including people who use a screen reader, a keyboard alone, "
    "magnification or high contrast. Public sector websites in the UK must meet the Web Content "
    "Accessibility Guidelines (WCAG) 2.2 at level AA. This dashboard does not yet fully meet them: the "
    "known gaps are listed below."
)

st.subheader("What is tested")
st.markdown("\n".join(f"- {escape_markdown(item)}" for item in TESTED))

st.subheader("Known gaps")
st.markdown("\n".join(f"- {escape_markdown(item)}" for item in KNOWN_GAPS))

st.subheader("Reporting a problem")
st.write(
    "If something on this dashboard does not work for you, or you need a figure in another format, "
    "contact the Office of the Police and Crime Commissioner (OPCC) that publishes this dashboard. "
    "Say which page you were on and what went wrong; the link in your address bar says exactly what you saw."
)
contact = _site_contact()
if contact:
    st.markdown(f"**Contact:** {escape_markdown(contact)}")
else:
    st.caption("No contact has been set for this copy of the dashboard. The operator adds one to "
               ".streamlit/secrets.toml as contact under [site].")
