"""The Strategic areas page: each area over the years, its share, its services and their lines."""
from __future__ import annotations

import json

import pytest

STRATEGIC_AREAS = "pages/strategic_areas.py"


def charts(at) -> dict[str, dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def traces(spec) -> dict[str, dict]:
    return {trace["name"]: dict(zip(trace["x"], trace["y"])) for trace in spec["data"] if trace.get("name")}


def declared_subtotals(bundled_loads):
    declared = bundled_loads["leicestershire_commissioning_framework_2018-21.xlsx"].declared_totals
    subtotals = declared.loc[declared["kind"].eq("subtotal")]
    return {(r.strategic_area, r.financial_year): r.declared_gbp for r in subtotals.itertuples()}


def test_trend_per_area_matches_the_published_subtotals(run_page, bundled_loads):
    at = run_page(STRATEGIC_AREAS)

    assert not at.exception
    trend = traces(charts(at)["Spend per strategic area, 2018/19 to 2020/21"])
    shown = {(area, year): amount for area, by_year in trend.items() for year, amount in by_year.items()}
    assert shown == declared_subtotals(bundled_loads)
    assert trend["Victims"]["2020/21"] == 1_395_707


def test_shares_add_to_one_hundred_per_cent(run_page, leicestershire_framework):
    at = run_page(STRATEGIC_AREAS)

    shares = traces(charts(at)["Each strategic area's share of the year's total, 2018/19 to 2020/21"])
    for year in leicestershire_framework["financial_year"].unique():
        assert sum(by_year[year] for by_year in shares.values()) == pytest.approx(100)


def test_services_table_and_drill_down_to_rows(run_page, leicestershire_framework):
    at = run_page(STRATEGIC_AREAS)

    # Victims is the largest area in 2020/21, so it is chosen first.
    assert at.selectbox(key="areas_chosen_area").value == "Victims"
    services = at.dataframe[0].value
    victims = leicestershire_framework.loc[leicestershire_framework["strategic_area"].eq("Victims")]
    for year, total in victims.groupby("financial_year")["amount_gbp"].sum().items():
        assert services[year].sum() == total

    at.selectbox(key="areas_chosen_service").set_value("Paediatric SARC").run()

    lines = at.dataframe[1].value
    expected = victims.loc[victims["service"].eq("Paediatric SARC")]
    assert lines["Source row"].tolist() == expected["source_row"].tolist()
    assert lines["Amount (£)"].sum() == expected["amount_gbp"].sum()


def test_choosing_another_area_lists_its_services(run_page, leicestershire_framework):
    at = run_page(STRATEGIC_AREAS)

    at.selectbox(key="areas_chosen_area").set_value("Prevention").run()

    services = at.dataframe[0].value
    prevention = leicestershire_framework.loc[leicestershire_framework["strategic_area"].eq("Prevention")]
    assert set(services["Service"]) == set(prevention["service"])
    assert "Prevention: spend per service in 2020/21" in charts(at)


def test_a_single_year_area_shows_one_bar_chart(run_page, bundled_loads):
    at = run_page(STRATEGIC_AREAS, query={"area": "Durham"})

    assert not at.exception
    durham = bundled_loads["durham_community_safety_grant_2015-16.xlsx"].tidy
    bars = traces(charts(at)["Spend per strategic area in 2015/16"])
    assert bars == {"Unassigned": {"Unassigned": durham["amount_gbp"].sum()}}


def test_a_filter_changes_the_figures(run_page, leicestershire_framework):
    at = run_page(STRATEGIC_AREAS, query={"area": "Leicestershire", "geography": "City"})

    city = leicestershire_framework.loc[leicestershire_framework["geography"].eq("City")]
    trend = traces(charts(at)["Spend per strategic area, 2018/19 to 2020/21"])
    assert {(a, y): v for a, by in trend.items() for y, v in by.items()} == (
        city.groupby(["strategic_area", "financial_year"])["amount_gbp"].sum().to_dict()
    )


def test_no_match_shows_a_sentence(run_page):
    at = run_page(STRATEGIC_AREAS, query={"area": "Leicestershire", "provider": "nobody at all"})

    assert not at.exception
    assert not at.get("plotly_chart")
    assert any("No spending matches" in info.value for info in at.info)
