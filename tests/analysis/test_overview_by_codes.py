"""The Overview's figures, grouped by integer codes for speed, against the straightforward pandas.

analysis.overview groups the lines through analysis.grouping, which spells
out only the groups (a national store's rerun spent most of its time turning
categoricals into text). Here each figure is compared, exactly, with the plain
groupby / pivot_table it replaced, on the bundled data held three ways: as
text, as categoricals with sorted categories (as the store gives them) and
with shuffled categories and missing values (as other callers may).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import overview
from analysis.grouping import plain_text
from tests.analysis.categorical_forms import FORMS, in_form

TEXT = ["area", "strategic_area", "service", "provider", "commissioning_type", "funding_partners", "financial_year"]
# Missing here and there, as an upload might hold.
GAPS = ["strategic_area", "service", "provider", "funding_partners"]


@pytest.fixture(scope="module", params=FORMS)
def lines(request, bundled) -> pd.DataFrame:
    return in_form(bundled, request.param, TEXT, GAPS)


def _years(lines: pd.DataFrame) -> list[str]:
    return sorted(plain_text(lines["financial_year"]).unique())


# --- the straightforward computations ---------------------------------------------------------

_NOT_A_PROVIDER = re.compile(r"^\s*$|^various\b|^to be\b|^(tbc|tba|n/?a|unknown)$", re.IGNORECASE)


def reference_service_changes(rows: pd.DataFrame, year: str) -> pd.DataFrame:
    before = overview.previous_year(list(plain_text(rows["financial_year"])), year)
    columns = ["area", "strategic_area", "service", "previous_gbp", "current_gbp", "change_gbp"]
    if before is None:
        return pd.DataFrame(columns=columns)
    two_years = plain_text(rows.loc[rows["financial_year"].isin([before, year]),
                                    ["area", "strategic_area", "service", "financial_year", "amount_gbp"]])
    # Like for like (analysis.change): only the areas with lines in both years.
    in_both = two_years.groupby("area")["financial_year"].nunique().eq(2)
    two_years = two_years.loc[two_years["area"].map(in_both)]
    wide = two_years.pivot_table(
        index=["area", "service"], columns="financial_year", values="amount_gbp", aggfunc="sum", fill_value=0.0
    ).reindex(columns=[before, year], fill_value=0.0)
    changes = pd.DataFrame({
        "strategic_area": two_years.groupby(["area", "service"])["strategic_area"].last(),
        "previous_gbp": wide[before].astype("float64"),
        "current_gbp": wide[year].astype("float64"),
    })
    changes["change_gbp"] = changes["current_gbp"] - changes["previous_gbp"]
    changes = changes.reset_index()[columns]
    return changes.sort_values("change_gbp", ascending=False, kind="stable").reset_index(drop=True)


def reference_year_figures(rows: pd.DataFrame, year: str) -> tuple[int, int, float]:
    """(services, providers, jointly funded amount) as the Overview first counted them."""
    rows = plain_text(rows)
    in_year = rows.loc[rows["financial_year"].eq(year)]
    funded = in_year.loc[in_year["amount_gbp"].ne(0)]
    services = len(funded[["area", "service"]].drop_duplicates())
    named = ~funded["provider"].fillna("").str.match(_NOT_A_PROVIDER)
    providers = funded.loc[named, "provider"].str.strip().nunique()
    partners = in_year["funding_partners"].fillna("").str.strip().ne("")
    joint = in_year["commissioning_type"].eq(overview.JOINTLY_FUNDED_TYPE) | partners
    return services, providers, float(in_year.loc[joint, "amount_gbp"].sum())


# --- the tests --------------------------------------------------------------------------------

def test_service_changes_are_the_pivot_table(lines):
    for year in _years(lines):
        expected = reference_service_changes(lines, year)
        pd.testing.assert_frame_equal(overview.service_changes(lines, year), expected, check_exact=True)
        increases, decreases = overview.largest_movers(lines, year, count=7)
        expected_increases = expected.loc[expected["change_gbp"].gt(0)].head(7).reset_index(drop=True)
        expected_decreases = (expected.loc[expected["change_gbp"].lt(0)]
                              .sort_values("change_gbp", kind="stable").head(7).reset_index(drop=True))
        pd.testing.assert_frame_equal(increases, expected_increases, check_exact=True)
        pd.testing.assert_frame_equal(decreases, expected_decreases, check_exact=True)


def test_spend_by_service_and_strategic_area_are_the_plain_groupby(lines):
    plain = plain_text(lines)
    expected = plain.groupby(["financial_year", "strategic_area"], as_index=False, sort=True)["amount_gbp"].sum()
    pd.testing.assert_frame_equal(overview.spend_by_strategic_area(lines), expected, check_exact=True)
    for year in _years(lines):
        in_year = plain.loc[plain["financial_year"].eq(year), ["strategic_area", "service", "amount_gbp"]]
        by_service = in_year.groupby(["strategic_area", "service"], as_index=False, sort=True)["amount_gbp"].sum()
        expected = by_service.loc[by_service["amount_gbp"].gt(0)]
        pd.testing.assert_frame_equal(overview.spend_by_service(lines, year), expected, check_exact=True)


def test_year_kpis_count_as_the_plain_text_did(lines):
    for year in _years(lines):
        kpis = overview.year_kpis(lines, year)
        services, providers, joint = reference_year_figures(lines, year)
        assert (kpis.services, kpis.providers) == (services, providers)
        assert kpis.jointly_funded_share == (joint / kpis.total_gbp if kpis.total_gbp else None)
        assert kpis.previous_year == overview.previous_year(list(plain_text(lines["financial_year"])), year)
