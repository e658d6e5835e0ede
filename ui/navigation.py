"""The dashboard's own navigation, even for the first visitor after a restart who opens a shared link.

Streamlit runs an app that has a pages/ folder in its old multipage mode,
page files on their own, until st.navigation has been called once in the
process; its documented way out is that call. dashboard.py makes it on
every run, so this only matters for a first request straight to, say,
/data: the page sees it is not being run by dashboard.py's navigation,
makes the call itself with the same pages (which ends the old mode for the
process) and reruns, and the rerun goes through dashboard.py with its
layout and sections, on the page that was asked for.
"""
from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

REPO_ROOT = Path(__file__).resolve().parent.parent

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
        ("pages/scenario_planner.py", "Scenarios", ":material/tune:", False),
    ],
    "Data": [
        ("pages/data.py", "Data", ":material/table:", False),
        ("pages/upload.py", "Upload", ":material/upload_file:", True),
        ("pages/manage_data.py", "Manage data", ":material/folder_managed:", True),
        ("pages/checks.py", "Checks", ":material/fact_check:", False),
        ("pages/glossary.py", "Glossary", ":material/menu_book:", False),
        ("pages/accessibility.py", "Accessibility", ":material/accessibility_new:", False),
    ],
}


_RERAN_KEY = "_dashboard_navigation_rerun"
# Each session's script runs in a thread of its own: set while dashboard.py runs the page.
_run = threading.local()


def build_pages(signed_in: bool) -> dict[str, list[st.Page]]:
    """The navigation: staff pages stay reachable by URL when signed out, so they can ask to sign in.

    Pages are registered only when their file exists, so the dashboard runs
    while some are still being written.
    """""
    sections: dict[str, list[st.Page]] = {}
    for section, pages in SECTIONS.items():
        for path, title, icon, staff_only in pages:
            if not (REPO_ROOT / path).exists():
                continue
            sections.setdefault(section, []).append(
                st.Page(
                    REPO_ROOT / path,
                    title=title,
                    icon=icon,
                    default=path == "pages/overview.py",
                    visibility="hidden" if staff_only and not signed_in else "visible",
                )
            )
    return sections


# As Streamlit's own navigation looks: links one under another without overlapping (a page link's
# own negative margin assumes a gap between elements), section names small and bold above them.
_NAVIGATION_STYLE = """<style>
.st-key-dashboard_navigation > [data-testid="stElementContainer"] { margin: 0; }
.st-key-dashboard_navigation > [data-testid="stElementContainer"] > [data-testid="stMarkdown"]
  [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
.st-key-dashboard_navigation > [data-testid="stElementContainer"] > [data-testid="stMarkdown"] p {
  margin: 0; padding: 0.75rem 0 0.25rem; font-size: 0.875rem; font-weight: 600; }
</style>"""


def show_navigation(sections: dict[str, list[st.Page]], signed_in: bool):
    """Register the pages and draw the sidebar's links to them; returns the page to run.

    Streamlit's own sidebar navigation puts its section headings inside the
    <ul> of links, which screen readers are told is not a list (axe-core's
    `list` and `listitem` rules, serious). Its navigation is registered
    hidden, and the same pages are drawn here as plain links, section by
    section, each one Streamlit's page link, so a click changes page
    without reloading and the current page is marked as before.
    """
    current = st.navigation(sections, position="hidden")
    links = st.sidebar.container(key="dashboard_navigation", gap=None)
    links.html(_NAVIGATION_STYLE)
    for section, pages in sections.items():
        visible = [page for page in pages if page.visibility == "visible"]
        if not visible:
            continue
        links.markdown(section)
        for page in visible:
            links.page_link(page, label=page.title, icon=page.icon)
    upload = next((page for page in sections.get("Data", []) if page.title == "Upload"), None)
    if upload is not None and not signed_in:
        # Staff pages are hidden from visitors; this is how staff find their way in.
        links.markdown("Staff")
        links.page_link(upload, label="Staff sign-in", icon=":material/login:")
    return current


def run_page(page) -> None:
    """dashboard.py runs the chosen page through this, so the page knows whose navigation it is in."""
    _run.through_dashboard = True
    try:
        page.run()
    finally:
        _run.through_dashboard = False


def ensure_dashboard_navigation() -> None:
    """At the top of every page: rerun through dashboard.py if Streamlit ran this page file on its own."""
    if getattr(_run, "through_dashboard", False) or st.session_state.get(_RERAN_KEY):
        return
    # Once per session at most: a rerun later would swallow the click that caused it.
    st.session_state[_RERAN_KEY] = True
    # The same pages, so the page asked for is the one the rerun shows.
    st.navigation(build_pages(signed_in=False), position="hidden")
    st.rerun()
