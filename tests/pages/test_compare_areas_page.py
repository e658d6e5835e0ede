"""Compare areas: PCCs side by side, each counted once."""
from __future__ import annotations

import json


COMPARE = "pages/compare_areas.py"


def charts(at) -> dict[str, dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def bars(spec) -> dict[tuple[str, str], float]:
    return {(trace["name"], year): amount for trace in spec["data"]
            for year, amount in zip(trace["x"], trace["y"]) if amount is not None}


def counted_totals(bundled_loads, bundled_manifest, kind: str, years=None, lines_kept=None) -> dict[tuple[str, str], float]:
    """(area, year) -> the counted spend of the bundled datasets of one kind."""
    totals = {}
    for entry in bundled_manifest:
        if entry["kind"] != kind:
            continue
        lines = bundled_loads[entry["file"]].tidy
        if lines_kept is not None:
            lines = lines.loc[lines_kept(lines)]
        for year, amount in lines.groupby("financial_year")["amount_gbp"].sum().items():
            if years is None or year in years:
                totals[(entry["area"], year)] = totals.get((entry["area"], year), 0) + amount
    return totals


# These tests used to assert that the page set Leicestershire's framework beside the other PCCs'
# decisions, ignored the sidebar's area and years and opened on "Unassigned": the wrong
# behaviour. They now assert one kind of dataset at a time, over the sidebar's years.

def test_decisions_are_compared_with_decisions_only(run_page, bundled_loads, bundled_manifest):
    at = run_page(COMPARE, query={"area": "all"})

    assert not at.exception
    assert at.radio(key="compare_kind").value == "decision"
    expected = counted_totals(bundled_loads, bundled_manifest, "decision")
    opening = set(at.multiselect(key="compare_areas").value)
    years = sorted({year for area, year in expected if area in opening})
    shown = bars(charts(at)[f"Spend per PCC area, decisions, {years[0]} to {years[-1]}"])
    assert shown == {key: amount for key, amount in expected.items() if key[0] in opening}
    assert "Leicestershire" not in {area for area, _ in shown}
    assert any("Comparing **decisions** only" in c.value and "frameworks are not mixed in" in c.value
               for c in at.caption)


def test_it_opens_on_the_areas_with_the_most_spend_and_never_on_unassigned(run_page, bundled_loads, bundled_manifest):
    at = run_page(COMPARE, query={"area": "all"})

    # On the first bundled data: Derbyshire £583,000 over two years, Durham £500,545, Essex £451,000.
    per_area = {}
    for (area, _), amount in counted_totals(bundled_loads, bundled_manifest, "decision").items():
        per_area[area] = per_area.get(area, 0) + amount
    largest = sorted(per_area, key=lambda area: (-per_area[area], area))[:6]
    assert at.multiselect(key="compare_areas").value == largest
    # Never opening on "Unassigned"; where the decisions name no strategic area, a sentence says so.
    choosers = [box for box in at.selectbox if box.key == "compare_strategic_area"]
    if choosers:
        assert choosers[0].value != "Unassigned"
    else:
        assert any("do not group their services into strategic areas" in c.value for c in at.caption)


def test_the_sidebar_s_years_are_the_only_years_drawn(run_page, bundled_loads, bundled_manifest):
    at = run_page(COMPARE, query={"area": "all", "from": "2017/18", "to": "2018/19"})

    assert not at.exception
    drawn = {year for spec in charts(at).values() for trace in spec["data"] for year in trace["x"]}
    assert drawn == {"2017/18", "2018/19"}
    shown = bars(charts(at)["Spend per PCC area, decisions, 2017/18 to 2018/19"])
    expected = counted_totals(bundled_loads, bundled_manifest, "decision", years={"2017/18", "2018/19"})
    assert shown == {key: amount for key, amount in expected.items() if key[0] in at.multiselect(key="compare_areas").value}
    # The same years for both: only 2018/19 has figures from Derbyshire and Essex.
    summed = at.dataframe[0].value.set_index("PCC area")
    assert summed.loc["Derbyshire", "Spend, 2018/19"] == 319_000 and summed.loc["Essex", "Spend, 2018/19"] == 451_000


def test_the_table_opens_on_the_latest_year_several_areas_published(run_page, bundled_loads, bundled_manifest):
    at = run_page(COMPARE, query={"area": "all"})

    assert at.selectbox(key="compare_year").value == "2018/19"
    table = at.dataframe[-1].value
    derbyshire = bundled_loads["derbyshire_idva_contracts_2017-19.csv"].tidy
    assert table["Derbyshire"].sum() == derbyshire.loc[derbyshire["financial_year"].eq("2018/19"), "amount_gbp"].sum()
    in_2018 = {area for area, year in counted_totals(bundled_loads, bundled_manifest, "decision") if year == "2018/19"}
    assert set(table.columns) == {"Strategic area"} | (in_2018 & set(at.multiselect(key="compare_areas").value))
    assert "Leicestershire" not in table.columns  # a framework, never set beside decisions


def test_the_sidebar_s_narrowing_filters_apply(run_page, bundled_loads, bundled_manifest):
    jointly = "Procured – jointly funded"
    at = run_page(COMPARE, query={"area": "all", "commissioning": jointly})

    assert not at.exception
    expected = counted_totals(bundled_loads, bundled_manifest, "decision",
                              lines_kept=lambda lines: lines["commissioning_type"].eq(jointly))
    shown = bars(next(spec for title, spec in charts(at).items() if title.startswith("Spend per PCC area")))
    assert shown == expected and len({area for area, _ in shown}) >= 2


def test_one_area_s_framework_is_compared_only_with_other_frameworks(run_page, bundled_manifest):
    at = run_page(COMPARE, query={"area": "Leicestershire"})

    assert not at.exception
    frameworks = {entry["area"] for entry in bundled_manifest if entry["kind"] == "framework"}
    if frameworks == {"Leicestershire"}:
        assert any("frameworks from at least two PCC areas" in info.value and "only Leicestershire" in info.value
                   and "Choose “All areas”" in info.value for info in at.info)
        assert not at.get("plotly_chart")
    else:
        assert "Leicestershire" in at.multiselect(key="compare_areas").value
        assert set(at.multiselect(key="compare_areas").options) <= frameworks


def test_the_sidebar_s_area_is_always_compared(run_page):
    at = run_page(COMPARE, query={"area": "Essex"})

    assert not at.exception
    assert "Essex" in at.multiselect(key="compare_areas").value


def test_one_area_left_is_nothing_to_compare_and_says_so(run_page):
    at = run_page(COMPARE, query={"area": "Leicestershire", "strategic_area": "Victims"})

    assert not at.exception
    assert any("at least two PCC areas" in info.value and "only Leicestershire" in info.value for info in at.info)
    assert not at.get("plotly_chart")
