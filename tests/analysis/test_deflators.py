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
    if table.index:
        # Figures are only shipped with the release they come from.
        assert table.source["release"] not in ("", "none")
        assert table.source["base"] not in ("", "none")
        assert any(value == pytest.approx(100.0) for value in table.index.values()) or table.source["base"]


def test_the_sidecar_says_whether_figures_are_shipped():
    table = load_deflator_table()
    text = SIDECAR.read_text(encoding="utf-8")
    if not table.index:
        assert "no figures" in text.lower()
        assert table.source["status"].startswith("no figures")


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
