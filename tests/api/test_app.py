"""app.py serves the dashboard and the API on one port; the API's filters are the dashboard's URL keys."""
from __future__ import annotations

import ast
from pathlib import Path

from api.params import FILTER_KEYS
from ui.sidebar import URL_KEYS

REPO = Path(__file__).resolve().parents[2]


def test_the_api_filters_by_the_dashboards_own_url_keys():
    assert FILTER_KEYS == URL_KEYS


def test_make_run_serves_app_py_which_mounts_the_api_beside_dashboard_py():
    assert "streamlit run app.py" in (REPO / "Makefile").read_text(encoding="utf-8")
    # Streamlit finds the st.App by reading app.py's source (streamlit.web.server.app_discovery), so check it there.
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(REPO / "app.py")
    assert found.is_asgi_app and found.app_name == "app"
    import app

    mounted = [route for route in app.app._user_routes if getattr(route, "path", "") == "/api/v1"]
    assert mounted, "the API is mounted at /api/v1"
    assert app.app.script_path == Path("dashboard.py")
    tree = ast.parse((REPO / "app.py").read_text(encoding="utf-8"))
    assert any(isinstance(node, ast.Assign) and node.targets[0].id == "app" for node in tree.body)
