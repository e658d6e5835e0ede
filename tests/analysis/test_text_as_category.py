"""Every analysis function gives the same answer on the dashboard's categorical lines as on plain text.

The dashboard holds its shared spend lines with categorical text columns
(store.load_spend(text_as_category=True), analysis.text_columns) to keep its
memory down. A categorical behaves like text for filtering and grouping, but
not everywhere: map() returns another categorical that sorts by its old order,
fillna("") refuses a new value, value_counts() lists categories with no line.
So each function is run on both forms of the same lines, over several views,
and must return exactly the same result, dtypes included.
"""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from analysis import commissioning, compare_areas, geography, overview, providers, strategic_areas, trends
from analysis.colours import strategic_area_colours
from analysis.export import readable, to_csv_bytes
from analysis.filters import Filters, apply_filters, filtered_rows, rows_in_scope
from analysis.selection import counted_rows, lines_summary, mark_counted
from analysis.grouping import plain_text
from loaders.schema import COMMISSIONING_TYPES, TIDY_COLUMNS
from scenarios.baselines import BaselineRef, baseline_frame, baseline_options
from store import list_datasets, load_spend, make_engine, save_dataset
from uploads.bundled import load_bundled
from store.models import DECLARED_TOTAL_COLUMNS

ALIASES = {"Victim Support": "Victim Support (charity)", "Various": "Various providers"}


def _awkward_lines() -> pd.DataFrame:
    """Lines a second PCC might send: every commissioning type, blanks, repeats, an unknown strategic area."""
    rows = []
    for year_index, year in enumerate(["2019/20", "2020/21"]):
        for index, kind in enumerate(COMMISSIONING_TYPES):
            rows.append({
                "area": "Zedshire",
                "strategic_area": ["Victims", "Zeta priorities", "Unassigned"][index % 3],
                "service": ["Domestic Homicide Reviews", "Advocacy", "Victim First", "Helpline"][index % 4],
                "provider": ["Victim Support", "", "Various", "To be selected via tender", "Zedshire County Council",
                             "Victim Support"][index],
                "provision": "",
                "commissioning_type": kind,
                "funding_partners": ["", "NHS England and the City and County councils", "", "", "", ""][index],
                "geography": ["", "Zedshire", "Nationwide", "Zed City", "East Midlands", "LLR"][index],
                "financial_year": year,
                "amount_gbp": float(1000 * (index + 1) * (year_index + 1) - (500 if index == 2 else 0)),
                "source_file": "zedshire.csv",
                "source_sheet": "Sheet1",
                "source_row": 2 + index,
                "source_column": "EFG"[year_index],
            })
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


@pytest.fixture(scope="module")
def store_lines(tmp_path_factory):
    """(plain, categorical) marked lines of the bundled datasets plus an awkward second framework."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    load_bundled(engine)
    save_dataset(engine, _awkward_lines(), pd.DataFrame(columns=DECLARED_TOTAL_COLUMNS), name="Zedshire framework", area="Zedshire",
                 kind="framework", original_filename="zedshire.csv", original_bytes=b"zedshire", uploaded_by="test")
    datasets = list_datasets(engine, current_only=True)
    plain = mark_counted(load_spend(engine), datasets)
    categorical = mark_counted(load_spend(engine, text_as_category=True), datasets)
    engine.dispose()
    return plain, categorical


def test_the_store_reads_the_same_lines_either_way(store_lines):
    plain, categorical = store_lines
    assert all(isinstance(categorical[column].dtype, pd.CategoricalDtype)
               for column in TIDY_COLUMNS if column not in ("amount_gbp", "source_row"))
    pd.testing.assert_frame_equal(plain_text(categorical), plain)


VIEWS = {
    "every area": Filters(),
    "one area": Filters(areas=("Leicestershire",)),
    "one year": Filters(years=("2020/21",)),
    "narrowed": Filters(years=("2019/20", "2020/21"), strategic_areas=("Victims", "Zeta priorities")),
    "provider search": Filters(provider_search="council"),
    "nothing matches": Filters(areas=("Nowhere",)),
}

# (name, function of the lines over every year, returns lines rather than a result)
CALLS = [
    ("year_kpis", lambda rows: overview.year_kpis(rows, "2020/21"), False),
    ("areas_by_year", overview.areas_by_year, False),
    ("spend_by_strategic_area", overview.spend_by_strategic_area, False),
    ("spend_by_service", lambda rows: overview.spend_by_service(rows, "2020/21"), False),
    ("service_changes", lambda rows: overview.service_changes(rows, "2020/21"), False),
    ("largest_movers", lambda rows: overview.largest_movers(rows, "2020/21"), False),
    ("is_jointly_funded", overview.is_jointly_funded, False),
    ("area_shares", strategic_areas.area_shares, False),
    ("services_by_year", lambda rows: strategic_areas.services_by_year(rows, "Victims"), False),
    ("service_lines", lambda rows: strategic_areas.service_lines(rows, "Victims", "Victim First"), False),
    ("route_shares", commissioning.route_shares, False),
    ("basis_shares", commissioning.basis_shares, False),
    ("co_funder_lines", commissioning.co_funder_lines, False),
    ("type_panels", commissioning.type_panels, False),
    ("route_headline", lambda rows: commissioning.route_headline(rows, "2020/21"), False),
    ("co_funder_bars", commissioning.co_funder_bars, False),
    ("areas_by_spend", lambda rows: strategic_areas.areas_by_spend(rows, "2020/21"), False),
    ("strategic_areas_by_reach", compare_areas.strategic_areas_by_reach, False),
    ("largest_reach", lambda rows: geography.largest_reach(rows, "2020/21"), False),
    ("level_table", geography.level_table, False),
    ("reach_table", geography.reach_table, False),
    ("lines_summary", lambda rows: lines_summary(rows, every_line_counts=False), False),
    ("unnamed_spend", lambda rows: providers.unnamed_spend(providers.apply_aliases(rows, ALIASES)), False),
    ("provider_total", lambda rows: providers.provider_total(providers.apply_aliases(rows, ALIASES),
                                                              "Victim Support (charity)"), False),
    ("totals_change",
     lambda rows: trends.totals_change(rows, "2019/20", "2020/21") if not rows.empty else None, False),
    ("add_funding_columns", commissioning.add_funding_columns, True),
    ("area_totals", compare_areas.area_totals, False),
    ("shared_years", compare_areas.shared_years, False),
    ("strategic_area_across_areas", lambda rows: compare_areas.strategic_area_across_areas(rows, "Victims"), False),
    ("strategic_area_table", lambda rows: compare_areas.strategic_area_table(rows, "2020/21"), False),
    ("add_reach_level", geography.add_reach_level, True),
    ("spend_by_level", geography.spend_by_level, False),
    ("spend_by_reach", geography.spend_by_reach, False),
    ("apply_aliases", lambda rows: providers.apply_aliases(rows, ALIASES), True),
    ("aliases_in_use", lambda rows: providers.aliases_in_use(rows, ALIASES), False),
    ("suggest_aliases", lambda rows: providers.suggest_aliases(rows, ALIASES), False),
    ("rank_providers", lambda rows: providers.rank_providers(providers.apply_aliases(rows, ALIASES)), False),
    ("provider_spend_by_area", lambda rows: providers.provider_spend_by_area(providers.apply_aliases(rows, ALIASES)),
     False),
    ("top_concentration", lambda rows: providers.top_concentration(providers.apply_aliases(rows, ALIASES)), False),
    ("provider_profile", lambda rows: providers.provider_profile(providers.apply_aliases(rows, ALIASES),
                                                                 "Victim Support (charity)"), False),
    ("provider_services_by_year",
     lambda rows: providers.provider_services_by_year(providers.apply_aliases(rows, ALIASES),
                                                      "Victim Support (charity)"), False),
    ("year_on_year", lambda rows: trends.year_on_year(rows, "2019/20", "2020/21"), False),
    ("status_summary", lambda rows: trends.status_summary(trends.year_on_year(rows, "2019/20", "2020/21")), False),
    ("waterfall_steps", lambda rows: trends.waterfall_steps(rows, "2019/20", "2020/21", largest=3), False),
    ("cagr_by_service", lambda rows: trends.cagr_by_service(rows, "2018/19", "2020/21"), False),
    ("cagr_by_strategic_area", lambda rows: trends.cagr_by_strategic_area(rows, "2018/19", "2020/21"), False),
    ("totals_in_real_terms",
     lambda rows: trends.totals_in_real_terms(rows, "2020/21", by=["strategic_area"]) if not rows.empty else None,
     False),
    ("readable", readable, False),
    ("to_csv_bytes", lambda rows: to_csv_bytes(readable(rows)), False),
    ("colours", lambda rows: strategic_area_colours(rows["strategic_area"].unique()), False),
    ("sorted unique", lambda rows: sorted(rows["area"].unique()), False),
]


def assert_same(categorical, plain, where: str) -> None:
    if isinstance(plain, pd.DataFrame):
        pd.testing.assert_frame_equal(categorical, plain, obj=where)
    elif isinstance(plain, pd.Series):
        pd.testing.assert_series_equal(categorical, plain, obj=where)
    elif dataclasses.is_dataclass(plain):
        assert type(categorical) is type(plain), where
        assert_same(dataclasses.astuple(categorical), dataclasses.astuple(plain), where)
    elif isinstance(plain, (list, tuple)):
        assert type(categorical) is type(plain) and len(categorical) == len(plain), where
        for index, (left, right) in enumerate(zip(categorical, plain)):
            assert_same(left, right, f"{where}[{index}]")
    elif isinstance(plain, dict):
        assert list(categorical) == list(plain), where
        for key in plain:
            assert_same(categorical[key], plain[key], f"{where}[{key!r}]")
    elif isinstance(plain, float) and math.isnan(plain):
        assert isinstance(categorical, float) and math.isnan(categorical), where
    else:
        assert type(categorical) is type(plain) and categorical == plain, f"{where}: {categorical!r} != {plain!r}"


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("name, call, gives_lines", CALLS, ids=[name for name, _, _ in CALLS])
def test_the_same_result_from_categorical_lines(store_lines, view, name, call, gives_lines):
    plain_marked, categorical_marked = store_lines
    filters = VIEWS[view]
    plain_rows = filtered_rows(plain_marked, filters)
    categorical_rows = filtered_rows(categorical_marked, filters)
    expected = call(plain_rows)
    got = call(categorical_rows)
    if gives_lines:
        got = plain_text(got)
    assert_same(got, expected, f"{name} ({view})")


def test_the_filters_and_the_counted_lines_agree(store_lines):
    plain, categorical = store_lines
    allocation = int(plain.loc[plain["dataset_kind"].eq("allocation"), "dataset_id"].iloc[0])
    for filters in [*VIEWS.values(), Filters(dataset_id=allocation)]:
        for select in (filtered_rows, rows_in_scope, apply_filters):
            assert_same(plain_text(select(categorical, filters)), select(plain, filters), f"{select.__name__}")
    assert_same(plain_text(counted_rows(categorical)), counted_rows(plain), "counted_rows")


def test_scenario_baselines_are_plain_text(store_lines):
    plain, categorical = store_lines
    options = baseline_options(plain)
    assert_same(baseline_options(categorical), options, "baseline_options")
    for option in options.itertuples(index=False):
        ref = BaselineRef(int(option.dataset_id), option.dataset_name, option.area, option.financial_year)
        assert_same(baseline_frame(categorical, ref), baseline_frame(plain, ref), f"baseline_frame {ref.label()}")
