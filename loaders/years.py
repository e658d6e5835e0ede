"""Financial years in the many ways headers, titles, sheet names and period cells spell them."""
from __future__ import annotations

import re
from datetime import date, datetime

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

MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Dates are removed before years are looked for: "2020-04-01" is a day, not the span 2020-04.
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+)?(?!\d)")
WORDED_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH})\.?[\s,-]+(?P<year>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)


class NotAFinancialYear(ValueError):
    """Text that names a year, or years, but not one April-to-March financial year."""


class YearSpan(NotAFinancialYear):
    """Text naming several financial years, such as 'Award 2022/23 – 2024/25'."""


def format_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(financial_year: str) -> int:
    """2018 for "2018/19"; anything else is an error, not a guess."""
    match = FINANCIAL_YEAR.match(financial_year.strip())
    if not match or (int(match["start"]) + 1) % 100 != int(match["end"]):
        raise NotAFinancialYear(f"'{financial_year}' is not a financial year written like 2018/19")
    return int(match["start"])


def year_of_date(day: date) -> str:
    """The UK financial year a date falls in: 31 March 2020 is 2019/20, 1 April 2020 is 2020/21."""
    return format_year(day.year if day.month >= 4 else day.year - 1)


def without_dates(text: str) -> str:
    for pattern in (ISO_DATE, NUMERIC_DATE, WORDED_DATE):
        text = pattern.sub(" ", text)
    return text


def _years_found(text: str) -> list[tuple[int, str, str]]:
    """(start, end text, matched text) for every year-looking span, dates removed first."""
    text = without_dates(text)
    found = [(int(m["start"]), m["end"], m.group(0)) for m in FULL_YEAR.finditer(text)]
    if not found:
        found = [(2000 + int(m["start"]), m["end"], m.group(0)) for m in SHORT_YEAR.finditer(text)]
    if not found:
        found = [(2000 + int(m["start"]), m["end"], m.group(0)) for m in BARE_SHORT_YEAR.finditer(text)
                 if int(m["end"]) == (int(m["start"]) + 1) % 100]
    return found


def _checked(start: int, end_text: str, original: str) -> str:
    end = int(end_text)
    expected_end = start + 1 if len(end_text) == 4 else (start + 1) % 100
    if end != expected_end:
        raise YearSpan(
            f"'{original}' spans more than one financial year (expected one year, such as {format_year(start)})"
        )
    return format_year(start)


def _has_digit(text: str) -> bool:
    # ASCII text (nearly all) is searched for each digit in C: a regex over a 100 MB cell takes 11 s.
    if text.isascii():
        return any(digit in text for digit in "0123456789")
    return ANY_DIGIT.search(text) is not None


def year_in_header(header: str) -> str | None:
    """The one financial year a header names, written 2018/19, or None; a span is an error."""
    if not _has_digit(header):
        return None  # every spelling below has digits; most headers and labels have none
    years = {_checked(start, end, header.strip()) for start, end, _ in _years_found(header)}
    if len(years) > 1:
        raise YearSpan(f"'{header.strip()}' names {len(years)} financial years ({', '.join(sorted(years))}), "
                       "so its amounts cannot be given to one of them")
    return years.pop() if years else None


def normalise_year(text: str) -> str:
    """A year typed by a person (2020/21, 2020-21, FY2020/21) in the house style."""
    found = year_in_header(str(text))
    if found is None:
        raise NotAFinancialYear(f"'{text}' is not a financial year such as 2020/21")
    return found


def _date_in_text(text: str) -> date | None:
    for pattern in (ISO_DATE, NUMERIC_DATE, WORDED_DATE):
        match = pattern.fullmatch(text.strip())
        if match:
            month = match["month"]
            month = MONTHS[month.lower()] if not month.isdigit() else int(month)
            year = int(match["year"])
            year += 2000 if year < 100 else 0
            day = int(match["day"]) if match["day"] else 1
            try:
                return date(year, month, day)
            except ValueError:
                raise NotAFinancialYear(f"'{text}' is not a real date")
    return None


def year_of_period(value: object) -> str | None:
    """The financial year of a period cell: a year, a date, or a date written out; None if blank."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return year_of_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    day = _date_in_text(text)
    if day is not None:
        return year_of_date(day)
    year = year_in_header(text)
    if year is None or len(text) > 24:
        raise NotAFinancialYear(f"'{text}' is not a financial year or a date")
    return year


def figure_in_header(header: str) -> float | None:
    """A sum some publishers put in the header itself, e.g. '2015-16 allocation (£485,577)*'."""
    match = HEADER_FIGURE.search(header)
    if not match or not match["figure"].strip("0,."):
        return None  # "(£000)" states the units, not a sum
    return float(match["figure"].replace(",", ""))
