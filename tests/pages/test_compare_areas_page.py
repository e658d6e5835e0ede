"""Compare areas: PCCs side by side, each counted once."""
from __future__ import annotations

import json

from analysis.money import format_gbp

COMPARE = "pages/compare_areas.py"


def charts(at) -> dict[str, dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def bars(spec) -> dict[tuple[str, str], float]:
    return {(trace["name"], year): amount for trace in spec["data"]
            for year, amount in zip(trace["x"], trace["y"]) if amount is not None}


def counted_totals(bundled_loads, bundled_manifest) -> dict[tuple[str, str], float]:
    totals = {}
    for entry in bundled_manifest:
        if entry["kind"] == "allocation":
            continue
        lines = bundled_loads[entry["file"]].tidy
        for year, amount in lines.groupby("financial_year")["amount_gbp"].sum().items():
            totals[(entry["area"], year)] = totals.get((entry["area"], year), 0) + amount
    return totals


def test_every_area_s_total_per_year_counted_once(run_page, bundled_loads, bundled_manifest):
    at = run_page(COMPARE)

    assert not at.exception
    shown = bars(charts(at)["Spend per PCC area, 2015/16 to 2020/21"])
    assert shown == counted_totals(bundled_loads, bundled_manifest)
    assert shown[("Leicestershire", "2020/21")] == 4_395_961


def test_the_same_strategic_area_across_pccs(run_page, bundled_loads):
    at = run_page(COMPARE)

    # The strategic area most PCCs share is offered first.
    assert at.selectbox(key="compare_strategic_area").value == "Unassigned"
    shown = bars(charts(at)["Unassigned: spend per PCC area, 2015/16 to 2018/19"])
    essex = bundled_loads["essex_domestic_abuse_contract_2018-19.xlsx"].tidy
    assert shown[("Essex", "2018/19")] == essex["amount_gbp"].sum()


def test_the_table_opens_on_the_latest_year_several_areas_published(run_page, bundled_loads):
    at = run_page(COMPARE)

    assert at.selectbox(key="compare_year").value == "2018/19"
    table = at.dataframe[0].value
    derbyshire = bundled_loads["derbyshire_idva_contracts_2017-19.csv"].tidy
    assert table["Derbyshire"].sum() == derbyshire.loc[derbyshire["financial_year"].eq("2018/19"), "amount_gbp"].sum()
    assert {"Leicestershire", "Derbyshire", "Essex"} <= set(table.columns)


def test_filters_other_than_area_apply(run_page, bundled_loads, bundled_manifest):
    jointly = "Procured – jointly funded"
    at = run_page(COMPARE, query={"area": "Leicestershire", "commissioning": jointly})

    assert not at.exception
    expected = {}
    for entry in bundled_manifest:
        if entry["kind"] == "allocation":
            continue
        lines = bundled_loads[entry["file"]].tidy
        joint = lines.loc[lines["commissioning_type"].eq(jointly)]
        for year, amount in joint.groupby("financial_year")["amount_gbp"].sum().items():
            expected[(entry["area"], year)] = amount
    shown = bars(next(spec for title, spec in charts(at).items() if title.startswith("Spend per PCC area")))
    assert shown == expected
    assert {area for area, _ in shown} == {"Leicestershire", "Derbyshire", "Essex"}


def test_one_area_left_is_nothing_to_compare_and_says_so(run_page):
    at = run_page(COMPARE, query={"area": "Leicestershire", "strategic_area": "Victims"})

    assert not at.exception
    assert any("at least two PCC areas" in info.value and "only Leicestershire" in info.value for info in at.info)
    assert not at.get("plotly_chart")
