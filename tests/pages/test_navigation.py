"""The dashboard's navigation is the only way to a page: every page file is in it, nothing else is."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import PAGE_TIMEOUT_S, REPO_ROOT
from ui.navigation import SECTIONS

DASHBOARD = str(REPO_ROOT / "dashboard.py")
REGISTERED = [(path, title) for pages in SECTIONS.values() for path, title, _icon, _staff in pages]


def test_every_page_file_is_in_the_navigation_and_every_entry_has_its_file():
    files = {f"pages/{path.name}" for path in (REPO_ROOT / "pages").glob("*.py") if path.name != "__init__.py"}

    assert files == {path for path, _ in REGISTERED}


@pytest.mark.parametrize("path", [path for path, _ in REGISTERED])
def test_each_page_in_the_navigation_is_reached_through_the_dashboard(bundled_store, path):
    at = AppTest.from_file(DASHBOARD, default_timeout=PAGE_TIMEOUT_S)
    at.user = {"is_logged_in": False}
    at.run()

    at.switch_page(path).run()

    assert not at.exception
    # Signed out, a staff page asks for sign-in; every page has a heading of its own.
    assert at.title or at.header or at.subheader


def test_a_file_outside_the_navigation_cannot_be_opened_as_a_page(bundled_store):
    at = AppTest.from_file(DASHBOARD, default_timeout=PAGE_TIMEOUT_S)
    at.run()

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("ui/sidebar.py").run()
