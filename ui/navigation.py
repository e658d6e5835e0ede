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
        ("pages/scenarios.py", "Scenarios", ":material/tune:", False),
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
