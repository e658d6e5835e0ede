"""analysis.grouping gives exactly what its plain-pandas definition (analysis.grouping_reference) gives.

On every bundled dataset and every real-shape fixture that loads
(tests/data/shapes), each held three ways: as the loaders give it (text), as
the store gives it (categoricals, categories sorted), and with shuffled
categories and missing values, as another caller might hold it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import grouping, grouping_reference
from analysis.commissioning import parse_co_funders
from analysis.geography import REACH_LEVELS, classify_reach
from loaders import load_file
from loaders.__main__ import load_options, parser
from tests.analysis.categorical_forms import FORMS, in_form, with_gaps

REPO = Path(__file__).resolve().parents[2]
SHAPES = REPO / "tests" / "data" / "shapes"
TEXT = ["area", "strategic_area", "service", "provider", "commissioning_type", "funding_partners", "geography",
        "financial_year"]
GAPS = ["area", "strategic_area", "service", "provider"]

BUNDLED = [entry["file"] for entry in json.loads((REPO / "data" / "bundled.json").read_text(encoding="utf-8"))]
SHAPE_FILES = [case["file"] for case in json.loads((SHAPES / "expected.json").read_text(encoding="utf-8"))
               if case["expect"] == "load"]


def _load(source: str) -> pd.DataFrame:
    if source == "every bundled dataset":
        return pd.concat([_load(name) for name in BUNDLED], ignore_index=True)
    if source in BUNDLED:
        entry = next(e for e in json.loads((REPO / "data" / "bundled.json").read_text()) if e["file"] == source)
        return load_file(REPO / "data" / source, sheet=entry.get("sheet"), area=entry["area"],
                         year=entry.get("year")).tidy
    case = next(case for case in json.loads((SHAPES / "expected.json").read_text()) if case["file"] == source)
    options = load_options(parser().parse_args([str(SHAPES / source)] + case.get("cli_args", [])))
    return load_file(SHAPES / source, **options).tidy


@pytest.fixture(scope="module", params=["every bundled dataset", *BUNDLED, *SHAPE_FILES])
def source(request) -> pd.DataFrame:
    return _load(request.param)


@pytest.fixture(params=FORMS)
def lines(request, source) -> pd.DataFrame:
    return in_form(source, request.param, TEXT, GAPS)


def _views(lines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    latest = grouping.plain_text(lines["financial_year"]).max()
    return {"every line": lines, "latest year": lines.loc[lines["financial_year"].eq(latest)],
            "every third line": lines.iloc[::3], "none": lines.iloc[:0]}


KEYS = [["financial_year", "strategic_area"], ["area", "service"], ["provider"],
        ["area", "financial_year", "strategic_area", "service"]]


@pytest.mark.parametrize("by", KEYS, ids=["+".join(keys) for keys in KEYS])
def test_group_sum_is_the_plain_groupby(lines, by):
    for view, rows in _views(lines).items():
        pd.testing.assert_frame_equal(grouping.group_sum(rows, by), grouping_reference.group_sum(rows, by),
                                      check_exact=True, obj=view)


def test_aggregate_is_the_plain_groupby_agg(lines):
    named = dict(amount_gbp=("amount_gbp", "sum"), lines=("amount_gbp", "size"),
                 services=("service", "nunique"), strategic_area=("strategic_area", "last"),
                 rows=("source_row", "nunique"))
    for view, rows in _views(lines).items():
        for by in (["provider"], ["area", "service"]):
            got = grouping.aggregate(rows, by, **named)
            expected = grouping_reference.aggregate(rows, by, **named)
            pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{view} by {by}")


def test_aggregate_refuses_what_it_cannot_reduce(source):
    with pytest.raises(ValueError, match="median"):
        grouping.aggregate(source, ["area"], middle=("amount_gbp", "median"))


def test_per_value_is_the_work_done_on_every_line(lines):
    def work(text: pd.Series) -> pd.Series:
        return text.fillna("").str.strip().str.lower().str.startswith("victim")

    for view, rows in _views(lines).items():
        pd.testing.assert_series_equal(grouping.per_value(rows["provider"], work),
                                       grouping_reference.per_value(rows["provider"], work), obj=view)


def _initials(rows: pd.DataFrame) -> dict[str, list[str]]:
    return {"initials": [f"{str(area)[:1]}/{str(provider)[:2]}" for area, provider in zip(rows["area"], rows["provider"])]}


def _reach(rows: pd.DataFrame) -> dict[str, list[str]]:
    return {"reach": [classify_reach(reach, area) for reach, area in zip(rows["geography"], rows["area"])]}


def test_per_distinct_row_is_the_work_done_on_every_line(lines):
    for view, rows in _views(lines).items():
        pd.testing.assert_frame_equal(grouping.per_distinct_row(rows, ["area", "provider"], _initials),
                                      grouping_reference.per_distinct_row(rows, ["area", "provider"], _initials),
                                      obj=view)
        reach = ["geography", "area"]
        if rows["area"].notna().all():  # classify_reach needs a PCC area or none at all, never a missing one
            pd.testing.assert_frame_equal(
                grouping.per_distinct_row(rows, reach, _reach, categories=REACH_LEVELS),
                grouping_reference.per_distinct_row(rows, reach, _reach, categories=REACH_LEVELS), obj=view)


def test_items_per_line_is_every_line_parsed(lines):
    for view, rows in _views(lines).items():
        got_lines, got_items = grouping.items_per_line(rows["funding_partners"], parse_co_funders)
        lines_expected, items_expected = grouping_reference.items_per_line(rows["funding_partners"], parse_co_funders)
        assert got_lines.tolist() == lines_expected.tolist(), view
        assert got_items == items_expected, view


def test_plain_text_spells_every_line_as_its_text(source):
    for form in FORMS[1:]:
        categorical = in_form(source, form, TEXT, GAPS)
        as_text = with_gaps(source, GAPS) if "gaps" in form else source
        pd.testing.assert_frame_equal(grouping.plain_text(categorical), as_text, obj=form)


def test_the_bundled_data_repeats_keys_and_names_co_funders():
    # Grouping tested on lines that never share a key, or name no co-funder, would prove little.
    every = _load("every bundled dataset")
    by_service = grouping.group_sum(every, ["area", "service"])
    assert len(by_service) < len(every)
    assert by_service["amount_gbp"].sum() == pytest.approx(every["amount_gbp"].sum())
    line, co_funders = grouping.items_per_line(every["funding_partners"], parse_co_funders)
    assert len(set(line)) < len(line)  # some line names two co-funders
