"""Shares shown on a page add up to exactly 100%, however each rounds."""
from __future__ import annotations

import math

from analysis.commissioning import route_headline, route_shares, share_table, FUNDING_ROUTES
from analysis.shares import percentages


def test_thirds_add_to_100_not_99():
    assert percentages([1, 1, 1]) == [34.0, 33.0, 33.0]
    assert percentages([1, 1, 1], decimals=1) == [33.4, 33.3, 33.3]


def test_nothing_has_no_share():
    assert all(math.isnan(share) for share in percentages([0, 0]))


def test_commissioning_route_shares_of_each_year_add_to_100(leicestershire):
    for year in sorted(leicestershire["financial_year"].unique()):
        headline = route_headline(leicestershire, year)
        assert sum(headline.route_percentages.values()) == 100
        assert headline.total_gbp == leicestershire.loc[leicestershire["financial_year"].eq(year), "amount_gbp"].sum()
    table = share_table(route_shares(leicestershire), "funding_route", FUNDING_ROUTES)
    assert table.percentages.sum().tolist() == [100.0] * len(table.percentages.columns)
