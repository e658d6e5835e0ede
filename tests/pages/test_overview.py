"""A panel member opens the Overview and reads the PCC's commitment for the year."""
from __future__ import annotations

import json

from analysis.money import format_gbp, format_gbp_short
from analysis.selection import COUNTABLE_KINDS
from tests.pages.like_for_like import counted_lines, expected_change, unlike_change
from tests.pages.page_elements import metric

OVERVIEW = "pages/overview.py"
EMERGENT = "leicestershire_emergent_issues_2020-21.xlsx"


def charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def year_totals(lines) -> dict[str, float]:
    return lines.groupby("financial_year")["amount_gbp"].sum().to_dict()


def test_overview_shows_the_framework_total_for_the_latest_year(run_page, leicestershire_framework, bundled_loads):
    at = run_page(OVERVIEW)

    assert not at.exception
    totals = year_totals(leicestershire_framework)
    # The sum of the lines is also the Grand Total the decision record prints.
    declared = bundled_loads["leicestershire_commissioning_framework_2018-21.xlsx"].declared_totals
    grand = declared.loc[declared["kind"].eq("grand_total")].set_index("financial_year")["declared_gbp"]
    assert totals["2020/21"] == grand["2020/21"]
    assert metric(at, "Committed in 2020/21") == format_gbp(totals["2020/21"]) == "£4,395,961"
    change = totals["2020/21"] - totals["2019/20"]
    assert metric(at, "Change on 2019/20") == "+" + format_gbp(change)


def test_summary_sentence_is_built_from_the_figures(run_page, leicestershire_framework):
    at = run_page(OVERVIEW)

    totals = year_totals(leicestershire_framework)
    in_2020 = leicestershire_framework.loc[leicestershire_framework["financial_year"].eq("2020/21")]
    victims_share = in_2020.loc[in_2020["strategic_area"].eq("Victims"), "amount_gbp"].sum() / totals["2020/21"]
    change = totals["2020/21"] - totals["2019/20"]
    expected = (
        f"In 2020/21 the PCC committed {format_gbp_short(totals['2020/21'])}, up "
        f"{format_gbp_short(change)} ({change / totals['2019/20'] * 100:.1f}%) on 2019/20; "
        f"Victims services took the largest share ({victims_share * 100:.0f}%)."
    )
    assert expected in [m.value.lstrip("# ") for m in at.markdown]


def test_stacked_bars_match_the_loaders_sums_per_area_and_year(run_page, leicestershire_framework):
    at = run_page(OVERVIEW)

    bars = charts(at)[0]
    assert bars["layout"]["title"]["text"] == "Spend by strategic area, 2018/19 to 2020/21"
    expected = leicestershire_framework.groupby(["strategic_area", "financial_year"])["amount_gbp"].sum()
    shown = {
        (trace["name"], year): amount
        for trace in bars["data"] if trace.get("type") == "bar"
        for year, amount in zip(trace["x"], trace["y"])
    }
    assert shown == expected.to_dict()
    assert shown[("Victims", "2020/21")] == 1_395_707
    # Axis ticks in the house style, not plotly's "M".
    assert all(text.startswith("£") and "M" not in text for text in bars["layout"]["yaxis"]["ticktext"])


def test_the_emergent_issues_allocation_is_not_added_to_the_total(run_page, bundled_loads, leicestershire_framework):
    at = run_page(OVERVIEW)

    allocation = bundled_loads[EMERGENT].tidy["amount_gbp"].sum()
    framework_2020 = year_totals(leicestershire_framework)["2020/21"]
    assert metric(at, "Committed in 2020/21") == format_gbp(framework_2020)
    assert metric(at, "Committed in 2020/21") != format_gbp(framework_2020 + allocation)


def select_option(selectbox, label_contains: str):
    """Choose the option whose label (what the panel member reads) contains the text."""
    index = next(i for i, label in enumerate(selectbox.options) if label_contains in label)
    return selectbox.select_index(index)


def test_choosing_the_allocation_dataset_shows_its_own_total_and_says_why(run_page, bundled_loads):
    at = run_page(OVERVIEW)

    select_option(at.sidebar.selectbox(key="filter_dataset"), "emergent issues").run()

    assert not at.exception
    expected = bundled_loads[EMERGENT].tidy["amount_gbp"].sum()
    assert metric(at, "Committed in 2020/21") == format_gbp(expected) == "£114,843.25"
    assert any("never added to totals" in info.value for info in at.info)


def test_a_filter_changes_the_figures_and_the_url(run_page, leicestershire_framework):
    at = run_page(OVERVIEW)

    at.sidebar.multiselect(key="filter_strategic_areas").set_value(["Victims"]).run()

    victims = leicestershire_framework.loc[leicestershire_framework["strategic_area"].eq("Victims")]
    assert metric(at, "Committed in 2020/21") == format_gbp(year_totals(victims)["2020/21"]) == "£1,395,707"
    # AppTest reports a query key holding one value as a plain string.
    assert at.query_params["strategic_area"] == "Victims"
    assert any("in this filtered view" in m.value for m in at.markdown)


def test_a_query_string_restores_the_view(run_page, leicestershire_framework):
    at = run_page(OVERVIEW, query={"area": "Leicestershire", "from": "2018/19", "to": "2019/20",
                                   "strategic_area": ["Victims", "Prevention"]})

    assert not at.exception
    chosen = leicestershire_framework.loc[leicestershire_framework["strategic_area"].isin(["Victims", "Prevention"])]
    assert metric(at, "Committed in 2019/20") == format_gbp(year_totals(chosen)["2019/20"])
    assert at.sidebar.select_slider(key="filter_years").value == ("2018/19", "2019/20")
    assert sorted(at.sidebar.multiselect(key="filter_strategic_areas").value) == ["Prevention", "Victims"]


def test_reset_filters_returns_to_the_whole_framework(run_page, leicestershire_framework):
    at = run_page(OVERVIEW, query={"area": "Leicestershire", "to": "2019/20", "provider": "Catch 22"})
    assert metric(at, "Committed in 2019/20") != format_gbp(year_totals(leicestershire_framework)["2019/20"])

    at.sidebar.button[0].click().run()

    assert metric(at, "Committed in 2020/21") == format_gbp(year_totals(leicestershire_framework)["2020/21"])
    assert "provider" not in at.query_params


def test_a_filter_matching_nothing_shows_a_sentence_not_an_empty_chart(run_page):
    at = run_page(OVERVIEW, query={"area": "Leicestershire", "provider": "no such provider anywhere"})

    assert not at.exception
    assert any("No spending matches these filters" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_an_area_with_one_year_has_no_comparison_but_no_error(run_page, bundled_loads):
    at = run_page(OVERVIEW, query={"area": "Essex"})

    assert not at.exception
    essex = bundled_loads["essex_domestic_abuse_contract_2018-19.xlsx"].tidy
    assert metric(at, "Committed in 2018/19") == format_gbp(essex["amount_gbp"].sum())
    assert metric(at, "Change on the year before") == "None to compare"


def test_a_link_to_an_unknown_area_falls_back_and_says_so(run_page):
    at = run_page(OVERVIEW, query={"area": "Atlantis"})

    assert not at.exception
    assert at.sidebar.selectbox(key="filter_area").value == "Leicestershire"
    assert any("Atlantis" in warning.value for warning in at.sidebar.warning)


def test_an_empty_store_says_there_is_no_data_yet(empty_store):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import REPO_ROOT

    at = AppTest.from_file(str(REPO_ROOT / OVERVIEW), default_timeout=60).run()

    assert not at.exception
    assert any("no spend data yet" in info.value.lower() for info in at.info)


def test_all_areas_warns_when_the_years_hold_different_pccs(run_page, bundled_loads, bundled_manifest):
    at = run_page(OVERVIEW, query={"area": "all", "to": "2019/20", "from": "2015/16"})

    assert not at.exception
    counted = [bundled_loads[e["file"]].tidy for e in bundled_manifest if e["kind"] in COUNTABLE_KINDS]
    total_2019 = sum(lines.loc[lines["financial_year"].eq("2019/20"), "amount_gbp"].sum() for lines in counted)
    assert metric(at, "Committed in 2019/20") == format_gbp(total_2019)
    assert any("not like for like" in warning.value for warning in at.warning)


def test_all_areas_never_compares_years_with_different_contents(run_page, bundled_loads, bundled_manifest):
    # 2018/19 holds Leicestershire's framework and several decisions; 2017/18 far fewer. Differencing
    # the two totals gave "up £4.79m (1814.2%)" on the first bundled data.
    at = run_page(OVERVIEW, query={"area": "all", "from": "2017/18", "to": "2018/19"})

    assert not at.exception
    lines = counted_lines(bundled_loads, bundled_manifest)
    change, compared, without_previous = expected_change(lines, "2017/18", "2018/19")
    assert "Derbyshire" in compared and "Leicestershire" in without_previous and "Essex" in without_previous
    label = next(m.label for m in at.metric if m.label.startswith("Change on 2017/18"))
    assert label.endswith(" only")
    shown = metric(at, "Change on 2017/18")
    assert shown == ("+" if change > 0 else "") + format_gbp(change)
    assert shown != "+" + format_gbp(unlike_change(lines, "2017/18", "2018/19"))
    page = " ".join([m.value for m in at.metric] + [m.value for m in at.markdown])
    assert "1814" not in page and "4.79m" not in page and "4,789,405" not in page
    warning = " ".join(w.value for w in at.warning)
    assert "have no 2017/18 data and are not in this comparison" in warning
    assert all(area in warning for area in without_previous)


def test_years_with_nothing_in_common_show_no_change(run_page, bundled_loads, bundled_manifest):
    lines = counted_lines(bundled_loads, bundled_manifest)
    years = sorted(lines["financial_year"].unique())
    apart = next((a, b) for a, b in zip(years, years[1:]) if expected_change(lines, a, b)[0] is None)
    at = run_page(OVERVIEW, query={"area": "all", "from": apart[0], "to": apart[1]})

    assert not at.exception
    assert metric(at, f"Change on {apart[0]}") == "Nothing comparable"
    assert any("not in this comparison" in w.value for w in at.warning)
