"""Every page that shows shares shows shares of one total, and they add up to 100% (± 0.1)."""
from __future__ import annotations

import json
import re

import pytest

from tests.pages.page_elements import table

QUERIES = [{"area": "Leicestershire"}, {"area": "all"}, {"area": "Leicestershire", "from": "2019/20", "to": "2020/21"}]


def percent(text: str) -> float:
    return float(re.search(r"(-?\d+(?:\.\d+)?)%", text).group(1))


@pytest.mark.parametrize("query", QUERIES)
def test_commissioning_route_shares_add_to_100(run_page, query):
    at = run_page("pages/commissioning.py", query=query)

    assert not at.exception
    year = next(m.label for m in at.metric if m.label.startswith("Procured, ")).removeprefix("Procured, ")
    routes = [m for m in at.metric if m.label.endswith(f", {year}") and not m.label.startswith("Jointly")]
    assert len(routes) >= 3
    assert sum(percent(m.value) for m in routes) == pytest.approx(100, abs=0.1)
    # The per-year tables: each year's column of shares adds to 100 too (the issue found 116% on this page).
    for key in ("Route", "Funding"):
        frame = table(at, key)
        for column in frame.columns[1:]:
            cells = [cell for cell in frame[column] if cell]
            assert sum(percent(cell) for cell in cells) == pytest.approx(100, abs=0.1), (key, column)


@pytest.mark.parametrize("query", QUERIES)
def test_provider_shares_add_to_100(run_page, query):
    at = run_page("pages/providers.py", query=query)

    assert not at.exception
    ranked = table(at, "Share", without="Similarity")
    assert sum(percent(share) for share in ranked["Share"]) == pytest.approx(100, abs=0.1)


def test_strategic_area_shares_add_to_100_each_year(run_page):
    at = run_page("pages/strategic_areas.py", query={"area": "Leicestershire"})

    assert not at.exception
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "areas_share" in c.proto.id)
    per_year: dict[str, float] = {}
    for trace in spec["data"]:
        for year, share in zip(trace["x"], trace["y"]):
            if share is not None:
                per_year[year] = per_year.get(year, 0.0) + share
    assert per_year and all(total == pytest.approx(100, abs=0.1) for total in per_year.values())
