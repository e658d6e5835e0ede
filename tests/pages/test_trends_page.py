"""A panel member asks what changed between two years, and whether the money kept its value."""
from __future__ import annotations

import json

import pytest

from analysis.deflators import load_deflator_table
from analysis.money import format_gbp
from analysis.selection import COUNTABLE_KINDS
from tests.pages.like_for_like import counted_lines, expected_change, unlike_change
from tests.pages.page_elements import table

TRENDS = "pages/trends.py"
FRAMEWORK = "leicestershire_commissioning_framework_2018-21.xlsx"


@pytest.fixture(scope="module")
def grand_totals(bundled_loads) -> dict[str, float]:
    declared = bundled_loads[FRAMEWORK].declared_totals
    grand = declared[declared["kind"] == "grand_total"]
    return dict(zip(grand["financial_year"], grand["declared_gbp"].astype(float)))


def waterfall(at) -> list[dict]:
    figure = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "trends_waterfall" in c.proto.id][0]
    bars = []
    for trace in figure["data"]:
        for label, base, change in zip(trace["y"], trace["base"], trace["x"]):
            bars.append({"label": label.replace("<br>", " "), "base": base, "change": change, "trace": trace["name"]})
    order = [label.replace("<br>", " ") for label in figure["layout"]["yaxis"]["categoryarray"]]
    return sorted(bars, key=lambda bar: order.index(bar["label"]))


def test_waterfall_runs_from_the_first_to_the_last_published_total(run_page, grand_totals):
    at = run_page(TRENDS)

    assert not at.exception
    bars = waterfall(at)
    assert bars[0]["label"] == "2018/19 total" and bars[0]["change"] == grand_totals["2018/19"]
    assert bars[-1]["label"] == "2020/21 total" and bars[-1]["change"] == grand_totals["2020/21"]
    steps = bars[1:-1]
    assert steps[0]["base"] == grand_totals["2018/19"]
    assert round(steps[-1]["base"] + steps[-1]["change"], 2) == grand_totals["2020/21"]


def test_choosing_other_years_redraws_the_waterfall(run_page, grand_totals, leicestershire_framework):
    at = run_page(TRENDS, query={"area": "Leicestershire", "from": "2019/20", "to": "2020/21"})

    assert not at.exception
    bars = waterfall(at)
    assert bars[0]["label"] == "2019/20 total" and bars[0]["change"] == grand_totals["2019/20"] == 4_316_550
    assert bars[-1]["change"] == grand_totals["2020/21"] == 4_395_961
    per_service = leicestershire_framework.groupby(["service", "financial_year"])["amount_gbp"].sum()
    emergent = "Emergent issues/ideas/PCC grants top up/ contingency"
    bar = next(b for b in bars if b["label"] == emergent)
    assert bar["change"] == per_service[(emergent, "2020/21")] - per_service[(emergent, "2019/20")]
    assert bar["trace"] == "Cross Cutting"


def test_new_and_ended_services_are_counted(run_page, leicestershire_framework):
    at = run_page(TRENDS, query={"area": "Leicestershire", "from": "2018/19", "to": "2019/20"})

    changes = table(at, "Kind").set_index("Service")
    assert changes.loc["Paediatric SARC", "Kind"] == "New"
    assert changes.loc["Children’s Safeguarding Boards", "Kind"] == "Ended"
    summary = table(at, "Kind of change").set_index("Kind of change")
    assert summary["Services"].sum() == len(changes)


def test_real_terms_use_the_hm_treasury_deflators(run_page, grand_totals):
    deflators = load_deflator_table()
    at = run_page(TRENDS)

    assert not at.exception
    real = table(at, "Price basis").set_index("Year")
    ratio = deflators.index["2020/21"] / deflators.index["2018/19"]
    assert real.loc["2018/19", "At 2020/21 prices"] == format_gbp(round(grand_totals["2018/19"] * ratio))
    assert real.loc["2020/21", "At 2020/21 prices"] == format_gbp(grand_totals["2020/21"])
    assert set(real["Price basis"]) == {"GDP deflator table"}
    assert any(deflators.source["release"] in caption.value for caption in at.caption)

    # The entered rate only fills years the table lacks: these years keep the deflator's figure.
    at.number_input(key="trends_rate").set_value(5.0).run()
    again = table(at, "Price basis").set_index("Year")
    assert again.loc["2018/19", "At 2020/21 prices"] == real.loc["2018/19", "At 2020/21 prices"]


def test_real_terms_at_earlier_prices_deflate_later_years(run_page, grand_totals):
    deflators = load_deflator_table()
    at = run_page(TRENDS)
    at.selectbox(key="trends_base_year").set_value("2018/19").run()

    real = table(at, "Price basis").set_index("Year")
    ratio = deflators.index["2018/19"] / deflators.index["2020/21"]
    assert real.loc["2020/21", "At 2018/19 prices"] == format_gbp(round(grand_totals["2020/21"] * ratio))
    assert real.loc["2018/19", "At 2018/19 prices"] == format_gbp(grand_totals["2018/19"])


def test_a_strategic_area_filter_changes_the_totals(run_page, leicestershire_framework):
    at = run_page(TRENDS)
    at.sidebar.multiselect(key="filter_strategic_areas").set_value(["Victims"]).run()

    victims = leicestershire_framework[leicestershire_framework["strategic_area"] == "Victims"]
    totals = victims.groupby("financial_year")["amount_gbp"].sum()
    assert [m.value for m in at.metric if m.label == "Total 2020/21"] == [format_gbp(totals["2020/21"])]
    assert waterfall(at)[0]["change"] == totals["2018/19"]


def test_comparing_years_held_by_different_pccs_is_flagged(run_page, bundled_loads, bundled_manifest):
    at = run_page(TRENDS, query={"area": "all"})

    assert not at.exception
    # Caps and funding received are never spend, so their years (2014/15's caps) are not on the chart.
    spend = [bundled_loads[e["file"]] for e in bundled_manifest if e["kind"] in COUNTABLE_KINDS]
    first_year = min(year for load in spend for year in load.tidy["financial_year"])
    first_areas = {load.tidy["area"].iloc[0] for load in spend if first_year in set(load.tidy["financial_year"])}
    warnings = [warning.value for warning in at.warning]
    assert any(all(area in text for area in first_areas) and "different PCCs" in text for text in warnings)

    at = run_page(TRENDS, query={"area": "Leicestershire"})
    assert not [warning for warning in at.warning if "different PCCs" in warning.value]


def test_one_year_of_data_gives_a_sentence(run_page):
    at = run_page(TRENDS, query={"area": "Essex"})

    assert not at.exception
    assert any("at least two financial years" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_a_filter_matching_nothing_shows_a_sentence(run_page):
    at = run_page(TRENDS, query={"area": "Leicestershire", "provider": "no such provider anywhere"})

    assert not at.exception
    assert any("No spending matches these filters" in info.value for info in at.info)


def plotly_x_values(at) -> dict[str, set[str]]:
    """Every chart's x values that are financial years, by chart key."""
    shown = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        years = {x for trace in spec["data"] for x in trace.get("x", []) if isinstance(x, str) and "/" in x}
        shown[element.proto.id] = years
    return shown


def test_the_charts_draw_only_the_sidebar_s_years(run_page, grand_totals):
    at = run_page(TRENDS, query={"area": "Leicestershire", "from": "2019/20", "to": "2020/21"})

    assert not at.exception
    assert not [s for s in at.selectbox if s.key in ("trends_year_a", "trends_year_b")]  # the sidebar's years only
    drawn = plotly_x_values(at)
    assert {key for key in drawn if "trends_real" in key}, drawn
    assert all(years == {"2019/20", "2020/21"} for key, years in drawn.items() if "trends_real" in key)
    bars = waterfall(at)
    assert (bars[0]["label"], bars[-1]["label"]) == ("2019/20 total", "2020/21 total")
    assert set(table(at, "Price basis")["Year"]) == {"2019/20", "2020/21"}


def test_moving_the_sidebar_s_years_redraws_the_change(run_page, grand_totals):
    at = run_page(TRENDS, query={"area": "Leicestershire"})
    at.sidebar.select_slider(key="filter_years").set_value(("2018/19", "2019/20")).run()

    assert not at.exception
    bars = waterfall(at)
    assert bars[0]["change"] == grand_totals["2018/19"] and bars[-1]["change"] == grand_totals["2019/20"]
    assert at.query_params["from"] == "2018/19" and at.query_params["to"] == "2019/20"


def test_all_areas_compare_only_what_both_years_hold(run_page, bundled_loads, bundled_manifest):
    at = run_page(TRENDS, query={"area": "all", "from": "2017/18", "to": "2018/19"})

    assert not at.exception
    lines = counted_lines(bundled_loads, bundled_manifest)
    change, compared, without_previous = expected_change(lines, "2017/18", "2018/19")
    assert "Derbyshire" in compared and {"Essex", "Leicestershire"} <= without_previous
    both = lines.loc[lines["area"].isin(compared)].groupby("financial_year")["amount_gbp"].sum()
    assert [m.value for m in at.metric if m.label == "Total 2017/18, compared"] == [format_gbp(both["2017/18"])]
    assert [m.value for m in at.metric if m.label == "Total 2018/19, compared"] == [format_gbp(both["2018/19"])]
    bars = waterfall(at)
    assert bars[0]["change"] == both["2017/18"] and bars[-1]["change"] == both["2018/19"]
    assert round(bars[-1]["change"] - bars[0]["change"], 2) == change != unlike_change(lines, "2017/18", "2018/19")
    assert any(all(area in w.value for area in without_previous) and "not in this comparison" in w.value
               for w in at.warning)


def test_years_with_nothing_in_common_give_no_change(run_page, bundled_loads, bundled_manifest):
    lines = counted_lines(bundled_loads, bundled_manifest)
    years = sorted(lines["financial_year"].unique())
    apart = next((a, b) for a in years for b in years if a < b and expected_change(lines, a, b)[0] is None)
    at = run_page(TRENDS, query={"area": "all", "from": apart[0], "to": apart[1]})

    assert not at.exception
    assert [m.value for m in at.metric if m.label.startswith("Change, ")] == ["Nothing comparable"]
    assert not [c for c in at.get("plotly_chart") if "trends_waterfall" in c.proto.id]
