"""The figures each page shows for a set of filters, from the functions the page itself calls.

One entry per page, named as the page is; each says which analysis function
it came from. tests/api/test_page_agreement.py runs every page with the same
filters and checks its headline figures against these, so the page and the
API can never disagree.
"""
from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from analysis.commissioning import route_headline
from analysis.compare_areas import area_totals, kinds_by_reach, of_kind
from analysis.filters import Filters, describe_narrowing, filtered_rows, years_label
from analysis.geography import add_reach_level, largest_reach
from analysis.overview import year_kpis
from analysis.providers import apply_aliases, count_funded_providers, top_concentration
from analysis.strategic_areas import area_trend
from analysis.trends import totals_change


def _number(value) -> float | None:
    """JSON has no NaN: a figure that cannot be computed is null."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _records(frame: pd.DataFrame) -> list[dict]:
    out = frame.astype({c: "object" for c in frame.columns if c != "amount_gbp"})
    return [{k: (_number(v) if k == "amount_gbp" else str(v)) for k, v in row.items()}
            for row in out.to_dict(orient="records")]


def page_figures(marked: pd.DataFrame, filters: Filters, aliases: tuple[tuple[str, str], ...]) -> dict:
    """Every chart page's headline figures for these filters (filters.years as the sidebar sets them)."""
    rows = filtered_rows(marked, filters)
    rows_all_years = filtered_rows(marked, filters.without_years())
    years = sorted(rows["financial_year"].unique())
    year = filters.years[-1] if filters.years else (years[-1] if years else None)
    scope = {
        "area": filters.areas[0] if filters.areas else "all areas",
        "years": list(filters.years),
        "years_label": years_label(filters.years),
        "focus_year": year,
        "filtered": describe_narrowing(filters) or None,
        "lines": int(len(rows)),
        "total_gbp": _number(rows["amount_gbp"].sum()),
    }
    if rows.empty or year is None:
        return {"scope": scope}
    return {
        "scope": scope,
        "overview": _overview(rows_all_years, year, aliases),
        "trends": _trends(rows, list(filters.years)),
        "strategic_areas": {"from": "analysis.strategic_areas.area_trend",
                            "spend_by_year": _records(area_trend(rows))},
        "providers": _providers(rows, year, aliases),
        "geography": _geography(rows, year),
        "commissioning": _commissioning(rows, year),
        "compare_areas": _compare_areas(marked, filters),
    }


def _overview(rows_all_years: pd.DataFrame, year: str, aliases) -> dict:
    kpis = year_kpis(rows_all_years, year, aliases)
    return {
        "from": "analysis.overview.year_kpis", "year": year, "total_gbp": _number(kpis.total_gbp),
        "previous_year": kpis.previous_year, "previous_total_gbp": _number(kpis.previous_total_gbp),
        "change_gbp": _number(kpis.change_gbp), "change_pct": _number(kpis.change_pct),
        "change_compares": kpis.change.compared, "services": kpis.services, "providers": kpis.providers,
        "jointly_funded_share": _number(kpis.jointly_funded_share),
    }


def _trends(rows: pd.DataFrame, years: list[str]) -> dict | None:
    if len(years) < 2:
        return None
    totals = totals_change(rows, years[0], years[-1])
    comparable = totals.like_for_like.comparable
    return {
        "from": "analysis.trends.totals_change", "year_a": years[0], "year_b": years[-1], "comparable": comparable,
        "total_a_gbp": _number(totals.total_a if comparable else totals.like_for_like.previous_year_total_gbp),
        "total_b_gbp": _number(totals.total_b if comparable else totals.like_for_like.year_total_gbp),
        "change_gbp": _number(totals.change_gbp) if comparable else None,
        "change_pct": _number(totals.change_pct) if comparable else None,
        "cagr_pct": _number(totals.cagr_pct) if comparable else None,
    }


def _providers(rows: pd.DataFrame, year: str, aliases) -> dict:
    grouped = apply_aliases(rows, aliases)
    in_year = grouped[grouped["financial_year"] == year]
    concentration = top_concentration(in_year)
    return {
        "from": "analysis.providers.count_funded_providers, top_concentration", "year": year,
        "named_providers": count_funded_providers(in_year, aliases),
        "top_providers": list(concentration.providers),
        "top_share": _number(concentration.share) if concentration.total_amount_gbp else None,
        "unnamed_gbp": _number(concentration.unnamed_amount_gbp),
    }


def _geography(rows: pd.DataFrame, year: str) -> dict | None:
    widest = largest_reach(add_reach_level(rows), year)
    if widest is None:
        return None
    return {"from": "analysis.geography.largest_reach", "year": year, "widest_level": widest.level,
            "share": _number(widest.share), "amount_gbp": _number(widest.amount_gbp)}


def _commissioning(rows: pd.DataFrame, year: str) -> dict:
    headline = route_headline(rows, year)
    return {"from": "analysis.commissioning.route_headline", "year": year, "total_gbp": _number(headline.total_gbp),
            "route_percentages": {k: _number(v) for k, v in headline.route_percentages.items()},
            "jointly_funded_share": _number(headline.jointly_funded)}


def _compare_areas(marked: pd.DataFrame, filters: Filters) -> dict:
    # As the page: the sidebar's years and narrowing filters over every area, each pound counted once.
    rows = filtered_rows(marked, replace(filters, areas=(), dataset_id=None))
    return {"from": "analysis.compare_areas.area_totals",
            "by_kind": {str(kind): _records(area_totals(of_kind(rows, kind)))
                        for kind in kinds_by_reach(rows)["dataset_kind"]}}


def checks_figures(checks) -> dict:
    """The Checks page's three counts and the whole lists behind them."""
    return {"checked": int(len(checks.totals)), "do_not_add_up": int(len(checks.mismatched_totals)),
            "text_and_table_disagree": int(len(checks.discrepancies))}
