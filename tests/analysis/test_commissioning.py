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
    co_funder_lines,
    co_funder_spend,
    parse_co_funders,
    route_shares,
    type_shares,
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


def test_type_shares_match_the_lines(leicestershire):
    shares = type_shares(leicestershire).set_index(["financial_year", "commissioning_type"])
    expected = leicestershire.groupby(["financial_year", "commissioning_type"])["amount_gbp"].sum()

    assert shares["amount_gbp"].sort_index().to_dict() == expected.sort_index().to_dict()
    assert shares.groupby("financial_year")["share"].sum().tolist() == pytest.approx([1.0] * 3)


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


def test_spend_per_co_funder_is_the_lines_they_co_fund(leicestershire):
    spend = co_funder_spend(leicestershire).set_index(["co_funder", "financial_year"])

    nhs_lines = leicestershire[leicestershire["funding_partners"].str.contains("NHS England")]
    for year, lines in nhs_lines.groupby("financial_year"):
        assert spend.loc[("NHS England", year), "amount_gbp"] == lines["amount_gbp"].sum()
        assert spend.loc[("NHS England", year), "lines"] == len(lines)

    paediatric = leicestershire[leicestershire["service"] == "Paediatric SARC"]
    assert set(paediatric["financial_year"]) == {
        year for (name, year) in spend.index if name == "East Mid's PCCs"
    }


def test_a_line_with_two_co_funders_appears_under_both(leicestershire):
    lines = co_funder_lines(leicestershire)
    suicide = lines[lines["service"] == "Suicide bereavement service"]

    assert set(suicide["co_funder"]) == {"City council", "County council"}
    assert len(suicide) == 2 * len(leicestershire[leicestershire["service"] == "Suicide bereavement service"])
    assert suicide[["source_file", "source_sheet", "source_row"]].notna().all().all()


def test_an_empty_selection_gives_empty_tables(leicestershire):
    nothing = leicestershire.iloc[0:0]
    assert type_shares(nothing).empty
    assert route_shares(nothing).empty
    assert co_funder_spend(nothing).empty
