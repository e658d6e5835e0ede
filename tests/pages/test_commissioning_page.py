"""A panel member asks how services are bought, and which partners share the cost."""
from __future__ import annotations

from analysis.money import format_gbp
from tests.pages.page_elements import chart, metric, table

COMMISSIONING = "pages/commissioning.py"


def test_route_shares_come_from_the_lines(run_page, leicestershire_framework):
    at = run_page(COMMISSIONING)

    assert not at.exception
    in_2020 = leicestershire_framework[leicestershire_framework["financial_year"] == "2020/21"]
    total = in_2020["amount_gbp"].sum()
    procured = in_2020.loc[in_2020["commissioning_type"].str.startswith("Procured"), "amount_gbp"].sum()
    grants = in_2020.loc[in_2020["commissioning_type"] == "Grant funding", "amount_gbp"].sum()
    assert metric(at, "Procured, 2020/21") == f"{procured / total:.0%}"
    assert metric(at, "Grant funding, 2020/21") == f"{grants / total:.0%}"
    routes = table(at, "Route").set_index("Route")
    assert routes.loc["Procured", "2020/21"] == f"{format_gbp(procured)} ({procured / total:.0%})"


def test_commissioning_type_panels_match_the_loaders_sums(run_page, leicestershire_framework):
    at = run_page(COMMISSIONING)

    figure = chart(at, "commissioning_types")
    assert figure["layout"]["title"]["text"] == "Spend by commissioning type and strategic area, 2018/19 to 2020/21"
    titles = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    shown: dict[tuple[str, str], float] = {}
    for trace in figure["data"]:
        panel = titles[int(trace.get("xaxis", "x")[1:] or 1) - 1]
        for year, amount in zip(trace["x"], trace["y"]):
            if amount is not None:
                shown[(panel, year)] = shown.get((panel, year), 0.0) + amount
    expected = leicestershire_framework.groupby(["commissioning_type", "financial_year"])["amount_gbp"].sum()
    assert shown == expected.to_dict()


def test_nhs_england_bar_is_the_lines_it_co_funds(run_page, leicestershire_framework):
    at = run_page(COMMISSIONING)

    figure = chart(at, "commissioning_co_funders")
    assert figure["layout"]["title"]["text"] == "PCC spend on lines each partner co-funds, 2018/19 to 2020/21"
    per_partner: dict[str, float] = {}
    for trace in figure["data"]:
        if trace.get("type") == "bar":
            for label, amount in zip(trace["y"], trace["x"]):
                if amount is not None:
                    per_partner[label] = per_partner.get(label, 0.0) + amount
    nhs = leicestershire_framework[leicestershire_framework["funding_partners"].str.contains("NHS England")]
    assert per_partner["NHS England"] == nhs["amount_gbp"].sum()
    assert {"City council", "County council", "Upper tier councils"} <= set(per_partner)


def test_essex_partners_show_their_stated_contributions(run_page, bundled_loads):
    at = run_page(COMMISSIONING, query={"area": "Essex"})

    assert not at.exception
    lines = table(at, "Partner's stated contribution").set_index("Partner")
    assert lines.loc["Essex County Council", "Partner's stated contribution"] == "£1,632,000"
    essex = bundled_loads["essex_domestic_abuse_contract_2018-19.xlsx"].tidy
    assert lines.loc["Thurrock Council", "PCC spend"] == format_gbp(essex["amount_gbp"].sum())


def test_a_filter_with_no_co_funders_says_so(run_page):
    at = run_page(COMMISSIONING, query={"area": "Leicestershire", "commissioning": "Grant funding"})

    assert not at.exception
    assert metric(at, "Grant funding, 2020/21") == "100%"
    assert any("names a co-funder" in info.value for info in at.info)


def test_a_filter_matching_nothing_shows_a_sentence(run_page):
    at = run_page(COMMISSIONING, query={"area": "Leicestershire", "provider": "no such provider anywhere"})

    assert not at.exception
    assert any("No spending matches these filters" in info.value for info in at.info)
    assert not at.get("plotly_chart")
