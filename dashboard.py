"""Victims' services spend dashboard: `streamlit run dashboard.py`.

The entry point only sets the page up and lists the pages; each page draws
the shared sidebar itself (ui.sidebar.render_filters) and its own content.
Pages are registered only when their file exists, so the dashboard runs
while some are still being written.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.access import is_signed_in

HERE = Path(__file__).resolve().parent

# (file, title, icon, staff only)
SECTIONS = {
    "Explore": [
        ("pages/overview.py", "Overview", ":material/dashboard:", False),
        ("pages/strategic_areas.py", "Strategic areas", ":material/category:", False),
        ("pages/providers.py", "Providers", ":material/handshake:", False),
        ("pages/geography.py", "Geography", ":material/map:", False),
        ("pages/commissioning.py", "Commissioning", ":material/contract:", False),
        ("pages/trends.py", "Trends", ":material/trending_up:", False),
        ("pages/compare_areas.py", "Compare areas", ":material/compare_arrows:", False),
    ],
    "Plan": [
        ("pages/scenarios.py", "Scenarios", ":material/tune:", False),
    ],
    "Data": [
        ("pages/data.py", "Data", ":material/table:", False),
        ("pages/upload.py", "Upload", ":material/upload_file:", True),
        ("pages/manage_data.py", "Manage data", ":material/folder_managed:", True),
    ],
}


PRINT_STYLE = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  .modebar-container { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  .js-plotly-plot, [data-testid="stMetric"], [data-testid="stDataFrame"] { break-inside: avoid; }
}
</style>"""


def build_pages(signed_in: bool) -> dict[str, list[st.Page]]:
    """The navigation: staff pages stay reachable by URL when signed out, so they can ask to sign in."""
    sections: dict[str, list[st.Page]] = {}
    for section, pages in SECTIONS.items():
        for path, title, icon, staff_only in pages:
            if not (HERE / path).exists():
                continue
            sections.setdefault(section, []).append(
                st.Page(
                    HERE / path,
                    title=title,
                    icon=icon,
                    default=path == "pages/overview.py",
                    visibility="hidden" if staff_only and not signed_in else "visible",
                )
            )
    return sections


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
    navigation = st.navigation(sections, position="sidebar", expanded=True)
    upload = next((page for page in sections.get("Data", []) if page.title == "Upload"), None)
    if upload is not None and not signed_in:
        # Staff pages are hidden from visitors; this is how staff find their way in.
        st.sidebar.page_link(upload, label="Staff sign-in", icon=":material/login:")
    navigation.run()


if __name__ == "__main__":
    main()
