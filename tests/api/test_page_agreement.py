"""Each page's headline figures, as the page shows them, equal /api/v1/summary's for the same filters.

The page runs in AppTest with the filters in its URL; the API is asked with
the same query string. Both read the same bundled store, so any difference is
a figure computed two ways.
"""
from __future__ import annotations

import re

import pytest

from analysis.money import format_change_pct, format_gbp, format_gbp_short
from tests.pages.page_elements import chart, metric

SCOPES = {
    "Leicestershire, every year": {"area": "Leicestershire"},
    "all areas, 2018/19 to 2020/21": {"area": "all", "from": "2018/19", "to": "2020/21"},
    "Leicestershire, Victims only": {"area": "Leicestershire", "strategic_area": "Victims"},
}


@pytest.fixture(params=list(SCOPES), ids=list(SCOPES))
def scope(request, client):
    query = SCOPES[request.param]
    response = client.get("/api/v1/summary", params=query)
    assert response.status_code == 200, response.text
    return query, response.json()


def signed(amount: float, style=format_gbp) -> str:
    return ("+" if amount > 0 else "") + style(amount)


def test_overview(run_page, scope):
    query, summary = scope
    figures = summary["overview"]
    at = run_page("pages/overview.py", query)
    assert not at.exception
    year = figures["year"]
    assert metric(at, f"Committed in {year}") == format_gbp(figures["total_gbp"])
    if figures["change_gbp"] is not None:
        assert metric(at, f"Change on {figures['previous_year']}") == signed(figures["change_gbp"])
    assert metric(at, f"Services funded in {year}") == f"{figures['services']:,}"
    assert metric(at, f"Providers named in {year}") == f"{figures['providers']:,}"
    share = figures["jointly_funded_share"]
    assert metric(at, f"Jointly funded, share of {year}") == ("n/a" if share is None else f"{share:.0%}")


def test_trends(run_page, scope):
    query, summary = scope
    figures = summary["trends"]
    at = run_page("pages/trends.py", query)
    assert not at.exception
    year_a, year_b = figures["year_a"], figures["year_b"]
    assert metric(at, f"Total {year_a}") == format_gbp(figures["total_a_gbp"])
    assert metric(at, f"Total {year_b}") == format_gbp(figures["total_b_gbp"])
    if figures["comparable"]:
        assert metric(at, f"Change, {year_a} to {year_b}") == signed(figures["change_gbp"], format_gbp_short)
        assert metric(at, f"Growth a year, {year_a} to {year_b}") == format_change_pct(figures["cagr_pct"])


def test_commissioning(run_page, scope):
    query, summary = scope
    figures = summary["commissioning"]
    at = run_page("pages/commissioning.py", query)
    assert not at.exception
    year = figures["year"]
    assert any(f"How the {format_gbp(figures['total_gbp'])} committed in {year}" in m.value for m in at.markdown)
    for route, label in (("Procured", "Procured"), ("Grant funding", "Grant funding"),
                         ("Statutory contribution", "Statutory")):
        assert metric(at, f"{label}, {year}") == f"{figures['route_percentages'].get(route, 0.0):.0f}%"
    assert metric(at, f"Jointly funded, share of {year}") == f"{figures['jointly_funded_share']:.0%}"


def test_providers(run_page, scope):
    query, summary = scope
    figures = summary["providers"]
    at = run_page("pages/providers.py", query)
    assert not at.exception
    year = figures["year"]
    assert metric(at, f"Named providers in {year}") == f"{figures['named_providers']:,}"
    assert metric(at, "Top ") == f"{figures['top_share']:.0%}"
    assert metric(at, f"Unnamed providers, {year}") == format_gbp(figures["unnamed_gbp"])


def test_geography(run_page, scope):
    query, summary = scope
    figures = summary["geography"]
    at = run_page("pages/geography.py", query)
    assert not at.exception
    headline = next(m.value for m in at.markdown if m.value.startswith("#### In "))
    assert headline == (f"#### In {figures['year']}, {figures['share']:.0%} of the spend "
                        f"({format_gbp(figures['amount_gbp'])}) was for services with "
                        f"**{figures['widest_level'].lower()}** reach.")


def test_strategic_areas(run_page, scope):
    query, summary = scope
    expected: dict[tuple[str, str], float] = {
        (r["strategic_area"], r["financial_year"]): r["amount_gbp"] for r in summary["strategic_areas"]["spend_by_year"]}
    at = run_page("pages/strategic_areas.py", query)
    assert not at.exception
    spec = chart(at, "areas_trend")
    shown = {(trace["name"], year): amount for trace in spec["data"]
             for year, amount in zip(trace["x"], trace["y"]) if amount is not None}
    assert shown == pytest.approx(expected)


def test_compare_areas(run_page, scope):
    query, summary = scope
    at = run_page("pages/compare_areas.py", query)
    assert not at.exception
    by_kind = summary["compare_areas"]["by_kind"]
    if not at.get("plotly_chart"):
        # Nothing to compare: the page says so, and the API has no second area in the area's kind either.
        assert any(info.value.startswith("A comparison needs") for info in at.info)
        focus = query["area"]
        assert any(len({r["area"] for r in records}) < 2 for records in by_kind.values()
                   if any(r["area"] == focus for r in records))
        return
    spec = chart(at, "compare_totals")
    kind = next(k for k, plural in (("framework", "frameworks"), ("decision", "decisions"), ("allocation", "allocations"))
                if re.search(rf"\b{plural}\b", spec["layout"]["title"]["text"]))
    expected = {(r["area"], r["financial_year"]): r["amount_gbp"] for r in by_kind[kind]}
    shown = {(trace["name"], year): amount for trace in spec["data"]
             for year, amount in zip(trace["x"], trace["y"]) if amount is not None}
    assert len({area for area, _ in shown}) >= 2
    assert shown == pytest.approx({key: expected[key] for key in shown})


def test_checks(run_page, client):
    counts = client.get("/api/v1/summary", params={"area": "all"}).json()["checks"]
    at = run_page("pages/checks.py")
    assert not at.exception
    assert metric(at, "Declared totals and allocations checked") == f"{counts['checked']:,}"
    assert metric(at, "Do not add up to their rows") == f"{counts['do_not_add_up']:,}"
    assert metric(at, "Text and table disagree") == f"{counts['text_and_table_disagree']:,}"
