"""The deflator table shipped in data/, and real terms from it or from an entered rate."""
from __future__ import annotations

import pytest

from analysis.deflators import (
    ASSUMED,
    DEFAULT_TABLE_PATH,
    FROM_TABLE,
    DeflatorTable,
    load_deflator_table,
    price_levels,
    to_constant_prices,
    year_start,
)

SIDECAR = DEFAULT_TABLE_PATH.with_suffix(".md")


def test_the_shipped_table_reads_and_says_where_it_comes_from():
    table = load_deflator_table()

    assert table.source["collection_url"].startswith("https://www.gov.uk/")
    assert "GDP deflators at market prices, and money GDP" in table.source["title"]
    assert SIDECAR.exists()
    assert table.source["collection_url"] in SIDECAR.read_text(encoding="utf-8")
    # Figures are shipped with the one release they come from, and its base year is 100.
    assert table.source["release"].startswith("GDP deflators at market prices, and money GDP")
    base_year = table.source["base"].split("=")[0].strip().replace("-", "/")
    assert table.index[base_year] == pytest.approx(100.0)


def test_the_shipped_table_covers_every_bundled_year_in_order(bundled):
    table = load_deflator_table()

    assert set(bundled["financial_year"]) <= set(table.index)
    # A financial-year series without gaps, and prices that rose in each of these years.
    starts = [year_start(year) for year in table.years]
    assert starts == list(range(starts[0], starts[-1] + 1))
    levels = [table.index[year] for year in table.years]
    assert levels == sorted(levels)


def test_the_sidecar_names_the_release_and_the_copy_the_figures_came_from():
    table = load_deflator_table()
    text = " ".join(SIDECAR.read_text(encoding="utf-8").split())

    assert table.source["release"] in text.replace("*", "")
    repository = table.source["copied_from"].split("github.com/")[1].split("/blob/")[0]
    assert repository in text


def test_financial_years_are_read_strictly():
    assert year_start("2018/19") == 2018
    assert year_start("1999/00") == 1999
    for bad in ("2018-19", "2018/20", "2018", "18/19"):
        with pytest.raises(ValueError):
            year_start(bad)


def test_an_entered_rate_compounds_from_the_base_year(leicestershire):
    years = sorted(set(leicestershire["financial_year"]))
    levels = price_levels(years, "2019/20", table=DeflatorTable(index={}), assumed_rate_pct=2.5).set_index("financial_year")

    assert levels.loc["2019/20", "price_level"] == 100.0
    assert levels.loc["2020/21", "price_level"] == pytest.approx(102.5)
    assert levels.loc["2018/19", "price_level"] == pytest.approx(100 / 1.025)
    assert set(levels["basis"]) == {ASSUMED}


def test_table_years_are_used_and_gaps_carried_from_the_nearest_table_year():
    table = DeflatorTable(index={"2018/19": 80.0})
    levels = price_levels(["2015/16", "2018/19", "2020/21"], "2018/19", table=table, assumed_rate_pct=1.0).set_index("financial_year")

    assert levels.loc["2018/19", ["price_level", "basis"]].tolist() == [100.0, FROM_TABLE]
    assert levels.loc["2020/21", "price_level"] == pytest.approx(100 * 1.01**2)
    assert levels.loc["2015/16", "price_level"] == pytest.approx(100 / 1.01**3)
    assert levels.loc["2015/16", "basis"] == ASSUMED


def test_a_rate_outside_reason_is_refused():
    with pytest.raises(ValueError, match="between"):
        price_levels(["2018/19"], "2018/19", assumed_rate_pct=150)


def test_constant_prices_of_the_bundled_years_with_the_shipped_table(bundled):
    table = load_deflator_table()
    real = to_constant_prices(bundled, "2018/19", table=table, assumed_rate_pct=2.0)

    durham = real[real["financial_year"] == "2015/16"]
    expected = durham["amount_gbp"].sum() * table.index["2018/19"] / table.index["2015/16"]
    assert durham["real_gbp"].sum() == pytest.approx(expected)
    assert set(real["basis"]) == {FROM_TABLE}


def test_constant_prices_of_the_bundled_years(bundled):
    real = to_constant_prices(bundled, "2018/19", assumed_rate_pct=2.0)

    same_year = real[real["financial_year"] == "2018/19"]
    assert (same_year["real_gbp"] == same_year["amount_gbp"]).all()
    durham = real[real["financial_year"] == "2015/16"]
    assert durham["real_gbp"].sum() == pytest.approx(durham["amount_gbp"].sum() * 1.02**3)
    assert to_constant_prices(bundled.iloc[0:0], "2018/19").empty


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("year,index\n2018/19,90\n", "expected columns"),
        ("financial_year,deflator_index\n2018-19,90\n", "financial year"),
        ("financial_year,deflator_index\n2018/19,0\n", "positive"),
    ],
)
def test_a_malformed_table_is_refused(tmp_path, content, message):
    path = tmp_path / "gdp_deflators.csv"
    path.write_text("# title: test copy\n" + content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_deflator_table(path)


def test_a_table_with_figures_reads_its_comment_lines(tmp_path):
    path = tmp_path / "gdp_deflators.csv"
    path.write_text("# release: Example release\n# base: 2019-20 = 100\nfinancial_year,deflator_index\n2019/20,100.0\n2020/21,105.2\n", encoding="utf-8")
    table = load_deflator_table(path)

    assert table.index == {"2019/20": 100.0, "2020/21": 105.2}
    assert table.source == {"release": "Example release", "base": "2019-20 = 100"}
    assert table.years == ["2019/20", "2020/21"]
