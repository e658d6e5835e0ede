"""Commissioning: procured, granted or statutory, alone or with partners, and who the partners are."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.commissioning import (
    GRANT,
    JOINT,
    PROCURED,
    SOLE,
    STATUTORY,
    CoFunder,
    basis_shares,
    co_funder_bars,
    co_funder_lines,
    parse_co_funders,
    route_headline,
    route_shares,
    share_table,
    type_panels,
)
from tests.analysis.conftest import DATA_DIR

# Every co-funder text in the bundled datasets and the bodies a reader should see.
BUNDLED_CO_FUNDERS = {
    "": [],
    "upper tier councils": [CoFunder("Upper tier councils")],
    "NHS England": [CoFunder("NHS England")],
    "NHS England and East Mid's PCCs": [CoFunder("NHS England"), CoFunder("East Mid's PCCs")],
    "the City council and NHS England": [CoFunder("City council"), CoFunder("NHS England")],
    "the County council": [CoFunder("County council")],
    "the City council": [CoFunder("City council")],
    "the City and County councils": [CoFunder("City council"), CoFunder("County council")],
    "Derbyshire County Council": [CoFunder("Derbyshire County Council")],
}
ESSEX_PARTNERS = "Essex County Council £1,632,000, Southend-on-Sea Borough Council £25,000, Thurrock Council £17,000"


def test_every_bundled_co_funder_text_is_in_the_rule_book(bundled):
    written = set(bundled["funding_partners"].fillna(""))
    assert written == set(BUNDLED_CO_FUNDERS) | {ESSEX_PARTNERS}


@pytest.mark.parametrize(("text", "bodies"), BUNDLED_CO_FUNDERS.items(), ids=lambda value: str(value)[:40])
def test_bundled_co_funders_are_split_into_bodies(text, bodies):
    assert parse_co_funders(text) == bodies


def test_essex_partner_amounts_match_the_partner_sheet():
    """The amounts stripped from the names are the ones the decision report's partner table gives."""
    partners = pd.read_excel(DATA_DIR / "essex_domestic_abuse_contract_2018-19.xlsx", sheet_name="Partner contributions", header=None, engine="calamine")
    published = {
        str(name).strip(): float(amount)
        for name, amount in zip(partners.iloc[:, 0], partners.iloc[:, 1])
        if isinstance(amount, (int, float)) and pd.notna(amount)
    }
    parsed = parse_co_funders(ESSEX_PARTNERS)

    assert [co_funder.name for co_funder in parsed] == [
        "Essex County Council", "Southend-on-Sea Borough Council", "Thurrock Council",
    ]
    for co_funder in parsed:
        assert co_funder.stated_amount_gbp == published[co_funder.name]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Leicestershire Fire and Rescue Service and NHS England", ["Leicestershire Fire and Rescue Service", "NHS England"]),
        ("Police & Crime Commissioner; the CCG", ["Police & Crime Commissioner", "CCG"]),
        ("the City, County and Rutland councils", ["City council", "County council", "Rutland council"]),
        ("NHS England, the City and County councils", ["NHS England", "City council", "County council"]),
    ],
)
def test_and_inside_a_name_is_not_a_separator(text, names):
    assert [co_funder.name for co_funder in parse_co_funders(text)] == names


def test_type_panels_hold_each_types_spend_per_year_and_strategic_area(leicestershire, published_grand_totals):
    panels = type_panels(leicestershire)
    expected = leicestershire.groupby(["commissioning_type", "financial_year", "strategic_area"])["amount_gbp"].sum()

    assert panels.amounts.to_dict() == expected.to_dict()
    assert panels.years == ["2018/19", "2019/20", "2020/21"]
    assert set(panels.types) == set(leicestershire["commissioning_type"])
    # The bars of every type together are the year's Appendix A grand total.
    per_year = panels.amounts.groupby(level="financial_year").sum().to_dict()
    assert per_year == pytest.approx(published_grand_totals)
    assert max(panels.bar_totals) == panels.amounts.groupby(level=[0, 1]).sum().max()


def test_the_headline_shares_are_the_routes_of_the_year(leicestershire):
    routes = route_shares(leicestershire).set_index(["financial_year", "funding_route"])["share"]
    headline = route_headline(leicestershire, "2020/21")

    assert headline.procured == routes[("2020/21", PROCURED)]
    assert headline.grant == routes.get(("2020/21", GRANT), 0.0)
    assert headline.procured + headline.grant + headline.statutory <= 1 + 1e-9
    joint = basis_shares(leicestershire).set_index(["financial_year", "funding_basis"])["share"]
    assert headline.jointly_funded == joint[("2020/21", JOINT)]


def test_the_share_table_lays_out_each_route_per_year(leicestershire):
    routes = route_shares(leicestershire)
    table = share_table(routes, "funding_route", [PROCURED, GRANT, STATUTORY, "Not applicable", "Other"])

    assert list(table.amounts.columns) == ["2018/19", "2019/20", "2020/21"]
    assert list(table.amounts.index) == [label for label in [PROCURED, GRANT, STATUTORY, "Not applicable", "Other"]
                                         if label in set(routes["funding_route"])]
    assert table.shares.sum().tolist() == pytest.approx([1.0] * 3)


def test_procured_grant_and_statutory_add_up_to_each_years_total(leicestershire, published_grand_totals):
    routes = route_shares(leicestershire)
    per_year = routes.groupby("financial_year")["amount_gbp"].sum().to_dict()

    assert per_year == pytest.approx(published_grand_totals)
    procured = routes[routes["funding_route"] == PROCURED].set_index("financial_year")["amount_gbp"]
    procured_lines = leicestershire[leicestershire["commissioning_type"].str.startswith("Procured")]
    assert procured.to_dict() == procured_lines.groupby("financial_year")["amount_gbp"].sum().to_dict()
    assert {GRANT, STATUTORY} <= set(routes["funding_route"])


def test_sole_and_joint_follow_the_commissioning_type_and_named_partners(bundled):
    bases = basis_shares(bundled).set_index(["financial_year", "funding_basis"])["amount_gbp"]

    joint_lines = bundled[
        (bundled["commissioning_type"] == "Procured – jointly funded") | (bundled["funding_partners"].fillna("") != "")
    ]
    sole_lines = bundled[(bundled["commissioning_type"] == "Procured – sole funded") & (bundled["funding_partners"].fillna("") == "")]
    for year, amount in joint_lines.groupby("financial_year")["amount_gbp"].sum().items():
        assert bases[(year, JOINT)] == amount
    for year, amount in sole_lines.groupby("financial_year")["amount_gbp"].sum().items():
        assert bases[(year, SOLE)] == amount


def test_the_co_funder_bars_are_the_lines_they_co_fund(leicestershire):
    bars = co_funder_bars(leicestershire)

    nhs_lines = leicestershire[leicestershire["funding_partners"].str.contains("NHS England")]
    assert bars.totals["NHS England"] == nhs_lines["amount_gbp"].sum()  # one PCC area: no area in the label
    assert bars.order[0] == bars.totals.idxmax()
    for area, lines in nhs_lines.groupby("strategic_area"):
        assert bars.by_area[("NHS England", area)] == lines["amount_gbp"].sum()
    assert bars.stated.empty  # Leicestershire states no partner's own contribution


def test_co_funders_of_several_pcc_areas_are_labelled_with_their_area(bundled):
    bars = co_funder_bars(bundled)

    assert "NHS England (Leicestershire)" in bars.order
    assert bars.stated.notna().any()  # Essex states each council's contribution


def test_a_line_with_two_co_funders_appears_under_both(leicestershire):
    lines = co_funder_lines(leicestershire)
    suicide = lines[lines["service"] == "Suicide bereavement service"]

    assert set(suicide["co_funder"]) == {"City council", "County council"}
    assert len(suicide) == 2 * len(leicestershire[leicestershire["service"] == "Suicide bereavement service"])
    assert suicide[["source_file", "source_sheet", "source_row"]].notna().all().all()


def test_an_empty_selection_gives_empty_tables(leicestershire):
    nothing = leicestershire.iloc[0:0]
    assert route_shares(nothing).empty
    assert co_funder_bars(nothing) is None
