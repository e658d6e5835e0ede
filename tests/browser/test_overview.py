"""A real browser opens the dashboard, as a panel member would, and sees the PCC's total."""
from __future__ import annotations

import pytest

from analysis.filters import years_label
from analysis.money import format_gbp, format_gbp_short
from loaders import load_file
from uploads.bundled import DATA_DIR
from tests.browser.conftest import page_text


@pytest.fixture(scope="module")
def framework_lines():
    return load_file(DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy


@pytest.mark.first_visit
def test_a_shared_link_opened_first_gets_the_whole_dashboard(dashboard, open_page, out_dir, framework_lines):
    # The first visitor after a restart opens a colleague's link to the Data page.
    assert dashboard.pages_opened == 0, "this test needs a server no browser has opened yet"
    turning_point = framework_lines.loc[framework_lines["provider"].eq("Turning Point")]
    expected = (f"{len(turning_point)} lines over {years_label(turning_point['financial_year'])}, "
                f"totalling {format_gbp(turning_point['amount_gbp'].sum())}")

    page = open_page("/data?area=Leicestershire&provider=Turning+Point", viewport={"width": 1400, "height": 1600})
    page.get_by_text(expected).first.wait_for()
    page.screenshot(path=out_dir / "data_shared_link.png")
    text = page_text(page)

    assert expected in text
    # The dashboard's own navigation, not a bare page: its section headings are there.
    assert "Explore" in text and "Overview" in text


def test_the_overview_shows_the_total_in_a_real_browser(open_page, out_dir, framework_lines):
    total_2020 = framework_lines.loc[framework_lines["financial_year"].eq("2020/21"), "amount_gbp"].sum()
    expected_total = format_gbp(total_2020)

    # Named in the link: which area opens by default depends on what else the store holds.
    page = open_page("/?area=Leicestershire", viewport={"width": 1400, "height": 2400})
    page.get_by_text(expected_total).first.wait_for()
    screenshot = out_dir / "overview.png"
    page.screenshot(path=screenshot)
    text = page_text(page)

    assert page.locator(".js-plotly-plot .main-svg").count() >= 2
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 50_000
    assert expected_total in text
    assert f"In 2020/21 the PCC committed {format_gbp_short(total_2020)}" in text
    assert "Spend by strategic area, 2018/19 to 2020/21" in text
