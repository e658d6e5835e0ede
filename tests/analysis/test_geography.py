"""Geographical reach: every reach written in the bundled files sorted into a level, and spend per level."""
from __future__ import annotations

import pytest

from analysis.geography import (
    CITY,
    COUNTY,
    FORCE_WIDE,
    LOCAL,
    NATIONAL,
    NOT_STATED,
    OTHER,
    REACH_LEVEL,
    REACH_LEVELS,
    REGIONAL,
    add_reach_level,
    classify_reach,
    spend_by_level,
    spend_by_reach,
)

# The rule book: every reach text in the bundled datasets, and the level it belongs to.
BUNDLED_REACHES = {
    ("Leicestershire", "LLR"): FORCE_WIDE,
    ("Leicestershire", "City"): CITY,
    ("Leicestershire", "County"): COUNTY,
    ("Leicestershire", "Rutland"): COUNTY,
    ("Leicestershire", "Leicester City"): CITY,
    ("Leicestershire", "Leicestershire County"): COUNTY,
    ("Leicestershire", "Leicestershire County and Rutland (not city)"): COUNTY,
    ("Leicestershire", "Leicester and Leicestershire"): COUNTY,
    ("Leicestershire", "East Midlands"): REGIONAL,
    ("Leicestershire", "Nationwide"): NATIONAL,
    ("Leicestershire", ""): NOT_STATED,
    ("Durham", "County Durham"): COUNTY,
    ("Derbyshire", "Derby City"): CITY,
    ("Derbyshire", "Derbyshire County"): COUNTY,
    ("Essex", "Essex (Countywide)"): COUNTY,
    ("Thames Valley", "Thames Valley"): FORCE_WIDE,  # the PCC's own area
    ("Thames Valley", ""): NOT_STATED,  # the Community Safety Fund table names councils, no reach
    ("Kent", ""): NOT_STATED,
    ("Warwickshire", ""): NOT_STATED,
}


def test_every_bundled_reach_is_in_the_rule_book(bundled):
    written = set(zip(bundled["area"], bundled["geography"].fillna("")))
    assert written == set(BUNDLED_REACHES)


@pytest.mark.parametrize(("area_and_reach", "level"), BUNDLED_REACHES.items(), ids=lambda value: str(value))
def test_bundled_reaches_are_classified(area_and_reach, level):
    area, reach = area_and_reach
    assert classify_reach(reach, area) == level


@pytest.mark.parametrize(
    ("reach", "area", "level"),
    [
        ("Leicester, Leicestershire and Rutland", "Leicestershire", FORCE_WIDE),
        ("Force-wide", None, FORCE_WIDE),
        ("County Durham and Darlington", "Durham", FORCE_WIDE),
        ("County Durham and Darlington", None, COUNTY),
        ("East of England", None, REGIONAL),
        ("England and Wales", None, NATIONAL),
        ("Durham City", None, CITY),
        ("Charnwood Borough", None, LOCAL),
        ("Melton, Harborough and Blaby districts", None, LOCAL),
        ("Online", None, OTHER),
    ],
)
def test_reach_written_other_ways(reach, area, level):
    assert classify_reach(reach, area) == level


def test_spend_per_level_adds_up_to_each_years_total(bundled):
    by_level = spend_by_level(bundled)

    year_totals = bundled.groupby("financial_year")["amount_gbp"].sum()
    assert by_level.groupby("financial_year")["amount_gbp"].sum().to_dict() == pytest.approx(year_totals.to_dict())
    assert set(by_level[REACH_LEVEL]) <= set(REACH_LEVELS)


def test_force_wide_spend_is_the_llr_lines(leicestershire):
    by_level = spend_by_level(leicestershire).set_index(["financial_year", REACH_LEVEL])["amount_gbp"]
    llr = leicestershire[leicestershire["geography"] == "LLR"].groupby("financial_year")["amount_gbp"].sum()

    for year, amount in llr.items():
        assert by_level[(year, FORCE_WIDE)] == amount


def test_spend_per_reach_keeps_the_written_text_and_counts_lines(leicestershire):
    by_reach = spend_by_reach(leicestershire)

    written = leicestershire.assign(geography=leicestershire["geography"].replace("", "(not stated)"))
    expected = written.groupby(["financial_year", "geography"]).agg(
        amount_gbp=("amount_gbp", "sum"), lines=("source_row", "size")
    )
    got = by_reach.set_index(["financial_year", "geography"])[["amount_gbp", "lines"]].sort_index()
    assert got.to_dict() == expected.sort_index().to_dict()
    assert by_reach.loc[by_reach["geography"] == "(not stated)", REACH_LEVEL].unique().tolist() == [NOT_STATED]


def test_levels_are_listed_widest_first(leicestershire):
    by_level = spend_by_level(leicestershire)
    for _, year in by_level.groupby("financial_year"):
        positions = [REACH_LEVELS.index(level) for level in year[REACH_LEVEL]]
        assert positions == sorted(positions)


def test_an_empty_selection_gives_an_empty_table(leicestershire):
    nothing = add_reach_level(leicestershire.iloc[0:0])
    assert spend_by_level(nothing).empty
    assert spend_by_reach(nothing).empty


def test_the_headline_is_the_level_with_the_most_of_the_year(leicestershire):
    from analysis.geography import add_reach_level, largest_reach

    classified = add_reach_level(leicestershire)
    in_year = classified[classified["financial_year"] == "2020/21"]
    per_level = in_year.groupby(REACH_LEVEL, observed=True)["amount_gbp"].sum()
    widest = largest_reach(leicestershire, "2020/21")

    assert widest.level == str(per_level.idxmax())
    assert widest.amount_gbp == per_level.max()
    assert widest.share == pytest.approx(per_level.max() / 4_395_961)  # Appendix A's 2020/21 Grand Total
    assert largest_reach(leicestershire, "2031/32") is None


def test_the_level_table_and_the_panels_add_up_to_each_years_total(bundled):
    from analysis.geography import level_table, reach_panels, reach_table

    years = sorted(bundled["financial_year"].unique())
    table = level_table(bundled)
    per_year = bundled.groupby("financial_year")["amount_gbp"].sum()
    assert table.loc["Total"].tolist() == pytest.approx(per_year.reindex(years).tolist())
    assert table.drop(index="Total").sum().tolist() == pytest.approx(per_year.reindex(years).tolist())
    assert list(table.index[:-1]) == [level for level in REACH_LEVELS if level in set(table.index)]

    panels = reach_panels(bundled)
    assert panels.years == years
    assert panels.by_level.groupby(level=0).sum().tolist() == pytest.approx(per_year.reindex(years).tolist())
    assert panels.by_level_area.sum() == pytest.approx(bundled["amount_gbp"].sum())

    written = reach_table(bundled)
    assert written["lines"].sum() == len(bundled)
    assert written[years].sum().tolist() == pytest.approx(per_year.reindex(years).tolist())
