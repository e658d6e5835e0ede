"""An embed link opened in Chromium shows its chart alone, and the iframe snippet shows the same chart.

The server here is `streamlit run app.py`, as `make run` starts it: the
dashboard and the open-data API on one port, so the test also fetches the
chart's lines from /api/v1 on that port. The figures are Leicestershire's
Appendix A (OPCC Leicestershire decision record EXE0003/20): £4,395,961 in 2020/21.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import urllib.request

import pytest

from store import make_engine
from tests.browser.conftest import (
    LAPTOP,
    MISSING,
    REPO_ROOT,
    Dashboard,
    free_port,
    wait_until_drawn,
    wait_until_healthy,
)
from uploads.bundled import load_bundled

QUERY = "?area=Leicestershire&from=2018%2F19&to=2020%2F21"
TITLE = "Spend by strategic area, 2018/19 to 2020/21"
CITATION = "OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Appendix A"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Dashboard:
    """`streamlit run app.py` on a store of the bundled datasets."""
    if MISSING:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("app")
    store_url = f"sqlite:///{folder / 'victims_spend.sqlite'}"
    engine = make_engine(store_url)
    load_bundled(engine)
    engine.dispose()
    port = free_port()
    log_path = folder / "streamlit.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": store_url}, stdout=log, stderr=subprocess.STDOUT,
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


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=LAPTOP, device_scale_factor=1)
    yield context.new_page()
    context.close()


def control_texts(page, chart_key: str) -> list[str]:
    """The link, the iframe snippet and the API address the chart's Link / embed control gives."""
    page.locator(f".st-key-embed_{chart_key} [data-testid='stPopoverButton']").first.click()
    body = page.locator("[data-testid='stPopoverBody']")
    body.locator("[data-testid='stCode']").first.wait_for()
    return [code.inner_text().strip() for code in body.locator("[data-testid='stCode'] code").all()]


def visible(page, selector: str) -> list:
    return [element for element in page.locator(selector).all() if element.is_visible()]


def test_an_embed_link_shows_the_chart_its_scope_and_its_source_and_nothing_else(served, tab, browser):
    tab.goto(served.url("/" + QUERY))
    wait_until_drawn(tab)
    link, snippet, api = control_texts(tab, "overview_by_area")
    assert "chart=overview_by_area" in link and "embed=true" in link and "area=Leicestershire" in link
    assert "from=2018%2F19" in link and "to=2020%2F21" in link
    assert snippet.startswith("<iframe src=") and f'title="{TITLE}"' in snippet

    embedded = browser.new_context(viewport=LAPTOP, device_scale_factor=1).new_page()
    embedded.goto(link)
    wait_until_drawn(embedded)
    charts = visible(embedded, "[data-testid='stPlotlyChart']")
    assert len(charts) == 1
    assert charts[0].locator(".gtitle").text_content() == TITLE
    main = embedded.locator("[data-testid='stMain']").inner_text()
    assert "Leicestershire · 2018/19 to 2020/21 · all datasets, each pound counted once" in main
    assert f"Source: {CITATION}." in main
    # Nothing else: no page title, no figures, no other chart, no sidebar or navigation, no control.
    assert not visible(embedded, "[data-testid='stMain'] h1")
    assert not visible(embedded, "[data-testid='stMetric']")
    assert not visible(embedded, "[data-testid='stSidebar']")
    assert not visible(embedded, "[data-testid='stPopover']")
    assert not visible(embedded, "[data-testid='stDataFrame']")
    shown = [line for line in main.splitlines() if line.strip()]
    assert [line for line in shown if "Committed in" in line or "Largest changes" in line or "Checks" in line] == []
    embedded.screenshot(path=str(REPO_ROOT / "tests" / "browser" / "out" / "embed_overview_by_area.png"))
    embedded.context.close()


def test_the_iframe_snippet_shows_the_same_chart_on_another_page(served, tab):
    tab.goto(served.url("/strategic_areas" + QUERY))
    wait_until_drawn(tab)
    _link, snippet, _api = control_texts(tab, "areas_trend")
    tab.set_content(f"<!doctype html><html lang='en'><title>A PCC's page</title><body><h1>Our spending</h1>"
                    f"{snippet}</body></html>")
    frame = tab.frame_locator("iframe")
    title = frame.locator("[data-testid='stPlotlyChart'] .gtitle").first
    title.wait_for(timeout=90_000)
    assert title.text_content() == "Spend per strategic area, 2018/19 to 2020/21"
    assert frame.locator(f"text=Source: {CITATION}.").first.is_visible()


def test_the_same_server_answers_the_api_with_the_lines_behind_the_chart(served, tab):
    tab.goto(served.url("/" + QUERY))
    wait_until_drawn(tab)
    _link, _snippet, api = control_texts(tab, "overview_by_area")
    assert api == served.url("/api/v1/spend.csv" + QUERY)
    with urllib.request.urlopen(served.url("/api/v1/spend.csv?area=Leicestershire&from=2020/21&to=2020/21")) as reply:
        lines = list(csv.DictReader(io.StringIO(reply.read().decode("utf-8-sig"))))
    assert round(sum(float(line["amount_gbp"]) for line in lines)) == 4_395_961
