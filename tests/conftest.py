"""Suite-wide rules."""
from __future__ import annotations

import os

import pytest

# Tests that need PostgreSQL, Chromium or LibreOffice skip on a laptop without them; in CI
# (.ci/run sets REQUIRE_SERVICES) a skip there would hide a broken install.
SERVICE_WORDS = ("postgresql", "chromium", "libreoffice")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and os.environ.get("REQUIRE_SERVICES")):
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr).lower()
    if any(word in reason for word in SERVICE_WORDS):
        report.outcome = "failed"
        report.longrepr = f"required service missing in CI: {reason}"
