"""Strategic areas over the years, their shares, and the services inside each."""
from __future__ import annotations

import pytest

from analysis.strategic_areas import area_shares, area_trend, service_lines, services_by_year


def declared_subtotals(result) -> dict[tuple[str, str], float]:
    declared = result.declared_totals
    subtotals = declared.loc[declared["kind"].eq("subtotal")]
    return {(row.strategic_area, row.financial_year): row.declared_gbp for row in subtotals.itertuples()}


def test_trend_matches_the_published_subtotals(leicestershire_result):
    trend = area_trend(leicestershire_result.tidy)

    shown = {(r.strategic_area, r.financial_year): r.amount_gbp for r in trend.itertuples()}
    assert shown == declared_subtotals(leicestershire_result)


def test_shares_add_up_to_the_whole_of_each_year(leicestershire, published_grand_totals):
    shares = area_shares(leicestershire)

    assert shares.groupby("financial_year")["share"].sum().to_dict() == pytest.approx(
        {year: 1.0 for year in published_grand_totals}
    )
    victims_2020 = shares.loc[shares["strategic_area"].eq("Victims") & shares["financial_year"].eq("2020/21")]
    assert victims_2020["share"].item() == pytest.approx(1_395_707 / published_grand_totals["2020/21"])


def test_services_in_an_area_add_up_to_its_subtotal(leicestershire_result):
    services = services_by_year(leicestershire_result.tidy, "Victims")

    subtotals = declared_subtotals(leicestershire_result)
    for year in ("2018/19", "2019/20", "2020/21"):
        assert services[year].sum() == subtotals[("Victims", year)]
    assert services["2020/21"].is_monotonic_decreasing
    assert services.loc[0, "service"] == "Victim First"


def test_drill_down_returns_the_source_rows(leicestershire):
    lines = service_lines(leicestershire, "Victims", "Victim First")

    assert lines["financial_year"].tolist() == ["2018/19", "2019/20", "2020/21"]
    assert lines["source_row"].nunique() == 1
    assert lines["source_sheet"].eq("Appendix A").all()


def test_an_area_with_no_lines_gives_an_empty_table(leicestershire):
    assert services_by_year(leicestershire, "Not an area").empty


def test_the_areas_are_offered_largest_first_in_the_year(leicestershire):
    from analysis.strategic_areas import areas_by_spend

    in_year = leicestershire[leicestershire["financial_year"] == "2020/21"]
    expected = in_year.groupby("strategic_area")["amount_gbp"].sum().sort_values(ascending=False).index.tolist()

    assert areas_by_spend(leicestershire, "2020/21") == expected
    assert areas_by_spend(leicestershire, "2020/21")[0] == "Victims"
    assert sorted(areas_by_spend(leicestershire, "2031/32")) == sorted(leicestershire["strategic_area"].unique())
