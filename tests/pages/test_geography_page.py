"""A panel member asks how far the money reaches: the whole force area, a city, the region."""
from __future__ import annotations

import json

from analysis.money import format_gbp
from tests.pages.page_elements import table

GEOGRAPHY = "pages/geography.py"


def level_table(at):
    return table(at, "Reach level", without="Reach as written").set_index("Reach level")


def panel_sums(at) -> dict[tuple[str, str], float]:
    """(panel year, level) -> the height of its stacked bar in the per-year chart."""
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    sums: dict[tuple[str, str], float] = {}
    for trace in figure["data"]:
        if trace.get("type") != "bar":
            continue
        panel = titles[int(trace.get("xaxis", "x")[1:] or 1) - 1]
        for level, amount in zip(trace["y"], trace["x"]):
            if amount is not None:
                sums[(panel, level)] = sums.get((panel, level), 0.0) + amount
    return sums


def test_force_wide_spend_is_the_llr_lines(run_page, leicestershire_framework):
    at = run_page(GEOGRAPHY)

    assert not at.exception
    llr = leicestershire_framework[leicestershire_framework["geography"] == "LLR"]
    per_year = llr.groupby("financial_year")["amount_gbp"].sum()
    table = level_table(at)
    for year, amount in per_year.items():
        assert table.loc["Force-wide", year] == format_gbp(amount)
        assert panel_sums(at)[(year, "Force-wide")] == amount
    totals = leicestershire_framework.groupby("financial_year")["amount_gbp"].sum()
    assert table.loc["Total"].tolist() == [format_gbp(totals[year]) for year in table.columns]


def test_the_chart_says_what_and_when(run_page):
    at = run_page(GEOGRAPHY)

    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == "Spend by geographical reach and strategic area, per year, 2018/19 to 2020/21"
    assert all(text.startswith("£") for text in figure["layout"]["xaxis"]["ticktext"])


def test_reach_as_written_keeps_the_files_words(run_page, leicestershire_framework):
    at = run_page(GEOGRAPHY)

    written = table(at, "Reach as written")
    expected = set(leicestershire_framework["geography"].replace("", "(not stated)"))
    assert set(written["Reach as written"]) == expected
    east_midlands = written.set_index("Reach as written").loc["East Midlands"]
    assert east_midlands["Reach level"] == "Regional"


def test_a_geography_filter_changes_the_figures(run_page, leicestershire_framework):
    at = run_page(GEOGRAPHY)
    at.sidebar.multiselect(key="filter_geographies").set_value(["City", "Leicester City"]).run()

    assert not at.exception
    table = level_table(at)
    assert list(table.index) == ["City", "Total"]
    city = leicestershire_framework[leicestershire_framework["geography"].isin(["City", "Leicester City"])]
    assert table.loc["City", "2020/21"] == format_gbp(city.loc[city["financial_year"] == "2020/21", "amount_gbp"].sum())


def test_another_area_with_one_year(run_page, bundled_loads):
    at = run_page(GEOGRAPHY, query={"area": "Durham"})

    assert not at.exception
    durham = bundled_loads["durham_community_safety_grant_2015-16.xlsx"].tidy
    assert level_table(at).loc["County", "2015/16"] == format_gbp(durham["amount_gbp"].sum())


def test_a_filter_matching_nothing_shows_a_sentence(run_page):
    at = run_page(GEOGRAPHY, query={"area": "Leicestershire", "provider": "no such provider anywhere"})

    assert not at.exception
    assert any("No spending matches these filters" in info.value for info in at.info)
    assert not at.get("plotly_chart")
