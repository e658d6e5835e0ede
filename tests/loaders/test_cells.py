"""Single cells: money, years and commissioning words as PCC offices type them."""
from __future__ import annotations

import pytest

from loaders.amounts import AmountError, parse_amount
from loaders.commissioning import normalise_commissioning
from loaders.years import NotAFinancialYear, figure_in_header, year_in_header


@pytest.mark.parametrize("typed, pounds", [
    (573925, 573_925.0), (2488.25, 2_488.25), ("£1,234", 1_234.0), ("1,234.50", 1_234.5),
    ("(1,234)", -1_234.0), ("-", 0.0), ("nil", 0.0), ("Nil", 0.0), ("£55k", 55_000.0), (" 30,000 ", 30_000.0),
    ("50,000*", 50_000.0), ("\u22121,500", -1_500.0),
])
def test_amounts(typed, pounds):
    assert parse_amount(typed) == pounds


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan")])
def test_blank_is_missing_not_zero(blank):
    assert parse_amount(blank) is None


@pytest.mark.parametrize("text", ["TBC", "about 540k", "n/k", True])
def test_other_text_is_an_error(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@pytest.mark.parametrize("header, year", [
    ("2018/19 budget (£)", "2018/19"), ("Budget 2019-20", "2019/20"), ("2020-21", "2020/21"),
    ("FY2021/22", "2021/22"), ("2015-16 allocation (£485,577)*", "2015/16"), ("2023 to 2024", "2023/24"),
    ("Service Name", None), ("Approved spend (£)", None),
])
def test_year_headers(header, year):
    assert year_in_header(header) == year


@pytest.mark.parametrize("header", ["2019/21 budget", "2018-2021", "2020/20"])
def test_spans_that_are_not_one_year(header):
    with pytest.raises(NotAFinancialYear):
        year_in_header(header)


def test_figure_printed_in_a_header():
    assert figure_in_header("2015-16 allocation (£485,577)*") == 485_577
    assert figure_in_header("2018/19 budget (£)") is None


@pytest.mark.parametrize("typed, category, partners", [
    ("Procured – sole funded", "Procured – sole funded", ""),
    ("Procured – Sole funded", "Procured – sole funded", ""),
    ("Procured – Jointly funded (with NHS England)", "Procured – jointly funded", "NHS England"),
    ("Procured – Jointly funded (with the City council and NHS England)", "Procured – jointly funded",
     "the City council and NHS England"),
    ("Grant Funding", "Grant funding", ""), ("Grant Funded", "Grant funding", ""),
    ("Grand Funded", "Grant funding", ""), ("Statutory Contribution", "Statutory contribution", ""),
    ("Not Applicable", "Not applicable", ""), ("", "Other", ""), ("Spot purchase", "Other", ""),
])
def test_commissioning_types(typed, category, partners):
    assert normalise_commissioning(typed) == (category, partners)
