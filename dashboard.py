"""Victims' services spend dashboard: `streamlit run dashboard.py`.

The entry point only sets the page up and runs the navigation (the pages
are listed in ui/navigation.py); each page draws the shared sidebar itself
(ui.sidebar.render_filters) and its own content.
"""
from __future__ import annotations

import streamlit as st

from ui.access import is_signed_in
from ui.embed import embed_style
from ui.navigation import build_pages, run_page, show_navigation
from ui.print_style import show_filters_in_force, show_print_style


def main() -> None:
    st.set_page_config(
        page_title="Victims' services spend",
        page_icon=":material/volunteer_activism:",
        layout="wide",
        # "auto": open beside the page on a laptop, closed on a phone, where it would cover the page.
        initial_sidebar_state="auto",
    )
    # Printed for a panel meeting, a page needs its content, not the filter
    # widgets, and a line naming the filters in force (ui/print_style.py).
    show_print_style()
    # An embed link (chart=...) shows that one chart: the rest of the page is hidden from the start (ui/embed.py).
    embed_style()
    filters_line = st.empty()
    signed_in = is_signed_in()
    sections = build_pages(signed_in)
    run_page(show_navigation(sections, signed_in))
    # After the page, whose sidebar has just written its filters into the address bar.
    show_filters_in_force(filters_line)


if __name__ == "__main__":
    main()
