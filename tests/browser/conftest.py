"""One dashboard server and one headless Chromium for every browser test, driven by Playwright.

`streamlit run dashboard.py` serves a temporary SQLite store of the bundled
datasets on a free loopback port, once per test session. Playwright drives
Debian's chromium (`/usr/bin/chromium`, installed by .ci/run), never a browser
build of its own: `playwright install` is not needed and is never run.

A Streamlit page loads empty and draws itself over a websocket, so "loaded"
means: the app says its script is not running (the `data-test-script-state`
that Streamlit's own browser tests wait on) and every plotly chart on the page
has drawn its SVG. Screenshots and PDFs go to tests/browser/out/ (git-ignored)
for a person to look at.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from store import make_engine
from uploads.bundled import load_bundled
from ui.navigation import SECTIONS

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = Path(__file__).resolve().parent / "out"
CHROMIUM = "/usr/bin/chromium"
SERVER_START_TIMEOUT_S = 90
PAGE_DRAW_TIMEOUT_MS = 90_000
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# As the machine's own probe starts it: without the background-networking flags Chromium
# keeps trying Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - requirements.txt pins it; a half-made venv skips rather than errors
    sync_playwright = None

MISSING = (
    "chromium is not installed (apt-get install chromium); .ci/run installs it, so CI runs this test"
    if not Path(CHROMIUM).exists()
    else "playwright for chromium is not installed (pip install -r requirements.txt)"
    if sync_playwright is None
    else None
)


@dataclass(frozen=True)
class DashboardPage:
    """One entry of ui/navigation.py's SECTIONS, as a visitor reaches it."""

    file: str
    title: str
    staff_only: bool

    @property
    def slug(self) -> str:
        return Path(self.file).stem

    @property
    def path(self) -> str:
        # The default page is served at the root; the others at their file's name.
        return "/" if self.file == "pages/overview.py" else f"/{self.slug}"


EVERY_PAGE = [
    DashboardPage(file, title, staff_only)
    for pages in SECTIONS.values()
    for file, title, _icon, staff_only in pages
]


@pytest.hookimpl(trylast=True)  # after pytest has grouped the tests by page (the fixtures below)
def pytest_collection_modifyitems(config, items):
    # A test marked first_visit needs a server no browser has opened yet (the first
    # request after a restart), so it runs before the other browser tests.
    first = [item for item in items if item.get_closest_marker("first_visit")]
    if first:
        items[:] = first + [item for item in items if item not in first]


def pytest_configure(config):
    config.addinivalue_line("markers", "first_visit: needs the dashboard server before any page was opened")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dashboard:
    base_url: str
    log_path: Path
    pages_opened: int = 0

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@pytest.fixture(scope="session")
def out_dir() -> Path:
    """tests/browser/out/, emptied at the start of each run, for screenshots and PDFs."""
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    OUT_DIR.mkdir(parents=True)
    return OUT_DIR


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory) -> Dashboard:
    """A running `streamlit run dashboard.py` on a store of the bundled datasets, shared by every browser test."""
    if MISSING:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("dashboard")
    store_url = f"sqlite:///{folder / 'victims_spend.sqlite'}"
    engine = make_engine(store_url)
    load_bundled(engine)
    engine.dispose()
    port = free_port()
    log_path = folder / "streamlit.log"
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
        yield Dashboard(base, log_path)
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
        time.sleep(0.3)  # polling a server that is starting; nothing on a page to wait for yet
    pytest.fail(f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT_S}s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser():
    if MISSING:
        pytest.skip(MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser, dashboard):
    """open_page(path, viewport=LAPTOP) -> a Playwright Page showing that dashboard page, fully drawn."""
    contexts = []

    def opener(path: str, viewport: dict = LAPTOP) -> Page:
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        contexts.append(context)
        return _opened(context, dashboard, path)

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session", params=EVERY_PAGE, ids=[page.slug for page in EVERY_PAGE])
def dashboard_page(request) -> DashboardPage:
    """Each page of the navigation in turn; pytest runs every test of one page before the next page."""
    return request.param


def _opened(context, dashboard: Dashboard, path: str):
    page = context.new_page()
    dashboard.pages_opened += 1
    page.goto(dashboard.url(path))
    wait_until_drawn(page)
    return page


# One context (one browser cache) per screen size: each page still gets its own tab, so its own
# Streamlit session, but Streamlit's scripts are fetched once rather than once a page.
@pytest.fixture(scope="session")
def laptop_context(browser):
    context = browser.new_context(viewport=LAPTOP, device_scale_factor=1)
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone_context(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context
    context.close()


@pytest.fixture(scope="session")
def laptop_page(laptop_context, dashboard, dashboard_page):
    """That page, signed out, drawn at 1366x768; opened once for all of its tests (a test that changes it puts it back)."""
    page = _opened(laptop_context, dashboard, dashboard_page.path)
    yield page
    page.close()


@pytest.fixture(scope="session")
def phone_page(phone_context, dashboard, dashboard_page):
    """That page, signed out, drawn 390 px wide as on a phone."""
    page = _opened(phone_context, dashboard, dashboard_page.path)
    yield page
    page.close()


DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    // Streamlit draws a grey skeleton where an element's code is still loading.
    if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], '
                               + '[data-testid="stAppSkeleton"]')) return false;
    // A page has a heading once it has run (a title, or a staff page's sign-in prompt).
    if (!document.querySelector('[data-testid="stMain"] :is(h1, h2, h3)')) return false;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(chart => chart.querySelector('.js-plotly-plot .main-svg')
                        && chart.querySelector('.js-plotly-plot')._fullLayout);
}"""


def wait_until_drawn(page: Page, timeout_ms: int = PAGE_DRAW_TIMEOUT_MS) -> None:
    """Until Streamlit has run the page's script to the end and drawn every element, plotly charts included."""
    page.wait_for_function(DRAWN, timeout=timeout_ms, polling=100)
    # Web fonts change line lengths, and so where text wraps and how wide a table is.
    page.evaluate("() => document.fonts.ready")


def page_text(page: Page) -> str:
    return page.locator("body").inner_text()
