"""A real browser opens the dashboard, as a panel member would, and sees the PCC's total.

`streamlit run dashboard.py` serves a temporary store of the bundled datasets
on a free port; headless Chromium (Debian's package, installed by .ci/run)
opens a page, waits until Streamlit has drawn it, and saves a screenshot in
the test's tmp dir for a person to look at.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.filters import years_label
from analysis.money import format_gbp, format_gbp_short
from loaders import load_file
from store import make_engine
from store.bundled import DATA_DIR, load_bundled
from tests.browser.chromium_pipe import Chromium, find_chromium

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 90
PAGE_DRAW_TIMEOUT_S = 90

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it, so CI runs this test",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dashboard_url(tmp_path):
    """A running `streamlit run dashboard.py` on the bundled store; yields its base URL."""
    store_url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    engine = make_engine(store_url)
    load_bundled(engine)
    engine.dispose()
    port = free_port()
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO_ROOT,
            env={**os.environ, "DATABASE_URL": store_url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, log_path)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_healthy(base: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT_S}s:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def framework_lines():
    return load_file(DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy


def charts_drawn(count: int) -> str:
    return f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}"


def test_the_overview_shows_the_total_in_a_real_browser(dashboard_url, tmp_path, framework_lines):
    total_2020 = framework_lines.loc[framework_lines["financial_year"].eq("2020/21"), "amount_gbp"].sum()
    expected_total = format_gbp(total_2020)

    with Chromium(CHROMIUM, tmp_path / "chromium-profile", width=1400, height=2400) as browser:
        browser.open(f"{dashboard_url}/")
        drawn = browser.wait_for(
            f"document.body.innerText.includes({expected_total!r}) && {charts_drawn(2)}",
            timeout_s=PAGE_DRAW_TIMEOUT_S, settle_s=2,
        )
        screenshot = browser.screenshot(tmp_path / "overview.png")
        text = browser.page_text()

    assert drawn, f"the overview never showed {expected_total}; screenshot at {screenshot}:\n{text[:2000]}"
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 50_000
    assert expected_total in text
    assert f"In 2020/21 the PCC committed {format_gbp_short(total_2020)}" in text
    assert "Spend by strategic area, 2018/19 to 2020/21" in text


def test_a_shared_link_opened_first_gets_the_whole_dashboard(dashboard_url, tmp_path, framework_lines):
    # The first visitor after a restart opens a colleague's link to the Data page.
    turning_point = framework_lines.loc[framework_lines["provider"].eq("Turning Point")]
    expected = (f"{len(turning_point)} lines over {years_label(turning_point['financial_year'])}, "
                f"totalling {format_gbp(turning_point['amount_gbp'].sum())}")

    with Chromium(CHROMIUM, tmp_path / "chromium-profile", width=1400, height=1600) as browser:
        browser.open(f"{dashboard_url}/data?area=Leicestershire&provider=Turning+Point")
        drawn = browser.wait_for(f"document.body.innerText.includes({expected!r})",
                                 timeout_s=PAGE_DRAW_TIMEOUT_S, settle_s=1)
        screenshot = browser.screenshot(tmp_path / "data_shared_link.png")
        text = browser.page_text()

    assert drawn, f"the Data page never showed {expected!r}; screenshot at {screenshot}:\n{text[:2000]}"
    # The dashboard's own navigation, not a bare page: its section headings are there.
    assert "Explore" in text and "Overview" in text
