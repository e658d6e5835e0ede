"""A request's query string read into the dashboard's Filters, or a 400 naming the parameter.

The names are the dashboard's own URL keys (ui/sidebar.py URL_KEYS; a test
holds the two lists together), so a page's address and an API call filter
alike: paste the query string of a shared link onto /api/v1/spend and get
its lines. Values are checked against what the store holds, because a
misspelt area would otherwise come back as an empty answer that looks true.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from starlette.datastructures import QueryParams

from analysis.filters import Filters, rows_in_scope
from loaders.schema import COMMISSIONING_TYPES, FINANCIAL_YEAR_PATTERN

ALL_AREAS = "all"
FILTER_KEYS = ("area", "dataset", "from", "to", "strategic_area", "commissioning", "geography", "provider")
REPEATABLE = {"strategic_area", "commissioning", "geography"}
PAGE_KEYS = ("page", "page_size")
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 10_000
MAX_TEXT = 200


class ParamError(ValueError):
    """One bad parameter: its name and what is wrong, in words a caller can act on."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = DEFAULT_PAGE_SIZE


def refuse_unknown(query: QueryParams, allowed: tuple[str, ...]) -> None:
    for name in query.keys():
        if name not in allowed:
            raise ParamError(name, f"unknown parameter; this route takes {', '.join(allowed) or 'none'}")
    for name in query.keys():
        if name not in REPEATABLE and len(query.getlist(name)) > 1:
            raise ParamError(name, "given more than once")


def _one(query: QueryParams, name: str) -> str | None:
    value = query.get(name)
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise ParamError(name, f"longer than {MAX_TEXT} characters")
    return value


def read_filters(query: QueryParams, marked: pd.DataFrame, datasets: pd.DataFrame) -> Filters:
    """Filters as the sidebar would build them from the same URL; every year when from and to are absent."""
    area = _one(query, "area")
    areas: tuple[str, ...] = ()
    if area is not None and area != ALL_AREAS:
        if area not in set(marked["area"].unique()):
            raise ParamError("area", f"no data for an area called {area!r} (use 'all' or one of /api/v1/datasets' areas)")
        areas = (area,)

    dataset_id = None
    dataset = _one(query, "dataset")
    if dataset is not None:
        lineages = dict(zip(datasets["lineage_id"], datasets["id"]))
        if not dataset.isdigit() or int(dataset) not in lineages:
            raise ParamError("dataset", "not the id of a current dataset (see /api/v1/datasets)")
        dataset_id = int(lineages[int(dataset)])
        if areas and datasets.loc[datasets["id"].eq(dataset_id), "area"].iloc[0] not in areas:
            raise ParamError("dataset", f"dataset {dataset} is not one of {areas[0]}'s")

    scope = rows_in_scope(marked, Filters(dataset_id=dataset_id))
    if areas:
        scope = scope.loc[scope["area"].isin(areas)]
    available = sorted(scope["financial_year"].unique())
    start, end = _one(query, "from"), _one(query, "to")
    for name, value in (("from", start), ("to", end)):
        if value is not None and not re.fullmatch(FINANCIAL_YEAR_PATTERN, value):
            raise ParamError(name, "a financial year is written 2020/21")
        if value is not None and value not in available:
            raise ParamError(name, f"no figures for {value} in this selection; it holds {', '.join(available) or 'none'}")
    years = tuple(available)  # as the sidebar: every year the selection holds
    if start or end:
        start, end = sorted((start or end, end or start))
        years = tuple(year for year in available if start <= year <= end)

    commissioning = tuple(query.getlist("commissioning"))
    for value in commissioning:
        if value not in COMMISSIONING_TYPES:
            raise ParamError("commissioning", f"{value!r} is not one of: {', '.join(COMMISSIONING_TYPES)}")
    listed = {}
    for name, column in (("strategic_area", "strategic_area"), ("geography", "geography")):
        values = tuple(query.getlist(name))
        present = set(marked[column].dropna().unique())
        for value in values:
            if len(value) > MAX_TEXT or value not in present:
                raise ParamError(name, f"no line has the {name.replace('_', ' ')} {value[:MAX_TEXT]!r}")
        listed[name] = values
    provider = (_one(query, "provider") or "").strip()
    return Filters(areas=areas, dataset_id=dataset_id, years=years, strategic_areas=listed["strategic_area"],
                   commissioning_types=commissioning, geographies=listed["geography"], provider_search=provider)


def read_page(query: QueryParams) -> Page:
    values = {}
    for name, default, largest in (("page", 1, None), ("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)):
        text = query.get(name)
        if text is None:
            values[name] = default
            continue
        if not text.isdigit() or int(text) < 1:
            raise ParamError(name, "a whole number from 1")
        if largest and int(text) > largest:
            raise ParamError(name, f"at most {largest:,}")
        values[name] = int(text)
    return Page(number=values["page"], size=values["page_size"])
