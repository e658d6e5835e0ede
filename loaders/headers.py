"""Finding the header row and saying what each column holds.

Published frameworks put title rows above the table, name columns in their own
words and spread years across columns; this module turns one such row into a
column map the row walker can trust.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.amounts import AmountError, parse_amount
from loaders.schema import TIDY_COLUMNS
from loaders.units import unit_in_text, unknown_unit
from loaders.years import NotAFinancialYear, YearSpan, figure_in_header, year_in_header

HEADER_SEARCH_ROWS = 60

# Every tidy column a header can name: the descriptive ones before the year and amount.
TEXT_FIELDS = TIDY_COLUMNS[: TIDY_COLUMNS.index("financial_year")]

SYNONYMS: dict[str, set[str]] = {
    "service": {
        "service name", "service", "services", "service area", "strategic area service",
        "service line", "service title", "name of service", "project", "projects",
        "project name", "scheme", "initiative", "programme", "contract", "contract name",
        "budget line", "line", "item", "scheme name", "programme name", "project title",
        "initiative name", "activity", "service funded", "stream", "funding stream name", "project description",
    },
    "provider": {
        "current delivery organisation", "provider", "delivery partner", "delivery organisation",
        "organisation", "supplier", "recipient", "grant recipient", "delivered by",
        "lead provider", "contractor", "service provider", "current provider", "delivery body",
        "grantee", "organisation name", "supplier name", "recipient organisation", "lead organisation",
        "lead agency", "funded organisation", "organisation funded", "payee", "vendor", "beneficiary",
        "name of organisation", "provider name", "delivery agency",
    },
    "commissioning_type": {
        "how service is commissioned", "funding route", "commissioning type", "commissioning route",
        "commissioning method", "how commissioned", "procurement route", "funding type",
        "contract type", "funding method", "commissioning arrangement", "how funded",
    },
    "geography": {
        "geographical reach", "area covered", "geography", "coverage", "geographic reach",
        "geographic area", "geographical area", "locality", "reach", "area served",
    },
    "provision": {
        "provision", "what the service provides", "service description", "description",
        "details", "purpose", "service provision", "summary",
    },
    "area": {
        "pcc", "force area", "police force area", "force", "police force", "pcc area", "opcc",
        "police and crime commissioner", "commissioner", "police authority", "pfa", "force name",
        "pcc name", "local policing body", "policing body", "police area", "police force area name",
    },
    "strategic_area": {
        "strategic area", "strategic priority", "priority", "theme", "strategic theme",
        "priority area", "area of spend", "category", "strategic objective", "plan priority",
        "area of work", "funding priority", "priority theme",
    },
    "funding_partners": {
        "co funders", "co funder", "funding partners", "funding partner", "co funded by",
        "joint funders", "partner", "partners", "other funders",
    },
}
# Period columns: each row's year. A date that is not the period ("Decision date") never is.
YEAR_COLUMN_KEYS = {
    "financial year", "year", "fy", "period", "financial period", "accounting period", "budget year",
    "year of award", "award year", "funding year", "month", "period ending", "period end", "period start",
    "month ending", "posting period", "fin year", "financial yr", "yr",
}
EVENT_DATE = re.compile(r"\b(?:decision|decided|report|approv\w*|sign\w*|submi\w*|meeting|published|"
                        r"run|print\w*|created|updated|agreed|award(?:ed)? date|date of)\b", re.IGNORECASE)
FIELD_BY_KEY = {key: field for field, keys in SYNONYMS.items() for key in keys}
FIELD_BY_KEY.update({key: "financial_year" for key in YEAR_COLUMN_KEYS})

AMOUNT_WORDS = re.compile(
    r"budget|spend|allocation|allocated|amount|cost|value|contribution|funding|grant|£|gbp|"
    r"award|expenditure|price|total|\bactual|\boutturn|\bforecast|\bpaid\b|\bpayment|\bnet\b|\bgross\b",
    re.IGNORECASE,
)
# Columns derived from the money columns: reading them as spend would count it twice.
DERIVED_WORDS = re.compile(
    r"\b(?:change|variance|difference|increase|decrease|movement|percent|per cent|share|growth)\b|%",
    re.IGNORECASE,
)
# The same words for lower-cased ASCII text. IGNORECASE makes Python's engine try
# every position the slow way (five times slower on a long service name), but it
# also folds letters such as 'ſ' and 'İ' that str.lower() leaves alone, so only
# ASCII text, where the two agree, takes the fast patterns.
_AMOUNT_WORDS_LOWER = re.compile(AMOUNT_WORDS.pattern)
_DERIVED_WORDS_LOWER = re.compile(DERIVED_WORDS.pattern)


def has_amount_words(text: str) -> bool:
    if text.isascii():
        return _AMOUNT_WORDS_LOWER.search(text.lower()) is not None
    return AMOUNT_WORDS.search(text) is not None


def has_derived_words(text: str) -> bool:
    if text.isascii():
        return _DERIVED_WORDS_LOWER.search(text.lower()) is not None
    return DERIVED_WORDS.search(text) is not None


CALENDAR_YEAR = re.compile(r"^(?:19|20)\d{2}(?:\s*\(£[^)]*\)|\s*£\S*)?$")
# Reference codes are never the line's name.
REFERENCE_KEYS = {"ref", "reference", "ref no", "no", "number", "code", "id", "item no", "line no", "#", ""}


def header_key(value: object) -> str:
    """Lower-case words only: 'How service is Commissioned?' -> 'how service is commissioned'."""
    text = re.sub(r"\(.*?\)|\*", " ", str(value)).lower()
    return " ".join(re.sub(r"[^a-z0-9£]+", " ", text).split())


@dataclass
class Column:
    index: int
    header: str
    field: str | None = None  # a TEXT_FIELDS name, "financial_year", "amount", or None (ignored)
    reason: str = ""  # why it was read so, in the words the Layout shows
    financial_year: str | None = None
    declared_figure: float | None = None
    year_problem: str | None = None
    year_span: bool = False
    confident: bool = True
    scale: float | None = None  # 1,000 for a "£000" column (558 means £558,000); None if unstated
    unit_problem: str | None = None  # a unit the header states that is not £, £000 or £m ("£bn", "€")
    keys: frozenset[str] = frozenset()  # header texts that mark a repeated header row
    # The header's own cell texts: a header of no words, such as "(£)", is only
    # repeated by the same text (its key is empty, as is a dash's or a blank's).
    texts: frozenset[str] = frozenset()


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into the sheet's rows
    columns: list[Column]
    score: int

    @property
    def amount_columns(self) -> list[Column]:
        return [c for c in self.columns if c.field == "amount"]

    def field_column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)


def _is_figure(value: object) -> bool:
    """A number, or text that reads as money ('£1,234'): a data row's cell, never a heading."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    if not isinstance(value, str):
        return True
    text = value.strip()
    if not text or text[0] not in "£-(0123456789":
        return False
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def classify_header(index: int, value: object) -> Column | None:
    # Headers are words; a number in a candidate row means it is a data row's figure.
    if not isinstance(value, str) or not value.strip():
        return None
    header = " ".join(str(value).split())
    if _is_figure(header) and not CALENDAR_YEAR.match(header):
        return None
    key = header_key(header)
    field = FIELD_BY_KEY.get(key)
    if field is None and key.endswith((" projects", " services", " service name")):
        field = "service"
    column = Column(index=index, header=header, field=field, keys=frozenset({key}), texts=frozenset({header}))
    if field is not None:
        column.reason = "by its header"
        return column
    if "date" in key.split():
        column.reason = ("a date of an event, not the period the money is for" if EVENT_DATE.search(header)
                         else "a date that does not say it is the period; --year-column names it if it is")
        return column
    if has_derived_words(header):
        column.reason = "derived from the money columns (change, variance or share)"
        return column
    if CALENDAR_YEAR.match(header):
        # "2019" could be 2018/19 or 2019/20: a financial year is never guessed from a calendar year.
        column.field = "amount"
        column.year_problem = (f"'{header}' is a calendar year, and could mean {int(header[:4]) - 1}/{header[2:4]} or "
                               f"{header[:4]}/{(int(header[:4]) + 1) % 100:02d}; write the financial year it means "
                               "in the header")
        return column
    try:
        column.financial_year = year_in_header(header)
    except NotAFinancialYear as problem:
        if "total" in key:  # "Total 2018-21" sums the year columns beside it
            column.reason = "a total over several years"
            return column
        column.field, column.year_problem = "amount", str(problem)
        column.year_span = isinstance(problem, YearSpan)
        return column
    if column.financial_year or has_amount_words(header):
        column.field = "amount"
        column.reason = "by its header"
        column.declared_figure = figure_in_header(header)
        column.scale = unit_in_text(header)  # None: the header states no unit
        column.unit_problem = unknown_unit(header)
    return column


def match_header(row: list, row_index: int) -> HeaderMatch | None:
    columns = [c for c in (classify_header(i, v) for i, v in enumerate(row)) if c is not None]
    # One dated money column beside a blank corner (" | 2019/20 £") may still head a table of names.
    lone_dated = len(columns) == 1 and columns[0].index == 1 and bool(columns[0].financial_year or columns[0].year_span)
    if len(columns) < 2 and not lone_dated:
        return None
    amounts = [c for c in columns if c.field == "amount"]
    dated = sum(1 for c in amounts if c.financial_year or c.year_problem)
    if not amounts:
        return None
    if not any(c.field == "service" for c in columns):
        # No recognised service column: the first text column left of the money names the line.
        first_amount = min(c.index for c in amounts)
        spare = [c for c in columns if c.field is None and c.index < first_amount and not c.reason
                 and header_key(c.header) not in REFERENCE_KEYS]
        first_dated = min((c.index for c in amounts if c.financial_year), default=None)
        if not spare and first_dated is not None:
            # "Police budget breakdown | 2019/20 | 2020/21": the money word names the table, the column the lines.
            spare = [c for c in amounts if not c.financial_year and not c.year_problem and c.index < first_dated
                     and not c.declared_figure and unit_in_text(c.header) is None]
        if spare:
            spare[0].field, spare[0].confident = "service", False
            spare[0].scale = None
            spare[0].reason = "guessed: the first text column left of the money, as no column is named the service"
            amounts = [c for c in amounts if c is not spare[0]]
        elif (unheaded := _unheaded_line_column(row, min(
                (c.index for c in amounts if c.financial_year or c.year_span), default=None))) is not None:
            # " | 2019/20 £ | 2020/21 £": the names under the blank corner cell are the lines
            # (find_header keeps this reading only if the cells below it are names).
            columns = sorted([*columns, unheaded], key=lambda column: column.index)
        elif not any(c.field in ("area", "provider") for c in columns):
            # A national table names each force and no service: its subject is the line.
            # A grant list names each recipient and no project: the recipient names the line.
            return None
    labelled = [c for c in columns if c.field in TEXT_FIELDS or c.field == "financial_year"]
    # A row is only a header if it names a known column or a year: "1 | Budget" in minutes is not.
    if not amounts or not (labelled or dated) or len(columns) == len(amounts):
        return None
    # A row holding figures is data that happens to contain a header-like word.
    figures = sum(map(_is_figure, row))
    score = 3 + 2 * len(labelled) + min(dated, 4) + (1 if amounts else 0) - 3 * figures
    return HeaderMatch(row_index=row_index, columns=columns, score=score)


UNHEADED_REASON = "guessed: it has no heading, and stands alone left of the dated money columns"


def _unheaded_line_column(row: list, first_dated: int | None) -> Column | None:
    """The one column before the first dated money column, when its header cell is blank.

    A column dated with a span ("2019/20 – 2021/22 £") counts as dated: the table is still
    this shape, and the span is then refused by name rather than the whole header missed.
    """
    blank = not row or row[0] is None or (isinstance(row[0], str) and not row[0].strip())
    if first_dated != 1 or not blank:
        return None
    return Column(index=0, header="", field="service", reason=UNHEADED_REASON, confident=False)


def _names_under(rows: list[list], header: HeaderMatch, column: Column) -> bool:
    """Below the header, the column holds a name on (nearly) every row that holds money."""
    amounts = [c.index for c in header.amount_columns]
    with_money = [row for row in rows[header.row_index + 1: header.row_index + 1 + HEADER_SEARCH_ROWS]
                  if any(index < len(row) and _is_figure(row[index]) for index in amounts)]
    named = [row for row in with_money
             if column.index < len(row) and isinstance(row[column.index], str) and row[column.index].strip()
             and not _is_figure(row[column.index])]
    return len(with_money) >= 2 and len(named) >= 0.8 * len(with_money)


def two_row_header(upper: list, lower: list) -> list:
    """Join a two-row header ("Budget (£)" merged over "2018/19 | 2019/20") into one row of texts."""
    width = max(len(upper), len(lower))
    joined, spanning = [], ""
    for index in range(width):
        above, below = (
            " ".join(row[index].split()) if index < len(row) and isinstance(row[index], str) else ""
            for row in (upper, lower)
        )
        # A merged "Budget (£000)" cell holds its text in the first column only; it covers the years under it.
        if above:
            spanning = above if has_amount_words(above) else ""
        elif below:
            above = spanning
        else:
            spanning = ""
        joined.append(" ".join(part for part in (above, below) if part))
    return joined


def _filled_text(row: list) -> int:
    return sum(1 for value in row if isinstance(value, str) and value.strip())


def _holds_figures(row: list) -> bool:
    """A row with money in it is data: it is never half of a two-row header."""
    return any(map(_is_figure, row))


def find_header(rows: list[list]) -> HeaderMatch | None:
    best: HeaderMatch | None = None
    for row_index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates = [match_header(row, row_index)]
        # Title rows hold one cell; an upper header row holds several.
        if row_index and _filled_text(rows[row_index - 1]) >= 2 and _filled_text(row) >= 2 \
                and not _holds_figures(rows[row_index - 1]) and not _holds_figures(row):
            joined = match_header(two_row_header(rows[row_index - 1], row), row_index)
            if joined:
                for column in joined.columns:
                    parts = [rows[r][column.index] for r in (row_index - 1, row_index) if column.index < len(rows[r])]
                    column.keys = column.keys | {header_key(p) for p in parts if isinstance(p, str) and p.strip()}
                    column.texts = column.texts | {" ".join(p.split()) for p in parts if isinstance(p, str) and p.strip()}
                candidates.append(joined)
        for candidate in candidates:
            unheaded = next((c for c in candidate.columns if c.reason == UNHEADED_REASON), None) if candidate else None
            if unheaded is not None and not _names_under(rows, candidate, unheaded):
                continue
            if candidate and (best is None or candidate.score > best.score):
                best = candidate
    return best
