"""Financial years in the many ways column headers spell them."""
from __future__ import annotations

import re

# UK public bodies budget April to March, so a year is a pair: 2018/19.
FULL_YEAR = re.compile(
    r"(?<![\d£,.])(?:fy\s*)?(?P<start>(?:19|20)\d{2})\s*(?:/|-|–|—|to)\s*(?P<end>\d{4}|\d{2})(?![\d,])",
    re.IGNORECASE,
)
SHORT_YEAR = re.compile(r"\bfy\s*(?P<start>\d{2})\s*[/-]?\s*(?P<end>\d{2})(?!\d)", re.IGNORECASE)
# "19/20" alone is only trusted when the second half follows the first, unlike a date such as 12/05.
BARE_SHORT_YEAR = re.compile(r"(?<![\d/.,£])(?P<start>\d{2})\s*[/-]\s*(?P<end>\d{2})(?![\d/])")
ANY_DIGIT = re.compile(r"\d")
FINANCIAL_YEAR = re.compile(r"^(?P<start>\d{4})/(?P<end>\d{2})$")
HEADER_FIGURE = re.compile(r"\(\s*£\s*(?P<figure>\d[\d,]*(?:\.\d+)?)\s*\)")


class NotAFinancialYear(ValueError):
    """A header that names a year span which is not one April-to-March year."""


def format_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(financial_year: str) -> int:
    """2018 for "2018/19"; anything else is an error, not a guess."""
    match = FINANCIAL_YEAR.match(financial_year.strip())
    if not match or (int(match["start"]) + 1) % 100 != int(match["end"]):
        raise NotAFinancialYear(f"'{financial_year}' is not a financial year written like 2018/19")
    return int(match["start"])


def _checked(start: int, end_text: str, original: str) -> str:
    end = int(end_text)
    expected_end = start + 1 if len(end_text) == 4 else (start + 1) % 100
    if end != expected_end:
        raise NotAFinancialYear(
            f"'{original}' is not a financial year (expected one year, such as {format_year(start)})"
        )
    return format_year(start)


def year_in_header(header: str) -> str | None:
    """The financial year a column header names, written 2018/19, or None."""
    if not ANY_DIGIT.search(header):
        return None  # every spelling below has digits; most headers and labels have none
    match = FULL_YEAR.search(header)
    if match:
        return _checked(int(match["start"]), match["end"], header.strip())
    match = SHORT_YEAR.search(header)
    if match:
        return _checked(2000 + int(match["start"]), match["end"], header.strip())
    match = BARE_SHORT_YEAR.search(header)
    if match and int(match["end"]) == (int(match["start"]) + 1) % 100:
        return format_year(2000 + int(match["start"]))
    return None


def normalise_year(text: str) -> str:
    """A year typed by a person (2020/21, 2020-21, FY2020/21) in the house style."""
    found = year_in_header(str(text))
    if found is None:
        raise NotAFinancialYear(f"'{text}' is not a financial year such as 2020/21")
    return found


def figure_in_header(header: str) -> float | None:
    """A sum some publishers put in the header itself, e.g. '2015-16 allocation (£485,577)*'."""
    match = HEADER_FIGURE.search(header)
    if not match or not match["figure"].strip("0,."):
        return None  # "(£000)" states the units, not a sum
    return float(match["figure"].replace(",", ""))
