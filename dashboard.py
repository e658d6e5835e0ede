"""Victims' services spend dashboard: `streamlit run dashboard.py`.

The entry point only sets the page up and runs the navigation (the pages
are listed in ui/navigation.py); each page draws the shared sidebar itself
(ui.sidebar.render_filters) and its own content.
"""
from __future__ import annotations

import streamlit as st

from ui.access import is_signed_in
from ui.navigation import build_pages, run_page, show_navigation

PRINT_STYLE = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  .modebar-container { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  .js-plotly-plot, [data-testid="stMetric"], [data-testid="stDataFrame"] { break-inside: avoid; }
}
</style>"""


def main() -> None:
    st.set_page_config(
        page_title="Victims' services spend",
        page_icon=":material/volunteer_activism:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    # Printed for a panel meeting, a page needs its content, not the filter
    # widgets: the line under each title already names the filters in force.
    st.html(PRINT_STYLE)
    signed_in = is_signed_in()
    sections = build_pages(signed_in)
    run_page(show_navigation(sections, signed_in))


if __name__ == "__main__":
    main()
