"""The API's tests run on the bundled datasets in a private SQLite store, through Starlette's TestClient.

The store fixtures are the page tests' own (tests/pages/conftest.py), so the
API and the pages read the same store in the agreement test.
"""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from api.routes import api_app
from tests.pages.conftest import (  # noqa: F401 - fixtures
    bundled_loads,
    bundled_manifest,
    bundled_store,
    bundled_store_file,
    run_page,
)


@pytest.fixture
def client(bundled_store) -> TestClient:
    """The API as app.py mounts it, at /api/v1, on this test's copy of the bundled store."""
    from starlette.applications import Starlette
    from starlette.routing import Mount

    return TestClient(Starlette(routes=[Mount("/api/v1", app=api_app(requests_per_minute=10_000))]))
