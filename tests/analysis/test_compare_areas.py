"""PCC areas side by side, counted lines only."""
from __future__ import annotations

from analysis.compare_areas import area_totals, shared_years, strategic_area_across_areas, strategic_area_table
from analysis.selection import COUNTABLE_KINDS


def test_area_totals_are_each_file_s_total(bundled, bundled_manifest, published_grand_totals):
    totals = area_totals(bundled).set_index(["area", "financial_year"])["amount_gbp"]

    assert {year: totals[("Leicestershire", year)] for year in published_grand_totals} == published_grand_totals
    counted_areas = {entry["area"] for entry in bundled_manifest if entry["kind"] in COUNTABLE_KINDS}
    assert set(totals.index.get_level_values("area")) == counted_areas
    assert totals.sum() == bundled["amount_gbp"].sum()


def test_only_years_with_two_or_more_areas_are_shared(bundled):
    years = shared_years(bundled)

    per_year = bundled.groupby("financial_year")["area"].nunique()
    assert years == sorted(per_year.index[per_year >= 2])
    assert "2018/19" in years  # Leicestershire, Derbyshire and Essex all published 2018/19


def test_one_strategic_area_across_areas(bundled):
    unassigned = strategic_area_across_areas(bundled, "Unassigned")

    expected = bundled.loc[bundled["strategic_area"].eq("Unassigned")].groupby("area")["amount_gbp"].sum()
    assert unassigned.groupby("area")["amount_gbp"].sum().to_dict() == expected.to_dict()


def test_table_has_a_column_per_area_for_the_year(bundled):
    table = strategic_area_table(bundled, "2018/19")

    in_year = bundled.loc[bundled["financial_year"].eq("2018/19")]
    assert set(table.columns) - {"strategic_area"} == set(in_year["area"])
    assert table.drop(columns="strategic_area").to_numpy().sum() == in_year["amount_gbp"].sum()
    assert strategic_area_table(bundled, "1999/00").empty


def test_the_strategic_area_most_pccs_share_comes_first(bundled):
    from analysis.compare_areas import strategic_areas_by_reach

    ordered = strategic_areas_by_reach(bundled)
    per_area = bundled.groupby("strategic_area")["area"].nunique()

    assert sorted(ordered) == sorted(per_area.index)
    assert [per_area[name] for name in ordered] == sorted(per_area, reverse=True)
    assert per_area[ordered[0]] >= 2  # Unassigned: the decisions of three PCCs name no strategic area


def _with_kinds(bundled_manifest):
    from tests.analysis.conftest import DATA_DIR
    from loaders import load_file
    import pandas as pd

    return pd.concat([
        load_file(DATA_DIR / e["file"], sheet=e.get("sheet"), area=e["area"], year=e.get("year")).tidy.assign(dataset_kind=e["kind"])
        for e in bundled_manifest if e["kind"] in COUNTABLE_KINDS
    ], ignore_index=True)


def test_kinds_are_compared_apart_the_kind_most_areas_hold_first(bundled_manifest):
    from analysis.compare_areas import kinds_by_reach

    lines = _with_kinds(bundled_manifest)
    kinds = kinds_by_reach(lines).set_index("dataset_kind")

    per_kind = lines.groupby("dataset_kind")["area"].nunique()
    assert kinds["areas"].to_dict() == per_kind.to_dict()
    assert list(kinds["areas"]) == sorted(kinds["areas"], reverse=True)
    assert kinds["amount_gbp"].sum() == lines["amount_gbp"].sum()


def test_areas_open_largest_first_and_unassigned_is_never_first(bundled):
    from analysis.compare_areas import pcc_areas_by_spend, strategic_areas_by_spend

    per_area = bundled.groupby("area")["amount_gbp"].sum()
    assert pcc_areas_by_spend(bundled) == per_area.sort_values(ascending=False).index.tolist()
    ordered = strategic_areas_by_spend(bundled)
    assert ordered[-1] == "Unassigned" and ordered[0] != "Unassigned"
    assert sorted(ordered) == sorted(bundled["strategic_area"].unique())


def test_totals_side_by_side_cover_the_years_every_area_has(bundled):
    from analysis.compare_areas import totals_over, years_every_area_has

    decisions = bundled.loc[bundled["area"].isin(["Derbyshire", "Essex"])]
    years = years_every_area_has(decisions, ["Derbyshire", "Essex"])
    assert years == ["2018/19"]  # Derbyshire also has 2017/18, Essex only 2018/19
    totals = totals_over(decisions, years).set_index("area")["amount_gbp"]
    in_2018 = decisions.loc[decisions["financial_year"].eq("2018/19")].groupby("area")["amount_gbp"].sum()
    assert totals.to_dict() == in_2018.to_dict()
