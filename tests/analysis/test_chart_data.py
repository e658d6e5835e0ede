"""The figures the charts draw: bars and their totals, and the treemap's boxes, on the bundled data."""
from __future__ import annotations

import pytest

from analysis.chart_data import bars, treemap_areas
from analysis.overview import spend_by_service, spend_by_strategic_area


def test_the_bars_total_each_year_to_appendix_as_grand_total(leicestershire, published_grand_totals):
    shown = bars(spend_by_strategic_area(leicestershire), x="financial_year", series="strategic_area")

    assert shown.x_values == ["2018/19", "2019/20", "2020/21"]
    assert shown.totals.to_dict() == pytest.approx(published_grand_totals)
    assert sorted(shown.series) == sorted(leicestershire["strategic_area"].unique())
    assert sum(part.sum() for part in shown.series.values()) == pytest.approx(sum(published_grand_totals.values()))


def test_an_order_naming_a_series_with_no_bar_leaves_it_out(bundled):
    shown = bars(spend_by_strategic_area(bundled), x="financial_year", series="strategic_area",
                 order=["Victims", "Nowhere"])

    assert list(shown.series) == ["Victims"]
    assert shown.series["Victims"].isna().any()  # Durham, Derbyshire and Essex years have no Victims lines


@pytest.mark.parametrize("per_area", [40, 3])
def test_the_treemap_boxes_keep_every_pound(leicestershire, published_grand_totals, per_area):
    services = spend_by_service(leicestershire, "2020/21")
    total, areas = treemap_areas(services, services_per_area=per_area)

    assert total == pytest.approx(published_grand_totals["2020/21"])
    assert sum(area.amount_gbp for area in areas) == pytest.approx(total)
    for area in areas:
        assert sum(amount for _, amount in area.boxes) == pytest.approx(area.amount_gbp)
        assert len(area.boxes) <= per_area
